import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { InvalidSigningInputError, presignUrl, resolveAddress, signRequest } from '../../../src/core/signer';
import type { Credentials, SignatureVersion } from '../../../src/core/signer';

const CREDS: Credentials = { accessKeyId: 'LTAIexampleAK', accessKeySecret: 'exampleSecretValue123', securityToken: 'tok/+=' };
const NOW = new Date('2024-05-01T10:00:00Z');
const ENDPOINT = 'https://oss-cn-hangzhou.aliyuncs.com';
const VERSIONS: SignatureVersion[] = ['v1', 'v4'];

function presign(v: SignatureVersion, bucket: string, key: string, endpoint = ENDPOINT, cname = false): string {
  return presignUrl({ credentials: CREDS, signatureVersion: v, method: 'GET', endpoint, region: 'cn-hangzhou', bucket, key, expiresInSeconds: 600, now: NOW, cname }).url;
}

function headerSign(v: SignatureVersion, bucket: string | undefined, key: string | undefined): string {
  return signRequest({ credentials: CREDS, signatureVersion: v, method: 'PUT', region: 'cn-hangzhou', bucket, key, headers: { 'content-type': 'text/plain' }, now: NOW }).headers.authorization;
}

function refused(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: Error & { code?: string }) => {
    assert.ok(e instanceof InvalidSigningInputError, `expected InvalidSigningInputError, got ${String(e)}`);
    assert.equal(e.code, code);
    return true;
  });
}

const HOSTILE_BUCKETS = [
  'attacker.example#', 'attacker.example/', 'evil.com?', 'user@evil.com', 'a.b', 'Bucket', 'ab', 'a', '',
  '-abc', 'abc-', 'a_b', 'a b', 'x'.repeat(64), 'abc\n', 'ab\u0000c', 'b\u00e9b',
];
const HOSTILE_KEYS = ['', 'a\u0000b', 'a'.repeat(1024), '\u4e2d'.repeat(342)];

/** sha256(url) prefix and authorization tail, recorded from the signer before validation was added. */
const GOLDEN: Record<string, [string, string]> = {
  "v1:中文/日本語 😀.txt:25": ["f285ed0a8a25868b", "SK/tJcBz3x2xGPk="],
  "v1:a b:3": ["a4d7ed2830973087", "Fdxq8aMdEWLEerk="],
  "v1:a+b:3": ["a6ec9d4b4d696abe", "yNaYaDdK9UwnJtg="],
  "v1:100%:4": ["bd73977799c23ae9", "ymIthf0VNfYBokI="],
  "v1:%2F%:4": ["6ed9fa16cd45135b", "R2yGlkrfUgYoyuo="],
  "v1:a//b:4": ["93aaa81d97ebac45", "khQFMiY8a+QsL9E="],
  "v1://lead:6": ["237c02f68e675c96", "oA1WR36WlDbu0r8="],
  "v1:dir/:4": ["b8358cc0bc8acb46", "6tvEyN2CJ+//pT4="],
  "v1:kaaaaaaaaaaaaaaaaaaa:1023": ["0595a0c88d442077", "fv6dK9I3oMOfeQI="],
  "v1:中中中中中中中中中中中中中中中中中中中中:1023": ["766c253e107aaa2e", "/tnllw9SNy5oDyA="],
  "v4:中文/日本語 😀.txt:25": ["d2cad081bb891c0e", "ac2cc260ac0f3fd3"],
  "v4:a b:3": ["b0258e6daf73d376", "7260acbe8fd5ee74"],
  "v4:a+b:3": ["8fd8619372e4aa36", "351bf3a3ae54e6e4"],
  "v4:100%:4": ["8c5efbd669fd51a0", "6efcd2c3c798d5f5"],
  "v4:%2F%:4": ["c74aac7b57cece90", "41b700b225f7f49a"],
  "v4:a//b:4": ["27443cf3285b9f93", "09bbe6f052f15738"],
  "v4://lead:6": ["a6e4563198daaf9c", "5617cb38476d855c"],
  "v4:dir/:4": ["59b3649accd5f168", "277c8d6346059f2e"],
  "v4:kaaaaaaaaaaaaaaaaaaa:1023": ["ed56e2de583b0a53", "df882f66e464f82f"],
  "v4:中中中中中中中中中中中中中中中中中中中中:1023": ["7f637c35f4883a23", "5a97b2711e0e6d92"],
};

