/**
 * Bad S3 connection settings and answers, each with an error that says what to change: an R2
 * endpoint without region `auto`, a bucket name that cannot be virtual-hosted, an endpoint that
 * is not S3 (a plain web server), and the wrong region in AWS's own error forms.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '../../../src/core/s3';
import { bodyVerify, s3ErrorFor } from '../../../src/core/s3/checks';
import { cannedOf, crc32cOf, grantHeaders, isOwnerOnly, s3StorageClass } from '../../../src/core/s3/props';
import { OssError } from '../../../src/core/client/errors';
import { StaticAccessKeyProvider } from '../../../src/core/credentials';

const creds = new StaticAccessKeyProvider('AKIAEXAMPLE000000000', 'secret-secret');
const client = (endpoint: string, region: string, pathStyle?: boolean) => new S3Client({ endpoint, region, pathStyle, credentials: creds, maxRetries: 0 });

describe('S3 bad input', () => {
  it('an R2 endpoint without region auto is refused before any request, saying to set auto', () => {
    assert.throws(() => client('https://acct.r2.cloudflarestorage.com', 'us-east-1'), /take the region "auto", not "us-east-1": set the connection's region to auto/);
    assert.throws(() => client('https://s3.amazonaws.com', ' '), /needs a region/);
    client('https://acct.r2.cloudflarestorage.com', 'auto').destroy();
  });

  it('a bucket name that is not DNS-safe cannot be virtual-hosted: turn on path-style addressing', async () => {
    const c = client('https://s3.eu-west-1.amazonaws.com', 'eu-west-1');
    try {
      await assert.rejects(c.presign({ bucket: 'my..bucket', key: 'k', expiresInSeconds: 60 }), /not DNS-safe.*turn on path-style addressing/);
      await assert.rejects(c.presign({ bucket: 'dotted.bucket', key: 'k', expiresInSeconds: 60 }), /TLS certificate.*turn on path-style addressing/);
    } finally {
      c.destroy();
    }
  });

  describe('an endpoint that is not S3 (a web server answering HTML)', () => {
    let server: http.Server;
    let endpoint: string;
    before(async () => {
      server = http.createServer((req, res) => {
        const status = req.url === '/' ? 200 : 404;
        res.writeHead(status, { 'content-type': 'text/html' }).end('<html><body>Welcome to nginx!</body></html>');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it('listing buckets (200 with HTML) and reading an object (404 with HTML) give NotS3Endpoint: check the endpoint URL', async () => {
      const c = client(endpoint, 'us-east-1', true);
      try {
        await assert.rejects(c.listBuckets(), (e: unknown) => (e as OssError).code === 'NotS3Endpoint' && /check the endpoint URL/.test((e as Error).message));
        await assert.rejects(c.getObjectBuffer('bucket', 'key'), (e: unknown) => (e as OssError).code === 'NotS3Endpoint' && /check the endpoint URL/.test((e as Error).message));
      } finally {
        c.destroy();
      }
    });
  });

  it('a request (not only a link) to a bucket that is not DNS-safe, virtual-hosted, is refused before it is sent, saying to turn on path-style', async () => {
    // .invalid never resolves: a request that went out would fail with a network error instead.
    const c = client('http://s3.invalid', 'us-east-1', false);
    try {
      for (const call of [() => c.listObjects({ bucket: 'My_Bucket', prefix: '' }), () => c.getObjectBuffer('my..bucket', 'k'), () => c.headObject('-bucket-', 'k')]) {
        await assert.rejects(call(), (e: unknown) => (e as OssError).code === 'InvalidBucketName' && /turn on path-style addressing|3-63 lower-case/.test((e as Error).message));
      }
      await assert.rejects(c.getObjectBuffer('my..bucket', 'k'), /cannot be used with virtual-hosted addressing: it is not DNS-safe.*turn on path-style addressing/);
    } finally {
      c.destroy();
    }
  });

  describe("the wrong region, as AWS answers it (AWS's documented error forms, replayed by a local server)", () => {
    let server: http.Server;
    let endpoint: string;
    const xml = (code: string, message: string, extra = ''): string =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>R1</RequestId><HostId>H1</HostId></Error>`;
    before(async () => {
      server = http.createServer((req, res) => {
        req.resume();
        const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization))?.[1];
        if (req.url?.startsWith('/malformed')) {
          res.writeHead(400, { 'content-type': 'application/xml' })
            .end(xml('AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${region}' is wrong; expecting 'eu-central-1'`, '<Region>eu-central-1</Region>'));
        } else if (req.method === 'HEAD') {
          // HEAD answers carry no body: only the status and x-amz-bucket-region.
          res.writeHead(400, { 'x-amz-bucket-region': 'ap-southeast-2' }).end();
        } else {
          res.writeHead(301, { 'content-type': 'application/xml', 'x-amz-bucket-region': 'ap-southeast-2' })
            .end(xml('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', '<Endpoint>moved.s3.ap-southeast-2.amazonaws.com</Endpoint><Bucket>moved</Bucket>'));
        }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it('AuthorizationHeaderMalformed (400), PermanentRedirect (301) and a bodiless HEAD 400 each name the region to set', async () => {
      const c = client(endpoint, 'us-east-1', true);
      const wrongRegion = (region: string) => (e: unknown): boolean => {
        assert.equal((e as OssError).code, 'WrongRegion', String(e));
        assert.match((e as Error).message, new RegExp(`The bucket is in region ${region}, but the connection signs for us-east-1: set the connection's region to ${region}`));
        return true;
      };
      try {
        await assert.rejects(c.getObjectBuffer('malformed', 'k'), wrongRegion('eu-central-1'));
        await assert.rejects(c.listObjects({ bucket: 'malformed', prefix: '' }), wrongRegion('eu-central-1'));
        await assert.rejects(c.listObjects({ bucket: 'moved', prefix: '' }), wrongRegion('ap-southeast-2'));
        await assert.rejects(c.getObjectBuffer('moved', 'k'), wrongRegion('ap-southeast-2'));
        await assert.rejects(c.headObject('moved', 'k'), wrongRegion('ap-southeast-2'));
      } finally {
        c.destroy();
      }
    });
  });

  it("the wrong region, in AWS's error forms, names the region to set", () => {
    const map = s3ErrorFor('https://s3.amazonaws.com', 'us-east-1');
    const malformed = new OssError({ status: 400, code: 'AuthorizationHeaderMalformed', serverMessage: "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-central-1'", operation: 'GetObject', details: {} });
    assert.match(map(malformed, { 'content-type': 'application/xml' }, Buffer.from('<Error/>')).message, /in region eu-central-1.*set the connection's region to eu-central-1/);
    const moved = new OssError({ status: 301, code: 'PermanentRedirect', serverMessage: 'The bucket you are attempting to access must be addressed using the specified endpoint.', operation: 'ListObjectsV2', details: {} });
    assert.match(map(moved, { 'x-amz-bucket-region': 'ap-southeast-2' }, Buffer.from('<Error/>')).message, /set the connection's region to ap-southeast-2/);
  });
});

describe('S3 checksums and ACL mapping (no server)', () => {
  it('a multipart object\'s CRC-32C is composite even when the HEAD drops the -<parts> suffix, so no read is checked against it', () => {
    assert.equal(crc32cOf({ 'x-amz-checksum-crc32c': 'fPWZrQ==', etag: '"0cc175b9c0f1b6a831c399e269772661-2"' }), 'fPWZrQ==-2');
    assert.equal(crc32cOf({ 'x-amz-checksum-crc32c': 'fPWZrQ==', etag: '"0cc175b9c0f1b6a831c399e269772661-2"', 'x-amz-checksum-type': 'FULL_OBJECT' }), 'fPWZrQ==');
    assert.equal(bodyVerify({ 'x-amz-checksum-crc32c': 'fPWZrQ==', etag: '"0cc175b9c0f1b6a831c399e269772661-2"' }, 'op'), undefined);
    const single = bodyVerify({ 'x-amz-checksum-crc32c': 'AAAAAA==', etag: '"0cc175b9c0f1b6a831c399e269772661"' }, 'op');
    assert.equal(single?.expected, 'AAAAAA==', 'a single-part object is checked by its CRC-32C first');
    assert.equal(bodyVerify({ etag: '"0cc175b9c0f1b6a831c399e269772661"' }, 'op')?.expected, '0cc175b9c0f1b6a831c399e269772661', 'else by the MD5 ETag');
    assert.equal(bodyVerify({ etag: '"0cc175b9c0f1b6a831c399e269772661"', 'x-amz-server-side-encryption': 'aws:kms' }, 'op'), undefined, 'an SSE-KMS ETag is no MD5');
  });

  it('grants map to the canned ACLs the extension offers; the owner-only ACL is recognised', () => {
    const owner = { type: 'id' as const, value: 'o1', permission: 'FULL_CONTROL' as const };
    const all = 'http://acs.amazonaws.com/groups/global/AllUsers';
    assert.equal(cannedOf({ ownerId: 'o1', grants: [owner] }), 'private');
    assert.equal(cannedOf({ ownerId: 'o1', grants: [owner, { type: 'uri', value: all, permission: 'READ' }] }), 'public-read');
    assert.equal(cannedOf({ ownerId: 'o1', grants: [owner, { type: 'uri', value: all, permission: 'READ' }, { type: 'uri', value: all, permission: 'WRITE' }] }), 'public-read-write');
    assert.equal(isOwnerOnly({ ownerId: 'o1', grants: [owner] }), true);
    assert.equal(isOwnerOnly({ ownerId: 'o1', grants: [owner, { type: 'id', value: 'o2', permission: 'READ' }] }), false);
    const h: Record<string, string> = {};
    grantHeaders({ ownerId: 'o1', grants: [owner, { type: 'uri', value: all, permission: 'READ' }, { type: 'id', value: 'o2', permission: 'READ' }] }, h);
    assert.deepEqual(h, { 'x-amz-grant-full-control': 'id="o1"', 'x-amz-grant-read': `uri="${all}", id="o2"` });
  });

  it('storage classes: ours map to S3\'s, S3\'s pass through, ColdArchive is refused saying what to choose', () => {
    assert.equal(s3StorageClass('IA'), 'STANDARD_IA');
    assert.equal(s3StorageClass('GLACIER_IR'), 'GLACIER_IR');
    assert.throws(() => s3StorageClass('ColdArchive'), { code: 'NotSupportedOnS3' });
    assert.throws(() => s3StorageClass('Frozen'), { code: 'InvalidArgument' });
  });
});
