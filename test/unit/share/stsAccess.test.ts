/**
 * Scoped STS credentials minted with buildSharePolicy, used by ali-oss (a second client) against the
 * local server, which enforces the token's policy intersected with the role's.
 */
import * as assert from 'node:assert/strict';
import { buildSharePolicy } from '../../../src/core/share';
import { decodeStsToken, encodeStsToken } from '../../support/stsToken';
import { BUCKET, READ_ONLY_ROLE, V1_VHOST, V4_PATH, denied, startShareEnv, type ShareEnv } from './helpers';

describe('share: STS credentials scoped by buildSharePolicy', function () {
  let env: ShareEnv;

  before(async () => {
    env = await startShareEnv();
  });
  after(() => env.close());
  beforeEach(() => {
    for (const k of env.server.listKeys(BUCKET)) env.server.deleteObjectDirect(BUCKET, k);
    env.server.putObjectDirect(BUCKET, 'share/a.txt', 'alpha');
    env.server.putObjectDirect(BUCKET, 'share/sub/b.txt', 'beta');
    env.server.putObjectDirect(BUCKET, 'shared-not/c.txt', 'gamma');
    env.server.putObjectDirect(BUCKET, 'other/d.txt', 'delta');
  });

  for (const mode of [V4_PATH, V1_VHOST]) {
    it(`read only (${mode.name}): lists and reads under the prefix, nothing else`, async () => {
      const c = await env.mint(buildSharePolicy({ bucket: BUCKET, prefix: 'share/', access: 'read' }));
      const oss = env.client(c, mode);
      const listed = await oss.listV2({ prefix: 'share/', 'max-keys': 100 });
      assert.deepEqual(listed.objects.map((o: { name: string }) => o.name), ['share/a.txt', 'share/sub/b.txt']);
      assert.equal((await oss.get('share/sub/b.txt')).content.toString(), 'beta');
      assert.equal((await oss.head('share/a.txt')).status, 200);
      await denied(oss.put('share/new.txt', Buffer.from('x')));
      await denied(oss.delete('share/a.txt'));
      await denied(oss.get('other/d.txt'));
      await denied(oss.get('shared-not/c.txt'));
      await denied(oss.listV2({ prefix: 'other/' }));
      await denied(oss.listV2({}));
      assert.equal(env.server.headObjectDirect(BUCKET, 'share/new.txt'), undefined);
      assert.ok(env.server.headObjectDirect(BUCKET, 'share/a.txt'));
    });
  }

  it('upload only: can put (single and multipart) under the prefix, cannot get, head or list', async () => {
    const c = await env.mint(buildSharePolicy({ bucket: BUCKET, prefix: 'drop/', access: 'upload' }));
    const oss = env.client(c);
    await oss.put('drop/one.txt', Buffer.from('hello'));
    assert.equal((await env.server.getObjectBytes(BUCKET, 'drop/one.txt'))?.toString(), 'hello');
    const big = Buffer.alloc(250 * 1024, 7);
    await oss.multipartUpload('drop/big.bin', big, { partSize: 100 * 1024 });
    assert.equal(env.server.headObjectDirect(BUCKET, 'drop/big.bin')?.size, big.length);
    await denied(oss.get('drop/one.txt'));
    await denied(oss.listV2({ prefix: 'drop/' }));
    await denied(oss.put('other/x.txt', Buffer.from('x')));
    await assert.rejects(oss.head('drop/one.txt'), (e: { status?: number }) => e.status === 403);
  });

  it('read and write: put, get, delete and batch delete inside the prefix only; copies need read on the source', async () => {
    const c = await env.mint(buildSharePolicy({ bucket: BUCKET, prefix: 'share/', access: 'read-write' }));
    const oss = env.client(c, V1_VHOST);
    await oss.put('share/w.txt', Buffer.from('written'));
    assert.equal((await oss.get('share/w.txt')).content.toString(), 'written');
    await oss.copy('share/w-copy.txt', 'share/w.txt');
    await denied(oss.copy('share/stolen.txt', 'other/d.txt'));
    assert.equal(env.server.headObjectDirect(BUCKET, 'share/stolen.txt'), undefined);
    await oss.delete('share/w.txt');
    assert.equal(env.server.headObjectDirect(BUCKET, 'share/w.txt'), undefined);
    await denied(oss.deleteMulti(['share/a.txt', 'other/d.txt']));
    assert.ok(env.server.headObjectDirect(BUCKET, 'share/a.txt'), 'nothing deleted when one key is refused');
    await oss.deleteMulti(['share/a.txt', 'share/w-copy.txt']);
    assert.deepEqual(env.server.listKeys(BUCKET, 'share/'), ['share/sub/b.txt']);
    await denied(oss.put('other/x.txt', Buffer.from('x')));
  });

  it('one object: only that key, and a listing of exactly that name', async () => {
    const c = await env.mint(buildSharePolicy({ bucket: BUCKET, prefix: 'share/a.txt', access: 'read', scope: 'object' }));
    const oss = env.client(c);
    assert.equal((await oss.get('share/a.txt')).content.toString(), 'alpha');
    assert.equal((await oss.listV2({ prefix: 'share/a.txt' })).objects.length, 1);
    await denied(oss.get('share/a.txt.bak'));
    await denied(oss.listV2({ prefix: 'share/' }));
  });

  it('the source-IP condition is enforced', async () => {
    const here = env.client(await env.mint(buildSharePolicy({ bucket: BUCKET, prefix: 'share/', access: 'read', sourceIp: ['127.0.0.0/8'] })));
    assert.equal((await here.get('share/a.txt')).content.toString(), 'alpha');
    const elsewhere = env.client(await env.mint(buildSharePolicy({ bucket: BUCKET, prefix: 'share/', access: 'read', sourceIp: ['10.1.0.0/16', '192.0.2.7'] })));
    await denied(elsewhere.get('share/a.txt'));
  });

  it("the session policy is intersected with the role's own policy, and an explicit Deny wins", async () => {
    const rw = buildSharePolicy({ bucket: BUCKET, prefix: 'share/', access: 'read-write' });
    const oss = env.client(await env.mint(rw, { roleArn: READ_ONLY_ROLE }));
    assert.equal((await oss.get('share/a.txt')).content.toString(), 'alpha');
    await denied(oss.put('share/new.txt', Buffer.from('x')));
    const withDeny = JSON.stringify({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: 'oss:*', Resource: `acs:oss:*:*:${BUCKET}/*` },
        { Effect: 'Deny', Action: 'oss:GetObject', Resource: `acs:oss:*:*:${BUCKET}/share/sub/*` },
      ],
    });
    const d = env.client(await env.mint(withDeny));
    assert.equal((await d.get('share/a.txt')).content.toString(), 'alpha');
    await denied(d.get('share/sub/b.txt'));
  });

  it('a token edited to drop its policy is no longer valid', async () => {
    const c = await env.mint(buildSharePolicy({ bucket: BUCKET, prefix: 'share/', access: 'read' }));
    const claims = decodeStsToken(c.securityToken!);
    assert.ok(claims?.sessionPolicy, 'the token carries the session policy');
    const widened = encodeStsToken({ ...claims, sessionPolicy: undefined });
    const oss = env.client({ ...c, securityToken: widened });
    await assert.rejects(oss.get('other/d.txt'), (e: { code?: string }) => e.code === 'InvalidSecurityToken');
  });

  it('long-term AccessKeys stay unrestricted', async () => {
    const oss = env.client({ accessKeyId: env.server.accessKeyId, accessKeySecret: env.server.accessKeySecret });
    assert.equal((await oss.get('other/d.txt')).content.toString(), 'delta');
  });

  it('the refusal is an OSS XML error with AccessDenied and a RequestId', async () => {
    const c = await env.mint(buildSharePolicy({ bucket: BUCKET, prefix: 'share/', access: 'read' }));
    const url = env.client(c).signatureUrl('other/d.txt', { expires: 600 });
    const res = await fetch(url);
    assert.equal(res.status, 403);
    const text = await res.text();
    assert.match(text, /<Code>AccessDenied<\/Code>/);
    assert.match(text, /<RequestId>[0-9A-F]+<\/RequestId>/);
    assert.match(text, /oss:GetObject/);
  });
});

describe('share: expired tokens', function () {
  let env: ShareEnv;
  before(async () => {
    // This STS's clock is 20 minutes behind, so a 15-minute token has expired when it arrives.
    env = await startShareEnv({ stsNow: () => new Date(Date.now() - 20 * 60_000) });
  });
  after(() => env.close());

  it('a token past its expiration is refused with SecurityTokenExpired', async () => {
    env.server.putObjectDirect(BUCKET, 'share/a.txt', 'alpha');
    const oss = env.client(await env.mint(buildSharePolicy({ bucket: BUCKET, prefix: 'share/', access: 'read' })));
    await assert.rejects(oss.get('share/a.txt'), (e: { status?: number; code?: string }) => e.status === 403 && e.code === 'SecurityTokenExpired');
  });
});
