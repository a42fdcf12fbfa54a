import * as assert from 'node:assert/strict';
import { maskId, maskSecret, redactUrl, redactHeaders, redactAuthorization, redactText } from '../../../src/core/redact';
import { presignUrl, signRequest } from '../../../src/core/signer';

const creds = { accessKeyId: 'STS.NTest1234567890abcd', accessKeySecret: 'redactSecret-9988', securityToken: 'CAIStoken/with+chars==' };
const NOW = new Date('2026-01-01T00:00:00Z');

describe('redact', () => {
  it('maskId shows at most 4 + 4 characters; maskSecret shows nothing', () => {
    assert.equal(maskId('LTAI5tAbCdEfGhIjabcd'), 'LTAI****abcd');
    assert.equal(maskId('short'), '****');
    assert.equal(maskId('123456789'), '12****89');
    assert.equal(maskId(''), '');
    assert.equal(maskSecret('anything'), '****');
    assert.equal(maskSecret(undefined), '');
  });

  for (const v of ['v1', 'v4'] as const) {
    it(`redactUrl masks a ${v} presigned URL`, () => {
      const { url } = presignUrl({
        credentials: creds, signatureVersion: v, method: 'GET', endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', region: 'cn-hangzhou',
        bucket: 'bkt', key: 'dir/a b.txt', expiresInSeconds: 60, now: NOW, query: { 'response-content-type': 'text/plain' },
      });
      const sig = new URL(url).searchParams.get(v === 'v1' ? 'Signature' : 'x-oss-signature')!;
      const r = redactUrl(url);
      for (const secret of [sig, encodeURIComponent(sig), creds.securityToken, encodeURIComponent(creds.securityToken), creds.accessKeyId]) {
        assert.ok(!r.includes(secret), `${r} contains ${secret}`);
      }
      assert.ok(r.startsWith('https://bkt.oss-cn-hangzhou.aliyuncs.com/dir/a%20b.txt?'));
      assert.ok(r.includes('response-content-type=text%2Fplain'));
      assert.ok(r.includes(encodeURIComponent('STS.****abcd')));
      if (v === 'v4') assert.ok(r.includes('x-oss-credential=' + encodeURIComponent('STS.****abcd/20260101/cn-hangzhou/oss/aliyun_v4_request')));
    });
  }

  it('redactHeaders masks authorization (V1 and V4) and the token, keeps the rest', () => {
    for (const v of ['v1', 'v4'] as const) {
      const s = signRequest({ credentials: creds, signatureVersion: v, method: 'GET', region: 'cn-hangzhou', bucket: 'bkt', key: 'k', headers: { 'content-type': 'text/plain' }, now: NOW });
      const h = redactHeaders({ ...s.headers, 'Content-Type': 'text/plain', 'X-Oss-Security-Token': creds.securityToken });
      const text = JSON.stringify(h);
      assert.ok(!text.includes(creds.securityToken));
      assert.ok(!text.includes(creds.accessKeyId));
      const sig = v === 'v1' ? s.headers.authorization.split(':')[1] : s.headers.authorization.split('Signature=')[1];
      assert.ok(!text.includes(sig));
      assert.equal(h['Content-Type'], 'text/plain');
      assert.equal(h['x-oss-date'] ?? 'x', s.headers['x-oss-date'] ?? 'x');
    }
    assert.equal(redactAuthorization('OSS LTAIabcdefgh1234:c2lnbmF0dXJl'), 'OSS LTAI****1234:****');
    assert.equal(
      redactAuthorization('OSS4-HMAC-SHA256 Credential=LTAIabcdefgh1234/20260101/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=host,Signature=abcdef'),
      'OSS4-HMAC-SHA256 Credential=LTAI****1234/20260101/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=host,Signature=****',
    );
    assert.equal(redactAuthorization('Bearer xyz'), 'Bearer ****');
  });

  it('redactText removes known secrets and their URL-encoded forms', () => {
    assert.equal(redactText(`a ${creds.securityToken} b ${encodeURIComponent(creds.securityToken)}`, [creds.securityToken]), 'a **** b ****');
  });
});
