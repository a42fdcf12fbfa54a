/** listAll (commands) over core's listAllObjects: it ends on a repeated token and obeys its signal. */
import * as assert from 'node:assert/strict';
import { OssClientError, isAbortError, type ListObjectsPage, type ListObjectsParams } from '../../../src/core/client';
import { listAll } from '../../../src/commands/listing';
import type { OssApi } from '../../../src/connections/ossApi';

/** Just the listObjects part of OssApi, answering from `pages`. */
function lister(page: (call: number, params: ListObjectsParams) => ListObjectsPage): { api: OssApi; calls: ListObjectsParams[] } {
  const calls: ListObjectsParams[] = [];
  const api = {
    async listObjects(params: ListObjectsParams): Promise<ListObjectsPage> {
      calls.push(params);
      if (calls.length > 50) throw new Error('the listing never ended');
      return page(calls.length, params);
    },
  } as unknown as OssApi;
  return { api, calls };
}

describe('listAll: endless and cancelled listings', () => {
  it('listAll stops with a clear error when the server repeats a continuation token', async () => {
    const { api, calls } = lister(() => ({ objects: [{ key: 'a', size: 1 }], prefixes: [], isTruncated: true, nextContinuationToken: 'same' }));
    await assert.rejects(listAll(api, 'b', 'p/'), (e: unknown) => e instanceof OssClientError && /continuation token/i.test(e.message));
    assert.ok(calls.length <= 3, `stopped after ${calls.length} pages`);
  });

  it('listAll passes the signal and stops between pages once it is aborted', async () => {
    const ac = new AbortController();
    const { api, calls } = lister((n) => {
      if (n === 1) ac.abort();
      return { objects: [{ key: `k${n}`, size: 1 }], prefixes: [], isTruncated: n < 3, nextContinuationToken: n < 3 ? `t${n}` : undefined };
    });
    await assert.rejects(listAll(api, 'b', 'p/', ac.signal), (e: unknown) => isAbortError(e));
    assert.equal(calls.length, 1);
    assert.equal(calls[0].signal, ac.signal);
  });
});
