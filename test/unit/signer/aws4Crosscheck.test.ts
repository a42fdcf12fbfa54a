/**
 * Randomized cross-check of `signatureVersion: 'aws4'` against @smithy/signature-v4, the AWS SDK's
 * own signer (service s3, uriEscapePath false as the S3 client uses it), with the independent
 * pure-JS SHA-256 of @aws-crypto/sha256-js. Header signing (unsigned and signed payloads) and
 * presigned URLs; keys with unicode, spaces, '+', '%', '//'; queries; headers with odd case,
 * whitespace and comma-joined values; session tokens. Output must be byte-identical.
 *
 * Replay a failure: AWS4_XCHECK_SEED=<seed> npx mocha --no-config out/test/unit/signer/aws4Crosscheck.test.js
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { presignUrl, resolveS3Address, signRequest, type Credentials } from '../../../src/core/signer';
import { SeededRandom } from '../../support/prng';

const CASES = 1000;
const SEED = process.env.AWS4_XCHECK_SEED ? Number(process.env.AWS4_XCHECK_SEED) : (Date.now() ^ (process.pid << 8)) >>> 0;

const KEY_PIECES = [
  'a', 'Z', '0', '-', '_', '.', '~', ' ', '  ', '+', '%', '%20', '%2F', '*', "'", '(', ')', '!', '&', '=', '?', '#', ';', ',', '@',
  '$', '[', ']', '^', '|', '"', '<', '>', ':', '/', '//', 'é', 'ß', '中文', '日本語', '😀', '👍🏽', '\u00a0', 'dir/', 'photo (1).jpg',
  'a+b', '100%', '..', '.',
];
const QUERY_NAMES = ['prefix', 'delimiter', 'max-keys', 'uploads', 'uploadId', 'partNumber', 'versionId', 'tagging',
  'response-content-disposition', 'response-content-type', 'list-type', 'continuation-token', 'x-id', 'Weird Name', 'é', 'a+b', 'A', 'a'];
const HEADER_NAMES = ['Content-Type', 'content-md5', 'Range', 'x-amz-meta-Author', 'X-Amz-Meta-note', 'x-amz-acl', 'If-Match',
  'x-amz-copy-source', 'x-amz-tagging', 'User-Agent', 'cache-control', 'Expect', 'content-disposition', 'x-amz-storage-class',
  'x-amz-checksum-crc32c', 'x-amz-server-side-encryption', 'X-Custom'];
const VALUE_PIECES = ['text/plain', 'a', ' ', '  ', '\t', 'b c', 'x,y', 'x, y', ' lead', 'trail ', '=', ';', 'bytes=0-99', '"etag"', '/', 'é'];
const REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-2', 'auto', 'cn-north-1'];
const ENDPOINTS = ['https://s3.amazonaws.com', 'https://s3.eu-central-1.amazonaws.com', 'http://127.0.0.1:9000', 'https://acct.r2.cloudflarestorage.com', 'http://localhost:4568'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

class Gen extends SeededRandom {
  join(pieces: readonly string[], lo: number, hi: number): string {
    let s = '';
    for (let i = this.int(lo, hi); i > 0; i--) s += this.pick(pieces);
    return s;
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }
  key(): string {
    let k = this.join(KEY_PIECES, 1, 12);
    while (k.startsWith('/')) k = k.slice(1);
    if (!k) k = 'k';
    if (this.bool(0.03)) k = 'x'.repeat(1023 - Buffer.byteLength(k)) + k;
    return k;
  }
  credentials(): Credentials {
    const c: Credentials = { accessKeyId: `AKIA${this.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`, accessKeySecret: this.chars(B64, 40) };
    if (this.bool(0.4)) c.securityToken = `IQoJb3JpZ2luX2Vj${this.chars(B64 + '=', this.int(20, 300))}`;
    return c;
  }
  query(): Record<string, string> {
    const q: Record<string, string> = {};
    for (let i = this.int(0, 4); i > 0; i--) q[this.pick(QUERY_NAMES)] = this.bool(0.25) ? '' : this.join(KEY_PIECES, 1, 4);
    return q;
  }
  headers(): Record<string, string> {
    const h: Record<string, string> = {};
    const used = new Set<string>();
    for (let i = this.int(0, 6); i > 0; i--) {
      const name = this.pick(HEADER_NAMES);
      if (used.has(name.toLowerCase())) continue;
      used.add(name.toLowerCase());
      h[this.bool(0.2) ? name.toUpperCase() : name] = this.join(VALUE_PIECES, 1, 4);
    }
    return h;
  }
  date(): Date {
    return new Date(Date.UTC(2013, 0, 1) + this.int(0, 17 * 365 * 86400) * 1000);
  }
}

function smithy(region: string, creds: Credentials): SignatureV4 {
  return new SignatureV4({
    service: 's3',
    region,
    sha256: Sha256,
    uriEscapePath: false,
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.accessKeySecret, sessionToken: creds.securityToken },
  });
}

interface Case {
  creds: Credentials;
  region: string;
  endpoint: string;
  pathStyle: boolean;
  bucket: string;
  key: string;
  method: 'GET' | 'PUT' | 'HEAD' | 'DELETE' | 'POST';
  query: Record<string, string>;
  headers: Record<string, string>;
  now: Date;
}

function makeCase(g: Gen): Case {
  return {
    creds: g.credentials(),
    region: g.pick(REGIONS),
    endpoint: g.pick(ENDPOINTS),
    pathStyle: g.bool(),
    bucket: g.pick(['my-bucket', 'examplebucket', 'a0b', 'logs-2024']),
    key: g.key(),
    method: g.pick(['GET', 'PUT', 'HEAD', 'DELETE', 'POST'] as const),
    query: g.query(),
    headers: g.headers(),
    now: g.date(),
  };
}

function httpRequest(c: Case, host: string, path: string, headers: Record<string, string>, body?: Buffer) {
  const [hostname, port] = host.split(':');
  return { method: c.method, protocol: 'https:', hostname, port: port ? Number(port) : undefined, path, query: { ...c.query }, headers: { ...headers, host }, body };
}

describe(`aws4 signer = @smithy/signature-v4 (seed ${SEED})`, function () {
  this.timeout(60000);

  it(`header signing: ${CASES} random requests, unsigned and signed payloads, with and without session tokens`, async () => {
    const g = new Gen(SEED);
    let signedPayloads = 0;
    for (let i = 0; i < CASES; i++) {
      const c = makeCase(g);
      const addr = resolveS3Address({ endpoint: c.endpoint, bucket: c.bucket, key: c.key, pathStyle: c.pathStyle });
      const body = g.bool(0.3) ? Buffer.from(g.join(KEY_PIECES, 0, 30)) : undefined;
      const payloadHash = body ? createHash('sha256').update(body).digest('hex') : undefined;
      if (body) signedPayloads++;
      const ours = signRequest({
        credentials: c.creds, signatureVersion: 'aws4', method: c.method, region: c.region, bucket: c.bucket, key: c.key,
        query: c.query, headers: c.headers, now: c.now, host: addr.host, pathStyle: addr.pathStyle, payloadHash,
      });
      const theirHeaders = body ? c.headers : { ...c.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
      const theirs = await smithy(c.region, c.creds).sign(httpRequest(c, addr.host, addr.path, theirHeaders, body), { signingDate: c.now });
      const th = theirs.headers as Record<string, string>;
      const ctx = `case ${i}: ${JSON.stringify({ key: c.key, query: c.query, headers: c.headers, region: c.region, pathStyle: addr.pathStyle })}`;
      assert.equal(ours.headers['authorization'], th['authorization'], ctx);
      assert.equal(ours.headers['x-amz-date'], th['x-amz-date'], ctx);
      assert.equal(ours.headers['x-amz-content-sha256'], th['x-amz-content-sha256'], ctx);
      assert.equal(ours.headers['x-amz-security-token'], th['x-amz-security-token'], ctx);
    }
    assert.ok(signedPayloads > CASES / 5, `signed payloads covered (${signedPayloads})`);
  });

  it(`presigned URLs: ${CASES} random links, x-amz-* headers hoisted into the query, others signed as headers`, async () => {
    const g = new Gen(SEED ^ 0x5a5a5a5a);
    for (let i = 0; i < CASES; i++) {
      const c = makeCase(g);
      const expiresInSeconds = g.int(1, 604800);
      const addr = resolveS3Address({ endpoint: c.endpoint, bucket: c.bucket, key: c.key, pathStyle: c.pathStyle });
      const ours = presignUrl({
        credentials: c.creds, signatureVersion: 'aws4', method: c.method, endpoint: c.endpoint, region: c.region,
        bucket: c.bucket, key: c.key, expiresInSeconds, now: c.now, headers: c.headers, query: c.query, pathStyle: c.pathStyle,
      });
      const sse = Object.keys(c.headers).map((h) => h.toLowerCase()).filter((h) => h.startsWith('x-amz-server-side-encryption'));
      const theirs = await smithy(c.region, c.creds).presign(
        httpRequest(c, addr.host, addr.path, { ...c.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }),
        {
          signingDate: c.now, expiresIn: expiresInSeconds,
          unsignableHeaders: new Set(['x-amz-content-sha256']), unhoistableHeaders: new Set(['x-amz-content-sha256', ...sse]),
        },
      );
      const ctx = `case ${i}: ${JSON.stringify({ key: c.key, query: c.query, headers: c.headers, pathStyle: addr.pathStyle })}`;
      const url = ours.url;
      const qAt = url.indexOf('?');
      assert.equal(url.slice(0, qAt), `${addr.protocol}//${addr.host}${addr.path}`, ctx);
      // Same parameters, same values (ours is the canonical text plus X-Amz-Signature).
      const got: Record<string, string> = {};
      for (const part of url.slice(qAt + 1).split('&')) {
        const eq = part.indexOf('=');
        got[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
      }
      const want: Record<string, string> = {};
      for (const [k, v] of Object.entries(theirs.query ?? {})) want[k] = String(v);
      assert.deepEqual(sorted(got), sorted(want), ctx);
      assert.equal(got['X-Amz-Signature'], want['X-Amz-Signature'], ctx);
    }
  });

  it('refuses a header given twice in different case (the HTTP stack would send both values)', () => {
    assert.throws(
      () => signRequest({
        credentials: { accessKeyId: 'AKIDEXAMPLE', accessKeySecret: 'secret' }, signatureVersion: 'aws4', method: 'GET',
        region: 'us-east-1', bucket: 'b-1', key: 'k', host: 'h', pathStyle: true, headers: { 'X-Amz-Meta-A': '1', 'x-amz-meta-a': '2' },
      }),
      /given twice/,
    );
  });
});

function sorted(o: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}
