/**
 * OssClient with `cname: true` against a local server that treats `localhost:<port>` as a custom
 * domain bound to one bucket: every request (simple and multipart, copy, list at '/', the raw
 * node:http path for dot-segment keys, presigned links) goes to the domain with no bucket in the
 * path, and its V1/V4 signature (over /<bucket>/<key>) verifies with ali-oss's code on the server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OssClient } from '../../../src/core/client';
import type { RequestLog } from '../../../src/core/client/types';
import type { SignatureVersion } from '../../../src/core/signer/types';
import { freePort, startOssServer, type OssServer } from '../../support/ossServer';
import { rawGet, testProvider, writeRandomFile } from './helpers';
import { presign } from '../../support/clientOps';

const BUCKET = 'cname-client-bucket';
const KiB = 1024;

describe('OssClient in CNAME mode (custom domain bound to a bucket)', function () {
  this.timeout(30000);
  let server: OssServer;
  let domain: string;
  let tmp: string;

  before(async () => {
    const port = await freePort();
    domain = `localhost:${port}`;
    server = await startOssServer({ port, cnames: { [domain]: BUCKET } });
    server.createBucket(BUCKET);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-cname-test-'));
  });
  after(async () => {
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const signatureVersion of ['v4', 'v1'] as SignatureVersion[]) {
    describe(signatureVersion, () => {
      let client: OssClient;
      const logs: RequestLog[] = [];
      const p = `${signatureVersion}/`;

      before(() => {
        client = new OssClient({
          endpoint: `http://${domain}`,
          cname: true,
          region: server.region,
          credentials: testProvider({ accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret }),
          signatureVersion,
          retryBaseDelayMs: 5,
          retryMaxDelayMs: 50,
          timeoutMs: 10000,
          onRequest: (l) => logs.push(l),
        });
      });
      after(() => client?.destroy());
      beforeEach(() => {
        server.clearRequests();
        logs.length = 0;
      });
      afterEach(function () {
        // Every request went to the custom domain, addressed by key alone, and was accepted.
        if (this.currentTest?.state !== 'passed') return;
        assert.ok(server.requests.length > 0);
        for (const r of server.requests) {
          assert.equal(r.host, domain, `${r.op} ${r.path}`);
          assert.equal(r.bucket, BUCKET, `${r.op} ${r.path}`);
          assert.ok(!r.path.startsWith(`/${BUCKET}`), `no bucket in the path: ${r.op} ${r.path}`);
          assert.ok(r.auth?.startsWith(signatureVersion), `${r.op} ${r.path}: signed ${r.auth ?? 'not at all'}`);
        }
        for (const l of logs) assert.equal(l.host, domain);
      });

      it('put / list (ListObjectsV2 at /) / get / head / exists / delete', async () => {
        const key = `${p}a b+中.txt`;
        await client.putObject(BUCKET, key, Buffer.from('via the domain'), { contentType: 'text/plain' });
        assert.equal((await server.getObjectBytes(BUCKET, key))?.toString(), 'via the domain');
        const page = await client.listObjects({ bucket: BUCKET, prefix: p, delimiter: '/' });
        assert.deepEqual(page.objects.map((o) => o.key), [key]);
        assert.ok(server.requests.some((r) => r.op === 'ListObjectsV2' && r.path.startsWith('/?')), 'ListObjectsV2 at /');
        assert.equal((await client.getObjectBuffer(BUCKET, key)).body.toString(), 'via the domain');
        const head = await client.headObject(BUCKET, key);
        assert.equal(head.size, 14);
        assert.equal(head.contentType, 'text/plain');
        assert.equal(await client.objectExists(BUCKET, key), true);
        assert.equal(await client.objectExists(BUCKET, `${p}missing`), false);
        await client.createFolder(BUCKET, `${p}folder/`);
        assert.ok(server.headObjectDirect(BUCKET, `${p}folder/`));
        await client.deleteObject(BUCKET, key);
        assert.equal(server.headObjectDirect(BUCKET, key), undefined);
        await client.putObject(BUCKET, `${p}x1`, Buffer.from('1'));
        await client.putObject(BUCKET, `${p}x2`, Buffer.from('2'));
        const del = await client.deleteObjects(BUCKET, [`${p}x1`, `${p}x2`, `${p}folder/`]);
        assert.equal(del.errors.length, 0);
        assert.deepEqual(server.listKeys(BUCKET, p), []);
      });

      it('multipart upload and verified download', async () => {
        const src = writeRandomFile(tmp, `${signatureVersion}-mp.bin`, 450 * KiB, 3);
        const r = await client.uploadFile({ bucket: BUCKET, key: `${p}mp.bin`, file: src, multipartThreshold: 100 * KiB, partSize: 100 * KiB, parallel: 2 });
        assert.equal(r.multipart, true);
        assert.equal(server.headObjectDirect(BUCKET, `${p}mp.bin`)?.type, 'Multipart');
        assert.equal(server.requests.filter((x) => x.op === 'UploadPart').length, 5);
        assert.deepEqual(server.listUploads(BUCKET), []);
        const dst = path.join(tmp, `${signatureVersion}-mp.down`);
        await client.downloadFile({ bucket: BUCKET, key: `${p}mp.bin`, file: dst });
        assert.deepEqual(fs.readFileSync(dst), fs.readFileSync(src));
      });

      it('copy (simple and UploadPartCopy): the copy source names the bucket', async () => {
        const data = Buffer.alloc(250 * KiB, 7);
        await client.putObject(BUCKET, `${p}copy-src`, data);
        await client.copyObject(BUCKET, `${p}copy-src`, BUCKET, `${p}copy-dst1`);
        await client.copyObject(BUCKET, `${p}copy-src`, BUCKET, `${p}copy-dst2`, { multipartThreshold: 200 * KiB, partSize: 100 * KiB });
        assert.equal(server.requests.filter((x) => x.op === 'UploadPartCopy').length, 3);
        assert.deepEqual(await server.getObjectBytes(BUCKET, `${p}copy-dst1`), data);
        assert.deepEqual(await server.getObjectBytes(BUCKET, `${p}copy-dst2`), data);
      });

      it('dot-segment keys go through the raw node:http path to the domain', async () => {
        await client.putObject(BUCKET, `${p}../dot`, Buffer.from('dot'));
        assert.equal((await server.getObjectBytes(BUCKET, `${p}../dot`))?.toString(), 'dot');
        assert.equal((await client.getObjectBuffer(BUCKET, `${p}../dot`)).body.toString(), 'dot');
        assert.ok(server.requests.some((r) => r.path === `/${p}../dot`), server.requests.map((r) => r.path).join(' '));
      });

      it('presigned GET links point at the domain and work', async () => {
        server.putObjectDirect(BUCKET, `${p}signed.txt`, 'signed');
        const link = await presign(client, { bucket: BUCKET, key: `${p}signed.txt`, expiresInSeconds: 300 });
        const u = new URL(link.url);
        assert.equal(u.host, domain);
        assert.equal(u.pathname, `/${p}signed.txt`);
        const res = await fetch(link.url);
        assert.equal(res.status, 200, await res.clone().text());
        assert.equal(await res.text(), 'signed');
        assert.equal(server.requests.at(-1)?.auth, `${signatureVersion}-query`);
        server.putObjectDirect(BUCKET, `${p}./dot-signed`, 'dot signed');
        const dotLink = await presign(client, { bucket: BUCKET, key: `${p}./dot-signed`, expiresInSeconds: 300 });
        assert.ok(dotLink.warning);
        const raw = await rawGet(dotLink.url);
        assert.equal(raw.status, 200, raw.body.toString());
        assert.equal(raw.body.toString(), 'dot signed');
      });
    });
  }
});
