import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { OssClientError, OssError, type TransferProgress } from '../../../src/core/client';
import { Crc64 } from '../../../src/core/crc64';
import { setup, teardown, writeRandomFile, type Harness } from './helpers';
import { listMultipartUploads } from '../../support/clientOps';

const KiB = 1024;

function sha(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('.ossdl-'));
}

describe('OssClient transfers (upload/download files)', function () {
  this.timeout(20000);
  let h: Harness;
  before(async () => {
    h = await setup();
  });
  after(async () => {
    await teardown(h);
  });
  afterEach(async () => {
    h.server.faults.reset();
    assert.deepEqual(h.server.listUploads(h.bucket), [], 'no multipart upload may be left behind');
    assert.deepEqual(leftovers(h.tmpDir), [], 'no temp download file may be left behind');
  });

  for (const size of [0, 1, 1000]) {
    it(`uploads and downloads a ${size}-byte file with a single PutObject`, async () => {
      const src = writeRandomFile(h.tmpDir, `small-${size}.txt`, size, size + 1);
      const r = await h.client.uploadFile({ bucket: h.bucket, key: `small/${size}.txt`, file: src });
      assert.equal(r.multipart, false);
      assert.equal(r.size, size);
      assert.equal(r.crc64, new Crc64().update(fs.readFileSync(src)).toString());
      assert.equal((await h.client.headObject(h.bucket, `small/${size}.txt`)).contentType, 'text/plain');
      const dst = path.join(h.tmpDir, `small-${size}.down`);
      const d = await h.client.downloadFile({ bucket: h.bucket, key: `small/${size}.txt`, file: dst });
      assert.equal(d.size, size);
      assert.equal(sha(dst), sha(src));
    });
  }

  it('uploads exactly one part as multipart', async () => {
    const src = writeRandomFile(h.tmpDir, 'one-part.bin', 100 * KiB, 5);
    const r = await h.client.uploadFile({ bucket: h.bucket, key: 'mp/one-part.bin', file: src, multipartThreshold: 100 * KiB, partSize: 100 * KiB });
    assert.equal(r.multipart, true);
    assert.equal(h.server.headObjectDirect(h.bucket, 'mp/one-part.bin')?.type, 'Multipart');
    assert.equal(r.crc64, h.server.headObjectDirect(h.bucket, 'mp/one-part.bin')?.crc64);
    const dst = path.join(h.tmpDir, 'one-part.down');
    await h.client.downloadFile({ bucket: h.bucket, key: 'mp/one-part.bin', file: dst });
    assert.equal(sha(dst), sha(src));
  });

  it('uploads many parts in parallel with a combined CRC, progress and metadata; downloads it back', async () => {
    const size = 2 * 1024 * KiB + 777; // 21 parts of 100 KiB
    const src = writeRandomFile(h.tmpDir, 'many.bin', size, 9);
    const progress: TransferProgress[] = [];
    h.logs.length = 0;
    const r = await h.client.uploadFile({
      bucket: h.bucket, key: 'mp/many parts 中.bin', file: src, multipartThreshold: 200 * KiB, partSize: 100 * KiB, parallel: 4,
      meta: { origin: 'test' }, onProgress: (p) => progress.push(p),
    });
    assert.equal(r.multipart, true);
    assert.equal(r.size, size);
    assert.equal(r.crc64, new Crc64().update(fs.readFileSync(src)).toString());
    assert.equal(h.logs.filter((l) => l.method === 'PUT' && l.path.includes('partNumber=')).length, 21);
    assert.ok(progress.length >= 1);
    assert.deepEqual(progress[progress.length - 1], { loaded: size, total: size });
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].total === size);
    const head = await h.client.headObject(h.bucket, 'mp/many parts 中.bin');
    assert.equal(head.meta.origin, 'test');
    assert.equal(head.contentType, 'application/octet-stream');
    const dst = path.join(h.tmpDir, 'many.down');
    const dp: TransferProgress[] = [];
    await h.client.downloadFile({ bucket: h.bucket, key: 'mp/many parts 中.bin', file: dst, onProgress: (p) => dp.push(p) });
    assert.equal(sha(dst), sha(src));
    assert.deepEqual(dp[dp.length - 1], { loaded: size, total: size });
  });

  it('retries a part whose connection is reset and a 503, re-reading the file range', async () => {
    const src = writeRandomFile(h.tmpDir, 'flaky.bin', 600 * KiB, 3);
    h.server.faults.resetRequestAfterBytes(50 * KiB, 2);
    h.server.faults.failNext(1, 503, { op: 'UploadPart' });
    const r = await h.client.uploadFile({ bucket: h.bucket, key: 'mp/flaky.bin', file: src, multipartThreshold: 100 * KiB, partSize: 100 * KiB });
    assert.equal(r.crc64, new Crc64().update(fs.readFileSync(src)).toString());
    assert.equal(sha(src), createHash('sha256').update((await h.server.getObjectBytes(h.bucket, 'mp/flaky.bin')) as Buffer).digest('hex'));
  });

  it('a corrupted part CRC is detected; with no retries left the upload fails and is aborted', async () => {
    const src = writeRandomFile(h.tmpDir, 'crc.bin', 300 * KiB, 4);
    const c0 = h.makeClient({ maxRetries: 0 });
    h.server.faults.corruptCrcNext(1);
    await assert.rejects(c0.uploadFile({ bucket: h.bucket, key: 'mp/crc.bin', file: src, multipartThreshold: 100 * KiB, partSize: 100 * KiB, parallel: 1 }),
      (e: unknown) => e instanceof OssClientError && e.code === 'InconsistentCrc');
    assert.equal(h.server.headObjectDirect(h.bucket, 'mp/crc.bin'), undefined);
    // single PutObject too
    h.server.faults.corruptCrcNext(1);
    await assert.rejects(c0.uploadFile({ bucket: h.bucket, key: 'crc-single.bin', file: src }),
      (e: unknown) => e instanceof OssClientError && e.code === 'InconsistentCrc');
  });

  it('cancelling mid-upload aborts the multipart upload (nothing left in ListMultipartUploads)', async () => {
    const src = writeRandomFile(h.tmpDir, 'cancel.bin', 3 * 1024 * KiB, 6);
    const ac = new AbortController();
    h.server.faults.latencyMs = 20;
    const started = Date.now();
    const p = h.client.uploadFile({
      bucket: h.bucket, key: 'mp/cancel.bin', file: src, multipartThreshold: 100 * KiB, partSize: 100 * KiB, parallel: 2, signal: ac.signal,
      onProgress: (x) => {
        if (x.loaded > 300 * KiB) ac.abort();
      },
    });
    setTimeout(() => ac.abort(), 2000);
    const err = await p.catch((e: unknown) => e);
    assert.equal((err as Error).name, 'AbortError', String(err));
    assert.ok(Date.now() - started < 3000);
    h.server.faults.latencyMs = 0;
    assert.deepEqual(await listMultipartUploads(h.client, h.bucket), []);
    assert.equal(h.server.headObjectDirect(h.bucket, 'mp/cancel.bin'), undefined);
  });

  it('a failing part aborts the upload and reports the server error', async () => {
    const src = writeRandomFile(h.tmpDir, 'fail.bin', 500 * KiB, 7);
    h.server.faults.failNext(1, 403, { op: 'UploadPart' });
    const err = await h.client.uploadFile({ bucket: h.bucket, key: 'mp/fail.bin', file: src, multipartThreshold: 100 * KiB, partSize: 100 * KiB }).catch((e: unknown) => e);
    assert.ok(err instanceof OssError && err.status === 403, String(err));
    assert.match(err.message, /UploadPart/);
  });

  it('forbidOverwrite is honoured for single and multipart uploads', async () => {
    const src = writeRandomFile(h.tmpDir, 'fo.bin', 250 * KiB, 8);
    await h.client.uploadFile({ bucket: h.bucket, key: 'fo/a.bin', file: src, forbidOverwrite: true });
    await assert.rejects(h.client.uploadFile({ bucket: h.bucket, key: 'fo/a.bin', file: src, forbidOverwrite: true }),
      (e: unknown) => e instanceof OssError && e.code === 'FileAlreadyExists');
    await assert.rejects(h.client.uploadFile({ bucket: h.bucket, key: 'fo/a.bin', file: src, forbidOverwrite: true, multipartThreshold: 100 * KiB, partSize: 100 * KiB }),
      (e: unknown) => e instanceof OssError && e.code === 'FileAlreadyExists');
  });

  it('a missing local file fails with a clear error naming the path, before any request', async () => {
    const missing = path.join(h.tmpDir, 'does-not-exist.bin');
    h.logs.length = 0;
    const err = await h.client.uploadFile({ bucket: h.bucket, key: 'x', file: missing }).catch((e: unknown) => e);
    assert.ok(err instanceof OssClientError && err.code === 'FileNotFound');
    assert.ok(err.message.includes(missing));
    assert.equal(h.logs.length, 0);
  });

  it('download: a corrupted CRC leaves no destination and no temp file; a reset is retried', async () => {
    const src = writeRandomFile(h.tmpDir, 'dl.bin', 400 * KiB, 10);
    await h.client.uploadFile({ bucket: h.bucket, key: 'dl.bin', file: src });
    const dst = path.join(h.tmpDir, 'dl.down');
    const c0 = h.makeClient({ maxRetries: 0 });
    h.server.faults.corruptCrcNext(1);
    await assert.rejects(c0.downloadFile({ bucket: h.bucket, key: 'dl.bin', file: dst }),
      (e: unknown) => e instanceof OssClientError && e.code === 'InconsistentCrc');
    assert.equal(fs.existsSync(dst), false);
    h.server.faults.corruptCrcNext(1);
    await h.client.downloadFile({ bucket: h.bucket, key: 'dl.bin', file: dst }); // restarted once
    assert.equal(sha(dst), sha(src));
    fs.rmSync(dst);
    // A body that breaks off twice is resumed with Range requests (not restarted).
    h.server.faults.resetResponseAfterBytes(300 * KiB, 1);
    h.server.faults.resetResponseAfterBytes(50 * KiB, 1);
    h.logs.length = 0;
    const progress: TransferProgress[] = [];
    await h.client.downloadFile({ bucket: h.bucket, key: 'dl.bin', file: dst, onProgress: (p) => progress.push(p) });
    assert.equal(sha(dst), sha(src));
    const gets = h.server.requests.filter((r) => r.op === 'GetObject').slice(-3);
    // (what reached the disk decides where a resume starts; 300 KiB in, some of it always has)
    assert.equal(gets[0].status, 200);
    assert.equal(gets[1].status, 206);
    assert.deepEqual(progress[progress.length - 1], { loaded: 400 * KiB, total: 400 * KiB });
    // If the object changes between the pieces, If-Match stops the mix-up.
    fs.rmSync(dst);
    h.server.faults.resetResponseAfterBytes(100 * KiB, 1);
    const c1 = h.makeClient({ maxRetries: 1 });
    const racing = c1.downloadFile({ bucket: h.bucket, key: 'dl.bin', file: dst, onProgress: () => {
      if (!h.server.headObjectDirect(h.bucket, 'dl.bin')?.meta.changed) h.server.putObjectDirect(h.bucket, 'dl.bin', 'changed!', { meta: { changed: '1' } });
    } });
    await assert.rejects(racing, (e: unknown) => e instanceof OssError && e.code === 'PreconditionFailed');
    assert.equal(fs.existsSync(dst), false);
  });

  it('download over 1 MiB (streamed to the temp file, not taken whole): a body that breaks off is resumed and ends byte-exact', async () => {
    const src = writeRandomFile(h.tmpDir, 'dlbig.bin', 1024 * KiB + 4321, 21);
    await h.client.uploadFile({ bucket: h.bucket, key: 'dlbig.bin', file: src });
    const dst = path.join(h.tmpDir, 'dlbig.down');
    h.server.faults.resetResponseAfterBytes(700 * KiB, 1);
    await h.client.downloadFile({ bucket: h.bucket, key: 'dlbig.bin', file: dst });
    assert.equal(sha(dst), sha(src));
    const gets = h.server.requests.filter((r) => r.op === 'GetObject').slice(-2);
    assert.deepEqual(gets.map((g) => g.status), [200, 206]);
    assert.deepEqual(fs.readdirSync(h.tmpDir).filter((n) => n.endsWith('.tmp')), []);
  });

  it('download: cancel removes the temp file; a missing key or folder fails cleanly', async () => {
    const src = writeRandomFile(h.tmpDir, 'dlc.bin', 1024 * KiB, 11);
    await h.client.uploadFile({ bucket: h.bucket, key: 'dlc.bin', file: src });
    const dst = path.join(h.tmpDir, 'dlc.down');
    const ac = new AbortController();
    h.server.faults.latencyMs = 100;
    setTimeout(() => ac.abort(), 30);
    await assert.rejects(h.client.downloadFile({ bucket: h.bucket, key: 'dlc.bin', file: dst, signal: ac.signal }), (e: unknown) => (e as Error).name === 'AbortError');
    h.server.faults.latencyMs = 0;
    // abort while streaming the body
    const ac2 = new AbortController();
    await assert.rejects(
      h.client.downloadFile({ bucket: h.bucket, key: 'dlc.bin', file: dst, signal: ac2.signal, onProgress: (p) => p.loaded > 0 && ac2.abort() }),
      (e: unknown) => (e as Error).name === 'AbortError',
    );
    assert.equal(fs.existsSync(dst), false);
    await assert.rejects(h.client.downloadFile({ bucket: h.bucket, key: 'nope.bin', file: dst }), (e: unknown) => e instanceof OssError && e.code === 'NoSuchKey');
    await assert.rejects(h.client.downloadFile({ bucket: h.bucket, key: 'dlc.bin', file: path.join(h.tmpDir, 'no-dir', 'x') }),
      (e: unknown) => e instanceof OssClientError && e.code === 'LocalFileError');
  });

  // Regression tests: a bounded temp name, and responses without Content-Length.
  it('downloads to a file whose name is 250 bytes long (the temp name stays within 255)', async () => {
    const src = writeRandomFile(h.tmpDir, 'long-src.bin', 10 * KiB, 7);
    await h.client.uploadFile({ bucket: h.bucket, key: 'long/name.bin', file: src });
    const dst = path.join(h.tmpDir, `${'n'.repeat(246)}.bin`);
    assert.equal(Buffer.byteLength(path.basename(dst)), 250);
    const d = await h.client.downloadFile({ bucket: h.bucket, key: 'long/name.bin', file: dst });
    assert.equal(d.size, 10 * KiB);
    assert.deepEqual(fs.readFileSync(dst), fs.readFileSync(src));
  });

  it('getObjectBuffer enforces maxBytes on a response without Content-Length', async () => {
    await h.client.putObject(h.bucket, 'chunked/big.bin', Buffer.alloc(5000, 1));
    h.server.faults.chunkedResponses = 1;
    await assert.rejects(
      h.client.getObjectBuffer(h.bucket, 'chunked/big.bin', { maxBytes: 1000 }),
      (e: unknown) => e instanceof OssClientError && e.code === 'EntityTooLarge',
    );
    assert.equal(h.server.faults.chunkedResponses, 0, 'the response was sent chunked');
    h.server.faults.chunkedResponses = 1;
    const r = await h.client.getObjectBuffer(h.bucket, 'chunked/big.bin', { maxBytes: 5000 });
    assert.equal(r.body.length, 5000);
    assert.equal(r.size, 5000);
  });

  it('downloadFile of a response without Content-Length counts the bytes (unknown length is not zero)', async () => {
    const size = 300 * KiB;
    const src = writeRandomFile(h.tmpDir, 'chunked-src.bin', size, 9);
    await h.client.uploadFile({ bucket: h.bucket, key: 'chunked/file.bin', file: src });
    h.server.faults.chunkedResponses = 1;
    const seen: TransferProgress[] = [];
    const dst = path.join(h.tmpDir, 'chunked.down');
    const d = await h.client.downloadFile({ bucket: h.bucket, key: 'chunked/file.bin', file: dst, onProgress: (p) => seen.push(p) });
    assert.equal(h.server.faults.chunkedResponses, 0, 'the response was sent chunked');
    assert.equal(d.size, size);
    assert.deepEqual(fs.readFileSync(dst), fs.readFileSync(src));
    const last = seen[seen.length - 1];
    assert.ok(last, 'progress was reported');
    assert.equal(last.loaded, size);
    assert.equal(last.total, size);
  });
});

