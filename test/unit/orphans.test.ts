import * as assert from 'node:assert/strict';
import { OrphanedUploadLog, abortOrRecord, cleanUpOrphanedUploads, type MultipartCleaner } from '../../src/core/orphans';
import { assertNoSecrets } from './credentials/leak';
import { setup, teardown, testProvider, writeRandomFile, type Harness } from './client/helpers';

const SECRET = 'sk-orphan-test-SECRET-value';
const TOKEN = 'CAIS-orphan-test-TOKEN';

/** What an expired static STS token gives for AbortMultipartUpload: a 403 whose message must not be kept. */
function expired(): Error {
  return Object.assign(new Error(`InvalidAccessKeyId: token ${TOKEN} secret ${SECRET} expired`), { code: 'SecurityTokenExpired', status: 403 });
}

class FakeClient implements MultipartCleaner {
  uploads = new Map<string, Array<{ key: string; uploadId: string }>>();
  aborted: string[] = [];
  failAbort = new Set<string>();
  listed: Array<[string, string | undefined]> = [];
  async listMultipartUploads(bucket: string, opts: { prefix?: string } = {}): Promise<Array<{ key: string; uploadId: string }>> {
    this.listed.push([bucket, opts.prefix]);
    return (this.uploads.get(bucket) ?? []).filter((u) => !opts.prefix || u.key.startsWith(opts.prefix));
  }
  async abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    if (this.failAbort.has(uploadId)) throw expired();
    this.aborted.push(`${bucket}/${key}#${uploadId}`);
    this.uploads.set(bucket, (this.uploads.get(bucket) ?? []).filter((u) => u.uploadId !== uploadId));
  }
}

const NOW = new Date('2024-05-01T10:00:00Z');

