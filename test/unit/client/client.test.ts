import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { OssClient, OssClientError, OssError, OssNetworkError } from '../../../src/core/client';
import { setup, teardown, rawGet, testProvider, type Harness } from './helpers';
import { listBucketsPage, listMultipartUploads, listParts, presign, putBucket } from '../../support/clientOps';

async function readStream(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function assertNoSecret(h: Harness, text: string): void {
  assert.ok(!text.includes(h.server.accessKeySecret), 'secret leaked');
}

describe('OssClient against the local OSS server', function () {
  this.timeout(20000);
  let h: Harness;
  before(async () => {
    h = await setup();
  });
  after(async () => {
    await teardown(h);
  });
  afterEach(() => {
    h.server.faults.reset();
    for (const l of h.logs) assertNoSecret(h, JSON.stringify(l));
    h.logs.length = 0;
  });

  it('lists buckets across pages (marker/NextMarker)', async () => {
    for (const b of ['page-a1', 'page-a2', 'page-a3']) await putBucket(h.client, b);
    const p1 = await listBucketsPage(h.client, { prefix: 'page-a', maxKeys: 2 });
    assert.equal(p1.buckets.length, 2);
    assert.equal(p1.isTruncated, true);
    assert.ok(p1.nextMarker);
    const p2 = await listBucketsPage(h.client, { prefix: 'page-a', maxKeys: 2, marker: p1.nextMarker });
    assert.deepEqual(p2.buckets.map((b) => b.name), ['page-a3']);
    const all = await h.client.listBuckets();
    for (const b of ['page-a1', 'page-a2', 'page-a3', h.bucket]) assert.ok(all.some((x) => x.name === b), b);
    assert.ok(all[0].creationDate instanceof Date);
    assert.equal(all.find((x) => x.name === h.bucket)?.region, h.server.region);
  });

  it('puts, heads, gets (whole and ranged) with CRC-64, content type and metadata', async () => {
    const body = Buffer.from('hello, oss world\n');
    const put = await h.client.putObject(h.bucket, 'docs/readme.md', body, { meta: { author: 'alice' } });
    assert.ok(put.etag);
    assert.equal(put.etag, createHash('md5').update(body).digest('hex').toUpperCase());
    assert.ok(put.crc64);
    const head = await h.client.headObject(h.bucket, 'docs/readme.md');
    assert.equal(head.size, body.length);
    assert.equal(head.contentType, 'text/markdown');
    assert.equal(head.meta.author, 'alice');
    assert.equal(head.crc64, put.crc64);
    const got = await h.client.getObjectBuffer(h.bucket, 'docs/readme.md');
    assert.deepEqual(got.body, body);
    assert.equal(got.status, 200);
    const part = await h.client.getObject(h.bucket, 'docs/readme.md', { range: { start: 7, end: 9 } });
    assert.equal(part.status, 206);
    assert.equal(part.totalSize, body.length);
    assert.equal((await readStream(part.stream)).toString(), 'oss');
    const tail = await h.client.getObjectBuffer(h.bucket, 'docs/readme.md', { range: { start: 14 } });
    assert.equal(tail.body.toString(), 'ld\n');
    assert.ok(h.logs.some((l) => l.method === 'PUT' && l.status === 200 && l.attempt === 1 && l.requestId));
  });

  it('putObject from a stream factory (replayable) with explicit size', async () => {
    const data = Buffer.alloc(300 * 1024, 7);
    await h.client.putObject(h.bucket, 'stream.bin', () => Readable.from([data.subarray(0, 1000), data.subarray(1000)]), { size: data.length });
    assert.deepEqual((await h.client.getObjectBuffer(h.bucket, 'stream.bin')).body, data);
    await assert.rejects(h.client.putObject(h.bucket, 'stream.bin', () => Readable.from([data]), {}), /needs opts.size/);
  });

  it('putObject of bytes with onBytes sends them in metered slices: every byte counted, Content-MD5 and CRC-64 still checked', async () => {
    const data = Buffer.alloc(300 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = i % 251;
    const chunks: number[] = [];
    const put = await h.client.putObject(h.bucket, 'metered.bin', data, { onBytes: (n) => chunks.push(n) });
    assert.ok(chunks.length > 1, `several slices: ${chunks.length}`);
    assert.equal(chunks.reduce((a, b) => a + b, 0), data.length);
    assert.equal(put.etag, createHash('md5').update(data).digest('hex').toUpperCase(), 'Content-MD5 still sent and matched');
    assert.deepEqual((await h.client.getObjectBuffer(h.bucket, 'metered.bin')).body, data);
    // The server answers with another CRC-64 than the bytes sent (every attempt): the upload fails.
    h.server.faults.corruptCrcNext(10);
    await assert.rejects(h.client.putObject(h.bucket, 'metered.bin', data, { onBytes: () => undefined }), (e: unknown) => e instanceof OssClientError && e.code === 'InconsistentCrc');
  });

  it('putObject of a buffer up to 256 KiB with onBytes sends it whole, unmetered (no slicing cost per small file)', async () => {
    const data = Buffer.alloc(200 * 1024, 3);
    const chunks: number[] = [];
    await h.client.putObject(h.bucket, 'small-whole.bin', data, { onBytes: (n) => chunks.push(n) });
    assert.deepStrictEqual(chunks, [], 'sent whole: no per-slice progress (the caller reports the end)');
    assert.deepEqual((await h.client.getObjectBuffer(h.bucket, 'small-whole.bin')).body, data);
  });

  const oddKeys = [
    '中文/文件.txt', 'emoji 😀.txt', 'with space .txt', 'plus+sign', 'percent%41%', 'hash#frag', 'question?x=1&y',
    'double//slash', 'trailing/', 'k'.repeat(1023), 'a/../b', './x', '../up', 'dir/./y', ' leading space', '0123', 'true',
    'tab\there', 'amp&lt;<>"\'', '~!*()\'', 'new\nline',
  ];

  it('round-trips odd keys: put → list → get → presigned GET (V1 and V4) over plain HTTP', async () => {
    for (const [i, key] of oddKeys.entries()) {
      const body = Buffer.from(`body-${i}`);
      await h.client.putObject(h.bucket, key, body);
      const page = await h.client.listObjects({ bucket: h.bucket, prefix: key });
      assert.ok(page.objects.some((o) => o.key === key && o.size === body.length), `list ${JSON.stringify(key)}`);
      const got = await h.client.getObjectBuffer(h.bucket, key);
      assert.deepEqual(got.body, body, `get ${JSON.stringify(key)}`);
      for (const signatureVersion of ['v1', 'v4'] as const) {
        const link = await presign(h.client, { bucket: h.bucket, key, expiresInSeconds: 300, signatureVersion });
        assert.ok(link.expiresAt.getTime() > Date.now());
        assert.equal(link.warning !== undefined, ['a/../b', './x', '../up', 'dir/./y'].includes(key), `warning for ${key}`);
        const res = await rawGet(link.url);
        assert.equal(res.status, 200, `presigned ${signatureVersion} ${JSON.stringify(key)}: ${res.body.toString()}`);
        assert.deepEqual(res.body, body);
      }
    }
    // Dot-segment keys went out with the raw path (node:http), never normalized by a WHATWG URL.
    const paths = h.server.requests.map((r) => r.path);
    assert.ok(paths.some((p) => p.startsWith(`/${h.bucket}/a/../b`)), 'raw a/../b path');
    assert.ok(paths.some((p) => p.startsWith(`/${h.bucket}/./x`)), 'raw ./x path');
    assert.deepEqual(h.server.listKeys(h.bucket).filter((k) => oddKeys.includes(k)).sort(), [...oddKeys].sort());
    // Dot-segment keys are distinct objects, never confused with their normalized form.
    await assert.rejects(h.client.headObject(h.bucket, 'b'), (e: unknown) => e instanceof OssError && e.code === 'NoSuchKey');
    await assert.rejects(h.client.headObject(h.bucket, 'x'), (e: unknown) => e instanceof OssError && e.code === 'NoSuchKey');
    const d = await h.client.deleteObjects(h.bucket, oddKeys);
    assert.equal(d.errors.length, 0);
    assert.equal(d.deleted.length, oddKeys.length);
    for (const key of ['a/../b', './x']) assert.equal(await h.client.objectExists(h.bucket, key), false);
  });

  it('paginates ListObjectsV2 with continuation tokens, delimiter and start-after', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 25; i++) keys.push(`pg/${String(i).padStart(2, '0')}+ ${i % 2 ? '中' : 'a'}`);
    for (const k of keys) await h.client.putObject(h.bucket, k, Buffer.from(k));
    await h.client.putObject(h.bucket, 'pg/sub1/x', Buffer.from('x'));
    await h.client.putObject(h.bucket, 'pg/sub2/y', Buffer.from('y'));
    const seen: string[] = [];
    const prefixes: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await h.client.listObjects({ bucket: h.bucket, prefix: 'pg/', delimiter: '/', maxKeys: 10, continuationToken: token });
      pages++;
      seen.push(...page.objects.map((o) => o.key));
      prefixes.push(...page.prefixes);
      token = page.nextContinuationToken;
      assert.equal(page.isTruncated, token !== undefined);
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...keys].sort());
    assert.deepEqual(prefixes, ['pg/sub1/', 'pg/sub2/']);
    const after = await h.client.listObjects({ bucket: h.bucket, prefix: 'pg/', startAfter: keys[22] });
    assert.deepEqual(after.objects.map((o) => o.key), [keys[23], keys[24], 'pg/sub1/x', 'pg/sub2/y']);
  });

  it('V1 header signing: sub-resources (continuation-token, uploads, uploadId, partNumber, delete) and odd keys', async () => {
    const v1 = h.makeClient({ signatureVersion: 'v1' });
    const keys = ['v1/a b+c', 'v1/中文', 'v1/x%y', 'v1/../z', 'v1/q?r'];
    for (const k of keys) await v1.putObject(h.bucket, k, Buffer.from(k));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await v1.listObjects({ bucket: h.bucket, prefix: 'v1/', maxKeys: 2, continuationToken: token });
      seen.push(...page.objects.map((o) => o.key));
      token = page.nextContinuationToken;
    } while (token);
    assert.deepEqual(seen.sort(), [...keys].sort());
    for (const k of keys) assert.equal((await v1.getObjectBuffer(h.bucket, k)).body.toString(), k);
    const src = Buffer.alloc(150 * 1024, 5);
    const id = await v1.initiateMultipartUpload(h.bucket, 'v1/mp');
    const p1 = await v1.uploadPart(h.bucket, 'v1/mp', id, 1, src.subarray(0, 100 * 1024));
    const p2 = await v1.uploadPart(h.bucket, 'v1/mp', id, 2, src.subarray(100 * 1024));
    assert.equal((await listParts(v1, h.bucket, 'v1/mp', id)).length, 2);
    await v1.completeMultipartUpload(h.bucket, 'v1/mp', id, [p1, p2]);
    assert.deepEqual((await v1.getObjectBuffer(h.bucket, 'v1/mp')).body, src);
    const del = await v1.deleteObjects(h.bucket, [...keys, 'v1/mp']);
    assert.equal(del.deleted.length, keys.length + 1);
    assert.equal(h.server.listKeys(h.bucket, 'v1/').length, 0);
    assert.ok(h.server.requests.some((r) => r.auth === 'v1-header'));
  });

  it('HeadObject of a missing key: NoSuchKey from x-oss-err; objectExists false', async () => {
    const err = await h.client.headObject(h.bucket, 'nope/missing.txt').catch((e: unknown) => e);
    assert.ok(err instanceof OssError);
    assert.equal(err.status, 404);
    assert.equal(err.code, 'NoSuchKey');
    assert.ok(err.requestId);
    assert.equal(err.operation, `HeadObject ${h.bucket}/nope/missing.txt`);
    assert.match(err.message, /^NoSuchKey: .+\(RequestId: [0-9A-F]+/);
    assert.equal(err.serverMessage, 'The specified key does not exist.'); // from x-oss-err, not status-only
    assert.equal(await h.client.objectExists(h.bucket, 'nope/missing.txt'), false);
    const getErr = await h.client.getObject(h.bucket, 'nope/missing.txt').catch((e: unknown) => e);
    assert.ok(getErr instanceof OssError && getErr.code === 'NoSuchKey' && getErr.serverMessage.length > 0);
    await assert.rejects(h.client.objectExists('no-such-bucket-x', 'k'), (e: unknown) => e instanceof OssError && e.code === 'NoSuchBucket');
  });

  it('forbidOverwrite → FileAlreadyExists; createFolder; deleteObject', async () => {
    await h.client.putObject(h.bucket, 'fo.txt', Buffer.from('1'), { forbidOverwrite: true });
    await assert.rejects(h.client.putObject(h.bucket, 'fo.txt', Buffer.from('2'), { forbidOverwrite: true }),
      (e: unknown) => e instanceof OssError && e.code === 'FileAlreadyExists' && e.status === 409);
    assert.equal((await h.client.getObjectBuffer(h.bucket, 'fo.txt')).body.toString(), '1');
    await h.client.createFolder(h.bucket, 'newdir');
    const head = await h.client.headObject(h.bucket, 'newdir/');
    assert.equal(head.size, 0);
    await assert.rejects(h.client.createFolder(h.bucket, 'newdir/'), (e: unknown) => e instanceof OssError && e.code === 'FileAlreadyExists');
    await h.client.deleteObject(h.bucket, 'fo.txt');
    await h.client.deleteObject(h.bucket, 'fo.txt'); // 204 either way
    assert.equal(await h.client.objectExists(h.bucket, 'fo.txt'), false);
  });

  it('deleteObjects: 2,500 keys in 3 batches with Content-MD5, quiet mode', async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `del/${i}&<'">`);
    // Create them cheaply in parallel.
    for (const k of keys) h.server.putObjectDirect(h.bucket, k, '');
    h.logs.length = 0;
    const res = await h.client.deleteObjects(h.bucket, keys);
    assert.equal(res.deleted.length, 2500);
    assert.equal(res.errors.length, 0);
    const posts = h.logs.filter((l) => l.method === 'POST' && l.path.includes('delete'));
    assert.equal(posts.length, 3);
    const left = await h.client.listObjects({ bucket: h.bucket, prefix: 'del/' });
    assert.equal(left.objects.length, 0);
    assert.deepEqual(await h.client.deleteObjects(h.bucket, []), { deleted: [], errors: [] });
  });

  it('copyObject: simple copy and UploadPartCopy for large sources', async () => {
    const data = Buffer.alloc(350 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    await h.client.putObject(h.bucket, 'copy/src 中.bin', data, { meta: { k: 'v' } });
    await h.client.copyObject(h.bucket, 'copy/src 中.bin', h.bucket, 'copy/dst1.bin');
    assert.deepEqual((await h.client.getObjectBuffer(h.bucket, 'copy/dst1.bin')).body, data);
    h.logs.length = 0;
    await h.client.copyObject(h.bucket, 'copy/src 中.bin', h.bucket, 'copy/dst2.bin', { multipartThreshold: 200 * 1024, partSize: 100 * 1024 });
    assert.equal(h.logs.filter((l) => l.method === 'PUT' && l.path.includes('partNumber=')).length, 4);
    assert.deepEqual((await h.client.getObjectBuffer(h.bucket, 'copy/dst2.bin')).body, data);
    assert.equal((await h.client.headObject(h.bucket, 'copy/dst2.bin')).meta.k, 'v');
    await assert.rejects(h.client.copyObject(h.bucket, 'copy/src 中.bin', h.bucket, 'copy/dst1.bin', { forbidOverwrite: true }),
      (e: unknown) => e instanceof OssError && e.code === 'FileAlreadyExists');
    // dot-segment keys as source and destination
    await h.client.putObject(h.bucket, 'copy/../dot', Buffer.from('dot'));
    await h.client.copyObject(h.bucket, 'copy/../dot', h.bucket, 'copy/./dot2');
    assert.equal((await h.server.getObjectBytes(h.bucket, 'copy/./dot2'))?.toString(), 'dot');
    assert.equal(h.server.headObjectDirect(h.bucket, 'dot2'), undefined);
    await assert.rejects(h.client.copyObject(h.bucket, 'copy/none', h.bucket, 'copy/x'),
      (e: unknown) => e instanceof OssError && e.code === 'NoSuchKey');
    assert.equal((await listMultipartUploads(h.client, h.bucket)).length, 0);
  });

  it('multipart primitives: initiate, upload parts, list, complete (sorted, CRC combined), abort', async () => {
    const p1 = Buffer.alloc(100 * 1024, 1);
    const p2 = Buffer.alloc(5000, 2);
    const key = 'mp/obj 1.bin';
    const id = await h.client.initiateMultipartUpload(h.bucket, key);
    const uploads = await listMultipartUploads(h.client, h.bucket, { prefix: 'mp/' });
    assert.deepEqual(uploads.map((u) => [u.key, u.uploadId]), [[key, id]]);
    const r2 = await h.client.uploadPart(h.bucket, key, id, 2, p2);
    const r1 = await h.client.uploadPart(h.bucket, key, id, 1, () => Readable.from([p1]), { size: p1.length });
    assert.ok(r1.crc64 && r2.crc64);
    const parts = await listParts(h.client, h.bucket, key, id);
    assert.deepEqual(parts.map((p) => [p.partNumber, p.size]), [[1, p1.length], [2, p2.length]]);
    const done = await h.client.completeMultipartUpload(h.bucket, key, id, [r2, r1]);
    assert.ok(done.crc64);
    const got = await h.client.getObjectBuffer(h.bucket, key);
    assert.deepEqual(got.body, Buffer.concat([p1, p2]));
    assert.equal(got.crc64, done.crc64);
    const id2 = await h.client.initiateMultipartUpload(h.bucket, 'mp/aborted');
    await h.client.uploadPart(h.bucket, 'mp/aborted', id2, 1, p2);
    await h.client.abortMultipartUpload(h.bucket, 'mp/aborted', id2);
    assert.equal((await listMultipartUploads(h.client, h.bucket)).length, 0);
    await assert.rejects(listParts(h.client, h.bucket, 'mp/aborted', id2), (e: unknown) => e instanceof OssError && e.code === 'NoSuchUpload');
  });

  it('a Complete whose response is lost is reconciled (object checked by size and CRC), never guessed', async () => {
    const p1 = Buffer.alloc(100 * 1024, 7);
    const p2 = Buffer.from('tail of the object');
    const key = 'mp/lost-response.bin';
    const id = await h.client.initiateMultipartUpload(h.bucket, key);
    const parts = [await h.client.uploadPart(h.bucket, key, id, 1, p1), await h.client.uploadPart(h.bucket, key, id, 2, p2)];
    // The server completes the upload, then the connection dies before the response arrives;
    // the transport's retry gets NoSuchUpload.
    h.server.faults.dropResponseNext(1, { op: 'CompleteMultipartUpload' });
    h.server.clearRequests();
    const done = await h.client.completeMultipartUpload(h.bucket, key, id, parts);
    const ops = h.server.requests.map((r) => `${r.op} ${r.status}`);
    assert.deepEqual(ops.slice(-3), ['CompleteMultipartUpload 0', 'CompleteMultipartUpload 404', 'HeadObject 200'], ops.join(', '));
    const got = await h.client.getObjectBuffer(h.bucket, key);
    assert.deepEqual(got.body, Buffer.concat([p1, p2]));
    assert.equal(done.crc64, got.crc64);
    // The same situation where the object is NOT what these parts make up: the error stands.
    const id2 = await h.client.initiateMultipartUpload(h.bucket, key);
    const other = [await h.client.uploadPart(h.bucket, key, id2, 1, p1), await h.client.uploadPart(h.bucket, key, id2, 2, Buffer.from('different'))];
    await h.client.abortMultipartUpload(h.bucket, key, id2);
    await assert.rejects(h.client.completeMultipartUpload(h.bucket, key, id2, other), (e: unknown) => e instanceof OssError && e.code === 'NoSuchUpload');
  });

  it('retries 5xx and connection resets, reporting each attempt', async () => {
    h.server.faults.failNext(2, 503, { op: 'PutObject' });
    await h.client.putObject(h.bucket, 'retry.txt', Buffer.from('ok'));
    const puts = h.logs.filter((l) => l.method === 'PUT');
    assert.deepEqual(puts.map((l) => [l.attempt, l.status]), [[1, 503], [2, 503], [3, 200]]);
    h.server.faults.resetRequestAfterBytes(1000);
    h.logs.length = 0;
    await h.client.putObject(h.bucket, 'reset.bin', Buffer.alloc(200 * 1024, 9));
    assert.deepEqual(h.logs.map((l) => [l.attempt, l.status ?? l.error?.slice(0, 13)]), [[1, 'Network error'], [2, 200]]);
    assert.equal((await h.client.headObject(h.bucket, 'reset.bin')).size, 200 * 1024);
    h.server.faults.failNext(10, 500);
    const err = await h.client.headObject(h.bucket, 'retry.txt').catch((e: unknown) => e);
    assert.ok(err instanceof OssError && err.status === 500);
    h.server.faults.reset();
    // a 4xx that is not retryable fails at once
    h.logs.length = 0;
    await h.client.getObject(h.bucket, 'missing').catch(() => undefined);
    assert.equal(h.logs.length, 1);
  });

  it('detects a corrupted CRC on upload and download (retried, then reported)', async () => {
    const c0 = h.makeClient({ maxRetries: 0 });
    h.server.faults.corruptCrcNext(1);
    await assert.rejects(c0.putObject(h.bucket, 'crc.bin', Buffer.from('abc')),
      (e: unknown) => e instanceof OssClientError && e.code === 'InconsistentCrc' && /crc is inconsistent/.test(e.message));
    h.server.faults.corruptCrcNext(1);
    await h.client.putObject(h.bucket, 'crc.bin', Buffer.from('abc')); // retried once, then fine
    h.server.faults.corruptCrcNext(1);
    const r = await h.client.getObject(h.bucket, 'crc.bin');
    await assert.rejects(readStream(r.stream), (e: unknown) => e instanceof OssClientError && e.code === 'InconsistentCrc');
  });

  it('corrects the clock offset after RequestTimeTooSkewed', async () => {
    h.server.faults.clockOffsetMs = 40 * 60 * 1000;
    const c = h.makeClient();
    await c.putObject(h.bucket, 'skew.txt', Buffer.from('s'));
    assert.ok(Math.abs(c.clockOffsetMs - 40 * 60 * 1000) < 5000, String(c.clockOffsetMs));
    assert.ok(h.logs.some((l) => l.error === 'RequestTimeTooSkewed'));
    // presigned links use the corrected clock too
    const link = await presign(c, { bucket: h.bucket, key: 'skew.txt', expiresInSeconds: 60 });
    assert.equal((await rawGet(link.url)).status, 200);
  });

  it('a wrong secret fails with SignatureDoesNotMatch carrying the server StringToSign (V1 and V4), no secret anywhere', async () => {
    for (const signatureVersion of ['v1', 'v4'] as const) {
      const wrong = testProvider({ accessKeyId: h.server.accessKeyId, accessKeySecret: 'definitely-wrong-secret' });
      const logs: string[] = [];
      const c = new OssClient({ endpoint: h.server.endpoint, region: h.server.region, credentials: wrong, signatureVersion, onRequest: (l) => logs.push(JSON.stringify(l)) });
      const err = await c.putObject(h.bucket, 'sig.txt', Buffer.from('x')).catch((e: unknown) => e);
      c.destroy();
      assert.ok(err instanceof OssError, String(err));
      assert.equal(err.code, 'SignatureDoesNotMatch');
      assert.equal(err.status, 403);
      assert.ok(err.stringToSign && err.stringToSign.length > 10, 'server StringToSign');
      assert.ok(err.clientStringToSign);
      for (const s of [err.message, JSON.stringify(err), err.stack ?? '', err.stringToSign, ...logs]) {
        assert.ok(!s.includes('definitely-wrong-secret'));
        assertNoSecret(h, s);
      }
    }
  });

  it('STS: token expiry invalidates the provider and retries once with fresh credentials', async () => {
    const mk = (n: number) => ({ accessKeyId: `STS.test${n}`, accessKeySecret: `sts-secret-${n}`, securityToken: `token-${n}`, expiration: new Date(Date.now() + 3600_000) });
    let n = 1;
    h.server.addTemporaryCredentials(mk(1));
    const provider = testProvider(mk(1), () => {
      n++;
      h.server.addTemporaryCredentials(mk(n));
      return mk(n);
    });
    const logs: string[] = [];
    const c = new OssClient({ endpoint: h.server.endpoint, region: h.server.region, credentials: provider, onRequest: (l) => logs.push(JSON.stringify(l)) });
    await c.putObject(h.bucket, 'sts.txt', Buffer.from('1'));
    h.server.faults.expireTokensNow();
    await c.putObject(h.bucket, 'sts.txt', Buffer.from('2'));
    assert.equal(provider.invalidated.length, 1);
    assert.match(provider.invalidated[0], /SecurityTokenExpired|InvalidSecurityToken/);
    const link = await presign(c, { bucket: h.bucket, key: 'sts.txt', expiresInSeconds: 60, signatureVersion: 'v1' });
    assert.equal((await rawGet(link.url)).body.toString(), '2');
    c.destroy();
    for (const l of logs) assert.ok(!/token-\d|sts-secret/.test(l), l);
  });

  it('rejects an invalid bucket name and a too-long key before any request', async () => {
    h.logs.length = 0;
    await assert.rejects(h.client.putObject('Bad_Bucket', 'k', Buffer.from('x')), (e: unknown) => e instanceof OssClientError && e.code === 'InvalidBucketName');
    await assert.rejects(h.client.listObjects({ bucket: '-x-' }), (e: unknown) => e instanceof OssClientError && e.code === 'InvalidBucketName');
    await assert.rejects(h.client.putObject(h.bucket, 'k'.repeat(1024), Buffer.from('x')), (e: unknown) => e instanceof OssClientError && e.code === 'InvalidObjectName');
    await assert.rejects(h.client.headObject(h.bucket, '/abs'), (e: unknown) => e instanceof OssClientError && e.code === 'InvalidObjectName');
    await assert.rejects(h.client.deleteObjects(h.bucket, ['ok', '']), (e: unknown) => e instanceof OssClientError);
    await assert.rejects(presign(h.client, { bucket: h.bucket, key: 'a\0b', expiresInSeconds: 10 }), (e: unknown) => e instanceof OssClientError);
    assert.equal(h.logs.length, 0);
  });

  it('cancellation surfaces as AbortError; time-outs and refused connections as OssNetworkError', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(h.client.headObject(h.bucket, 'x'), (e: unknown) => e instanceof OssError);
    await assert.rejects(h.client.listObjects({ bucket: h.bucket, signal: ac.signal }), (e: unknown) => (e as Error).name === 'AbortError');
    h.server.faults.latencyMs = 300;
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 50);
    await assert.rejects(h.client.listObjects({ bucket: h.bucket, signal: ac2.signal }), (e: unknown) => (e as Error).name === 'AbortError');
    const slow = h.makeClient({ timeoutMs: 100, maxRetries: 1 });
    const t = await slow.listObjects({ bucket: h.bucket }).catch((e: unknown) => e);
    assert.ok(t instanceof OssNetworkError && t.code === 'RequestTimeout', String(t));
    assert.match(t.message, /ListObjectsV2/);
    h.server.faults.latencyMs = 0;
    const dead = new OssClient({ endpoint: 'http://127.0.0.1:1', region: 'cn-hangzhou', credentials: h.provider, maxRetries: 1, retryBaseDelayMs: 1 });
    const n = await dead.headObject(h.bucket, 'x').catch((e: unknown) => e);
    dead.destroy();
    assert.ok(n instanceof OssNetworkError && n.code === 'NetworkError', String(n));
    assert.match(n.message, /ECONNREFUSED/);
  });

  it('getObject body interrupted mid-stream errors (no silent truncation)', async () => {
    await h.client.putObject(h.bucket, 'trunc.bin', Buffer.alloc(512 * 1024, 3));
    h.server.faults.resetResponseAfterBytes(1000);
    const r = await h.client.getObject(h.bucket, 'trunc.bin');
    await assert.rejects(readStream(r.stream), (e: unknown) => e instanceof OssNetworkError && e.code === 'NetworkError' && /GetObject/.test(e.message));
  });
});
