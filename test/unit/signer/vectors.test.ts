/**
 * Known-answer vectors: signatures AND canonical strings, so a failure shows which step differs.
 * See docs/protocol.md §10.
 */
import * as assert from 'node:assert/strict';
import {
  popCanonicalizedQuery,
  popSign,
  popStringToSign,
  presignUrl,
  signRequest,
  v1CanonicalizedResource,
  v1Signature,
  v1StringToSign,
  v4CanonicalRequest,
  v4StringToSign,
  v4Signature,
  v4AdditionalHeaders,
} from '../../../src/core/signer';

const DOC_AK = { accessKeyId: '44CF9590006BF252F707', accessKeySecret: 'OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV' };
const AK = { accessKeyId: 'ak', accessKeySecret: 'sk' };
const at = (unixSeconds: number): Date => new Date(unixSeconds * 1000);

describe('signer known-answer vectors', () => {
  describe('V1 header mode', () => {
    it('Alibaba doc example: string to sign and signature', () => {
      const date = 'Thu, 17 Nov 2005 18:49:58 GMT';
      const headers = {
        'content-md5': 'ODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=',
        'content-type': 'text/html',
        'x-oss-magic': 'abracadabra',
        'x-oss-meta-author': 'foo@bar.com',
      };
      const expected =
        'PUT\nODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=\ntext/html\nThu, 17 Nov 2005 18:49:58 GMT\n' +
        'x-oss-magic:abracadabra\nx-oss-meta-author:foo@bar.com\n/oss-example/nelson';
      const sts = v1StringToSign({ method: 'PUT', headers, date, resource: v1CanonicalizedResource('oss-example', 'nelson') });
      assert.equal(sts, expected);
      assert.equal(v1Signature(DOC_AK.accessKeySecret, sts), '26NBxoKdsyly4EDv6inkoDft/yA=');
      const r = signRequest({
        credentials: DOC_AK, signatureVersion: 'v1', method: 'PUT', region: 'cn-hangzhou',
        bucket: 'oss-example', key: 'nelson', headers, now: new Date(date),
      });
      assert.equal(r.stringToSign, expected);
      assert.equal(r.headers['date'], date);
      assert.equal(r.headers['authorization'], 'OSS 44CF9590006BF252F707:26NBxoKdsyly4EDv6inkoDft/yA=');
    });

    const date = 'Wed, 28 Dec 2022 10:27:41 GMT';
    const putHeaders = {
      'Content-MD5': 'eB5eJF1ptWaXm4bijSPyxw==',
      'Content-Type': 'text/html',
      'x-oss-date': date,
      'x-oss-meta-author': 'alice',
      'x-oss-meta-magic': 'abracadabra',
    };
    const base = { credentials: AK, signatureVersion: 'v1' as const, region: 'cn-hangzhou', bucket: 'examplebucket', now: new Date(date) };

    it('V1-H1', () => {
      const r = signRequest({ ...base, method: 'PUT', key: 'nelson', headers: putHeaders });
      assert.equal(
        r.stringToSign,
        `PUT\neB5eJF1ptWaXm4bijSPyxw==\ntext/html\n${date}\nx-oss-date:${date}\nx-oss-meta-author:alice\nx-oss-meta-magic:abracadabra\n/examplebucket/nelson`,
      );
      assert.equal(r.headers.authorization, 'OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M=');
    });
    it('V1-H2 (?acl)', () => {
      const r = signRequest({ ...base, method: 'PUT', key: 'nelson', headers: putHeaders, query: { acl: '' } });
      assert.ok(r.stringToSign.endsWith('\n/examplebucket/nelson?acl'));
      assert.equal(r.headers.authorization, 'OSS ak:/afkugFbmWDQ967j1vr6zygBLQk=');
    });
    it('V1-H3 (resourceGroup signed, other params not)', () => {
      const r = signRequest({ ...base, method: 'GET', headers: { 'x-oss-date': date }, query: { resourceGroup: '', 'non-resousce': 'null' } });
      assert.equal(r.stringToSign, `GET\n\n\n${date}\nx-oss-date:${date}\n/examplebucket/?resourceGroup`);
      assert.equal(r.headers.authorization, 'OSS ak:vkQmfuUDyi1uDi3bKt67oemssIs=');
    });
    it('V1-H4 (sorted sub-resources)', () => {
      const r = signRequest({ ...base, method: 'GET', headers: { 'x-oss-date': date }, query: { resourceGroup: '', acl: '' } });
      assert.equal(r.stringToSign, `GET\n\n\n${date}\nx-oss-date:${date}\n/examplebucket/?acl&resourceGroup`);
      assert.equal(r.headers.authorization, 'OSS ak:x3E5TgOvl/i7PN618s5mEvpJDYk=');
    });
  });

  describe('V1 presigned URL', () => {
    it('Alibaba doc example (Expires 1141889120)', () => {
      const sts = v1StringToSign({ method: 'GET', headers: {}, date: '1141889120', resource: v1CanonicalizedResource('oss-example', 'oss-api.pdf') });
      assert.equal(sts, 'GET\n\n\n1141889120\n/oss-example/oss-api.pdf');
      const r = presignUrl({
        credentials: DOC_AK, signatureVersion: 'v1', method: 'GET', endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
        region: 'cn-hangzhou', bucket: 'oss-example', key: 'oss-api.pdf', expiresInSeconds: 60, now: at(1141889120 - 60),
      });
      assert.equal(
        r.url,
        'https://oss-example.oss-cn-hangzhou.aliyuncs.com/oss-api.pdf?Expires=1141889120&OSSAccessKeyId=44CF9590006BF252F707&Signature=EwaNTn1erJGkimiJ9WmXgwnANLc%3D',
      );
      assert.equal(r.expiresAt.getTime(), 1141889120 * 1000);
    });
    it('V1-Q1 (versionId signed with raw value)', () => {
      assert.equal(
        v1StringToSign({ method: 'GET', headers: {}, date: '1699807420', resource: v1CanonicalizedResource('bucket', 'key', { versionId: 'versionId' }) }),
        'GET\n\n\n1699807420\n/bucket/key?versionId=versionId',
      );
      const r = presignUrl({
        credentials: AK, signatureVersion: 'v1', method: 'GET', endpoint: 'oss-cn-hangzhou.aliyuncs.com', region: 'cn-hangzhou',
        bucket: 'bucket', key: 'key', query: { versionId: 'versionId' }, expiresInSeconds: 900, now: at(1699807420 - 900),
      });
      assert.equal(
        r.url,
        'https://bucket.oss-cn-hangzhou.aliyuncs.com/key?Expires=1699807420&OSSAccessKeyId=ak&Signature=dcLTea%2BYh9ApirQ8o8dOPqtvJXQ%3D&versionId=versionId',
      );
    });
  });

  describe('V4', () => {
    const query = { param1: 'value1', '+param1': 'value3', '|param1': 'value4', '+param2': '', '|param2': '', param2: '' };
    const headers = { 'x-oss-head1': 'value', abc: 'value', ZAbc: 'value', XYZ: 'value' };
    const base = {
      credentials: AK, signatureVersion: 'v4' as const, method: 'PUT', region: 'cn-hangzhou', bucket: 'bucket', key: '1234+-/123/1.txt', query,
    };

    it('V4-H1: canonical request text, string to sign and authorization', () => {
      const r = signRequest({ ...base, headers: { ...headers, 'content-type': 'text/plain' }, now: at(1702743657) });
      assert.equal(r.headers['x-oss-date'], '20231216T162057Z');
      assert.equal(r.headers['x-oss-content-sha256'], 'UNSIGNED-PAYLOAD');
      const canonical = [
        'PUT',
        '/bucket/1234%2B-/123/1.txt',
        '%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2',
        'content-type:text/plain',
        'x-oss-content-sha256:UNSIGNED-PAYLOAD',
        'x-oss-date:20231216T162057Z',
        'x-oss-head1:value',
        '',
        '',
        'UNSIGNED-PAYLOAD',
      ].join('\n');
      const cr = v4CanonicalRequest({ method: 'PUT', bucket: 'bucket', key: '1234+-/123/1.txt', query, headers: { ...headers, 'content-type': 'text/plain', ...r.headers } });
      assert.equal(cr, canonical);
      const sts = v4StringToSign('20231216T162057Z', 'cn-hangzhou', canonical);
      assert.match(sts, /^OSS4-HMAC-SHA256\n20231216T162057Z\n20231216\/cn-hangzhou\/oss\/aliyun_v4_request\n[0-9a-f]{64}$/);
      assert.equal(r.stringToSign, sts);
      assert.equal(v4Signature('sk', '20231216T162057Z', 'cn-hangzhou', sts), 'e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe');
      assert.equal(
        r.headers.authorization,
        'OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature=e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe',
      );
    });
    it('V4-H1 with an oss- prefixed region', () => {
      const r = signRequest({ ...base, region: 'oss-cn-hangzhou', headers: { ...headers, 'content-type': 'text/plain' }, now: at(1702743657) });
      assert.ok(r.headers.authorization.endsWith('Signature=e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe'));
    });
    it('V4-H2 (security token signed)', () => {
      const r = signRequest({
        ...base, credentials: { ...AK, securityToken: 'token' }, headers: { ...headers, 'content-type': 'text/plain' }, now: at(1702784856),
      });
      assert.equal(r.headers['x-oss-security-token'], 'token');
      assert.ok(r.stringToSign.includes('\n20231217/cn-hangzhou/oss/aliyun_v4_request\n'));
      assert.equal(
        r.headers.authorization,
        'OSS4-HMAC-SHA256 Credential=ak/20231217/cn-hangzhou/oss/aliyun_v4_request,Signature=b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea',
      );
    });
    it('V4-H3 (additional headers)', () => {
      assert.deepEqual(v4AdditionalHeaders(['ZAbc', 'abc']), ['abc', 'zabc']);
      assert.deepEqual(v4AdditionalHeaders(['x-oss-no-exist', 'ZAbc', 'x-oss-head1', 'abc']), ['abc', 'zabc']);
      const r = signRequest({
        ...base, headers: { ...headers, 'content-type': 'text/plain' }, additionalHeaders: ['ZAbc', 'abc'], now: at(1702747512),
      });
      assert.equal(
        r.headers.authorization,
        'OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=abc;zabc,Signature=4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f',
      );
      // Same when the caller also lists default-signed and absent names.
      const r2 = signRequest({
        ...base, headers: { ...headers, 'content-type': 'text/plain' }, additionalHeaders: ['x-oss-no-exist', 'ZAbc', 'x-oss-head1', 'abc', 'nope'], now: at(1702747512),
      });
      assert.equal(r2.headers.authorization, r.headers.authorization);
    });
    it('V4-H4 (CloudBox product override)', () => {
      const r = signRequest({
        ...base, region: 'cb-123', product: 'oss-cloudbox', headers: { ...headers, 'content-type': 'text/plain' }, now: at(1702743657),
      });
      assert.ok(r.stringToSign.includes('\n20231216/cb-123/oss-cloudbox/aliyun_v4_request\n'));
      assert.equal(
        r.headers.authorization,
        'OSS4-HMAC-SHA256 Credential=ak/20231216/cb-123/oss-cloudbox/aliyun_v4_request,Signature=94ce1f12c17d148ea681030275a94449d3357f5b5b21133996eec80af3e08a43',
      );
    });
    it('V4-Q1 (presigned PUT, x-oss-expires=599)', () => {
      const r = presignUrl({
        credentials: AK, signatureVersion: 'v4', method: 'PUT', endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', region: 'cn-hangzhou',
        bucket: 'bucket', key: '1234+-/123/1.txt', query, headers: { ...headers, 'content-type': 'application/octet-stream' },
        expiresInSeconds: 1702782276 - 1702781677, now: at(1702781677),
      });
      const u = new URL(r.url);
      assert.equal(u.host, 'bucket.oss-cn-hangzhou.aliyuncs.com');
      assert.equal(u.pathname, '/1234%2B-/123/1.txt');
      assert.equal(u.searchParams.get('x-oss-expires'), '599');
      assert.equal(u.searchParams.get('x-oss-date'), '20231217T025437Z');
      assert.equal(u.searchParams.get('x-oss-credential'), 'ak/20231217/cn-hangzhou/oss/aliyun_v4_request');
      assert.equal(u.searchParams.get('x-oss-signature-version'), 'OSS4-HMAC-SHA256');
      assert.equal(u.searchParams.get('x-oss-signature'), 'a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe');
      assert.ok(r.url.includes('x-oss-credential=ak%2F20231217%2Fcn-hangzhou%2Foss%2Faliyun_v4_request'));
      assert.ok(/[?&]%2Bparam2&/.test(r.url), 'valueless params without =');
      assert.equal(r.expiresAt.getTime(), 1702782276 * 1000);
    });
  });

  describe('POP (RPC) signature', () => {
    it('GET DescribeRegions', () => {
      const params = {
        AccessKeyId: 'testid', Action: 'DescribeRegions', Format: 'XML', SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0', Timestamp: '2016-02-23T12:46:24Z', Version: '2014-05-26',
      };
      assert.equal(popSign('GET', params, 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
      assert.notEqual(popSign('POST', params, 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
      // Signature itself is never part of the canonical string.
      assert.equal(popSign('GET', { ...params, Signature: 'x' }, 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    });
    it('IMS CreateUser: string to sign (double encoding) and signature', () => {
      const params = {
        AccessKeyId: 'testid', Action: 'CreateUser', DisplayName: 'test', Format: 'JSON', SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: '3f6b4e80-56f7-11eb-a256-a9f756ea7e85', SignatureVersion: '1.0', Timestamp: '2021-01-15T06:02:28Z',
        UserPrincipalName: 'test@example.onaliyun.com', Version: '2019-08-15',
      };
      assert.equal(
        popCanonicalizedQuery(params),
        'AccessKeyId=testid&Action=CreateUser&DisplayName=test&Format=JSON&SignatureMethod=HMAC-SHA1&SignatureNonce=3f6b4e80-56f7-11eb-a256-a9f756ea7e85&SignatureVersion=1.0&Timestamp=2021-01-15T06%3A02%3A28Z&UserPrincipalName=test%40example.onaliyun.com&Version=2019-08-15',
      );
      assert.equal(
        popStringToSign('GET', params),
        'GET&%2F&AccessKeyId%3Dtestid%26Action%3DCreateUser%26DisplayName%3Dtest%26Format%3DJSON%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3f6b4e80-56f7-11eb-a256-a9f756ea7e85%26SignatureVersion%3D1.0%26Timestamp%3D2021-01-15T06%253A02%253A28Z%26UserPrincipalName%3Dtest%2540example.onaliyun.com%26Version%3D2019-08-15',
      );
      assert.equal(popSign('GET', params, 'testsecret'), '02heLegtw4+BFamznl1Ltj+vJ4A=');
    });
  });
});
