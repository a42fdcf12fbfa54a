/**
 * The local OSS server exercised with ali-oss (the official Node SDK) as the client, in V1/V4 and
 * both addressing styles: this shows the server speaks OSS, not only our own dialect.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startOssServer, type OssServer } from '../../support/ossServer';
import { crc64, crc64String } from '../../../src/core/crc64';
import * as http from 'node:http';
import { MODES, aliClient, type AliOss } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OSS: any = require('ali-oss');

/** GETs `url` from the server at `endpoint`, keeping the URL's Host header and raw path (as DNS would). */
function fetchVia(endpoint: string, url: string): Promise<Response> {
  const u = new URL(url);
  const e = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: e.hostname, port: e.port, path: u.pathname + u.search, headers: { host: u.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers }));
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('ossServer with ali-oss as the client', function () {
  this.timeout(20000);
  let server: OssServer;

  before(async () => {
    server = await startOssServer({ seed: 'demo' });
  });
  after(async () => {
    await server?.close();
  });

  for (const mode of MODES) {
    describe(mode.name, () => {
      let bucket: string;
      let c: AliOss;

      before(() => {
        bucket = `t-${mode.v4 ? 'v4' : 'v1'}-${mode.style}`;
        server.createBucket(bucket);
        c = aliClient(server, mode, bucket);
      });

      it('put / get / head with metadata and content-type', async () => {
        const body = Buffer.from('hello world 你好\n');
        const put = await c.put('dir/hello.txt', body, { headers: { 'x-oss-meta-color': 'blue', 'Content-Type': 'text/plain; charset=utf-8' } });
        assert.equal(put.res.status, 200);
        assert.equal(put.res.headers['x-oss-hash-crc64ecma'], crc64String(body));
        assert.match(put.res.headers.etag, /^"[0-9A-F]{32}"$/);
        const got = await c.get('dir/hello.txt');
        assert.deepEqual(got.content, body);
        assert.equal(got.res.headers['content-type'], 'text/plain; charset=utf-8');
        assert.equal(got.res.headers['x-oss-hash-crc64ecma'], crc64(body).toString());
        const head = await c.head('dir/hello.txt');
        assert.equal(head.status, 200);
        assert.equal(head.meta.color, 'blue');
        assert.equal(head.res.headers['content-length'], String(body.length));
        assert.equal(head.res.headers['x-oss-object-type'], 'Normal');
        assert.equal(head.res.headers['x-oss-storage-class'], 'Standard');
        const ranged = await c.get('dir/hello.txt', { headers: { Range: 'bytes=0-4' } });
        assert.equal(ranged.res.status, 206);
        assert.equal(ranged.content.toString(), 'hello');
        assert.equal(ranged.res.headers['content-range'], `bytes 0-4/${body.length}`);
      });

      it('errors: NoSuchKey (GET body) and HEAD 404', async () => {
        await assert.rejects(c.get('nope/missing.txt'), (e: { code: string; status: number }) => e.code === 'NoSuchKey' && e.status === 404);
        await assert.rejects(c.head('nope/missing.txt'), (e: { status: number; code: string }) => e.status === 404 && e.code === 'NoSuchKey');
      });

      it('listV2: pagination, delimiter, start-after, encoding-type=url', async () => {
        for (let i = 0; i < 25; i++) {
          server.putObjectDirect(bucket, `list/k${String(i).padStart(3, '0')}`, `v${i}`);
        }
        server.putObjectDirect(bucket, 'list/sub/a', 'a');
        server.putObjectDirect(bucket, 'list/sub2/b', 'b');
        const seen: string[] = [];
        const prefixes: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const r = await c.listV2({ prefix: 'list/', delimiter: '/', 'max-keys': 10, ...(token ? { 'continuation-token': token } : {}) });
          pages++;
          seen.push(...(r.objects ?? []).map((o: { name: string }) => o.name));
          prefixes.push(...(r.prefixes ?? []));
          token = r.isTruncated ? r.nextContinuationToken : undefined;
          assert.equal(Number(r.keyCount), (r.objects ?? []).length + (r.prefixes ?? []).length);
        } while (token);
        assert.equal(pages, 3);
        assert.equal(seen.length, 25);
        assert.deepEqual(prefixes, ['list/sub/', 'list/sub2/']);
        const after = await c.listV2({ prefix: 'list/', 'start-after': 'list/k020', 'max-keys': 100 });
        assert.deepEqual(after.objects.map((o: { name: string }) => o.name), ['list/k021', 'list/k022', 'list/k023', 'list/k024', 'list/sub/a', 'list/sub2/b']);
        // ali-oss does not URL-decode the keys of an encoding-type=url listing; it hands them back encoded.
        const enc = await c.listV2({ prefix: 'list/sub', 'encoding-type': 'url' });
        assert.deepEqual(enc.objects.map((o: { name: string }) => o.name), ['list%2Fsub%2Fa', 'list%2Fsub2%2Fb']);
        assert.deepEqual(enc.objects.map((o: { name: string }) => decodeURIComponent(o.name)), ['list/sub/a', 'list/sub2/b']);
      });

      it('list (v1): marker pagination', async () => {
        const r1 = await c.list({ prefix: 'list/k', 'max-keys': 20 });
        assert.equal(r1.objects.length, 20);
        assert.equal(r1.isTruncated, true);
        const r2 = await c.list({ prefix: 'list/k', 'max-keys': 20, marker: r1.nextMarker });
        assert.equal(r2.objects.length, 5);
        assert.equal(r2.isTruncated, false);
      });

      it('multipart: init, uploadPart, listParts, abort, listUploads', async () => {
        const init = await c.initMultipartUpload('mp/aborted.bin');
        const part = randomBytes(150 * 1024);
        const up = await c.uploadPart('mp/aborted.bin', init.uploadId, 1, part, 0, part.length);
        assert.equal(up.res.headers['x-oss-hash-crc64ecma'], crc64String(part));
        await c.uploadPart('mp/aborted.bin', init.uploadId, 3, part, 0, 1000);
        const parts = await c.listParts('mp/aborted.bin', init.uploadId);
        // ali-oss (xml2js, explicitArray: false) returns a single <Part> as an object, several as an array.
        assert.equal(parts.parts.length, 2);
        assert.deepEqual(parts.parts.map((p: { PartNumber: string }) => p.PartNumber), ['1', '3']);
        assert.equal(Number(parts.parts[0].Size), part.length);
        assert.equal(parts.parts[0].HashCrc64ecma, crc64String(part));
        assert.equal(parts.parts[1].HashCrc64ecma, crc64String(part.subarray(0, 1000)));
        const page = await c.listParts('mp/aborted.bin', init.uploadId, { 'max-parts': 1 });
        assert.equal(page.isTruncated, 'true');
        assert.equal(page.nextPartNumberMarker, '1');
        const uploads = await c.listUploads({ prefix: 'mp/' });
        assert.ok(uploads.uploads.some((u: { uploadId: string }) => u.uploadId === init.uploadId));
        assert.equal(server.listUploads(bucket).length, 1);
        await c.abortMultipartUpload('mp/aborted.bin', init.uploadId);
        assert.equal(server.listUploads(bucket).length, 0);
        await assert.rejects(c.listParts('mp/aborted.bin', init.uploadId), (e: { code: string }) => e.code === 'NoSuchUpload');
      });

      it('multipartUpload (managed) of a buffer; CRC of the whole object from combined parts', async () => {
        const data = randomBytes(350 * 1024 + 123);
        const r = await c.multipartUpload('mp/whole.bin', data, { partSize: 100 * 1024, parallel: 2 });
        assert.equal(r.res.status, 200);
        assert.equal(r.res.headers['x-oss-hash-crc64ecma'], crc64String(data));
        const bytes = await server.getObjectBytes(bucket, 'mp/whole.bin');
        assert.ok(bytes && bytes.equals(data));
        const head = await c.head('mp/whole.bin');
        assert.equal(head.res.headers['x-oss-object-type'], 'Multipart');
        assert.match(head.res.headers.etag, /-4"$/);
      });

      it('copy (same bucket and cross-bucket) and deleteMulti', async () => {
        await c.put('cp/src.txt', Buffer.from('copy me'), { headers: { 'x-oss-meta-a': '1' } });
        const r = await c.copy('cp/dst.txt', 'cp/src.txt');
        assert.equal(r.res.status, 200);
        assert.equal((await c.get('cp/dst.txt')).content.toString(), 'copy me');
        assert.equal((await c.head('cp/dst.txt')).meta.a, '1');
        const r2 = await c.copy('cp/from-demo.md', 'docs/README.md', 'demo-assets');
        assert.equal(r2.res.status, 200);
        assert.match((await c.get('cp/from-demo.md')).content.toString(), /Demo assets/);
        const r3 = await c.copy('cp/replaced.txt', 'cp/src.txt', { meta: { b: '2' } });
        assert.equal(r3.res.status, 200);
        const h3 = await c.head('cp/replaced.txt');
        assert.equal(h3.meta.b, '2');
        assert.equal(h3.meta.a, undefined);
        const del = await c.deleteMulti(['cp/src.txt', 'cp/dst.txt', 'cp/never-existed'], { quiet: false });
        assert.deepEqual(del.deleted.map((d: { Key: string }) => d.Key).sort(), ['cp/dst.txt', 'cp/never-existed', 'cp/src.txt']);
        const quiet = await c.deleteMulti(['cp/from-demo.md', 'cp/replaced.txt'], { quiet: true });
        assert.equal(quiet.res.status, 200);
        assert.deepEqual(server.listKeys(bucket, 'cp/'), []);
      });

      it('odd keys round trip (spaces, unicode, emoji, +, %, #, ?, //, dot segments, 1023 bytes)', async () => {
        const keys = [
          'odd/hello world.txt', 'odd/中文.txt', 'odd/emoji 🎉.txt', 'odd/a+b=c&d.txt', 'odd/100%.txt', 'odd/hash#tag.txt',
          // No '.'/'..' segments here: ali-oss (url.format + urllib) normalises them away before sending,
          // so such keys cannot be addressed with ali-oss at all. The raw-HTTP tests cover them.
          'odd/q?x=1.txt', 'odd//double.txt', 'odd/.hidden', 'odd/..dots..', "odd/quote's \"d\".txt", 'odd/<xml>&amp;.txt',
          `odd/${'x'.repeat(1019)}`,
        ];
        for (const k of keys) {
          await c.put(k, Buffer.from(`body of ${k}`));
          assert.ok(server.headObjectDirect(bucket, k), `stored under the exact key: ${k}`);
          assert.equal((await c.get(k)).content.toString(), `body of ${k}`, k);
        }
        const listed = await c.listV2({ prefix: 'odd/', 'max-keys': 1000 });
        assert.deepEqual(listed.objects.map((o: { name: string }) => o.name).sort(), [...keys].sort());
        await assert.rejects(c.put(`odd/${'x'.repeat(1020)}`, Buffer.from('too long')), (e: { code: string }) => e.code === 'InvalidObjectName');
      });

      it('signatureUrl / signatureUrlV4 presigned GET over plain HTTP', async () => {
        // ali-oss cannot presign for an IP endpoint in virtual-host style (V1 refuses; V4 leaves the bucket
        // out of the URL). So in that mode a second ali-oss client signs for the real OSS host name, and
        // the request goes to this server with exactly that URL's Host header and path; the signature is
        // still verified in full.
        const signer: AliOss = mode.style === 'vhost'
          ? new OSS({ region: `oss-${server.region}`, accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret, bucket, authorizationV4: mode.v4 })
          : c;
        const fetch = (url: string): Promise<Response> =>
          mode.style === 'vhost' ? fetchVia(server.endpoint, url) : globalThis.fetch(url);
        await c.put('signed/file.txt', Buffer.from('signed content'));
        const url: string = mode.v4
          ? await signer.signatureUrlV4('GET', 600, { headers: {} }, 'signed/file.txt')
          : signer.signatureUrl('signed/file.txt', { expires: 600 });
        if (mode.style === 'vhost') assert.equal(new URL(url).host, `${bucket}.oss-${server.region}.aliyuncs.com`);
        const res = await fetch(url);
        assert.equal(res.status, 200, await res.clone().text());
        assert.equal(await res.text(), 'signed content');
        const withDisposition: string = mode.v4
          ? await signer.signatureUrlV4('GET', 600, { headers: {}, queries: { 'response-content-disposition': 'attachment; filename="a b.txt"' } }, 'signed/file.txt')
          : signer.signatureUrl('signed/file.txt', { expires: 600, response: { 'content-disposition': 'attachment; filename="a b.txt"' } });
        const res2 = await fetch(withDisposition);
        assert.equal(res2.status, 200, await res2.clone().text());
        assert.equal(res2.headers.get('content-disposition'), 'attachment; filename="a b.txt"');
        const tampered = url.replace('signed%2Ffile.txt', 'signed%2Fother.txt').replace('signed/file.txt', 'signed/other.txt');
        const bad = await fetch(tampered);
        assert.equal(bad.status, 403);
        assert.match(await bad.text(), /SignatureDoesNotMatch/);
      });
    });
  }

  it('listBuckets with real pagination, putBucket errors (path-style V4)', async () => {
    const c = aliClient(server, MODES[3]);
    for (const n of ['pg-a', 'pg-b', 'pg-c']) {
      await c.putBucket(n);
    }
    const r1 = await c.listBuckets({ prefix: 'pg-', 'max-keys': 2 });
    assert.deepEqual(r1.buckets.map((b: { name: string }) => b.name), ['pg-a', 'pg-b']);
    assert.equal(r1.isTruncated, true);
    assert.equal(r1.nextMarker, 'pg-b');
    assert.equal(r1.buckets[0].region, 'oss-cn-hangzhou');
    const r2 = await c.listBuckets({ prefix: 'pg-', 'max-keys': 2, marker: r1.nextMarker });
    assert.deepEqual(r2.buckets.map((b: { name: string }) => b.name), ['pg-c']);
    assert.equal(r2.isTruncated, false);
    await assert.rejects(c.putBucket('pg-a'), (e: { code: string; status: number }) => e.code === 'BucketAlreadyExists' && e.status === 409);
    const all = await c.listBuckets({});
    assert.ok(all.buckets.some((b: { name: string }) => b.name === 'demo-assets'));
  });

  it('NoSuchBucket', async () => {
    const c = aliClient(server, MODES[2], 'no-such-bucket-here');
    await assert.rejects(c.get('x'), (e: { code: string; status: number }) => e.code === 'NoSuchBucket' && e.status === 404);
  });
});
