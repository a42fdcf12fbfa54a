/**
 * S3 connections speak AWS's terms (Access key ID, Secret access key, Session token), OSS ones
 * Alibaba Cloud's (AccessKey ID, AccessKey secret, STS security token); the Chinese bundle gives
 * each S3 term its own text.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type AuthType, credentialTerms, describeConnection } from '../../../src/connections/model';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const AUTH: AuthType[] = ['accessKey', 'sts', 'assumeRole'];
const zh = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;

describe('connections/credentialTerms', () => {
  it('S3: AWS terms for every kind of credentials, none of OSS\'s', () => {
    for (const a of AUTH) {
      const t = credentialTerms('s3', a);
      assert.deepStrictEqual([t.keyId, t.secret, t.token], ['Access key ID', 'Secret access key', 'Session token'], a);
      for (const text of Object.values(t)) assert.ok(!/AccessKey|STS|security token/.test(text), `${a}: "${text}"`);
    }
  });

  it('OSS keeps AccessKey ID, the STS.… prompt for temporary keys, and the security token', () => {
    assert.strictEqual(credentialTerms('oss', 'accessKey').keyId, 'AccessKey ID');
    assert.strictEqual(credentialTerms('oss', 'sts').keyId, 'Temporary AccessKey ID (STS.…)');
    assert.strictEqual(credentialTerms('oss', 'sts').token, 'STS security token');
    assert.strictEqual(credentialTerms('oss', 'accessKey').keyIdInvalid, 'Enter a valid AccessKey ID');
  });

  it('every S3 term goes through the translator and has a Chinese text of its own', () => {
    const seen: string[] = [];
    const terms = credentialTerms('s3', 'sts', (m) => {
      seen.push(m);
      return `zh:${m}`;
    });
    assert.strictEqual(seen.length, Object.keys(terms).length);
    for (const m of seen) {
      assert.ok(zh[m], `no Chinese for "${m}"`);
      assert.notStrictEqual(zh[m], m, `"${m}" is not translated`);
    }
  });

  it('the one-line description of an S3 connection says "access key" / "session token", OSS keeps AccessKey / STS', () => {
    const base = { id: '1', name: 'n', region: 'us-east-1', accessKeyId: 'AKIA1' } as const;
    assert.strictEqual(describeConnection({ ...base, service: 's3', authType: 'accessKey' }), 'S3 · access key · us-east-1');
    assert.strictEqual(describeConnection({ ...base, service: 's3', authType: 'sts', pathStyle: true }), 'S3 · path-style · session token · us-east-1');
    assert.strictEqual(describeConnection({ ...base, region: 'cn-hangzhou', authType: 'accessKey' }), 'AccessKey · cn-hangzhou');
  });
});
