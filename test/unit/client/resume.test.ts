/** Resumable multipart uploads: checkpoints, suspend, resume against the local server. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { OssClientError, OssError } from '../../../src/core/client';
import { MemoryCheckpointStore, checkpointPercent, type CheckpointStore, type UploadCheckpoint } from '../../../src/core/transfer';
import { Crc64 } from '../../../src/core/crc64';
import { useHarness, writeRandomFile, type Harness } from './helpers';

const KiB = 1024;
const PART = 100 * KiB;

function fileCrc(file: string): string {
  const c = new Crc64();
  c.update(fs.readFileSync(file));
  return c.toString();
}

/** A store that counts its saves. */
class CountingStore extends MemoryCheckpointStore {
  saves = 0;
  override save(cp: UploadCheckpoint): Promise<void> {
    this.saves++;
    return super.save(cp);
  }
}

describe('resumable multipart uploads (checkpoints and resume)', function () {
  this.timeout(30000);
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => {
    h.server.faults.reset();
    assert.deepEqual(h.server.listUploads(h.bucket), [], 'no multipart upload may be left behind');
  });

  /** Starts an upload of `file` and suspends it once `afterBytes` are done; returns the checkpoint left. */
  async function suspendedUpload(store: CheckpointStore, key: string, file: string, afterBytes: number): Promise<UploadCheckpoint> {
    const suspend = new AbortController();
    const err = await h.client
      .uploadFile({
        bucket: h.bucket, key, file, multipartThreshold: PART, partSize: PART, parallel: 2, connectionId: 'conn-1',
        checkpoints: { store, suspend: suspend.signal, intervalMs: 0 },
        onProgress: (p) => {
          if (p.loaded >= afterBytes) suspend.abort();
        },
      })
      .catch((e: unknown) => e);
    assert.equal((err as Error).name, 'AbortError', `a suspended upload rejects as aborted: ${String(err)}`);
    const [cp] = await store.list();
    assert.ok(cp, 'the checkpoint is kept');
    return cp;
  }

  it('a suspended upload keeps its parts and checkpoint (no secrets); resume uploads only the missing parts and the CRC-64 is the file\'s', async () => {
    const file = writeRandomFile(h.tmpDir, 'resume.bin', 2 * 1024 * KiB + 123, 11);
    const store = new MemoryCheckpointStore();
    const cp = await suspendedUpload(store, 'r/resume.bin', file, 600 * KiB);
    assert.equal(cp.bucket, h.bucket);
    assert.equal(cp.key, 'r/resume.bin');
    assert.equal(cp.connectionId, 'conn-1');
    assert.equal(cp.partSize, PART);
    assert.equal(cp.fileSize, 2 * 1024 * KiB + 123);
    assert.equal(cp.mtimeMs, fs.statSync(file).mtimeMs);
    const onServer = h.server.listUploads(h.bucket);
    assert.equal(onServer.length, 1);
    assert.equal(onServer[0].uploadId, cp.uploadId);
    assert.ok(cp.parts.length >= 3 && cp.parts.length < 21, `some parts are recorded: ${cp.parts.length}`);
    for (const p of cp.parts) {
      const s = onServer[0].parts.find((x) => x.partNumber === p.partNumber);
      assert.ok(s, `part ${p.partNumber} is on the server`);
      assert.equal(s.crc64, p.crc64);
      assert.equal(s.etag.replace(/"/g, ''), p.etag.replace(/"/g, ''));
    }
    assert.ok(checkpointPercent(cp) >= 10 && checkpointPercent(cp) < 100, `percent: ${checkpointPercent(cp)}`);
    const text = JSON.stringify(cp);
    assert.ok(!text.includes(h.server.accessKeySecret) && !text.includes(h.server.accessKeyId), 'no credential in the checkpoint');

    const onServerBefore = onServer[0].parts.length;
    const logsBefore = h.logs.length;
    const seen: number[] = [];
    const r = await h.client.resumeUpload({ checkpoint: cp, store, parallel: 2, onProgress: (p) => seen.push(p.loaded) });
    assert.equal(r.crc64, fileCrc(file), 'the object CRC-64 is the file\'s');
    assert.equal(h.server.headObjectDirect(h.bucket, 'r/resume.bin')?.crc64, fileCrc(file));
    assert.deepEqual(await h.server.getObjectBytes(h.bucket, 'r/resume.bin'), fs.readFileSync(file));
    assert.ok(r.keptParts >= cp.parts.length, `recorded parts kept: ${r.keptParts}`);
    assert.deepEqual(r.replacedParts, []);
    // Counted on the client side: the server may log a part of the suspended run after clearRequests().
    const partPuts = h.logs.slice(logsBefore).filter((l) => l.method === 'PUT' && /partNumber=/.test(l.path)).length;
    assert.equal(partPuts, 21 - r.keptParts, 'only the missing parts were sent');
    assert.ok(r.keptParts >= onServerBefore, 'every part on the server is kept, even those the checkpoint missed');
    assert.ok(seen[0] >= r.keptParts * PART, 'progress starts at the bytes already there');
    assert.deepEqual(await store.list(), [], 'the checkpoint is deleted on success');
  });

  it('cancel (not suspend) aborts the upload and deletes its checkpoint', async () => {
    const file = writeRandomFile(h.tmpDir, 'cancel.bin', 1024 * KiB, 12);
    const store = new MemoryCheckpointStore();
    const ac = new AbortController();
    const err = await h.client
      .uploadFile({
        bucket: h.bucket, key: 'r/cancel.bin', file, multipartThreshold: PART, partSize: PART, parallel: 1, signal: ac.signal,
        checkpoints: { store, intervalMs: 0 },
        onProgress: (p) => {
          if (p.loaded > 300 * KiB) ac.abort();
        },
      })
      .catch((e: unknown) => e);
    assert.equal((err as Error).name, 'AbortError');
    assert.deepEqual(await store.list(), []);
  });

  it('a failure a resume may overcome (5xx after the retries) keeps the checkpoint; resume then completes', async () => {
    const file = writeRandomFile(h.tmpDir, 'fail.bin', 800 * KiB, 13);
    const store = new MemoryCheckpointStore();
    const c0 = h.makeClient({ maxRetries: 0 });
    let parts = 0;
    const err = await c0
      .uploadFile({
        bucket: h.bucket, key: 'r/fail.bin', file, multipartThreshold: PART, partSize: PART, parallel: 1,
        checkpoints: { store, intervalMs: 0 },
        onProgress: (p) => {
          if (p.loaded >= 3 * PART && parts++ === 0) h.server.faults.failNext(5, 503, { op: 'UploadPart' });
        },
      })
      .catch((e: unknown) => e);
    assert.ok(err instanceof OssError && err.status === 503, String(err));
    const [cp] = await store.list();
    assert.ok(cp && cp.parts.length >= 2, 'the checkpoint holds the finished parts');
    h.server.faults.reset();
    const r = await h.client.resumeUpload({ checkpoint: cp, store });
    assert.equal(r.crc64, fileCrc(file));
    assert.deepEqual(await store.list(), []);
  });

  it('a file changed since the interruption: the checkpoint is discarded (and the upload aborted) with a clear message', async () => {
    const file = writeRandomFile(h.tmpDir, 'changed.bin', 1024 * KiB, 14);
    const store = new MemoryCheckpointStore();
    const cp = await suspendedUpload(store, 'r/changed.bin', file, 300 * KiB);
    fs.appendFileSync(file, 'more');
    await assert.rejects(h.client.resumeUpload({ checkpoint: cp, store }), (e: unknown) => {
      assert.ok(e instanceof OssClientError);
      assert.equal(e.code, 'CheckpointDiscarded');
      assert.match(e.message, /changed\.bin changed since the upload was interrupted \(its size is now 1048580 bytes, not 1048576\); the incomplete upload was discarded/);
      return true;
    });
    assert.deepEqual(await store.list(), []);
    assert.equal(h.server.headObjectDirect(h.bucket, 'r/changed.bin'), undefined);

    // Same size, other mtime: also discarded.
    const file2 = writeRandomFile(h.tmpDir, 'touched.bin', 1024 * KiB, 15);
    const cp2 = await suspendedUpload(store, 'r/touched.bin', file2, 300 * KiB);
    fs.utimesSync(file2, new Date(), new Date(Date.now() - 3600_000));
    await assert.rejects(h.client.resumeUpload({ checkpoint: cp2, store }), /was modified since the upload was interrupted/);
    assert.deepEqual(await store.list(), []);
  });

  it('a recorded part that ListParts shows differently is uploaded again', async () => {
    const file = writeRandomFile(h.tmpDir, 'mismatch.bin', 1024 * KiB, 16);
    const store = new MemoryCheckpointStore();
    const cp = await suspendedUpload(store, 'r/mismatch.bin', file, 400 * KiB);
    assert.ok(cp.parts.some((p) => p.partNumber === 2), 'part 2 is recorded');
    // Someone else replaces part 2 behind the checkpoint's back: another ETag and CRC.
    await h.client.uploadPart(h.bucket, 'r/mismatch.bin', cp.uploadId, 2, Buffer.alloc(PART, 7));
    h.server.clearRequests();
    const r = await h.client.resumeUpload({ checkpoint: cp, store });
    assert.deepEqual(r.replacedParts, [2]);
    const puts = h.server.requests.filter((q) => q.op === 'UploadPart');
    assert.ok(puts.some((q) => /partNumber=2(&|$)/.test(q.path)), 'part 2 was sent again');
    assert.equal(r.crc64, fileCrc(file));
    assert.deepEqual(await h.server.getObjectBytes(h.bucket, 'r/mismatch.bin'), fs.readFileSync(file));
  });

  it('an upload that no longer exists on the server: the checkpoint is discarded with a clear message', async () => {
    const file = writeRandomFile(h.tmpDir, 'gone.bin', 600 * KiB, 17);
    const store = new MemoryCheckpointStore();
    const cp = await suspendedUpload(store, 'r/gone.bin', file, 200 * KiB);
    await h.client.abortMultipartUpload(h.bucket, 'r/gone.bin', cp.uploadId);
    await assert.rejects(h.client.resumeUpload({ checkpoint: cp, store }), (e: unknown) =>
      e instanceof OssClientError && e.code === 'CheckpointDiscarded' && /no longer exists/.test(e.message));
    assert.deepEqual(await store.list(), []);
  });

  it('checkpoint writes are throttled: one per interval while parts finish, and the last state is always written', async () => {
    const file = writeRandomFile(h.tmpDir, 'throttle.bin', 2 * 1024 * KiB, 18);
    const store = new CountingStore();
    const r = await h.client.uploadFile({
      bucket: h.bucket, key: 'r/throttle.bin', file, multipartThreshold: PART, partSize: PART, parallel: 4,
      checkpoints: { store, intervalMs: 60_000 },
    });
    assert.equal(r.crc64, fileCrc(file));
    assert.equal(store.saves, 1, 'only the initial write within one interval');
    assert.deepEqual(await store.list(), []);

    const suspendStore = new CountingStore();
    const cp = await (async () => {
      const suspend = new AbortController();
      await h.client.uploadFile({
        bucket: h.bucket, key: 'r/throttle2.bin', file, multipartThreshold: PART, partSize: PART, parallel: 1,
        checkpoints: { store: suspendStore, suspend: suspend.signal, intervalMs: 60_000 },
        onProgress: (p) => {
          if (p.loaded >= 500 * KiB) suspend.abort();
        },
      }).catch(() => undefined);
      return (await suspendStore.list())[0];
    })();
    assert.equal(suspendStore.saves, 2, 'the initial write and the one when suspended');
    assert.ok(cp.parts.length >= 4, `the suspended state has every finished part: ${cp.parts.length}`);
    await h.client.abortMultipartUpload(h.bucket, 'r/throttle2.bin', cp.uploadId);
  });
});