describe('signer: bucket, key and host validation', () => {
  it('refuses hostile bucket names in V1 and V4, presigned and header mode, and in resolveAddress', () => {
    for (const bucket of HOSTILE_BUCKETS) {
      for (const v of VERSIONS) {
        refused(() => presign(v, bucket, 'k'), 'InvalidBucketName');
        refused(() => presign(v, bucket, 'k', 'https://files.example.com', true), 'InvalidBucketName');
        refused(() => headerSign(v, bucket, 'k'), 'InvalidBucketName');
        refused(() => headerSign(v, bucket, undefined), 'InvalidBucketName');
      }
      refused(() => resolveAddress({ endpoint: ENDPOINT, bucket, key: 'k' }), 'InvalidBucketName');
    }
  });

  it('the ListBuckets attack: a bucket named attacker.example# never yields a link to that host', () => {
    let url: string | undefined;
    try {
      url = presign('v4', 'attacker.example#', 'k');
    } catch {
      /* refused */
    }
    assert.equal(url, undefined);
  });

  it('refuses empty, NUL-carrying and over-long object keys', () => {
    for (const key of HOSTILE_KEYS) {
      for (const v of VERSIONS) {
        refused(() => presign(v, 'my-bucket-01', key), 'InvalidObjectName');
        if (key !== '') refused(() => headerSign(v, 'my-bucket-01', key), 'InvalidObjectName');
      }
      if (key !== '') refused(() => resolveAddress({ endpoint: ENDPOINT, bucket: 'my-bucket-01', key }), 'InvalidObjectName');
    }
  });

  it('refuses endpoints whose host would not be the host they name', () => {
    const bad = [
      'https://oss-cn-hangzhou.aliyuncs.com@evil.com', 'https://evil.com#.aliyuncs.com', 'https://evil.com?.aliyuncs.com',
      'https://evil.com/.aliyuncs.com', 'evil.com\\x', 'https://a b.com',
    ];
    for (const endpoint of bad) {
      for (const v of VERSIONS) refused(() => presign(v, 'my-bucket-01', 'k', endpoint), 'InvalidEndpoint');
      refused(() => resolveAddress({ endpoint, bucket: 'my-bucket-01', key: 'k' }), 'InvalidEndpoint');
    }
  });

  it('still accepts valid names at the limits, IP and custom-domain endpoints', () => {
    for (const bucket of ['abc', 'a-b', '0ab', 'x'.repeat(63), 'my-bucket-01']) {
      assert.match(presign('v4', bucket, 'k'), new RegExp(`^https://${bucket}\\.oss-cn-hangzhou\\.aliyuncs\\.com/k\\?`));
    }
    assert.match(presign('v1', 'my-bucket-01', 'k', 'http://127.0.0.1:9000'), /^http:\/\/127\.0\.0\.1:9000\/my-bucket-01\/k\?/);
    assert.match(presign('v1', 'my-bucket-01', 'k', 'http://[::1]:9000'), /^http:\/\/\[::1\]:9000\/my-bucket-01\/k\?/);
    assert.match(presign('v4', 'my-bucket-01', 'k', 'https://files_1.example.com', true), /^https:\/\/files_1\.example\.com\/k\?/);
    assert.equal(resolveAddress({ endpoint: ENDPOINT }).host, 'oss-cn-hangzhou.aliyuncs.com');
  });

  it('valid odd keys (unicode, spaces, +, %, //, 1023 bytes) sign exactly as before', () => {
    const keys = ['\u4e2d\u6587/\u65e5\u672c\u8a9e \u{1F600}.txt', 'a b', 'a+b', '100%', '%2F%', 'a//b', '//lead', 'dir/', 'k' + 'a'.repeat(1022), '\u4e2d'.repeat(341)];
    let checked = 0;
    for (const v of VERSIONS) {
      for (const key of keys) {
        const id = `${v}:${key.slice(0, 20)}:${Buffer.byteLength(key)}`;
        const url = createHash('sha256').update(presign(v, 'my-bucket-01', key)).digest('hex').slice(0, 16);
        assert.deepEqual([url, headerSign(v, 'my-bucket-01', key).slice(-16)], GOLDEN[id], id);
        checked++;
      }
    }
    assert.equal(checked, Object.keys(GOLDEN).length);
  });
});