describe('core/orphans: multipart uploads whose abort failed', () => {
  it('abortOrRecord: a successful abort leaves no trace', async () => {
    const client = new FakeClient();
    const log = new OrphanedUploadLog({ now: () => NOW });
    assert.equal(await abortOrRecord(client, log, { bucket: 'bkt', key: 'big.bin', uploadId: 'U1' }), undefined);
    assert.deepEqual(client.aborted, ['bkt/big.bin#U1']);
    assert.deepEqual(log.list(), []);
  });

  it('abortOrRecord: a failed abort (expired STS token, 403) is recorded without secrets and reported', async () => {
    const client = new FakeClient();
    client.failAbort.add('U1');
    const seen: string[] = [];
    const log = new OrphanedUploadLog({ now: () => NOW, onRecord: (e) => seen.push(`${e.bucket}/${e.key} ${e.reason}`) });
    const entry = await abortOrRecord(client, log, { connectionId: 'c1', bucket: 'bkt', key: 'big.bin', uploadId: 'U1' });
    assert.deepEqual({ ...entry }, {
      connectionId: 'c1', bucket: 'bkt', key: 'big.bin', uploadId: 'U1', time: '2024-05-01T10:00:00.000Z',
      reason: 'AbortMultipartUpload failed: SecurityTokenExpired (HTTP 403)',
    });
    assert.equal(log.list().length, 1);
    assert.deepEqual(seen, ['bkt/big.bin AbortMultipartUpload failed: SecurityTokenExpired (HTTP 403)']);
    assertNoSecrets(log.list(), [SECRET, TOKEN], 'orphan log');
    assertNoSecrets(JSON.stringify(log), [SECRET, TOKEN], 'orphan log JSON');
  });

  it('abortOrRecord: an upload that is already gone (NoSuchUpload, e.g. a lost Abort answer) is not recorded (fault soak)', async () => {
    const h = await setup();
    try {
      const id = await h.client.initiateMultipartUpload(h.bucket, 'gone.bin');
      // The abort is carried out, its answer is lost, the retry finds NoSuchUpload.
      h.server.faults.dropResponseNext(1, { op: 'AbortMultipartUpload' });
      const log = new OrphanedUploadLog({ now: () => NOW });
      assert.equal(await abortOrRecord(h.client, log, { bucket: h.bucket, key: 'gone.bin', uploadId: id }), undefined);
      assert.deepEqual(log.list(), []);
      assert.deepEqual(h.server.listUploads(h.bucket), []);
      assert.deepEqual(h.server.requests.filter((r) => r.op === 'AbortMultipartUpload').map((r) => r.status), [0, 404]);
    } finally {
      await teardown(h);
    }
  });

  it('abortOrRecord never throws, even when the error is not an Error', async () => {
    const client: MultipartCleaner = {
      listMultipartUploads: async () => [],
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a hostile non-Error rejection is the case under test
      abortMultipartUpload: async () => Promise.reject('weird'),
    };
    const log = new OrphanedUploadLog({ now: () => NOW });
    const e = await abortOrRecord(client, log, { bucket: 'bkt', key: 'k', uploadId: 'U' });
    assert.equal(e?.reason, 'AbortMultipartUpload failed');
  });

  it('cleanUp aborts what is still in progress, forgets what is gone, keeps what fails again', async () => {
    const client = new FakeClient();
    client.uploads.set('bkt', [{ key: 'a/x.bin', uploadId: 'U1' }, { key: 'a/x.bin', uploadId: 'U9' }, { key: 'b.bin', uploadId: 'U3' }]);
    client.uploads.set('two', [{ key: 'y', uploadId: 'U4' }]);
    const log = new OrphanedUploadLog({ now: () => NOW });
    log.record({ connectionId: 'c1', bucket: 'bkt', key: 'a/x.bin', uploadId: 'U1', error: expired() });
    log.record({ connectionId: 'c1', bucket: 'bkt', key: 'gone.bin', uploadId: 'U2', error: expired() });
    log.record({ connectionId: 'c1', bucket: 'bkt', key: 'b.bin', uploadId: 'U3', error: expired() });
    log.record({ connectionId: 'c1', bucket: 'two', key: 'y', uploadId: 'U4', error: expired() });
    log.record({ connectionId: 'c2', bucket: 'bkt', key: 'other', uploadId: 'U5', error: expired() });
    client.failAbort.add('U3');

    const r = await cleanUpOrphanedUploads(client, log, { connectionId: 'c1' });
    assert.deepEqual(r.aborted.map((e) => e.uploadId), ['U1', 'U4']);
    assert.deepEqual(r.gone.map((e) => e.uploadId), ['U2']);
    assert.deepEqual(r.failed.map((f) => [f.entry.uploadId, f.reason]), [['U3', 'AbortMultipartUpload failed: SecurityTokenExpired (HTTP 403)']]);
    // Only the recorded upload of a key is aborted, never another in-progress upload of the same key.
    assert.deepEqual(client.aborted, ['bkt/a/x.bin#U1', 'two/y#U4']);
    assert.deepEqual(log.list().map((e) => e.uploadId).sort(), ['U3', 'U5']);
    // One listing per recorded key (prefix = key), not a scan of the whole bucket.
    assert.deepEqual(client.listed.sort(), [['bkt', 'a/x.bin'], ['bkt', 'b.bin'], ['bkt', 'gone.bin'], ['two', 'y']]);
    assertNoSecrets(r, [SECRET, TOKEN], 'cleanup result');
  });

  it('cleanUp keeps an entry when listing fails (cannot tell whether it is gone)', async () => {
    const client = new FakeClient();
    client.listMultipartUploads = async () => Promise.reject(expired());
    const log = new OrphanedUploadLog({ now: () => NOW });
    log.record({ bucket: 'bkt', key: 'k', uploadId: 'U1', error: expired() });
    const r = await cleanUpOrphanedUploads(client, log);
    assert.deepEqual(r.failed.map((f) => f.reason), ['ListMultipartUploads failed: SecurityTokenExpired (HTTP 403)']);
    assert.equal(log.list().length, 1);
  });

  it('is bounded (oldest dropped), de-duplicated, and survives a JSON round trip', () => {
    const log = new OrphanedUploadLog({ now: () => NOW, max: 3 });
    for (let i = 1; i <= 5; i++) log.record({ bucket: 'bkt', key: `k${i}`, uploadId: `U${i}`, error: expired() });
    log.record({ bucket: 'bkt', key: 'k5', uploadId: 'U5', error: expired() });
    assert.deepEqual(log.list().map((e) => e.uploadId), ['U3', 'U4', 'U5']);
    const again = OrphanedUploadLog.fromJSON(JSON.parse(JSON.stringify(log)) as unknown, { now: () => NOW });
    assert.deepEqual(again.list(), log.list());
    const junk = OrphanedUploadLog.fromJSON([{ bucket: 'bkt' }, null, 7, { bucket: 'b2', key: 'k', uploadId: 'U', time: 'x', reason: 'r', extra: SECRET }]);
    assert.deepEqual(junk.list().map((e) => e.uploadId), ['U']);
    assertNoSecrets(junk.list(), [SECRET], 'fromJSON keeps only known fields');
    assert.deepEqual(OrphanedUploadLog.fromJSON('not a list').list(), []);
  });
});

