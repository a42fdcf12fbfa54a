/**
 * Object properties on the local OSS server, driven by ali-oss: object ACL, tagging (with OSS's
 * limits), content headers, user metadata (8 KB limit), server-side encryption, storage class,
 * CopyObject onto itself with REPLACE / COPY, and conditional reads.
 */
import * as assert from 'node:assert/strict';
import { startOssServer, type OssServer } from '../../support/ossServer';
import { MODES, aliClient, signedRequest, xmlTag, type AliOss, type RawResponse } from './helpers';

describe('ossServer object properties (ali-oss as the client)', function () {
  this.timeout(20000);
  let server: OssServer;

  before(async () => {
    server = await startOssServer();
  });
  after(async () => {
    await server?.close();
  });

  for (const mode of [MODES[0], MODES[3]]) {
    describe(mode.name, () => {
      let c: AliOss;
      const bucket = `props-${mode.v4 ? 'v4' : 'v1'}-${mode.style}`;

      before(() => {
        server.createBucket(bucket);
        c = aliClient(server, mode, bucket);
      });

      it('stores the object ACL from x-oss-object-acl and PutObjectAcl; refuses unknown ACLs', async () => {
        await c.put('acl.txt', Buffer.from('a'));
        assert.equal((await c.getACL('acl.txt')).acl, 'default');
        await c.put('acl.txt', Buffer.from('a'), { headers: { 'x-oss-object-acl': 'public-read' } });
        assert.equal((await c.getACL('acl.txt')).acl, 'public-read');
        await c.putACL('acl.txt', 'private');
        assert.equal((await c.getACL('acl.txt')).acl, 'private');
        await assert.rejects(c.put('acl.txt', Buffer.from('a'), { headers: { 'x-oss-object-acl': 'world-writable' } }), { code: 'InvalidArgument' });
        assert.equal((await c.getACL('acl.txt')).acl, 'private', 'a refused PUT changes nothing');
        await assert.rejects(c.getACL('missing.txt'), { status: 404 });
      });

      it('tags objects through x-oss-tagging and the tagging API, counts them in HEAD, enforces the limits', async () => {
        await c.put('tags.txt', Buffer.from('t'), { headers: { 'x-oss-tagging': 'team=data%20eng&stage=prod' } });
        assert.deepEqual((await c.getObjectTagging('tags.txt')).tag, { team: 'data eng', stage: 'prod' });
        const head = await c.head('tags.txt');
        assert.equal(head.res.headers['x-oss-tagging-count'], '2');
        await c.putObjectTagging('tags.txt', { a: '1', b: 'x:y/z' });
        assert.deepEqual((await c.getObjectTagging('tags.txt')).tag, { a: '1', b: 'x:y/z' });
        // ali-oss checks these limits itself, so the server's own checks are driven with raw signed requests.
        const putTags = (tags: [string, string][]): Promise<RawResponse> => signedRequest(server, {
          method: 'PUT', bucket, key: 'tags.txt', query: [['tagging', '']],
          body: `<Tagging><TagSet>${tags.map(([k, v]) => `<Tag><Key>${k}</Key><Value>${v}</Value></Tag>`).join('')}</TagSet></Tagging>`,
        });
        const refused = async (tags: [string, string][]): Promise<void> => {
          const r = await putTags(tags);
          assert.equal(r.status, 400, r.text);
          assert.equal(xmlTag(r.text, 'Code'), 'InvalidTag');
        };
        await refused(Array.from({ length: 11 }, (_, i): [string, string] => [`k${i}`, 'v']));
        await refused([['k'.repeat(129), 'v']]);
        await refused([['k', 'v'.repeat(257)]]);
        await refused([['bad*key', 'v']]);
        await refused([['dup', '1'], ['dup', '2']]);
        assert.deepEqual((await c.getObjectTagging('tags.txt')).tag, { a: '1', b: 'x:y/z' }, 'refused tags change nothing');
        assert.equal((await putTags([['k'.repeat(128), 'v'.repeat(256)]])).status, 200);
        assert.equal(Object.keys((await c.getObjectTagging('tags.txt')).tag).length, 1);
        await c.deleteObjectTagging('tags.txt');
        assert.deepEqual((await c.getObjectTagging('tags.txt')).tag, {});
        assert.equal((await c.head('tags.txt')).res.headers['x-oss-tagging-count'], undefined);
        await assert.rejects(c.put('tags.txt', Buffer.from('t'), { headers: { 'x-oss-tagging': 'a=b=c' } }), { code: 'InvalidArgument' });
      });

      it('stores and returns content headers, user metadata, storage class and server-side encryption', async () => {
        const headers = {
          'Content-Type': 'text/markdown; charset=utf-8', 'Content-Encoding': 'identity', 'Cache-Control': 'no-cache',
          'Content-Disposition': 'attachment; filename="r.md"', Expires: 'Wed, 21 Oct 2037 07:28:00 GMT',
          'x-oss-storage-class': 'IA', 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-key-id': 'key-123',
        };
        await c.put('h.md', Buffer.from('# hi'), { headers, meta: { owner: 'ann' } });
        const h = (await c.head('h.md')).res.headers;
        assert.equal(h['content-type'], 'text/markdown; charset=utf-8');
        assert.equal(h['content-encoding'], 'identity');
        assert.equal(h['cache-control'], 'no-cache');
        assert.equal(h['content-disposition'], 'attachment; filename="r.md"');
        assert.equal(h['expires'], 'Wed, 21 Oct 2037 07:28:00 GMT');
        assert.equal(h['x-oss-meta-owner'], 'ann');
        assert.equal(h['x-oss-storage-class'], 'IA');
        assert.equal(h['x-oss-server-side-encryption'], 'KMS');
        assert.equal(h['x-oss-server-side-encryption-key-id'], 'key-123');
        await assert.rejects(c.put('x', Buffer.from('x'), { headers: { 'x-oss-storage-class': 'Frozen' } }), { code: 'InvalidArgument' });
        await assert.rejects(c.put('x', Buffer.from('x'), { headers: { 'x-oss-server-side-encryption': 'ROT13' } }), { code: 'InvalidEncryptionAlgorithmError' });
        await assert.rejects(c.put('x', Buffer.from('x'), { headers: { 'x-oss-server-side-encryption': 'AES256', 'x-oss-server-side-encryption-key-id': 'k' } }), { code: 'InvalidArgument' });
      });

      it('refuses user metadata over 8 KB in total and accepts it at the limit', async () => {
        const value = (n: number): string => 'v'.repeat(n);
        const name = 'x-oss-meta-big'.length;
        await c.put('meta.txt', Buffer.from('m'), { meta: { big: value(8192 - name) } });
        await assert.rejects(c.put('meta.txt', Buffer.from('m'), { meta: { big: value(8193 - name) } }), { code: 'InvalidArgument', status: 400 });
        assert.equal((await c.head('meta.txt')).meta.big.length, 8192 - name);
      });

      it('copies onto itself with REPLACE (new headers and meta, same bytes) and COPY (tags kept; ACL and SSE from the request)', async () => {
        await c.put('self.txt', Buffer.from('same bytes'), {
          mime: 'text/plain', meta: { a: '1' }, headers: { 'x-oss-tagging': 'k=v', 'x-oss-object-acl': 'public-read', 'x-oss-server-side-encryption': 'AES256' },
        });
        const before = await c.head('self.txt');
        await c.copy('self.txt', 'self.txt', { meta: { b: '2' }, headers: { 'Content-Type': 'text/csv', 'Cache-Control': 'max-age=60' } });
        const after = await c.head('self.txt');
        assert.deepEqual(after.meta, { b: '2' });
        assert.equal(after.res.headers['content-type'], 'text/csv');
        assert.equal(after.res.headers['cache-control'], 'max-age=60');
        assert.equal(after.res.headers['etag'], before.res.headers['etag']);
        assert.equal(after.res.headers['x-oss-hash-crc64ecma'], before.res.headers['x-oss-hash-crc64ecma']);
        assert.deepEqual((await c.getObjectTagging('self.txt')).tag, { k: 'v' }, 'tagging directive defaults to Copy');
        assert.equal((await c.getACL('self.txt')).acl, 'default', 'ACL is not copied');
        assert.equal(after.res.headers['x-oss-server-side-encryption'], undefined, 'SSE is not copied');
        assert.equal((await c.get('self.txt')).content.toString(), 'same bytes');
        await assert.rejects(c.copy('self2.txt', 'self.txt', { headers: { 'x-oss-metadata-directive': 'MERGE' } }), { code: 'InvalidArgument' });
        await c.copy('self.txt', 'self.txt', {
          headers: { 'x-oss-tagging-directive': 'Replace', 'x-oss-tagging': 'n=1', 'x-oss-storage-class': 'Archive', 'x-oss-object-acl': 'private' },
        });
        const third = await c.head('self.txt');
        assert.deepEqual(third.meta, { b: '2' }, 'COPY keeps the metadata');
        assert.equal(third.res.headers['x-oss-storage-class'], 'Archive');
        assert.deepEqual((await c.getObjectTagging('self.txt')).tag, { n: '1' });
        assert.equal((await c.getACL('self.txt')).acl, 'private');
        await assert.rejects(c.copy('self3.txt', 'self.txt'), { status: 403, code: 'InvalidObjectState' }, 'an Archive source must be restored first');
      });

      it('honours If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since on GET and HEAD', async () => {
        await c.put('cond.txt', Buffer.from('c'));
        const etag = (await c.head('cond.txt')).res.headers['etag'] as string;
        await assert.rejects(c.get('cond.txt', { headers: { 'If-Match': '"0000"' } }), { status: 412, code: 'PreconditionFailed' });
        assert.equal((await c.get('cond.txt', { headers: { 'If-Match': etag } })).content.toString(), 'c');
        const notModified = await c.head('cond.txt', { headers: { 'If-None-Match': etag } });
        assert.equal(notModified.status, 304);
        const future = new Date(Date.now() + 3600_000).toUTCString();
        const past = new Date(Date.now() - 3600_000).toUTCString();
        assert.equal((await c.head('cond.txt', { headers: { 'If-Modified-Since': future } })).status, 304);
        assert.equal((await c.head('cond.txt', { headers: { 'If-Modified-Since': past } })).status, 200);
        await assert.rejects(c.head('cond.txt', { headers: { 'If-Unmodified-Since': past } }), { status: 412 });
      });

      it('PutObject has no If-Match in OSS (not a documented PutObject header): the server ignores it; only x-oss-forbid-overwrite guards a write', async () => {
        await c.put('put-cond.txt', Buffer.from('one'));
        await c.put('put-cond.txt', Buffer.from('two'), { headers: { 'If-Match': '"not-the-etag"' } });
        assert.equal((await c.get('put-cond.txt')).content.toString(), 'two');
        await assert.rejects(c.put('put-cond.txt', Buffer.from('three'), { headers: { 'x-oss-forbid-overwrite': 'true' } }), { code: 'FileAlreadyExists' });
      });
    });
  }
});
