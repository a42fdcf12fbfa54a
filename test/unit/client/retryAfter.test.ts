/** 503 with Retry-After: the client waits as long as the server asked (up to a cap) before retrying. */
import * as assert from 'node:assert/strict';
import { OssError, parseRetryAfter } from '../../../src/core/client';
import { setup, teardown, type Harness } from './helpers';

describe('core/client: Retry-After', () => {
  let h: Harness;
  before(async () => {
    h = await setup();
  });
  after(() => teardown(h));

  it('parses delay-seconds and HTTP dates, ignores junk', () => {
    const now = Date.parse('2024-05-01T10:00:00Z');
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Wed, 01 May 2024 10:00:03 GMT', now), 3000);
    assert.equal(parseRetryAfter('Wed, 01 May 2024 09:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-1', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('waits for the Retry-After of a 503 before the retry, and not without one', async () => {
    // The harness' back-off is 5..50 ms: a wait of a second can only come from the header.
    h.server.faults.failNext(1, 503, { op: 'PutObject' }, 1);
    let t0 = Date.now();
    await h.client.putObject(h.bucket, 'ra/with.txt', Buffer.from('x'));
    assert.ok(Date.now() - t0 >= 950, `waited ${Date.now() - t0} ms`);
    h.server.faults.failNext(1, 503, { op: 'PutObject' });
    t0 = Date.now();
    await h.client.putObject(h.bucket, 'ra/without.txt', Buffer.from('x'));
    assert.ok(Date.now() - t0 < 900, `waited ${Date.now() - t0} ms`);
  });

  it('keeps the value on the error when the retries run out', async () => {
    const c = h.makeClient({ maxRetries: 0 });
    h.server.faults.failNext(1, 503, { op: 'PutObject' }, 7);
    await assert.rejects(c.putObject(h.bucket, 'ra/none.txt', Buffer.from('x')), (e: unknown) => e instanceof OssError && e.status === 503 && e.retryAfterMs === 7000);
  });
});