describe('core/orphans with the real client and the local server', () => {
  let h: Harness;
  before(async () => {
    h = await setup();
  });
  after(async () => teardown(h));

  it('an abort refused with 403 is recorded, and a clean-up with good credentials aborts it', async () => {
    const uploadId = await h.client.initiateMultipartUpload(h.bucket, 'big/orphan.bin');
    const badSecret = 'wrong-secret-for-the-abort';
    const broken = h.makeClient({ credentials: testProvider({ accessKeyId: h.server.accessKeyId, accessKeySecret: badSecret }), maxRetries: 0 });
    const log = new OrphanedUploadLog();
    const entry = await abortOrRecord(broken, log, { connectionId: 'c1', bucket: h.bucket, key: 'big/orphan.bin', uploadId });
    assert.match(entry?.reason ?? '', /^AbortMultipartUpload failed: \S+ \(HTTP 403\)$/);
    assert.deepEqual(h.server.listUploads(h.bucket).length, 1, 'the upload is still there');
    assertNoSecrets(log.list(), [badSecret, h.server.accessKeySecret], 'orphan log');

    const good: MultipartCleaner = h.client; // OssClient has both calls (type-checked here)
    const r = await cleanUpOrphanedUploads(good, log, { connectionId: 'c1' });
    assert.deepEqual(r.aborted.map((e) => e.uploadId), [uploadId]);
    assert.deepEqual(h.server.listUploads(h.bucket), []);
    assert.deepEqual(log.list(), []);
  });

  it('a multipart upload whose part and abort are both refused (403) is recorded by uploadFile, not lost', async () => {
    const file = writeRandomFile(h.tmpDir, 'orphan-src.bin', 300 * 1024, 7);
    const log = new OrphanedUploadLog();
    h.server.faults.failNext(1, 403, { op: 'UploadPart' }).failNext(1, 403, { op: 'AbortMultipartUpload' });
    await assert.rejects(
      h.client.uploadFile({ bucket: h.bucket, key: 'big/refused.bin', file, partSize: 100 * 1024, parallel: 1, multipartThreshold: 1, orphans: log }),
    );
    const [left] = h.server.listUploads(h.bucket).filter((u) => u.key === 'big/refused.bin');
    assert.ok(left, 'the server still holds the upload');
    assert.deepEqual(log.list().map((e) => [e.bucket, e.key, e.uploadId]), [[h.bucket, 'big/refused.bin', left.uploadId]]);
    const r = await cleanUpOrphanedUploads(h.client, log, {});
    assert.deepEqual(r.aborted.map((e) => e.uploadId), [left.uploadId]);
    assert.equal(h.server.listUploads(h.bucket).filter((u) => u.key === 'big/refused.bin').length, 0);
  });

  it('a part-by-part copy whose part and abort are both refused is recorded too, not dropped (fault soak)', async () => {
    h.server.putObjectDirect(h.bucket, 'big/copy-src.bin', Buffer.alloc(250 * 1024, 4));
    const log = new OrphanedUploadLog();
    h.server.faults.failNext(1, 403, { op: 'UploadPartCopy' }).failNext(1, 403, { op: 'AbortMultipartUpload' });
    await assert.rejects(h.client.copyObject(h.bucket, 'big/copy-src.bin', h.bucket, 'big/copy-dst.bin', {
      multipartThreshold: 1, partSize: 100 * 1024, parallel: 1, orphans: log,
    }));
    const [left] = h.server.listUploads(h.bucket).filter((u) => u.key === 'big/copy-dst.bin');
    assert.ok(left, 'the server still holds the upload');
    assert.deepEqual(log.list().map((e) => [e.key, e.uploadId, e.reason]), [['big/copy-dst.bin', left.uploadId, 'AbortMultipartUpload failed: InjectedFault (HTTP 403)']]);
    await cleanUpOrphanedUploads(h.client, log, {});
    assert.equal(h.server.listUploads(h.bucket).filter((u) => u.key === 'big/copy-dst.bin').length, 0);
  });
});
