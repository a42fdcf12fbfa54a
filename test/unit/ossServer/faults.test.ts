/** The fault kinds the soak draws from (stall, drip, body corruption, Retry-After, counters) against the real client. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OssClientError, OssNetworkError } from '../../../src/core/client';
import { startChaos } from '../../support/ossServer/chaos';
import { mulberry32 } from '../../support/prng';
import { setup, teardown, type Harness } from '../client/helpers';

describe('local OSS server: soak faults', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(() => teardown(h));

  it('stallNext: the client times out, and a request given up on is not carried out', async () => {
    const c = h.makeClient({ timeoutMs: 200, maxRetries: 0 });
    h.server.faults.stallNext(1, 500, { op: 'PutObject' });
    await assert.rejects(c.putObject(h.bucket, 'f/stalled.txt', Buffer.from('x')), (e: unknown) => e instanceof OssNetworkError && e.code === 'RequestTimeout');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(h.server.headObjectDirect(h.bucket, 'f/stalled.txt'), undefined);
    assert.equal(h.server.faults.fired.stall, 1);
  });

  it('dripNext: a slow body within the idle time-out still downloads byte-exact', async () => {
    const bytes = Buffer.alloc(40 * 1024, 5);
    h.server.putObjectDirect(h.bucket, 'f/drip.bin', bytes);
    h.server.faults.dripNext(1, 8 * 1024, 60);
    const t0 = Date.now();
    const file = path.join(h.tmpDir, 'drip.bin');
    await h.makeClient({ timeoutMs: 300 }).downloadFile({ bucket: h.bucket, key: 'f/drip.bin', file });
    assert.ok(Date.now() - t0 >= 4 * 60, 'the body came slowly');
    assert.deepEqual(fs.readFileSync(file), bytes);
  });

  it('corruptBodyNext: a flipped byte is caught by CRC-64 (fails without retries, repaired with them)', async () => {
    h.server.putObjectDirect(h.bucket, 'f/flip.bin', Buffer.from('a body with one byte to flip'));
    h.server.faults.corruptBodyNext(1);
    await assert.rejects(h.makeClient({ maxRetries: 0 }).getObjectBuffer(h.bucket, 'f/flip.bin'), (e: unknown) => e instanceof OssClientError && e.code === 'InconsistentCrc');
    h.server.faults.corruptBodyNext(1);
    const file = path.join(h.tmpDir, 'flip.bin');
    await h.client.downloadFile({ bucket: h.bucket, key: 'f/flip.bin', file });
    assert.equal(fs.readFileSync(file, 'utf8'), 'a body with one byte to flip');
    assert.equal(h.server.faults.fired.corruptBody, 2);
  });

  it('failNext with retryAfterSeconds sends Retry-After on the 503', async () => {
    h.server.faults.failNext(1, 503, { op: 'HeadObject' }, 0);
    h.server.putObjectDirect(h.bucket, 'f/ra.txt', 'x');
    await h.client.headObject(h.bucket, 'f/ra.txt');
    assert.deepEqual(h.server.requests.filter((r) => r.op === 'HeadObject').map((r) => r.status), [503, 200]);
    assert.equal(h.server.faults.fired.http503, 1);
  });

  it('chaos: the same seed queues the same faults for the same requests; stopping clears the skew', () => {
    const kinds = (seed: number): string[] => {
      const seen: string[] = [];
      const stop = startChaos(h.server.faults, { rng: mulberry32(seed), rate: 0.5, clientTimeoutMs: 100, expireTokens: () => undefined, onFault: (k) => seen.push(k) });
      for (let i = 0; i < 200; i++) h.server.faults.chaos?.({ method: 'PUT', op: i % 2 ? 'UploadPart' : 'GetObject', bucket: 'b', key: `k${i}`, bodyLength: 1000 });
      stop();
      assert.equal(h.server.faults.clockOffsetMs, 0);
      h.server.faults.reset();
      return seen;
    };
    const a = kinds(42);
    assert.ok(a.length > 60 && a.length < 140, `${a.length} faults for 200 requests at rate 0.5`);
    assert.deepEqual(kinds(42), a);
    assert.notDeepEqual(kinds(43), a);
  });
});
