import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { startFakeSts, aliOssPopSignature } from '../../support/fakeSts';
import type { FakeSts } from '../../support/fakeSts';
import {
  assumeRole,
  buildAssumeRoleParams,
  stsEndpoint,
  StsError,
  StsNetworkError,
  CredentialConfigError,
} from '../../../src/core/credentials';
import { popSign } from '../../../src/core/signer';
import { assertNoSecrets } from './leak';

const AK_ID = 'LTAI5tTestAccessKey01';
const AK_SECRET = 'TopSecretAccessKeySecretValue123';
const ROLE = 'acs:ram::1234567890123456:role/oss-explorer';

describe('credentials/sts: assumeRole against the fake STS', () => {
  let sts: FakeSts;
  let clock = new Date('2026-01-01T00:00:00Z');
  before(async () => {
    sts = await startFakeSts({ accounts: new Map([[AK_ID, AK_SECRET]]), now: () => clock });
  });
  after(() => sts.close());

  const base = () => ({ endpoint: sts.endpoint, accessKeyId: AK_ID, accessKeySecret: AK_SECRET, roleArn: ROLE, roleSessionName: 'vscode-oss', durationSeconds: 3600, now: () => clock });

  it('issues credentials; POST form, POP params per the spec, expiration mapped', async () => {
    clock = new Date('2026-01-01T00:00:00.789Z');
    const before = sts.requests;
    const r = await assumeRole(base());
    assert.equal(sts.requests, before + 1);
    assert.equal(sts.lastMethod, 'POST');
    const p = sts.lastParams!;
    assert.equal(p.Action, 'AssumeRole');
    assert.equal(p.Format, 'JSON');
    assert.equal(p.Version, '2015-04-01');
    assert.equal(p.SignatureMethod, 'HMAC-SHA1');
    assert.equal(p.SignatureVersion, '1.0');
    assert.match(p.SignatureNonce, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(p.Timestamp, '2026-01-01T00:00:00Z');
    assert.equal(p.DurationSeconds, '3600');
    const issued = sts.issued[sts.issued.length - 1];
    assert.equal(r.credentials.accessKeyId, issued.accessKeyId);
    assert.equal(r.credentials.accessKeySecret, issued.accessKeySecret);
    assert.equal(r.credentials.securityToken, issued.securityToken);
    assert.equal(r.credentials.expiration!.toISOString(), '2026-01-01T01:00:00.000Z');
    assert.ok(r.requestId);
    assert.match(r.assumedRoleUser!.arn!, /assumed-role\/oss-explorer\/vscode-oss$/);
    assertNoSecrets(r, [AK_SECRET, issued.accessKeySecret, issued.securityToken], 'AssumeRoleResult');
    assertNoSecrets(r.credentials, [issued.accessKeySecret, issued.securityToken], 'credentials');
    // the object still works for spreading into the signer
    assert.equal({ ...r.credentials }.accessKeySecret, issued.accessKeySecret);
  });

  it('passes Policy and signs it', async () => {
    const policy = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:GetObject', Resource: 'acs:oss:*:*:b/*' }] });
    await assumeRole({ ...base(), policy });
    assert.equal(sts.lastParams!.Policy, policy);
  });

  it('our POP signature equals ali-oss STS signing (the fake uses ali-oss)', () => {
    const params = buildAssumeRoleParams({ ...base(), policy: '{"a":"b c*!()\'"}' }, 'nonce-1');
    const { Signature, ...rest } = params;
    assert.equal(Signature, aliOssPopSignature('POST', rest, AK_SECRET));
    assert.equal(popSign('GET', rest, AK_SECRET), aliOssPopSignature('GET', rest, AK_SECRET));
  });

  it('wrong secret: StsError SignatureDoesNotMatch with Code, Message and RequestId, no secret', async () => {
    const wrong = 'WrongSecretValueThatMustNotLeak99';
    await assert.rejects(assumeRole({ ...base(), accessKeySecret: wrong }), (e: unknown) => {
      assert.ok(e instanceof StsError);
      assert.equal(e.code, 'SignatureDoesNotMatch');
      assert.equal(e.status, 400);
      assert.ok(e.requestId);
      assert.ok(e.message.includes('Code: SignatureDoesNotMatch'));
      assert.ok(e.message.includes(`RequestId: ${e.requestId}`));
      assert.ok(e.message.includes('Message: Specified signature is not matched'));
      assertNoSecrets(e, [wrong, AK_SECRET], 'StsError');
      return true;
    });
  });

  it('unknown AccessKeyId → InvalidAccessKeyId.NotFound', async () => {
    await assert.rejects(assumeRole({ ...base(), accessKeyId: 'LTAInobody' }), (e: unknown) => e instanceof StsError && e.code === 'InvalidAccessKeyId.NotFound' && e.status === 404);
  });

  it('the fake STS refuses a bad DurationSeconds (bypassing client validation)', async () => {
    const body = new URLSearchParams(buildAssumeRoleParams({ ...base(), durationSeconds: 3600 }, 'n-dur'));
    body.set('DurationSeconds', '100');
    const rest = Object.fromEntries([...body].filter(([k]) => k !== 'Signature'));
    body.set('Signature', aliOssPopSignature('POST', rest, AK_SECRET));
    const res = await fetch(sts.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    assert.equal(res.status, 400);
    const j = (await res.json()) as { Code: string; RequestId: string; HostId: string };
    assert.equal(j.Code, 'InvalidParameter.DurationSeconds');
    assert.ok(j.RequestId && j.HostId);
  });

  it('the fake STS accepts GET query requests signed over GET', async () => {
    const params = buildAssumeRoleParams({ ...base() }, 'n-get');
    const { Signature: _s, ...rest } = params;
    const q = new URLSearchParams({ ...rest, Signature: popSign('GET', rest, AK_SECRET) });
    const res = await fetch(`${sts.endpoint}/?${q}`);
    assert.equal(res.status, 200);
    // ...and refuses a POST-signed request sent as GET (the verb is signed)
    const q2 = new URLSearchParams({ ...buildAssumeRoleParams({ ...base() }, 'n-get2') });
    const res2 = await fetch(`${sts.endpoint}/?${q2}`);
    assert.equal(((await res2.json()) as { Code: string }).Code, 'SignatureDoesNotMatch');
  });

  it('client-side validation: session name, duration, policy, role ARN (nothing sent)', async () => {
    const n = sts.requests;
    for (const bad of [
      { roleSessionName: 'a' },
      { roleSessionName: 'x'.repeat(33) },
      { roleSessionName: 'has space' },
      { durationSeconds: 899 },
      { durationSeconds: 43201 },
      { durationSeconds: 1000.5 },
      { policy: 'x'.repeat(1025) },
      { roleArn: 'arn:aws:iam::1:role/x' },
    ]) {
      await assert.rejects(assumeRole({ ...base(), ...bad }), CredentialConfigError, JSON.stringify(bad).slice(0, 40));
    }
    assert.equal(sts.requests, n);
  });

  it('STS errors injected with failNext surface code and status', async () => {
    sts.failNext(1, 'Throttling.User', 400);
    await assert.rejects(assumeRole(base()), (e: unknown) => e instanceof StsError && e.code === 'Throttling.User');
    sts.failNext(1);
    await assert.rejects(assumeRole(base()), (e: unknown) => e instanceof StsError && e.code === 'InternalError' && e.status === 500);
    await assumeRole(base());
  });

  it('network failure is wrapped with what was being done, no secret', async () => {
    const srv = http.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    await assert.rejects(assumeRole({ ...base(), endpoint: `http://127.0.0.1:${port}` }), (e: unknown) => {
      assert.ok(e instanceof StsNetworkError);
      assert.equal(e.code, 'NetworkError');
      assert.ok(e.message.includes(`Could not reach STS at http://127.0.0.1:${port}`));
      assert.ok(e.message.includes(ROLE));
      assertNoSecrets(e, [AK_SECRET], 'StsNetworkError');
      return true;
    });
  });

  it('non-JSON error bodies and unusable success bodies become StsError', async () => {
    const fakeFetch = (status: number, text: string) => async () => ({ ok: status < 300, status, text: async () => text });
    await assert.rejects(assumeRole({ ...base(), fetch: fakeFetch(502, '<html>Bad gateway</html>') }), (e: unknown) => e instanceof StsError && e.code === 'HTTP502' && e.message.includes('Bad gateway'));
    await assert.rejects(assumeRole({ ...base(), fetch: fakeFetch(200, '{"RequestId":"r1"}') }), (e: unknown) => e instanceof StsError && e.code === 'InvalidResponse' && e.requestId === 'r1');
  });

  it('fake STS: onIssue sees every issued credential; role set and clock-based Expiration', async () => {
    const seen: string[] = [];
    let t = new Date('2030-06-01T12:00:00.500Z');
    const other = await startFakeSts({
      accounts: (id) => (id === AK_ID ? AK_SECRET : undefined),
      roles: new Set([ROLE]),
      now: () => t,
      onIssue: (c) => seen.push(`${c.accessKeyId}|${c.expiration.toISOString()}`),
    });
    try {
      const r = await assumeRole({ ...base(), endpoint: other.endpoint, durationSeconds: 900, now: () => t });
      assert.deepEqual(seen, [`${r.credentials.accessKeyId}|2030-06-01T12:15:00.000Z`]);
      assert.equal(other.issued[0].securityToken, r.credentials.securityToken);
      await assert.rejects(assumeRole({ ...base(), endpoint: other.endpoint, roleArn: 'acs:ram::1:role/missing' }), (e: unknown) => e instanceof StsError && e.code === 'EntityNotExist.Role');
      t = new Date('2030-06-02T00:00:00Z');
      const r2 = await assumeRole({ ...base(), endpoint: other.endpoint, durationSeconds: 43200, now: () => t });
      assert.equal(r2.credentials.expiration!.toISOString(), '2030-06-02T12:00:00.000Z');
      assert.equal(other.requests, 3);
    } finally {
      await other.close();
    }
  });

  it('endpoint selection', () => {
    assert.equal(stsEndpoint(), 'https://sts.aliyuncs.com');
    assert.equal(stsEndpoint({ region: 'cn-hangzhou' }), 'https://sts.cn-hangzhou.aliyuncs.com');
    assert.equal(stsEndpoint({ region: 'oss-cn-shanghai', vpc: true }), 'https://sts-vpc.cn-shanghai.aliyuncs.com');
    assert.equal(stsEndpoint({ endpoint: 'sts.ap-southeast-1.aliyuncs.com' }), 'https://sts.ap-southeast-1.aliyuncs.com');
    assert.equal(stsEndpoint({ endpoint: 'http://127.0.0.1:1234', region: 'x' }), 'http://127.0.0.1:1234');
  });
});