describe('uploads of a file that changes while it is read (audit finding 8)', () => {
  let h: Harness;
  before(async () => {
    h = await setup();
  });
  after(() => teardown(h));

  const cases: { name: string; change: (file: string) => void; multipart: boolean }[] = [
    { name: 'grows (single PUT)', multipart: false, change: (f) => fs.appendFileSync(f, Buffer.alloc(4096, 1)) },
    { name: 'shrinks (single PUT): fails at once instead of hanging', multipart: false, change: (f) => fs.truncateSync(f, 1024 * 1024) },
    { name: 'is rewritten at the same size (multipart)', multipart: true, change: (f) => {
      const fd = fs.openSync(f, 'r+');
      fs.writeSync(fd, Buffer.alloc(16, 7), 0, 16, 0);
      fs.closeSync(fd);
      const later = new Date(Date.now() + 5000);
      fs.utimesSync(f, later, later);
    } },
    { name: 'shrinks (multipart)', multipart: true, change: (f) => fs.truncateSync(f, 300 * 1024) },
  ];
  for (const c of cases) {
    it(`fails with a clear error and stores nothing when the file ${c.name}`, async () => {
      const key = `changing/${c.name.replace(/\W+/g, '-')}.bin`;
      const file = writeRandomFile(h.tmpDir, `${key.replace(/\//g, '_')}`, 6 * 1024 * 1024, 11);
      h.server.faults.latencyMs = 20;
      let changed = false;
      try {
        await assert.rejects(
          h.client.uploadFile({
            bucket: h.bucket, key, file,
            multipartThreshold: c.multipart ? 1 : 64 * 1024 * 1024, partSize: 1024 * 1024, parallel: 2,
            onProgress: () => {
              if (changed) return;
              changed = true;
              c.change(file);
            },
          }),
          (e: unknown) => {
            assert.equal((e as { code?: string }).code, 'FileChangedDuringUpload', String(e));
            assert.match(String((e as Error).message), /changed while it was being uploaded/);
            return true;
          },
        );
      } finally {
        h.server.faults.latencyMs = 0;
      }
      assert.ok(changed, 'the file was changed mid-upload');
      assert.equal(h.server.headObjectDirect(h.bucket, key), undefined, 'no object with mixed content');
      assert.deepEqual(h.server.listUploads(h.bucket).filter((u) => u.key === key), [], 'no multipart upload left');
    });
  }
});
