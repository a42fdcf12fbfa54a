/** Behaviour of the signer beyond the known-answer vectors: addressing, encoding, expiry rules. */
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  encodeKey,
  uriEncode,
  resolveAddress,
  presignUrl,
  signRequest,
  isV1SubResource,
  v1CanonicalizedResource,
  v4CanonicalQuery,
  TokenExpiredForSigningError,
} from '../../../src/core/signer';
import type { PresignRequest } from '../../../src/core/signer';

const AK = { accessKeyId: 'ak', accessKeySecret: 'sk' };
const NOW = new Date('2024-05-01T10:00:00.250Z');

function req(over: Partial<PresignRequest> = {}): PresignRequest {
  return {
    credentials: AK, signatureVersion: 'v4', method: 'GET', endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', region: 'cn-hangzhou',
    bucket: 'bkt', key: 'a b/c.txt', expiresInSeconds: 600, now: NOW, ...over,
  };
}

describe('signer: encoding', () => {
  it('uriEncode keeps only the RFC 3986 unreserved set, upper-case hex', () => {
    assert.equal(uriEncode("a-._~Z09 +*!'()/%é😀"), 'a-._~Z09%20%2B%2A%21%27%28%29%2F%25%C3%A9%F0%9F%98%80');
    assert.equal(encodeKey('1234+-/123/1.txt'), '1234%2B-/123/1.txt');
    assert.equal(encodeKey('a//b/'), 'a//b/');
  });
  it('V4 query: sorted by encoded name in byte order (never localeCompare), bare valueless names', () => {
    assert.equal(v4CanonicalQuery({ b: '', a: 'x y', B: '/', 'é': '1' }), '%C3%A9=1&B=%2F&a=x%20y&b');
  });
  it('V1 sub-resources: oss2 set and any x-oss- name, raw values, byte order', () => {
    assert.ok(isV1SubResource('continuation-token'));
    assert.ok(isV1SubResource('x-oss-anything'));
    assert.ok(isV1SubResource('cors'));
    assert.ok(!isV1SubResource('prefix'));
    assert.equal(
      v1CanonicalizedResource('b', 'k +é', { uploadId: 'a b/c', partNumber: '1', prefix: 'p', 'x-oss-process': 'image/resize,w_1' }),
      '/b/k +é?partNumber=1&uploadId=a b/c&x-oss-process=image/resize,w_1',
    );
    assert.equal(v1CanonicalizedResource(), '/');
    assert.equal(v1CanonicalizedResource('b'), '/b/');
  });
});

