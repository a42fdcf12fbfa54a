/** Local OSS server: API details over raw HTTP, fault injection, seeding, CLI and persistence. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startOssServer, type OssServer } from '../../support/ossServer';
import { compareKeys, keyVisits } from '../../support/ossServer/store';
import { crc64, crc64Combine } from '../../../src/core/crc64';
import { MODES, aliClient, md5b64, rawRequest, signedRequest, xmlTag, xmlTags } from './helpers';

const B = 'api-bucket';

describe('ossServer API details (raw HTTP)', function () {
  this.timeout(20000);
  let server: OssServer;

  before(async () => {
    server = await startOssServer();
    server.createBucket(B);
  });
  after(async () => {
    await server.close();
  });
  afterEach(() => {
    server.faults.reset();
  });

  it('common response headers: x-oss-request-id, Server, Date', async () => {
    const r = await signedRequest(server, { method: 'GET', bucket: B, query: [['list-type', '2']] });
    assert.equal(r.status, 200);
    assert.match(r.headers['x-oss-request-id'] as string, /^[0-9A-F]{24}$/);
    assert.equal(r.headers.server, 'AliyunOSS');
    assert.ok(Date.parse(r.headers.date as string) > 0);
  });

  it('PutObject: Content-MD5 verified, forbid-overwrite, ETag + CRC headers, key length', async () => {
    const body = Buffer.from('0123456789');
    const bad = await signedRequest(server, { method: 'PUT', bucket: B, key: 'p/a.txt', body, headers: { 'content-md5': md5b64('other') } });
    assert.equal(bad.status, 400);
    assert.equal(xmlTag(bad.text, 'Code'), 'InvalidDigest');
    assert.equal(server.headObjectDirect(B, 'p/a.txt'), undefined);
    const ok = await signedRequest(server, { method: 'PUT', bucket: B, key: 'p/a.txt', body, headers: { 'content-md5': 'eB5eJF1ptWaXm4bijSPyxw==' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.etag, '"781E5E245D69B566979B86E28D23F2C7"');
    assert.equal(ok.headers['x-oss-hash-crc64ecma'], crc64(body).toString());
    const forbid = await signedRequest(server, { method: 'PUT', bucket: B, key: 'p/a.txt', body, headers: { 'x-oss-forbid-overwrite': 'true' } });
    assert.equal(forbid.status, 409);
    assert.equal(xmlTag(forbid.text, 'Code'), 'FileAlreadyExists');
    const fresh = await signedRequest(server, { method: 'PUT', bucket: B, key: 'p/new.txt', body, headers: { 'x-oss-forbid-overwrite': 'true' } });
    assert.equal(fresh.status, 200);
    // via ali-oss as well
    const c = aliClient(server, MODES[2], B);
    await assert.rejects(c.put('p/a.txt', body, { headers: { 'x-oss-forbid-overwrite': 'true' } }), (e: { code: string; status: number }) => e.code === 'FileAlreadyExists' && e.status === 409);
    await assert.rejects(c.put('p/md5.txt', body, { headers: { 'Content-MD5': md5b64('x') } }), (e: { code: string }) => e.code === 'InvalidDigest');
    const long = await signedRequest(server, { method: 'PUT', bucket: B, key: 'k'.repeat(1024), body });
    assert.equal(xmlTag(long.text, 'Code'), 'InvalidObjectName');
    assert.equal((await signedRequest(server, { method: 'PUT', bucket: B, key: 'k'.repeat(1023), body })).status, 200);
  });

  it('HEAD errors have no body but x-oss-err (base64 XML) and x-oss-ec', async () => {
    const r = await signedRequest(server, { method: 'HEAD', bucket: B, key: 'missing' });
    assert.equal(r.status, 404);
    assert.equal(r.body.length, 0);
    const xml = Buffer.from(r.headers['x-oss-err'] as string, 'base64').toString('utf8');
    assert.equal(xmlTag(xml, 'Code'), 'NoSuchKey');
    assert.equal(r.headers['x-oss-ec'], xmlTag(xml, 'EC'));
    const head403 = await signedRequest(server, { method: 'HEAD', bucket: B, key: 'missing', secret: 'bad' });
    assert.equal(head403.status, 403);
    assert.equal(xmlTag(Buffer.from(head403.headers['x-oss-err'] as string, 'base64').toString(), 'Code'), 'SignatureDoesNotMatch');
  });

  it('GetObject: ranges, invalid ranges (200 or 416 with x-oss-range-behavior), response-* overrides, conditionals', async () => {
    const data = Buffer.from('abcdefghijklmnopqrstuvwxyz');
    server.putObjectDirect(B, 'g/alpha.txt', data, { contentType: 'text/plain', meta: { x: 'y' } });
    const get = (headers: Record<string, string>, query: [string, string][] = []) => signedRequest(server, { method: 'GET', bucket: B, key: 'g/alpha.txt', headers, query });
    let r = await get({ range: 'bytes=2-4' });
    assert.equal(r.status, 206);
    assert.equal(r.text, 'cde');
    assert.equal(r.headers['content-range'], 'bytes 2-4/26');
    assert.equal(r.headers['x-oss-hash-crc64ecma'], crc64(data).toString(), 'ranged GET reports the whole-object CRC');
    r = await get({ range: 'bytes=-3' });
    assert.equal(r.text, 'xyz');
    r = await get({ range: 'bytes=20-' });
    assert.equal(r.text, 'uvwxyz');
    r = await get({ range: 'bytes=24-100' });
    assert.equal(r.headers['content-range'], 'bytes 24-25/26');
    r = await get({ range: 'bytes=30-40' });
    assert.equal(r.status, 200);
    assert.equal(r.text, data.toString());
    assert.equal(r.headers['content-range'], undefined);
    r = await get({ range: 'bytes=0-1,3-4' });
    assert.equal(r.status, 200);
    r = await get({ range: 'bytes=30-40', 'x-oss-range-behavior': 'standard' });
    assert.equal(r.status, 416);
    assert.equal(xmlTag(r.text, 'Code'), 'InvalidRange');
    r = await get({}, [['response-content-disposition', 'attachment; filename="x.txt"'], ['response-content-type', 'application/x-test'], ['response-cache-control', 'no-cache']]);
    assert.equal(r.headers['content-disposition'], 'attachment; filename="x.txt"');
    assert.equal(r.headers['content-type'], 'application/x-test');
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers['x-oss-meta-x'], 'y');
    assert.ok(r.headers['last-modified']);
    r = await get({ 'if-none-match': r.headers.etag as string });
    assert.equal(r.status, 304);
    r = await get({ 'if-match': '"nope"' });
    assert.equal(r.status, 412);
  });

  it('DeleteObject is 204 always; DeleteMultipleObjects requires Content-MD5, <= 1000 keys, quiet, encoding-type=url', async () => {
    assert.equal((await signedRequest(server, { method: 'DELETE', bucket: B, key: 'never' })).status, 204);
    server.putObjectDirect(B, 'd/a b', '1');
    server.putObjectDirect(B, 'd/c&d', '2');
    const xml = '<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>false</Quiet><Object><Key>d/a b</Key></Object><Object><Key>d/c&amp;d</Key></Object><Object><Key>d/none</Key></Object></Delete>';
    const noMd5 = await signedRequest(server, { method: 'POST', bucket: B, query: [['delete', '']], body: xml, headers: { 'content-type': 'application/xml' } });
    assert.equal(noMd5.status, 400);
    assert.equal(xmlTag(noMd5.text, 'Code'), 'MissingArgument');
    const badMd5 = await signedRequest(server, { method: 'POST', bucket: B, query: [['delete', '']], body: xml, headers: { 'content-type': 'application/xml', 'content-md5': md5b64('x') } });
    assert.equal(xmlTag(badMd5.text, 'Code'), 'InvalidDigest');
    const ok = await signedRequest(server, {
      method: 'POST', bucket: B, query: [['delete', ''], ['encoding-type', 'url']], body: xml, headers: { 'content-type': 'application/xml', 'content-md5': md5b64(xml) },
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(xmlTags(ok.text, 'Key'), ['d%2Fa%20b', 'd%2Fc%26d', 'd%2Fnone']);
    assert.equal(xmlTag(ok.text, 'EncodingType'), 'url');
    assert.deepEqual(server.listKeys(B, 'd/'), []);
    server.putObjectDirect(B, 'd/q', '1');
    const quietXml = '<Delete><Quiet>true</Quiet><Object><Key>d/q</Key></Object></Delete>';
    const quiet = await signedRequest(server, { method: 'POST', bucket: B, query: [['delete', '']], body: quietXml, headers: { 'content-md5': md5b64(quietXml) } });
    assert.equal(quiet.status, 200);
    assert.deepEqual(xmlTags(quiet.text, 'Deleted'), []);
    const many = `<Delete>${Array.from({ length: 1001 }, (_, i) => `<Object><Key>k${i}</Key></Object>`).join('')}</Delete>`;
    const tooMany = await signedRequest(server, { method: 'POST', bucket: B, query: [['delete', '']], body: many, headers: { 'content-md5': md5b64(many) } });
    assert.equal(xmlTag(tooMany.text, 'Code'), 'MalformedXML');
  });

  it('ListObjectsV2: encoding-type=url encodes Key/Prefix/CommonPrefixes/StartAfter/tokens; KeyCount; byte order; max-keys bounds', async () => {
    const keys = ['e/ä.txt', 'e/z.txt', 'e/\uffff.txt', 'e/😀.txt', 'e/a b/1', 'e/a b/2', 'e/A', 'e/%41'];
    for (const k of keys) {
      server.putObjectDirect(B, k, k);
    }
    const byteOrder = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual(server.listKeys(B, 'e/'), byteOrder);
    assert.ok(compareKeys('\uffff', '😀') < 0);
    const r = await signedRequest(server, {
      method: 'GET', bucket: B, query: [['list-type', '2'], ['prefix', 'e/'], ['delimiter', '/'], ['max-keys', '3'], ['encoding-type', 'url'], ['start-after', 'e/%']],
    });
    assert.equal(r.status, 200);
    assert.equal(xmlTag(r.text, 'Prefix'), 'e%2F');
    assert.equal(xmlTag(r.text, 'StartAfter'), 'e%2F%25');
    assert.equal(xmlTag(r.text, 'EncodingType'), 'url');
    assert.equal(xmlTag(r.text, 'KeyCount'), '3');
    assert.equal(xmlTag(r.text, 'IsTruncated'), 'true');
    const token = xmlTag(r.text, 'NextContinuationToken') as string;
    assert.ok(token);
    const contents = xmlTags(r.text, 'Key').map(decodeURIComponent);
    const prefixes = xmlTags(r.text, 'CommonPrefixes').map((p) => decodeURIComponent(xmlTag(p, 'Prefix') as string));
    assert.deepEqual([...contents, ...prefixes].sort(), ['e/%41', 'e/A', 'e/a b/'].sort());
    const r2 = await signedRequest(server, {
      method: 'GET', bucket: B, query: [['list-type', '2'], ['prefix', 'e/'], ['delimiter', '/'], ['continuation-token', token], ['fetch-owner', 'true']],
    });
    assert.equal(xmlTag(r2.text, 'ContinuationToken'), token);
    assert.deepEqual(xmlTags(r2.text, 'Key'), ['e/z.txt', 'e/ä.txt', 'e/\uffff.txt', 'e/😀.txt']);
    assert.ok(xmlTag(r2.text, 'Owner'));
    const bad = await signedRequest(server, { method: 'GET', bucket: B, query: [['list-type', '2'], ['max-keys', '1001']] });
    assert.equal(xmlTag(bad.text, 'Code'), 'InvalidArgument');
  });

  it('keys with dot segments and // are taken verbatim from the raw path', async () => {
    for (const key of ['x/../y.txt', 'x/./y.txt', 'x//y.txt', '..', '.']) {
      const put = await signedRequest(server, { method: 'PUT', bucket: B, key, body: key });
      assert.equal(put.status, 200, key);
      assert.ok(server.headObjectDirect(B, key), key);
      assert.equal((await signedRequest(server, { method: 'GET', bucket: B, key })).text, key);
    }
    // virtual-host addressing with a raw path
    const r = await rawRequest(server, { method: 'GET', path: '/x/../y.txt', host: `${B}.oss-cn-hangzhou.aliyuncs.com` });
    assert.equal(r.status, 403, 'anonymous, but routed'); // AccessDenied (no auth), not NoSuchBucket
  });

  it('multipart errors: EntityTooSmall, InvalidPartOrder, InvalidPart, NoSuchUpload, forbid-overwrite; complete-all; UploadPartCopy', async () => {
    const init = await signedRequest(server, { method: 'POST', bucket: B, key: 'mp/x.bin', query: [['uploads', '']] });
    const uploadId = xmlTag(init.text, 'UploadId') as string;
    const p1 = randomBytes(50 * 1024);
    const p2 = randomBytes(120 * 1024);
    const up = async (n: number, body: Buffer) => signedRequest(server, { method: 'PUT', bucket: B, key: 'mp/x.bin', query: [['partNumber', String(n)], ['uploadId', uploadId]], body });
    const r1 = await up(1, p1);
    const r2 = await up(2, p2);
    assert.equal(r1.headers['x-oss-hash-crc64ecma'], crc64(p1).toString());
    const complete = (parts: [number, string][], headers: Record<string, string> = {}) => {
      const xml = `<CompleteMultipartUpload>${parts.map(([n, e]) => `<Part><PartNumber>${n}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
      return signedRequest(server, { method: 'POST', bucket: B, key: 'mp/x.bin', query: [['uploadId', uploadId]], body: xml, headers });
    };
    const e1 = r1.headers.etag as string;
    const e2 = r2.headers.etag as string;
    assert.equal(xmlTag((await complete([[1, e1], [2, e2]])).text, 'Code'), 'EntityTooSmall');
    assert.equal(xmlTag((await complete([[2, e2], [1, e1]])).text, 'Code'), 'InvalidPartOrder');
    assert.equal(xmlTag((await complete([[1, '"0000"']])).text, 'Code'), 'InvalidPart');
    assert.equal(xmlTag((await complete([[7, e1]])).text, 'Code'), 'InvalidPart');
    // replace part 1 with a big one via UploadPartCopy from a seeded source
    const src = randomBytes(300 * 1024);
    server.putObjectDirect(B, 'mp/src.bin', src);
    const copy = await signedRequest(server, {
      method: 'PUT', bucket: B, key: 'mp/x.bin', query: [['partNumber', '1'], ['uploadId', uploadId]],
      headers: { 'x-oss-copy-source': `/${B}/mp%2Fsrc.bin`, 'x-oss-copy-source-range': 'bytes=1000-201999' },
    });
    assert.equal(copy.status, 200, copy.text);
    const e1b = xmlTag(copy.text, 'ETag') as string;
    server.putObjectDirect(B, 'mp/x.bin', 'exists');
    const forbidden = await complete([[1, e1b], [2, e2]], { 'x-oss-forbid-overwrite': 'true' });
    assert.equal(xmlTag(forbidden.text, 'Code'), 'FileAlreadyExists');
    const done = await complete([[1, e1b], [2, e2]]);
    assert.equal(done.status, 200, done.text);
    const expected = Buffer.concat([src.subarray(1000, 202000), p2]);
    assert.equal(done.headers['x-oss-hash-crc64ecma'], crc64(expected).toString());
    assert.equal(done.headers['x-oss-hash-crc64ecma'], crc64Combine(crc64(src.subarray(1000, 202000)), crc64(p2), p2.length).toString());
    assert.ok((await server.getObjectBytes(B, 'mp/x.bin'))?.equals(expected));
    assert.equal(xmlTag((await complete([[1, e1b]])).text, 'Code'), 'NoSuchUpload');
    // x-oss-complete-all
    const init2 = await signedRequest(server, { method: 'POST', bucket: B, key: 'mp/all.bin', query: [['uploads', '']] });
    const id2 = xmlTag(init2.text, 'UploadId') as string;
    await signedRequest(server, { method: 'PUT', bucket: B, key: 'mp/all.bin', query: [['partNumber', '1'], ['uploadId', id2]], body: p2 });
    await signedRequest(server, { method: 'PUT', bucket: B, key: 'mp/all.bin', query: [['partNumber', '5'], ['uploadId', id2]], body: p1 });
    const all = await signedRequest(server, { method: 'POST', bucket: B, key: 'mp/all.bin', query: [['uploadId', id2]], headers: { 'x-oss-complete-all': 'yes' } });
    assert.equal(all.status, 200, all.text);
    assert.equal(all.headers['x-oss-hash-crc64ecma'], crc64(Buffer.concat([p2, p1])).toString());
    const abortMissing = await signedRequest(server, { method: 'DELETE', bucket: B, key: 'mp/all.bin', query: [['uploadId', id2]] });
    assert.equal(abortMissing.status, 404);
  });

  it('CopyObject: metadata directive, forbid-overwrite, missing source, CopyObjectResult', async () => {
    server.putObjectDirect(B, 'c/src', 'source', { contentType: 'text/plain', meta: { m: '1' } });
    const r = await signedRequest(server, { method: 'PUT', bucket: B, key: 'c/dst', headers: { 'x-oss-copy-source': `/${B}/c%2Fsrc` } });
    assert.equal(r.status, 200);
    assert.ok(xmlTag(r.text, 'ETag'));
    assert.ok(xmlTag(r.text, 'LastModified'));
    assert.equal(server.headObjectDirect(B, 'c/dst')?.contentType, 'text/plain');
    const f = await signedRequest(server, { method: 'PUT', bucket: B, key: 'c/dst', headers: { 'x-oss-copy-source': `/${B}/c/src`, 'x-oss-forbid-overwrite': 'true' } });
    assert.equal(xmlTag(f.text, 'Code'), 'FileAlreadyExists');
    const m = await signedRequest(server, { method: 'PUT', bucket: B, key: 'c/src2', headers: { 'x-oss-copy-source': `/${B}/c/missing` } });
    assert.equal(xmlTag(m.text, 'Code'), 'NoSuchKey');
    const rep = await signedRequest(server, {
      method: 'PUT', bucket: B, key: 'c/rep', headers: { 'x-oss-copy-source': `/${B}/c/src`, 'x-oss-metadata-directive': 'REPLACE', 'content-type': 'a/b', 'x-oss-meta-n': '2' },
    });
    assert.equal(rep.status, 200);
    assert.deepEqual(server.headObjectDirect(B, 'c/rep')?.meta, { n: '2' });
    // deleting the source keeps the copy (shared blob is reference counted)
    server.deleteObjectDirect(B, 'c/src');
    assert.equal((await server.getObjectBytes(B, 'c/dst'))?.toString(), 'source');
  });

  it('large objects are streamed to a temp file and round-trip (6 MiB)', async () => {
    const big = randomBytes(6 * 1024 * 1024 + 7);
    const c = aliClient(server, MODES[2], B);
    const put = await c.put('big/six.bin', big);
    assert.equal(put.res.headers['x-oss-hash-crc64ecma'], crc64(big).toString());
    const got = await c.get('big/six.bin');
    assert.ok(got.content.equals(big));
    const range = await signedRequest(server, { method: 'GET', bucket: B, key: 'big/six.bin', headers: { range: 'bytes=5000000-5000009' } });
    assert.ok(range.body.equals(big.subarray(5000000, 5000010)));
  });

  it('bodies hashed off-thread (> 2 MiB parts), chunked uploads spilling to disk, resets during large uploads', async () => {
    const c = aliClient(server, MODES[0], B);
    const data = randomBytes(7 * 1024 * 1024 + 5);
    const r = await c.multipartUpload('big/mp.bin', data, { partSize: 3 * 1024 * 1024, parallel: 2 });
    assert.equal(r.res.headers['x-oss-hash-crc64ecma'], crc64(data).toString());
    assert.ok((await server.getObjectBytes(B, 'big/mp.bin'))?.equals(data));
    // the completed object references its parts: ranges across part boundaries
    for (const [a, z] of [[3 * 1024 * 1024 - 10, 3 * 1024 * 1024 + 9], [100, 7 * 1024 * 1024], [6 * 1024 * 1024 + 1, 7 * 1024 * 1024 + 4]]) {
      const g = await signedRequest(server, { method: 'GET', bucket: B, key: 'big/mp.bin', headers: { range: `bytes=${a}-${z}` } });
      assert.equal(g.status, 206);
      assert.ok(g.body.equals(data.subarray(a, z + 1)), `range ${a}-${z}`);
    }
    const parts = server.listUploads(B);
    assert.equal(parts.length, 0);
    // chunked transfer-encoding (no Content-Length): starts in memory, spills to a file past 4 MiB
    const chunked = randomBytes(5 * 1024 * 1024);
    const res = await new Promise<{ status: number; crc: string }>((resolve, reject) => {
      const date = new Date().toUTCString();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const signUtils: any = require('ali-oss/lib/common/signUtils');
      const sts = signUtils.buildCanonicalString('PUT', `/${B}/big/chunked.bin`, { headers: {} }, date);
      const req = http.request({
        host: '127.0.0.1', port: server.port, method: 'PUT', path: `/${B}/big/chunked.bin`, agent: false,
        headers: { date, authorization: `OSS ${server.accessKeyId}:${signUtils.computeSignature(server.accessKeySecret, sts)}`, 'transfer-encoding': 'chunked' },
      }, (resp) => {
        resp.resume();
        resp.on('end', () => resolve({ status: resp.statusCode ?? 0, crc: String(resp.headers['x-oss-hash-crc64ecma']) }));
      });
      req.on('error', reject);
      for (let off = 0; off < chunked.length; off += 256 * 1024) {
        req.write(chunked.subarray(off, off + 256 * 1024));
      }
      req.end();
    });
    assert.equal(res.status, 200);
    assert.equal(res.crc, crc64(chunked).toString());
    assert.ok((await server.getObjectBytes(B, 'big/chunked.bin'))?.equals(chunked));
    // a reset in the middle of an off-thread-hashed upload
    server.faults.resetRequestAfterBytes(3 * 1024 * 1024);
    await assert.rejects(signedRequest(server, { method: 'PUT', bucket: B, key: 'big/reset.bin', body: data }));
    assert.equal(server.headObjectDirect(B, 'big/reset.bin'), undefined);
    const again = await signedRequest(server, { method: 'PUT', bucket: B, key: 'big/reset.bin', body: data });
    assert.equal(again.headers['x-oss-hash-crc64ecma'], crc64(data).toString());
  });

  it('100,000 keys: a page costs O(page) (binary search), including delimiter roll-ups', async () => {
    server.createBucket('huge-bucket');
    for (let i = 0; i < 100_000; i++) {
      server.putObjectDirect('huge-bucket', `d${String(i % 100).padStart(3, '0')}/k${String(i).padStart(6, '0')}`, '');
    }
    // Work is counted in keys looked at, not timed: 1000 keys walked plus a few binary searches
    // (log2 100,000 < 17 probes each). A linear scan would look at tens of thousands.
    for (let i = 0; i < 20; i++) {
      keyVisits.count = 0;
      const r = await signedRequest(server, { method: 'GET', bucket: 'huge-bucket', query: [['list-type', '2'], ['start-after', `d050/k0${i}`], ['max-keys', '1000']] });
      assert.equal(xmlTag(r.text, 'KeyCount'), '1000');
      assert.ok(keyVisits.count <= 1000 + 4 * 17, `a page of 1000 looked at ${keyVisits.count} keys`);
    }
    keyVisits.count = 0;
    const r = await signedRequest(server, { method: 'GET', bucket: 'huge-bucket', query: [['list-type', '2'], ['delimiter', '/'], ['max-keys', '1000']] });
    assert.equal(xmlTags(r.text, 'CommonPrefixes').length, 100);
    assert.equal(xmlTag(r.text, 'IsTruncated'), 'false');
    assert.ok(keyVisits.count <= 100 * (1 + 17) + 17, `100 roll-ups looked at ${keyVisits.count} keys`);
  });

  describe('fault injection and request log', () => {
    it('failNext: 503 then success, with op matching; request log', async () => {
      server.clearRequests();
      server.faults.failNext(1, 503, { op: 'PutObject' });
      const get = await signedRequest(server, { method: 'GET', bucket: B, query: [['list-type', '2']] });
      assert.equal(get.status, 200, 'other ops unaffected');
      const first = await signedRequest(server, { method: 'PUT', bucket: B, key: 'f/x', body: 'x' });
      assert.equal(first.status, 503);
      assert.equal(xmlTag(first.text, 'Code'), 'ServiceUnavailable');
      const second = await signedRequest(server, { method: 'PUT', bucket: B, key: 'f/x', body: 'x' });
      assert.equal(second.status, 200);
      server.faults.failNext(2);
      const c = aliClient(server, MODES[0], B);
      await assert.rejects(c.get('f/x'), (e: { status: number; code: string }) => e.status === 500 && e.code === 'InternalError');
      await assert.rejects(c.get('f/x'), (e: { status: number }) => e.status === 500);
      assert.equal((await c.get('f/x')).content.toString(), 'x');
      const log = server.requests.map((e) => [e.method, e.op, e.status]);
      assert.deepEqual(log, [
        ['GET', 'ListObjectsV2', 200], ['PUT', 'PutObject', 503], ['PUT', 'PutObject', 200],
        ['GET', 'GetObject', 500], ['GET', 'GetObject', 500], ['GET', 'GetObject', 200],
      ]);
      assert.equal(server.requests[1].path, '/api-bucket/f/x');
      assert.equal(server.requests[5].auth, 'v1-header');
    });

    it('latencyMs delays responses', async () => {
      server.faults.latencyMs = 150;
      const t = Date.now();
      await signedRequest(server, { method: 'GET', bucket: B, key: 'f/x' });
      assert.ok(Date.now() - t >= 140);
    });

    it('resetRequestAfterBytes destroys the socket mid-upload; nothing is stored; next upload works', async () => {
      server.faults.resetRequestAfterBytes(64 * 1024);
      const body = randomBytes(512 * 1024);
      await assert.rejects(signedRequest(server, { method: 'PUT', bucket: B, key: 'f/reset.bin', body }), (e: NodeJS.ErrnoException) => ['ECONNRESET', 'EPIPE'].includes(e.code ?? ''));
      assert.equal(server.headObjectDirect(B, 'f/reset.bin'), undefined);
      const ok = await signedRequest(server, { method: 'PUT', bucket: B, key: 'f/reset.bin', body });
      assert.equal(ok.status, 200);
    });

    it('resetResponseAfterBytes cuts a download after n bytes', async () => {
      const body = randomBytes(300 * 1024);
      server.putObjectDirect(B, 'f/dl.bin', body);
      server.faults.resetResponseAfterBytes(1000);
      const c = aliClient(server, MODES[2], B);
      await assert.rejects(c.get('f/dl.bin'));
      assert.ok((await c.get('f/dl.bin')).content.equals(body));
    });

    it('corruptCrcNext sends a wrong x-oss-hash-crc64ecma once', async () => {
      const body = Buffer.from('crc me');
      server.faults.corruptCrcNext(1);
      const r1 = await signedRequest(server, { method: 'PUT', bucket: B, key: 'f/crc', body });
      assert.notEqual(r1.headers['x-oss-hash-crc64ecma'], crc64(body).toString());
      const r2 = await signedRequest(server, { method: 'GET', bucket: B, key: 'f/crc' });
      assert.equal(r2.headers['x-oss-hash-crc64ecma'], crc64(body).toString());
    });
  });
});

describe('ossServer seeding, CLI, persistence', function () {
  this.timeout(20000);

  it("seed: 'demo' is fast and has the documented content", async () => {
    const t = Date.now();
    const s = await startOssServer({ seed: 'demo' });
    const ms = Date.now() - t;
    try {
      assert.ok(ms < 1000, `seeding took ${ms} ms`);
      assert.deepEqual(s.listBuckets(), ['demo-assets', 'demo-empty', 'demo-logs']);
      assert.equal(s.listKeys('demo-assets', 'big-folder/').length, 5000);
      assert.equal(s.listKeys('demo-empty').length, 0);
      const odd = s.listKeys('demo-assets', 'odd names/');
      assert.ok(odd.some((k) => Buffer.byteLength(k) === 1023));
      assert.ok(odd.includes('odd names//double-slash.txt'));
      assert.ok(odd.some((k) => k.includes('中文')));
      const png = await s.getObjectBytes('demo-assets', 'images/logo.png');
      assert.deepEqual([...(png as Buffer).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const jpg = await s.getObjectBytes('demo-assets', 'images/photo.jpg');
      assert.deepEqual([...(jpg as Buffer).subarray(0, 3)], [0xff, 0xd8, 0xff]);
      assert.equal(s.headObjectDirect('demo-assets', 'images/logo.png')?.contentType, 'image/png');
      const c = aliClient(s, MODES[3], 'demo-assets');
      const top = await c.listV2({ delimiter: '/' });
      assert.deepEqual(top.prefixes, ['big-folder/', 'docs/', 'images/', 'odd names/']);
    } finally {
      await s.close();
    }
  });

  it('temp blobs live in a temp dir that close() removes', async () => {
    const s = await startOssServer();
    s.createBucket('tmp-bucket');
    const c = aliClient(s, MODES[2], 'tmp-bucket');
    await c.put('big.bin', randomBytes(5 * 1024 * 1024));
    assert.equal(fs.readdirSync(s.blobDir).length, 1, 'large object streamed to a file');
    await c.put('big.bin', Buffer.from('small now'));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(fs.readdirSync(s.blobDir).length, 0, 'overwritten blob file removed');
    await s.close();
    assert.equal(fs.existsSync(s.blobDir), false);
  });

  it('CLI prints exactly one JSON line and stops on SIGTERM', async () => {
    const cli = path.join(__dirname, '..', '..', 'support', 'ossServer', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0', '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) {
          resolve(out.slice(0, out.indexOf('\n')));
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const info = JSON.parse(line);
    assert.deepEqual(Object.keys(info), ['endpoint', 'region', 'accessKeyId', 'accessKeySecret']);
    assert.match(info.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    const port = Number(info.endpoint.split(':').pop());
    const c = aliClient({ ...info, port, region: info.region } as OssServer, MODES[2], 'demo-assets');
    assert.match((await c.get('docs/README.md')).content.toString(), /Demo assets/);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c2) => resolve(c2));
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
    assert.equal(out.trim().split('\n').length, 1);
  });

  it('dataDir: objects on disk, metadata survives a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-data-'));
    try {
      const s1 = await startOssServer({ dataDir: dir });
      s1.createBucket('persist');
      const c1 = aliClient(s1, MODES[2], 'persist');
      await c1.put('a/b.txt', Buffer.from('persisted'), { headers: { 'x-oss-meta-k': 'v' } });
      const mp = randomBytes(300 * 1024);
      await c1.multipartUpload('a/mp.bin', mp, { partSize: 100 * 1024 });
      await c1.copy('a/mp-copy.bin', 'a/mp.bin');
      await s1.close();
      assert.ok(fs.readdirSync(path.join(dir, 'blobs')).length >= 1);
      const s2 = await startOssServer({ dataDir: dir, accounts: [{ accessKeyId: s1.accessKeyId, accessKeySecret: s1.accessKeySecret }] });
      try {
        const c2 = aliClient(s2, MODES[0], 'persist');
        const got = await c2.get('a/b.txt');
        assert.equal(got.content.toString(), 'persisted');
        assert.equal(got.res.headers['x-oss-meta-k'], 'v');
        await c2.delete('a/mp.bin');
        assert.ok((await c2.get('a/mp-copy.bin')).content.equals(mp), 'copy survives deleting its source after a restart');
      } finally {
        await s2.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
