/** Authentication of the local OSS server: known-answer vectors, presigned URLs, STS, error shapes. */
import * as assert from 'node:assert/strict';
import { startOssServer, type OssServer } from '../../support/ossServer';
import { authenticate, type AuthContext, type AuthRequest } from '../../support/ossServer/auth';
import { OssError } from '../../support/ossServer/errors';
import { startFakeSts, type FakeSts } from '../../support/fakeSts';
import { MODES, aliClient, rawRequest, signedRequest, xmlTag, xmlUnescape } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OSS: any = require('ali-oss');

function ctxAt(unixSeconds: number, temps: AuthContext['temps'] = new Map()): AuthContext {
  return {
    accounts: new Map([['ak', { accessKeyId: 'ak', accessKeySecret: 'sk' }]]),
    temps,
    expiredTokens: new Set(),
    region: 'cn-hangzhou',
    now: new Date(unixSeconds * 1000),
  };
}

function expectOssError(fn: () => unknown, code: string): OssError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof OssError, String(e));
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('ossServer authentication', function () {
  this.timeout(20000);

  describe('known-answer vectors through the verifier', () => {
    // Shared V4 inputs (Go SDK v2 signer_test.go).
    const v4Query: [string, string][] = [
      ['param1', 'value1'], ['+param1', 'value3'], ['|param1', 'value4'], ['+param2', ''], ['|param2', ''], ['param2', ''],
    ];
    const v4Headers = (extra: Record<string, string>): AuthRequest['headers'] => ({
      'x-oss-head1': 'value', abc: 'value', zabc: 'value', xyz: 'value', ...extra,
    });

    it('V1-H1 / V1-H2 header signatures', () => {
      const date = 'Wed, 28 Dec 2022 10:27:41 GMT';
      const base = {
        method: 'PUT', bucket: 'examplebucket', key: 'nelson',
        headers: {
          'content-md5': 'eB5eJF1ptWaXm4bijSPyxw==', 'content-type': 'text/html', 'x-oss-date': date,
          'x-oss-meta-author': 'alice', 'x-oss-meta-magic': 'abracadabra', authorization: 'OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M=',
        },
      };
      const now = Date.parse(date) / 1000;
      assert.equal(authenticate({ ...base, query: [] }, ctxAt(now)).accessKeyId, 'ak');
      assert.equal(authenticate({ ...base, query: [['acl', '']], headers: { ...base.headers, authorization: 'OSS ak:/afkugFbmWDQ967j1vr6zygBLQk=' } }, ctxAt(now)).version, 'v1');
      const err = expectOssError(() => authenticate({ ...base, query: [['acl', '']] }, ctxAt(now)), 'SignatureDoesNotMatch');
      assert.equal(err.extra.StringToSign.split('\n').pop(), '/examplebucket/nelson?acl');
    });

    it('V1-H3 / V1-H4: only signed sub-resources are in the resource', () => {
      const date = 'Wed, 28 Dec 2022 10:27:41 GMT';
      const now = Date.parse(date) / 1000;
      const r = (query: [string, string][], sig: string): AuthRequest => ({
        method: 'GET', bucket: 'examplebucket', query, headers: { 'x-oss-date': date, authorization: `OSS ak:${sig}` },
      });
      authenticate(r([['resourceGroup', ''], ['non-resousce', 'null']], 'vkQmfuUDyi1uDi3bKt67oemssIs='), ctxAt(now));
      authenticate(r([['resourceGroup', ''], ['acl', '']], 'x3E5TgOvl/i7PN618s5mEvpJDYk='), ctxAt(now));
    });

    it('V1-Q1 presigned URL', () => {
      const req: AuthRequest = {
        method: 'GET', bucket: 'bucket', key: 'key', headers: {},
        query: [['Expires', '1699807420'], ['OSSAccessKeyId', 'ak'], ['Signature', 'dcLTea+Yh9ApirQ8o8dOPqtvJXQ='], ['versionId', 'versionId']],
      };
      assert.equal(authenticate(req, ctxAt(1699807000)).mode, 'query');
      const e = expectOssError(() => authenticate(req, ctxAt(1699807421)), 'AccessDenied');
      assert.match(e.message, /expired/);
    });

    it('V4-H1 (query sorted in byte order of encoded names, not localeCompare)', () => {
      const req: AuthRequest = {
        method: 'PUT', bucket: 'bucket', key: '1234+-/123/1.txt', query: v4Query,
        headers: v4Headers({
          'content-type': 'text/plain', 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD', 'x-oss-date': '20231216T162057Z',
          authorization: 'OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature=e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe',
        }),
      };
      assert.equal(authenticate(req, ctxAt(1702743657)).version, 'v4');
      // oss2-style ", " separators are accepted too.
      const spaced = { ...req, headers: { ...req.headers, authorization: String(req.headers.authorization).replace(',Signature', ', Signature') } };
      authenticate(spaced, ctxAt(1702743657));
    });

    it('V4-H2 with an STS token', () => {
      const temps = new Map([['ak', { accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'token', expiration: new Date(1702784856000 + 3600e3) }]]);
      const req: AuthRequest = {
        method: 'PUT', bucket: 'bucket', key: '1234+-/123/1.txt', query: v4Query,
        headers: v4Headers({
          'content-type': 'text/plain', 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD', 'x-oss-date': '20231217T034736Z',
          'x-oss-security-token': 'token',
          authorization: 'OSS4-HMAC-SHA256 Credential=ak/20231217/cn-hangzhou/oss/aliyun_v4_request,Signature=b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea',
        }),
      };
      assert.equal(authenticate(req, ctxAt(1702784856, temps)).temporary, true);
      const expired = new Map([['ak', { ...temps.get('ak')!, expiration: new Date(1702784856000 - 1) }]]);
      expectOssError(() => authenticate(req, ctxAt(1702784856, expired)), 'SecurityTokenExpired');
    });

    it('V4-H3 with AdditionalHeaders', () => {
      const req: AuthRequest = {
        method: 'PUT', bucket: 'bucket', key: '1234+-/123/1.txt', query: v4Query,
        headers: v4Headers({
          'content-type': 'text/plain', 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD', 'x-oss-date': '20231216T172512Z',
          authorization: 'OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=abc;zabc,Signature=4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f',
        }),
      };
      authenticate(req, ctxAt(1702747512));
    });

    it('V4-Q1 presigned URL', () => {
      const req: AuthRequest = {
        method: 'PUT', bucket: 'bucket', key: '1234+-/123/1.txt',
        query: [
          ...v4Query,
          ['x-oss-signature-version', 'OSS4-HMAC-SHA256'], ['x-oss-date', '20231217T025437Z'], ['x-oss-expires', '599'],
          ['x-oss-credential', 'ak/20231217/cn-hangzhou/oss/aliyun_v4_request'],
          ['x-oss-signature', 'a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe'],
        ],
        headers: v4Headers({ 'content-type': 'application/octet-stream' }),
      };
      assert.equal(authenticate(req, ctxAt(1702781677)).mode, 'query');
      const e = expectOssError(() => authenticate(req, ctxAt(1702781677 + 600)), 'AccessDenied');
      assert.match(e.message, /expired/);
    });

    it('V4 canonical query: byte order of encoded names (ali-oss would use localeCompare: a < B)', () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const signUtils: any = require('ali-oss/lib/common/signUtils');
      const date = '20231216T162057Z';
      const canonical = ['GET', '/bucket/k', 'B=2&a=1&empty', 'x-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20231216T162057Z\n', '', 'UNSIGNED-PAYLOAD'].join('\n');
      const sts = signUtils.getStringToSign('cn-hangzhou', date, canonical);
      const sig = signUtils.getSignatureV4('sk', '20231216', 'cn-hangzhou', sts);
      const req: AuthRequest = {
        method: 'GET', bucket: 'bucket', key: 'k', query: [['a', '1'], ['empty', ''], ['B', '2']],
        headers: {
          'x-oss-content-sha256': 'UNSIGNED-PAYLOAD', 'x-oss-date': date,
          authorization: `OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature=${sig}`,
        },
      };
      authenticate(req, ctxAt(1702743657));
    });

    it('header and query auth together -> InvalidArgument; no auth -> AccessDenied', () => {
      expectOssError(() => authenticate({
        method: 'GET', bucket: 'b', key: 'k', query: [['OSSAccessKeyId', 'ak'], ['Expires', '1'], ['Signature', 'x']],
        headers: { authorization: 'OSS ak:x', date: new Date().toUTCString() },
      }, ctxAt(Date.now() / 1000)), 'InvalidArgument');
      expectOssError(() => authenticate({ method: 'GET', bucket: 'b', key: 'k', query: [], headers: {} }, ctxAt(0)), 'AccessDenied');
    });
  });

  describe('over HTTP', () => {
    let server: OssServer;

    before(async () => {
      server = await startOssServer();
      server.createBucket('auth-bucket');
      server.putObjectDirect('auth-bucket', 'k.txt', 'data');
    });
    after(async () => {
      await server.close();
    });
    afterEach(() => {
      server.faults.reset();
    });

    it('wrong secret -> SignatureDoesNotMatch carrying OSSAccessKeyId, SignatureProvided, StringToSign(Bytes)', async () => {
      const r = await signedRequest(server, { method: 'GET', bucket: 'auth-bucket', key: 'k.txt', secret: 'wrong-secret', query: [['response-content-type', 'text/x']] });
      assert.equal(r.status, 403);
      assert.equal(xmlTag(r.text, 'Code'), 'SignatureDoesNotMatch');
      assert.equal(xmlTag(r.text, 'OSSAccessKeyId'), server.accessKeyId);
      assert.ok(xmlTag(r.text, 'SignatureProvided'));
      const sts = xmlUnescape(xmlTag(r.text, 'StringToSign') as string);
      assert.match(sts, /^GET\n\n\n.+ GMT\n\/auth-bucket\/k\.txt\?response-content-type=text\/x$/);
      const bytes = (xmlTag(r.text, 'StringToSignBytes') as string).split(' ').map((h) => parseInt(h, 16));
      assert.equal(Buffer.from(bytes).toString('utf8'), sts);
      assert.ok(xmlTag(r.text, 'RequestId'));
      assert.ok(xmlTag(r.text, 'HostId'));
      assert.ok(xmlTag(r.text, 'EC'));
      assert.equal(r.headers['x-oss-request-id'], xmlTag(r.text, 'RequestId'));
      for (const mode of MODES) {
        const c = aliClient(server, mode, 'auth-bucket', { accessKeySecret: 'nope' });
        await assert.rejects(c.get('k.txt'), (e: { code: string; status: number }) => e.code === 'SignatureDoesNotMatch' && e.status === 403, mode.name);
      }
    });

    it('unknown AK -> InvalidAccessKeyId; anonymous -> AccessDenied', async () => {
      for (const mode of MODES) {
        const c = aliClient(server, mode, 'auth-bucket', { accessKeyId: 'LTAIunknown' });
        await assert.rejects(c.get('k.txt'), (e: { code: string; status: number }) => e.code === 'InvalidAccessKeyId' && e.status === 403, mode.name);
      }
      const anon = await rawRequest(server, { method: 'GET', path: '/auth-bucket/k.txt' });
      assert.equal(anon.status, 403);
      assert.equal(xmlTag(anon.text, 'Code'), 'AccessDenied');
    });

    it('clock offset -> RequestTimeTooSkewed (header forms), response Date shows the server time', async () => {
      server.faults.clockOffsetMs = 20 * 60 * 1000;
      for (const mode of MODES) {
        const c = aliClient(server, mode, 'auth-bucket');
        await assert.rejects(c.get('k.txt'), (e: { code: string; status: number }) => e.code === 'RequestTimeTooSkewed' && e.status === 403, mode.name);
      }
      const r = await signedRequest(server, { method: 'GET', bucket: 'auth-bucket', key: 'k.txt' });
      assert.equal(xmlTag(r.text, 'Code'), 'RequestTimeTooSkewed');
      const skew = Date.parse(r.headers.date as string) - Date.now();
      assert.ok(skew > 19 * 60 * 1000 && skew < 21 * 60 * 1000, `skew ${skew}`);
      server.faults.clockOffsetMs = 10 * 60 * 1000; // within 15 min: fine
      assert.equal((await signedRequest(server, { method: 'GET', bucket: 'auth-bucket', key: 'k.txt' })).status, 200);
    });

    it('presigned URLs expire (V1 Expires, V4 x-oss-date + x-oss-expires); V4 expires is limited to 7 days', async () => {
      const v1 = aliClient(server, MODES[1], 'auth-bucket');
      const v4 = aliClient(server, MODES[3], 'auth-bucket');
      const u1: string = v1.signatureUrl('k.txt', { expires: 60 });
      const u4: string = await v4.signatureUrlV4('GET', 60, { headers: {} }, 'k.txt');
      assert.equal((await fetch(u1)).status, 200);
      assert.equal((await fetch(u4)).status, 200);
      server.faults.clockOffsetMs = 120_000;
      for (const u of [u1, u4]) {
        const r = await fetch(u);
        assert.equal(r.status, 403);
        const text = await r.text();
        assert.equal(xmlTag(text, 'Code'), 'AccessDenied');
        assert.match(xmlTag(text, 'Message') as string, /expired/);
      }
      server.faults.clockOffsetMs = 0;
      const tooLong: string = await v4.signatureUrlV4('GET', 604801, { headers: {} }, 'k.txt');
      const r = await fetch(tooLong);
      assert.equal(r.status, 400);
      assert.equal(xmlTag(await r.text(), 'Code'), 'InvalidArgument');
    });

    it('V4: x-oss-content-sha256 must be UNSIGNED-PAYLOAD', async () => {
      // ali-oss never lets a caller override its own x-oss-content-sha256, so send it raw.
      const d = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      for (const sha of ['abc', undefined]) {
        const r = await rawRequest(server, {
          method: 'GET', path: '/auth-bucket/k.txt',
          headers: {
            'x-oss-date': d, ...(sha ? { 'x-oss-content-sha256': sha } : {}),
            authorization: `OSS4-HMAC-SHA256 Credential=${server.accessKeyId}/${d.slice(0, 8)}/cn-hangzhou/oss/aliyun_v4_request,Signature=00`,
          },
        });
        assert.equal(r.status, 400);
        assert.equal(xmlTag(r.text, 'Code'), 'InvalidArgument');
        assert.equal(xmlTag(r.text, 'EC'), '0002-00000214');
      }
    });

    describe('STS tokens (fake STS wired to the server)', () => {
      let sts: FakeSts;
      before(async () => {
        sts = await startFakeSts({
          accounts: new Map([[server.accessKeyId, server.accessKeySecret]]),
          onIssue: (cred) => server.addTemporaryCredentials(cred),
        });
      });
      after(async () => {
        await sts.close();
      });

      async function assume(): Promise<{ AccessKeyId: string; AccessKeySecret: string; SecurityToken: string }> {
        const client = new OSS.STS({ accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret, endpoint: sts.endpoint });
        const r = await client.assumeRole('acs:ram::1234567890123456:role/oss-test', undefined, 3600, 'oss-test');
        return r.credentials;
      }

      it('works with V1/V4 header auth and presigned URLs, then expires -> SecurityTokenExpired', async () => {
        const cred = await assume();
        for (const mode of MODES) {
          const c = aliClient(server, mode, 'auth-bucket', {
            accessKeyId: cred.AccessKeyId, accessKeySecret: cred.AccessKeySecret, stsToken: cred.SecurityToken,
          });
          assert.equal((await c.get('k.txt')).content.toString(), 'data', mode.name);
          if (mode.style === 'path') {
            const url: string = mode.v4 ? await c.signatureUrlV4('GET', 60, { headers: {} }, 'k.txt') : c.signatureUrl('k.txt', { expires: 60 });
            assert.match(url, mode.v4 ? /x-oss-security-token=/ : /security-token=/);
            assert.equal((await fetch(url)).status, 200, mode.name);
          }
        }
        server.expireTokensNow();
        for (const mode of MODES) {
          const c = aliClient(server, mode, 'auth-bucket', {
            accessKeyId: cred.AccessKeyId, accessKeySecret: cred.AccessKeySecret, stsToken: cred.SecurityToken,
          });
          await assert.rejects(c.get('k.txt'), (e: { code: string; status: number }) => e.code === 'SecurityTokenExpired' && e.status === 403, mode.name);
        }
        // A fresh token still works.
        const fresh = await assume();
        const c = aliClient(server, MODES[2], 'auth-bucket', { accessKeyId: fresh.AccessKeyId, accessKeySecret: fresh.AccessKeySecret, stsToken: fresh.SecurityToken });
        assert.equal((await c.get('k.txt')).res.status, 200);
      });

      it('wrong / mismatched / missing tokens', async () => {
        const a = await assume();
        const b = await assume();
        const mk = (extra: Record<string, unknown>) => aliClient(server, MODES[0], 'auth-bucket', { accessKeyId: a.AccessKeyId, accessKeySecret: a.AccessKeySecret, ...extra });
        await assert.rejects(mk({ stsToken: 'garbage' }).get('k.txt'), (e: { code: string }) => e.code === 'InvalidSecurityToken');
        await assert.rejects(mk({ stsToken: b.SecurityToken }).get('k.txt'), (e: { code: string }) => e.code === 'AccessKeyIdAndSecurityTokenNotMatch');
        await assert.rejects(mk({}).get('k.txt'), (e: { code: string }) => e.code === 'InvalidAccessKeyId');
        // Long-term AK with some token -> InvalidSecurityToken
        await assert.rejects(aliClient(server, MODES[2], 'auth-bucket', { stsToken: 'garbage' }).get('k.txt'), (e: { code: string }) => e.code === 'InvalidSecurityToken');
      });

      it('expiration time is honoured (server clock)', async () => {
        const cred = await assume();
        const c = aliClient(server, MODES[2], 'auth-bucket', { accessKeyId: cred.AccessKeyId, accessKeySecret: cred.AccessKeySecret, stsToken: cred.SecurityToken });
        assert.equal((await c.get('k.txt')).res.status, 200);
        server.faults.clockOffsetMs = 3601_000; // the server's clock jumps past Expiration (skew check happens first)
        await assert.rejects(c.get('k.txt'), (e: { code: string }) => e.code === 'RequestTimeTooSkewed');
        const r = await signedRequest(server, {
          method: 'GET', bucket: 'auth-bucket', key: 'k.txt', accessKeyId: cred.AccessKeyId, secret: cred.AccessKeySecret,
          token: cred.SecurityToken, date: server.now(),
        });
        assert.equal(xmlTag(r.text, 'Code'), 'SecurityTokenExpired');
      });
    });
  });
});