describe('signer: resolveAddress', () => {
  it('virtual-hosted by default', () => {
    assert.deepEqual(resolveAddress({ endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', bucket: 'bkt', key: 'a b/ü' }), {
      protocol: 'https:', host: 'bkt.oss-cn-hangzhou.aliyuncs.com', path: '/a%20b/%C3%BC', pathStyle: false,
    });
    assert.equal(resolveAddress({ endpoint: 'oss-cn-hangzhou.aliyuncs.com', bucket: 'bkt' }).path, '/');
    assert.equal(resolveAddress({ endpoint: 'oss-cn-hangzhou.aliyuncs.com', bucket: 'bkt' }).protocol, 'https:');
  });
  it('service level', () => {
    assert.deepEqual(resolveAddress({ endpoint: 'https://oss-cn-hangzhou.aliyuncs.com' }), {
      protocol: 'https:', host: 'oss-cn-hangzhou.aliyuncs.com', path: '/', pathStyle: false,
    });
  });
  it('path style when asked, and forced for IPv4, IPv6 and localhost', () => {
    assert.deepEqual(resolveAddress({ endpoint: 'http://127.0.0.1:9000', bucket: 'bkt', key: 'k/x' }), {
      protocol: 'http:', host: '127.0.0.1:9000', path: '/bkt/k/x', pathStyle: true,
    });
    assert.equal(resolveAddress({ endpoint: 'http://[::1]:9000', bucket: 'bkt', key: 'k' }).path, '/bkt/k');
    assert.equal(resolveAddress({ endpoint: 'http://[::1]:9000', bucket: 'bkt', key: 'k' }).host, '[::1]:9000');
    assert.equal(resolveAddress({ endpoint: 'http://localhost:1', bucket: 'bkt' }).path, '/bkt/');
    assert.equal(resolveAddress({ endpoint: 'https://example.com', bucket: 'bkt', pathStyle: true }).path, '/bkt/');
  });
  it('cname: endpoint host, no bucket in the path', () => {
    assert.deepEqual(resolveAddress({ endpoint: 'https://files.example.com', bucket: 'bkt', key: 'x y', cname: true }), {
      protocol: 'https:', host: 'files.example.com', path: '/x%20y', pathStyle: false,
    });
  });
  it('rejects a key without a bucket and bad endpoints', () => {
    assert.throws(() => resolveAddress({ endpoint: 'https://e.com', key: 'k' }));
    assert.throws(() => resolveAddress({ endpoint: 'ftp://e.com' }));
    assert.throws(() => resolveAddress({ endpoint: 'https://e.com/prefix', bucket: 'bkt' }), /without path/);
    assert.equal(resolveAddress({ endpoint: 'https://e.com/', bucket: 'bkt' }).host, 'bkt.e.com');
  });
});

describe('signer: presign rules', () => {
  it('expiresInSeconds must be a positive integer', () => {
    for (const bad of [0, -1, 1.5, NaN, Infinity]) assert.throws(() => presignUrl(req({ expiresInSeconds: bad })), /positive integer/);
  });
  it('V4 refuses more than 7 days, V1 does not', () => {
    assert.throws(() => presignUrl(req({ expiresInSeconds: 604801 })), /7 days \(604800 seconds\)/);
    assert.ok(presignUrl(req({ expiresInSeconds: 604800 })).url.includes('x-oss-expires=604800'));
    assert.ok(presignUrl(req({ signatureVersion: 'v1', expiresInSeconds: 10_000_000 })).url.includes('Expires='));
  });
  it('expiresAt = whole-second start + expiry', () => {
    const r = presignUrl(req({ expiresInSeconds: 600 }));
    assert.equal(r.expiresAt.toISOString(), '2024-05-01T10:10:00.000Z');
    assert.ok(r.url.includes('x-oss-date=20240501T100000Z'));
  });
  it('STS: clamps to the token life and reports the true expiresAt', () => {
    const credentials = { ...AK, securityToken: 'tok', expiration: new Date(NOW.getTime() + 120_500) };
    for (const v of ['v1', 'v4'] as const) {
      const r = presignUrl(req({ credentials, signatureVersion: v, expiresInSeconds: 3600 }));
      assert.equal(r.expiresAt.toISOString(), '2024-05-01T10:02:00.000Z');
      assert.ok(r.expiresAt <= credentials.expiration);
      const u = new URL(r.url);
      if (v === 'v4') {
        assert.equal(u.searchParams.get('x-oss-expires'), '120');
        assert.equal(u.searchParams.get('x-oss-security-token'), 'tok');
      } else {
        assert.equal(u.searchParams.get('Expires'), String(r.expiresAt.getTime() / 1000));
        assert.equal(u.searchParams.get('security-token'), 'tok');
      }
    }
    // shorter than the token: not changed
    assert.equal(presignUrl(req({ credentials, expiresInSeconds: 60 })).expiresAt.toISOString(), '2024-05-01T10:01:00.000Z');
  });
  it('STS: refuses when the token is expired or has < 1 s left', () => {
    for (const left of [-1000, 0, 999]) {
      const credentials = { ...AK, securityToken: 'SECRET-TOKEN-VALUE', expiration: new Date(NOW.getTime() + left) };
      assert.throws(
        () => presignUrl(req({ credentials })),
        (e: unknown) => e instanceof TokenExpiredForSigningError && !String(e).includes('SECRET-TOKEN-VALUE') && !String(e).includes('sk'),
      );
    }
  });
  it('V1 with STS signs security-token as a sub-resource', () => {
    const credentials = { ...AK, securityToken: 'tok' };
    const a = new URL(presignUrl(req({ credentials, signatureVersion: 'v1' })).url).searchParams.get('Signature');
    const b = new URL(presignUrl(req({ credentials: { ...AK, securityToken: 'other' }, signatureVersion: 'v1' })).url).searchParams.get('Signature');
    assert.notEqual(a, b);
  });
  it('response-content-disposition with a UTF-8 file name, URL is strict RFC 3986', () => {
    const d = "attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf";
    const r = presignUrl(req({ query: { 'response-content-disposition': d } }));
    assert.ok(r.url.includes('response-content-disposition=attachment%3B%20filename%2A%3DUTF-8%27%27%25E6%258A'));
    assert.equal(new URL(r.url).searchParams.get('response-content-disposition'), d);
  });
  it('refuses caller query names the signer owns', () => {
    assert.throws(() => presignUrl(req({ query: { 'x-oss-signature': 'x' } })), /set by the signer/);
    assert.throws(() => presignUrl(req({ signatureVersion: 'v1', query: { Signature: 'x' } })), /set by the signer/);
  });
  it('path style for IP endpoints, cname', () => {
    assert.ok(presignUrl(req({ endpoint: 'http://127.0.0.1:9000' })).url.startsWith('http://127.0.0.1:9000/bkt/a%20b/c.txt?'));
    assert.ok(presignUrl(req({ endpoint: 'https://cdn.example.com', cname: true })).url.startsWith('https://cdn.example.com/a%20b/c.txt?'));
  });
});

describe('signer: results never serialize secrets', () => {
  const credentials = { accessKeyId: 'STS.abcdefgh12345678', accessKeySecret: 'SignerSecret-000111', securityToken: 'SignerToken-222333444' };
  it('signRequest result and headers mask authorization and token; values still usable', () => {
    for (const v of ['v1', 'v4'] as const) {
      const r = signRequest({ credentials, signatureVersion: v, method: 'PUT', region: 'cn-hangzhou', bucket: 'bkt', key: 'k', headers: { 'content-type': 'text/plain' }, now: NOW });
      const sig = r.headers.authorization.slice(-20);
      for (const text of [JSON.stringify(r), JSON.stringify(r.headers), String(r), inspect(r, { depth: 9 }), inspect(r.headers), r.stringToSign]) {
        assert.ok(!text.includes(credentials.securityToken), text);
        assert.ok(!text.includes(sig), text);
        assert.ok(!text.includes(credentials.accessKeySecret), text);
      }
      const sent = { ...r.headers };
      assert.equal(sent['x-oss-security-token'], credentials.securityToken);
      assert.ok(sent.authorization.endsWith(sig));
      assert.deepEqual(Object.keys(r.headers).sort(), v === 'v1'
        ? ['authorization', 'date', 'x-oss-security-token']
        : ['authorization', 'x-oss-content-sha256', 'x-oss-date', 'x-oss-security-token']);
    }
  });
  it('presignUrl result shows a redacted URL when serialized', () => {
    for (const v of ['v1', 'v4'] as const) {
      const r = presignUrl(req({ credentials, signatureVersion: v }));
      assert.ok(r.url.includes(encodeURIComponent(credentials.securityToken)));
      for (const text of [JSON.stringify(r), String(r), inspect(r, { depth: 9 })]) {
        assert.ok(!text.includes(credentials.securityToken), text);
        assert.ok(!text.includes(new URL(r.url).searchParams.get(v === 'v1' ? 'Signature' : 'x-oss-signature')!), text);
      }
    }
  });
});

describe('signer: header mode', () => {
  it('V1 adds date (RFC 1123) and signs x-oss-security-token', () => {
    const r = signRequest({ credentials: { ...AK, securityToken: 'tok' }, signatureVersion: 'v1', method: 'GET', region: 'cn-hangzhou', bucket: 'bkt', key: 'k', headers: {}, now: NOW });
    assert.equal(r.headers.date, 'Wed, 01 May 2024 10:00:00 GMT');
    assert.equal(r.headers['x-oss-security-token'], 'tok');
    assert.equal(r.stringToSign, 'GET\n\n\nWed, 01 May 2024 10:00:00 GMT\nx-oss-security-token:****\n/bkt/k');
    assert.match(r.headers.authorization, /^OSS ak:[A-Za-z0-9+/=]{28}$/);
  });
  it('V4 adds x-oss-date, x-oss-content-sha256 and the token', () => {
    const r = signRequest({ credentials: { ...AK, securityToken: 'tok' }, signatureVersion: 'v4', method: 'GET', region: 'oss-cn-hangzhou', headers: {}, now: NOW });
    assert.equal(r.headers['x-oss-date'], '20240501T100000Z');
    assert.equal(r.headers['x-oss-content-sha256'], 'UNSIGNED-PAYLOAD');
    assert.equal(r.headers['x-oss-security-token'], 'tok');
    assert.match(r.headers.authorization, /^OSS4-HMAC-SHA256 Credential=ak\/20240501\/cn-hangzhou\/oss\/aliyun_v4_request,Signature=[0-9a-f]{64}$/);
    assert.ok(!r.stringToSign.includes('tok'));
  });
});
