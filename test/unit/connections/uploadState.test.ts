/** UploadState: what every upload gets, suspend on deactivation, the persisted orphan log. */
import * as assert from 'assert';
import { OssAbortError } from '../../../src/core/client';
import { MemoryCheckpointStore } from '../../../src/core/transfer';
import { ORPHANS_KEY, UploadState } from '../../../src/connections/uploadState';

class FakeMemento {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
}

function state(m = new FakeMemento(), warn?: (s: string) => void): UploadState {
  return new UploadState(m, new MemoryCheckpointStore(), warn);
}

describe('connections/uploadState', () => {
  it('gives every upload the connection id, the orphan log and a suspend signal that suspendAll aborts', async () => {
    const s = state();
    const o = s.options('c1');
    assert.strictEqual(o.connectionId, 'c1');
    assert.strictEqual(o.orphans, s.orphans);
    assert.strictEqual(o.checkpoints?.store, s.checkpoints);
    let settled = false;
    const running = s.track(
      new Promise<void>((_, reject) => o.checkpoints?.suspend?.addEventListener('abort', () => setTimeout(() => {
        settled = true;
        reject(new OssAbortError('UploadFile b/k'));
      }, 20))),
    ).catch(() => undefined);
    assert.strictEqual(s.runningCount, 1);
    await s.suspendAll();
    assert.ok(settled, 'suspendAll waits for the running upload to stop');
    await running;
    assert.strictEqual(s.runningCount, 0);
    assert.strictEqual(s.options('c1').checkpoints?.suspend?.aborted, false, 'later uploads get a fresh signal');
  });

  it('reports failures but not cancellations; refuses a second claim of one checkpoint', async () => {
    const s = state();
    const failures: unknown[] = [];
    s.onFailure = (where) => failures.push(where);
    await s.track(Promise.reject(new OssAbortError()), { connectionId: 'c1', bucket: 'b' }).catch(() => undefined);
    await s.track(Promise.reject(new Error('503')), { connectionId: 'c1', bucket: 'b' }).catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    assert.deepStrictEqual(failures, [{ connectionId: 'c1', bucket: 'b' }], 'where the failed upload went (to refresh that bucket)');
    assert.ok(s.claim('x'));
    assert.ok(!s.claim('x'));
    s.release('x');
    assert.ok(s.claim('x'));
  });

  it('persists recorded orphans (no secrets) and loads them again', async () => {
    const m = new FakeMemento();
    const warned: string[] = [];
    const s = state(m, (w) => warned.push(w));
    s.orphans.record({ connectionId: 'c1', bucket: 'b', key: 'k.bin', uploadId: 'U1', error: { code: 'SecurityTokenExpired', status: 403, message: 'token=SECRET' } });
    await new Promise((r) => setImmediate(r));
    const stored = JSON.stringify(m.get(ORPHANS_KEY));
    assert.ok(stored.includes('U1') && !stored.includes('SECRET'), stored);
    assert.match(warned[0], /Could not abort the multipart upload U1 of b\/k\.bin \(AbortMultipartUpload failed: SecurityTokenExpired \(HTTP 403\)\)/);
    const again = state(m);
    assert.deepStrictEqual(again.orphans.list({ connectionId: 'c1' }).map((e) => e.uploadId), ['U1']);
  });
});
