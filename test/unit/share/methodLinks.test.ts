/** Signed DELETE and HEAD links (V1 and V4), used with plain fetch against the local server. */
import * as assert from 'node:assert/strict';
import { presignObject, type PresignTarget } from '../../../src/core/client';
import { buildSharePolicy } from '../../../src/core/share';
import { BUCKET, startShareEnv, type ShareEnv } from './helpers';

describe('share: signed DELETE and HEAD links', function () {
  let env: ShareEnv;
  let target: (over?: Partial<PresignTarget>) => PresignTarget;

  before(async () => {
    env = await startShareEnv();
    target = (over = {}) => ({
      credentials: { accessKeyId: env.server.accessKeyId, accessKeySecret: env.server.accessKeySecret },
      endpoint: env.server.endpoint, region: env.server.region, now: new Date(), ...over,
    });
  });
  after(() => env.close());

  for (const signatureVersion of ['v1', 'v4'] as const) {
    it(`${signatureVersion}: a HEAD link returns the object's headers and no body`, async () => {
      const o = env.server.putObjectDirect(BUCKET, `links/${signatureVersion} head.txt`, 'twelve bytes', { contentType: 'text/plain', meta: { owner: 'ann' } });
      const link = presignObject(target(), { method: 'HEAD', bucket: BUCKET, key: o.key, expiresInSeconds: 300, signatureVersion });
      const res = await fetch(link.url, { method: 'HEAD' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-length'), '12');
      assert.equal(res.headers.get('content-type'), 'text/plain');
      assert.equal(res.headers.get('etag'), o.etag);
      assert.equal(res.headers.get('x-oss-meta-owner'), 'ann');
      assert.equal(res.headers.get('x-oss-hash-crc64ecma'), o.crc64);
      assert.equal((await res.arrayBuffer()).byteLength, 0);
      // The link is for HEAD only: a GET with it does not match the signature.
      assert.equal((await fetch(link.url)).status, 403);
    });

    it(`${signatureVersion}: a DELETE link removes the object, and only with DELETE`, async () => {
      const key = `links/${signatureVersion}+delete me.txt`;
      env.server.putObjectDirect(BUCKET, key, 'bye');
      const link = presignObject(target(), { method: 'DELETE', bucket: BUCKET, key, expiresInSeconds: 300, signatureVersion });
      assert.equal((await fetch(link.url)).status, 403);
      assert.ok(env.server.headObjectDirect(BUCKET, key), 'a GET with the DELETE link changes nothing');
      const res = await fetch(link.url, { method: 'DELETE' });
      assert.equal(res.status, 204);
      assert.equal(env.server.headObjectDirect(BUCKET, key), undefined);
    });

    it(`${signatureVersion}: a DELETE link signed with a read-only token is refused and deletes nothing`, async () => {
      const key = `links/${signatureVersion}-kept.txt`;
      env.server.putObjectDirect(BUCKET, key, 'keep');
      const creds = await env.mint(buildSharePolicy({ bucket: BUCKET, prefix: 'links/', access: 'read' }));
      const del = presignObject(target({ credentials: creds }), { method: 'DELETE', bucket: BUCKET, key, expiresInSeconds: 300, signatureVersion });
      const res = await fetch(del.url, { method: 'DELETE' });
      assert.equal(res.status, 403);
      assert.match(await res.text(), /<Code>AccessDenied<\/Code>/);
      assert.ok(env.server.headObjectDirect(BUCKET, key));
      const head = presignObject(target({ credentials: creds }), { method: 'HEAD', bucket: BUCKET, key, expiresInSeconds: 300, signatureVersion });
      assert.equal((await fetch(head.url, { method: 'HEAD' })).status, 200);
    });
  }

  it('an expired HEAD or DELETE link is refused', async () => {
    const key = 'links/expired.txt';
    env.server.putObjectDirect(BUCKET, key, 'x');
    const then = new Date(Date.now() - 600_000);
    for (const signatureVersion of ['v1', 'v4'] as const) {
      for (const method of ['HEAD', 'DELETE'] as const) {
        const link = presignObject(target(), { method, bucket: BUCKET, key, expiresInSeconds: 60, signatureVersion, now: then });
        assert.equal((await fetch(link.url, { method })).status, 403, `${signatureVersion} ${method}`);
      }
    }
    assert.ok(env.server.headObjectDirect(BUCKET, key));
  });
});
