/**
 * The local OSS server's custom-domain (CNAME) routing: a request whose Host is in `cnames` goes to
 * that bucket with the whole path as the key, before the virtual-host and path-style rules. ali-oss
 * (cname: true) is the client, so V1 and V4 signatures over /<bucket>/<key> are made and checked
 * with ali-oss's code, as for the other styles.
 */
import * as assert from 'node:assert/strict';
import { freePort, startOssServer, type OssServer } from '../../support/ossServer';
import { rawRequest, type AliOss } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OSS: any = require('ali-oss');

const BUCKET = 'cname-bucket';

describe('ossServer custom domains (cnames)', function () {
  this.timeout(20000);
  let server: OssServer;
  let domain: string;

  before(async () => {
    const port = await freePort();
    domain = `localhost:${port}`;
    server = await startOssServer({ port, cnames: { [domain]: BUCKET, 'cdn.example.com': BUCKET } });
    server.createBucket(BUCKET);
    server.createBucket('other-bucket');
  });
  after(async () => {
    await server?.close();
  });

  for (const v4 of [false, true]) {
    describe(v4 ? 'V4' : 'V1', () => {
      let c: AliOss;
      before(() => {
        c = new OSS({
          endpoint: `http://${domain}`,
          cname: true,
          region: `oss-${server.region}`,
          accessKeyId: server.accessKeyId,
          accessKeySecret: server.accessKeySecret,
          bucket: BUCKET,
          authorizationV4: v4,
          timeout: 10000,
        });
      });
      beforeEach(() => server.clearRequests());

      it('put / get / head / list / delete through the CNAME host: no bucket in the path', async () => {
        const key = `${v4 ? 'v4' : 'v1'}/a b+c.txt`;
        const put = await c.put(key, Buffer.from('via cname'), { headers: { 'Content-Type': 'text/plain' } });
        assert.equal(put.res.status, 200);
        assert.equal((await server.getObjectBytes(BUCKET, key))?.toString(), 'via cname');
        assert.equal((await c.get(key)).content.toString(), 'via cname');
        assert.equal((await c.head(key)).status, 200);
        const listed = await c.listV2({ prefix: `${v4 ? 'v4' : 'v1'}/`, 'max-keys': 100 });
        assert.deepEqual(listed.objects.map((o: { name: string }) => o.name), [key]);
        await c.delete(key);
        assert.equal(server.headObjectDirect(BUCKET, key), undefined);
        assert.ok(server.requests.length >= 5);
        for (const r of server.requests) {
          assert.equal(r.host, domain);
          assert.equal(r.bucket, BUCKET);
          assert.ok(!r.path.startsWith(`/${BUCKET}`), `no bucket in the path: ${r.path}`);
          assert.equal(r.status < 300, true, `${r.op} ${r.status} ${r.code ?? ''}`);
          assert.equal(r.auth, v4 ? 'v4-header' : 'v1-header');
        }
      });

      it('presigned GET through the CNAME host; a tampered link is refused', async () => {
        server.putObjectDirect(BUCKET, 'signed/file.txt', 'signed content');
        const url: string = v4
          ? await c.signatureUrlV4('GET', 600, { headers: {} }, 'signed/file.txt')
          : c.signatureUrl('signed/file.txt', { expires: 600 });
        assert.equal(new URL(url).host, domain);
        assert.match(new URL(url).pathname, /^\/signed\/file\.txt$/);
        const res = await fetch(url);
        assert.equal(res.status, 200, await res.clone().text());
        assert.equal(await res.text(), 'signed content');
        assert.equal(server.requests.at(-1)?.auth, v4 ? 'v4-query' : 'v1-query');
        const bad = await fetch(url.replace('signed/file.txt', 'signed/other.txt'));
        assert.equal(bad.status, 403);
        assert.match(await bad.text(), /SignatureDoesNotMatch/);
      });

      it('a signature for another bucket does not verify through the CNAME host', async () => {
        const other = new OSS({
          endpoint: `http://${domain}`,
          cname: true,
          region: `oss-${server.region}`,
          accessKeyId: server.accessKeyId,
          accessKeySecret: server.accessKeySecret,
          bucket: 'other-bucket',
          authorizationV4: v4,
          timeout: 10000,
        });
        await assert.rejects(other.put('x.txt', Buffer.from('x')), (e: { status: number; code: string }) => e.status === 403 && e.code === 'SignatureDoesNotMatch');
        assert.equal(server.headObjectDirect('other-bucket', 'x.txt'), undefined);
      });
    });
  }

  it('a bare host in cnames matches any port; other hosts keep their usual routing', async () => {
    server.putObjectDirect(BUCKET, 'pub.txt', 'x');
    // Unsigned: AccessDenied proves the request reached the bucket/key; the routing is in the log.
    server.clearRequests();
    await rawRequest(server, { method: 'GET', path: '/pub.txt', host: 'cdn.example.com:8443' });
    await rawRequest(server, { method: 'GET', path: `/${BUCKET}/pub.txt`, host: '127.0.0.1' });
    await rawRequest(server, { method: 'GET', path: '/pub.txt', host: `${BUCKET}.oss-cn-hangzhou.aliyuncs.com` });
    assert.deepEqual(server.requests.map((r) => [r.bucket, r.key]), [[BUCKET, 'pub.txt'], [BUCKET, 'pub.txt'], [BUCKET, 'pub.txt']]);
  });

  it('without cnames, localhost stays path style', async () => {
    const plain = await startOssServer();
    try {
      plain.createBucket(BUCKET);
      await rawRequest(plain, { method: 'GET', path: `/${BUCKET}/k.txt`, host: `localhost:${plain.port}` });
      assert.deepEqual(plain.requests.map((r) => [r.bucket, r.key]), [[BUCKET, 'k.txt']]);
    } finally {
      await plain.close();
    }
  });
});
