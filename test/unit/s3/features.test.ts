/**
 * The rest of what the extension does, on S3: ACLs, tags, versions, delete markers, multipart
 * listing / abort / resume, metadata REPLACE, UploadPartCopy, the keep-everything save with its
 * conditional PUT, and the CRC-32C / MD5 checks, against moto (IAM auth on) and @20minutes/s3rver,
 * with @aws-sdk/client-s3 as the second client. Where a server lacks a feature the test asserts
 * what the server really answers and that our client reports it clearly.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import {
  S3Client as AwsS3,
  GetObjectCommand,
  GetObjectTaggingCommand,
  AbortMultipartUploadCommand,
  GetObjectAclCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  ListObjectVersionsCommand,
} from '@aws-sdk/client-s3';
import { S3Client, crc32c, crc32cBase64 } from '../../../src/core/s3';
import { compositeCrc32c } from '../../../src/core/s3/multipart';
import { ObjectChangedError, ObjectDeletedError, OssError } from '../../../src/core/client';
import { MemoryCheckpointStore } from '../../../src/core/transfer';
import { StaticAccessKeyProvider } from '../../../src/core/credentials/providers';
import { S3_SERVERS, type S3TestServer } from '../../support/s3Servers';

const MiB = 1024 * 1024;
const c32 = (b: Buffer): string => crc32cBase64(crc32c(b));

/** What each server does where it departs from AWS S3 (each one asserted below). */
interface Features {
  /** Versioning (PutBucketVersioning, version ids, ListObjectVersions, delete markers). */
  versioning: boolean;
  /** Object ACLs (GetObjectAcl / PutObjectAcl with canned ACLs and grants). */
  acl: boolean;
  /** Whether a PUT with a stale If-Match is refused (412); otherwise it is ignored. */
  conditionalPut: boolean;
  /** The server stores and returns x-amz-checksum-crc32c. */
  crc32c: boolean;
  /** RestoreObject for a GLACIER object. */
  restore: boolean;
  /** public-read-write is stored as AllUsers READ and WRITE (moto keeps only READ). */
  publicWrite: boolean;
  /** x-amz-tagging on PutObject sets the tags (s3rver ignores it). */
  taggingHeader: boolean;
  /** ListMultipartUploads: 'paged' (AWS), 'unpaged' (max-uploads ignored), or the error code it answers. */
  listUploads: 'paged' | 'unpaged' | string;
  /** ListParts and AbortMultipartUpload work (s3rver answers MethodNotAllowed to both); resuming needs ListParts. */
  listParts: boolean;
  /** DeleteObjectTagging exists (s3rver: 501, so the client writes an empty tag set instead). */
  deleteTagging: boolean;
  /** The server checks x-amz-checksum-crc32c against the body (moto stores a wrong one as it is). */
  checksChecksum: boolean;
}
const FEATURES: Record<string, Features> = {
  moto: { versioning: true, acl: true, conditionalPut: true, crc32c: true, restore: true, publicWrite: false, taggingHeader: true, listUploads: 'unpaged', listParts: true, deleteTagging: true, checksChecksum: false },
  s3rver: {
    versioning: false, acl: false, conditionalPut: false, crc32c: false, restore: false, publicWrite: false, taggingHeader: false, listUploads: 'NotImplemented', listParts: false,
    deleteTagging: false, checksChecksum: false,
  },
};

function ours(s: S3TestServer): S3Client {
  return new S3Client({
    endpoint: s.endpoint, region: s.region, pathStyle: true, maxRetries: 0,
    credentials: new StaticAccessKeyProvider(s.accessKeyId, s.secretAccessKey),
  });
}

function aws(s: S3TestServer): AwsS3 {
  return new AwsS3({
    endpoint: s.endpoint, region: s.region, forcePathStyle: true, maxAttempts: 1,
    credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

for (const { kind, start } of S3_SERVERS) {
  describe(`S3 client features against ${kind}`, function () {
    this.timeout(60000);
    let server: S3TestServer;
    let client: S3Client;
    let sdk: AwsS3;
    const bucket = `feat-${kind}-${randomBytes(3).toString('hex')}`;
    const f = FEATURES[kind];
    let tmp: string;

    before(async function () {
      server = await start();
      client = ours(server);
      sdk = aws(server);
      await client.createBucket(bucket);
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's3feat-'));
    });

    after(async function () {
      client?.destroy();
      sdk?.destroy();
      await server?.stop();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it(f.taggingHeader ? 'tags: set by PutObject (x-amz-tagging), put, get (also through the AWS SDK), delete'
      : `tags: put, get (also through the AWS SDK), delete; ${kind}: ignores x-amz-tagging on PutObject (server fault; the AWS SDK's Tagging is lost too) and has no DeleteObjectTagging (501: we write an empty tag set)`, async () => {
      await client.putObject(bucket, 'tags/a', Buffer.from('a'), { tags: { at: 'put' } });
      assert.deepEqual(await client.getObjectTagging(bucket, 'tags/a'), f.taggingHeader ? { at: 'put' } : {});
      await sdk.send(new PutObjectCommand({ Bucket: bucket, Key: 'tags/sdk', Body: 'b', Tagging: 'at=sdk' }));
      assert.deepEqual(await client.getObjectTagging(bucket, 'tags/sdk'), f.taggingHeader ? { at: 'sdk' } : {});
      await client.putObjectTagging(bucket, 'tags/a', { project: 'oss', 'with space': 'a b' });
      const viaSdk = await sdk.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tags/a' }));
      assert.deepEqual(Object.fromEntries((viaSdk.TagSet ?? []).map((t) => [t.Key, t.Value])), { project: 'oss', 'with space': 'a b' });
      await client.deleteObjectTagging(bucket, 'tags/a');
      assert.deepEqual(await client.getObjectTagging(bucket, 'tags/a'), {});
      await assert.rejects(client.putObjectTagging(bucket, 'tags/a', Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))), { code: 'InvalidTag' });
    });

    if (f.acl) {
      it(f.publicWrite ? 'ACL: canned ACLs read back as ours' : `ACL: canned ACLs read back as ours; ${kind}: public-read-write is stored as public-read (server fault, the AWS SDK sees the same)`, async () => {
        await client.putObject(bucket, 'acl/x', Buffer.from('x'));
        assert.equal(await client.getObjectAcl(bucket, 'acl/x'), 'private');
        await client.putObjectAcl(bucket, 'acl/x', 'public-read');
        assert.equal(await client.getObjectAcl(bucket, 'acl/x'), 'public-read');
        const grants = await client.getObjectGrants(bucket, 'acl/x');
        assert.ok(grants.grants.some((g) => g.type === 'uri' && /AllUsers$/.test(g.value) && g.permission === 'READ'), JSON.stringify(grants));
        await client.putObjectAcl(bucket, 'acl/x', 'public-read-write');
        if (f.publicWrite) assert.equal(await client.getObjectAcl(bucket, 'acl/x'), 'public-read-write');
        else {
          // moto keeps only AllUsers READ of public-read-write (server fault): the AWS SDK sees the same grants.
          assert.equal(await client.getObjectAcl(bucket, 'acl/x'), 'public-read');
          const seen = await sdk.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'acl/x' }));
          assert.deepEqual((seen.Grants ?? []).filter((g) => g.Grantee?.URI?.endsWith('AllUsers')).map((g) => g.Permission), ['READ']);
        }
        await client.putObjectAcl(bucket, 'acl/x', 'default');
        assert.equal(await client.getObjectAcl(bucket, 'acl/x'), 'private');
      });
    } else {
      it(`${kind}: no object ACLs — GetObjectAcl answers a fixed owner-only ACL and PutObjectAcl is refused; we report both`, async () => {
        await client.putObject(bucket, 'acl/x', Buffer.from('x'));
        assert.equal(await client.getObjectAcl(bucket, 'acl/x'), 'private');
        await assert.rejects(client.putObjectAcl(bucket, 'acl/x', 'public-read'), (err: unknown) => err instanceof OssError && err.status >= 400);
      });
    }

    it('metadata REPLACE through CopyObject onto itself (x-amz-metadata-directive)', async () => {
      const body = randomBytes(100);
      await client.putObject(bucket, 'props/x', body, { meta: { old: '1' }, contentType: 'text/plain' });
      await client.copyObject(bucket, 'props/x', bucket, 'props/x', {
        metadataDirective: 'REPLACE', contentType: 'application/json', cacheControl: 'max-age=60', contentDisposition: 'attachment', meta: { fresh: '2' },
      });
      const head = await client.headObject(bucket, 'props/x');
      assert.equal(head.contentType, 'application/json');
      assert.equal(head.cacheControl, 'max-age=60');
      assert.equal(head.contentDisposition, 'attachment');
      assert.deepEqual(head.meta, { fresh: '2' });
      assert.deepEqual((await client.getObjectBuffer(bucket, 'props/x')).body, body);
      const viaSdk = await sdk.send(new HeadObjectCommand({ Bucket: bucket, Key: 'props/x' }));
      assert.deepEqual(viaSdk.Metadata, { fresh: '2' });
    });

    it('UploadPartCopy: a 11 MiB copy in three parts, bytes, metadata and an SDK read checked', async () => {
      const data = randomBytes(11 * MiB);
      await sdk.send(new PutObjectCommand({ Bucket: bucket, Key: 'big/src', Body: data, Metadata: { from: 'sdk' }, ContentType: 'application/x-big' }));
      const paths: string[] = [];
      const logged = new S3Client({ ...client.options, onRequest: (l) => paths.push(`${l.method} ${l.path}`) });
      try {
        await logged.copyObject(bucket, 'big/src', bucket, 'big/dst', { multipartThreshold: 1, partSize: 5 * MiB });
      } finally {
        logged.destroy();
      }
      assert.equal(paths.filter((p) => /^PUT .*partNumber=/.test(p)).length, 3, paths.join('\n'));
      const head = await client.headObject(bucket, 'big/dst');
      assert.equal(head.size, data.length);
      assert.equal(head.contentType, 'application/x-big');
      assert.deepEqual(head.meta, { from: 'sdk' });
      const got = await sdk.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/dst' }));
      assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(data));
    });

    const initiateThree = async (): Promise<string[]> => {
      const ids: string[] = [];
      for (const k of ['mpl-a', 'mpl-b', 'mpl-c']) ids.push(await client.initiateMultipartUpload(bucket, k));
      return ids;
    };
    if (f.listUploads === 'paged' || f.listUploads === 'unpaged') {
      it(f.listUploads === 'paged' ? 'ListMultipartUploads pages (maxUploads 2), and abort removes them'
        : `ListMultipartUploads, and abort removes them; ${kind}: ignores max-uploads (one page; the AWS SDK gets the same)`, async () => {
        const ids = await initiateThree();
        const seen: string[] = [];
        let keyMarker: string | undefined;
        let uploadIdMarker: string | undefined;
        let pages = 0;
        for (;;) {
          const page = await client.listMultipartUploadsPage(bucket, { prefix: 'mpl-', maxUploads: 2, keyMarker, uploadIdMarker });
          pages++;
          seen.push(...page.uploads.map((u) => u.key));
          if (!page.isTruncated) break;
          keyMarker = page.nextKeyMarker;
          uploadIdMarker = page.nextUploadIdMarker;
        }
        assert.deepEqual(seen, ['mpl-a', 'mpl-b', 'mpl-c']);
        if (f.listUploads === 'paged') assert.equal(pages, 2);
        else {
          assert.equal(pages, 1);
          const theirs = await sdk.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'mpl-', MaxUploads: 2 }));
          assert.equal(theirs.Uploads?.length, 3);
          assert.equal(theirs.IsTruncated ?? false, false);
        }
        const all = await client.listMultipartUploads(bucket, { prefix: 'mpl-' });
        assert.deepEqual(all.map((u) => u.uploadId).sort(), [...ids].sort());
        for (const u of all) await client.abortMultipartUpload(bucket, u.key, u.uploadId);
        assert.deepEqual(await client.listMultipartUploads(bucket, { prefix: 'mpl-' }), []);
      });
    } else {
      it(`${kind}: no ListMultipartUploads (answers ${f.listUploads}) and no AbortMultipartUpload (MethodNotAllowed), the AWS SDK fails too; we report both`, async () => {
        const ids = await initiateThree();
        await assert.rejects(client.listMultipartUploadsPage(bucket, { prefix: 'mpl-' }), (err: unknown) => err instanceof OssError && err.code === f.listUploads);
        // The AWS SDK's request is refused as well, though by the signature check, before the handler is reached.
        await assert.rejects(sdk.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'mpl-' })), { name: 'SignatureDoesNotMatch' });
        // Nor can they be aborted: DELETE ?uploadId is MethodNotAllowed (the orphan log records such uploads).
        await assert.rejects(client.abortMultipartUpload(bucket, 'mpl-a', ids[0]), (err: unknown) => err instanceof OssError && err.code === 'MethodNotAllowed');
        await assert.rejects(sdk.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'mpl-a', UploadId: ids[0] })), { name: 'MethodNotAllowed' });
      });
    }

    it(f.listParts ? 'resumes a suspended upload from its checkpoint: kept parts checked with ListParts, the rest uploaded, bytes right'
      : `${kind}: no ListParts (MethodNotAllowed, to the AWS SDK too), so a suspended upload cannot be resumed: the error says so and the checkpoint stays`, async () => {
      const file = path.join(tmp, 'resume.bin');
      const data = randomBytes(16 * MiB + 123);
      fs.writeFileSync(file, data);
      const store = new MemoryCheckpointStore();
      const suspend = new AbortController();
      await assert.rejects(client.uploadFile({
        bucket, key: 'res/file.bin', file, partSize: 5 * MiB, multipartThreshold: 1, parallel: 1,
        checkpoints: { store, suspend: suspend.signal, intervalMs: 0 },
        onProgress: (p) => {
          if (p.loaded >= 6 * MiB) suspend.abort();
        },
      }), { name: 'AbortError' });
      const [cp] = (await store.list());
      assert.ok(cp, 'a checkpoint is left');
      assert.ok(cp.parts.length >= 1 && cp.parts.length < 4, `parts recorded: ${cp.parts.length}`);
      assert.ok(cp.parts.every((p) => p.crc64 !== undefined));
      if (!f.listParts) {
        await assert.rejects(client.resumeUpload({ checkpoint: cp, store }), (err: unknown) => err instanceof OssError && err.code === 'MethodNotAllowed');
        await assert.rejects(sdk.send(new ListPartsCommand({ Bucket: bucket, Key: cp.key, UploadId: cp.uploadId })), { name: 'MethodNotAllowed' });
        assert.equal((await store.list()).length, 1);
        return;
      }
      const r = await client.resumeUpload({ checkpoint: cp, store });
      assert.equal(r.keptParts, cp.parts.length);
      assert.deepEqual(r.replacedParts, []);
      const got = await sdk.send(new GetObjectCommand({ Bucket: bucket, Key: 'res/file.bin' }));
      assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(data), 'resumed object bytes');
      assert.deepEqual(await store.list(), []);
      await assert.rejects(client.resumeUpload({ checkpoint: cp, store }), { code: 'CheckpointDiscarded' });
    });

    if (f.listParts) {
      it('resume replaces a recorded part whose bytes on the server are no longer the file\'s (ETag differs in ListParts)', async () => {
        const file = path.join(tmp, 'resume2.bin');
        const data = randomBytes(11 * MiB);
        fs.writeFileSync(file, data);
        const store = new MemoryCheckpointStore();
        const suspend = new AbortController();
        await assert.rejects(client.uploadFile({
          bucket, key: 'res/two.bin', file, partSize: 5 * MiB, multipartThreshold: 1, parallel: 1,
          checkpoints: { store, suspend: suspend.signal, intervalMs: 0 },
          onProgress: (p) => {
            if (p.loaded >= 6 * MiB) suspend.abort();
          },
        }), { name: 'AbortError' });
        const [cp] = await store.list();
        assert.ok(cp.parts.some((p) => p.partNumber === 1));
        // Someone overwrites part 1 with other bytes of the same size.
        await client.uploadPart(bucket, cp.key, cp.uploadId, 1, randomBytes(5 * MiB));
        const r = await client.resumeUpload({ checkpoint: cp, store });
        assert.deepEqual(r.replacedParts, [1]);
        const got = await sdk.send(new GetObjectCommand({ Bucket: bucket, Key: 'res/two.bin' }));
        assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(data), 'the file\'s bytes, not the overwritten part');
      });
    }

    it('saves new bytes keeping metadata, headers and tags; refuses a stale ETag and a deleted object', async () => {
      await client.putObject(bucket, 'save/doc.txt', Buffer.from('v1'), {
        contentType: 'text/markdown', cacheControl: 'no-cache', meta: { owner: 'me' },
      });
      await client.putObjectTagging(bucket, 'save/doc.txt', { keep: 'yes' });
      const head = await client.headObject(bucket, 'save/doc.txt');
      const saved = await client.saveObject({ bucket, key: 'save/doc.txt', body: Buffer.from('v2'), expected: { etag: head.etag, size: head.size } });
      const after = await client.headObject(bucket, 'save/doc.txt');
      assert.equal(after.contentType, 'text/markdown');
      assert.equal(after.cacheControl, 'no-cache');
      assert.deepEqual(after.meta, { owner: 'me' });
      // Sent with the PUT (x-amz-tagging); s3rver ignores that header but keeps an object's tags across PUTs.
      assert.deepEqual(await client.getObjectTagging(bucket, 'save/doc.txt'), { keep: 'yes' });
      assert.equal(saved.etag, after.etag);
      assert.equal(saved.crc32c, c32(Buffer.from('v2')));
      await assert.rejects(client.saveObject({ bucket, key: 'save/doc.txt', body: Buffer.from('v3'), expected: { etag: head.etag } }), ObjectChangedError);
      await client.deleteObject(bucket, 'save/doc.txt');
      await assert.rejects(client.saveObject({ bucket, key: 'save/doc.txt', body: Buffer.from('v3'), expected: { etag: after.etag } }), ObjectDeletedError);
      await client.saveObject({ bucket, key: 'save/doc.txt', body: Buffer.from('v4'), expected: {}, overwrite: true, recreateWith: { contentType: 'text/plain' } });
      assert.equal((await client.getObjectBuffer(bucket, 'save/doc.txt')).body.toString(), 'v4');
    });

    const conditional = f.conditionalPut
      ? 'a PUT with a stale If-Match is refused with 412 (so the save cannot overwrite a change made after its check)'
      : `${kind}: ignores If-Match on PutObject (the save falls back to check-then-write, as on OSS)`;
    it(conditional, async () => {
      const first = await client.putObject(bucket, 'cond/x', Buffer.from('one'));
      await client.putObject(bucket, 'cond/x', Buffer.from('two'));
      const stale = client.putObject(bucket, 'cond/x', Buffer.from('three'), { ifMatch: first.etag });
      if (f.conditionalPut) {
        await assert.rejects(stale, (err: unknown) => err instanceof OssError && err.status === 412 && err.code === 'PreconditionFailed');
        assert.equal((await client.getObjectBuffer(bucket, 'cond/x')).body.toString(), 'two');
      } else {
        await stale;
        assert.equal((await client.getObjectBuffer(bucket, 'cond/x')).body.toString(), 'three');
      }
    });

    it(f.crc32c ? `CRC-32C: sent with every PUT, stored, returned on HEAD/GET and checked; ${kind}: stores a wrong x-amz-checksum-crc32c unchecked (server fault), which our GET then reports`
      : `${kind}: stores no CRC-32C and ignores a wrong one — the whole-object read is checked against the MD5 ETag instead`, async () => {
      const body = randomBytes(4096);
      const put = await client.putObject(bucket, 'crc/x', body);
      assert.equal(put.crc32c, c32(body));
      const head = await client.headObject(bucket, 'crc/x');
      if (f.crc32c) assert.equal(head.crc32c, c32(body));
      else {
        assert.equal(head.crc32c, undefined);
        assert.match(head.etag ?? '', /^[0-9a-f]{32}$/, 'a single-part ETag is the MD5 of the bytes');
      }
      assert.deepEqual((await client.getObjectBuffer(bucket, 'crc/x')).body, body);
      // A wrong checksum header: a server that checks refuses the body (BadDigest / InvalidRequest).
      const wrong = await client.request({
        op: 'PutObject', method: 'PUT', bucket, key: 'crc/wrong', body, headers: { 'x-amz-checksum-crc32c': c32(Buffer.from('other')), 'x-amz-sdk-checksum-algorithm': 'CRC32C' }, response: 'none',
      }).then(() => 'stored', (err: unknown) => (err instanceof OssError ? err.code : String(err)));
      assert.equal(wrong, f.checksChecksum ? 'BadDigest' : 'stored');
      if (!f.checksChecksum && f.crc32c) {
        // moto stored the wrong checksum as it was sent (server fault): our whole-object read catches it.
        await assert.rejects(client.getObjectBuffer(bucket, 'crc/wrong'), { code: 'InconsistentCrc' });
      } else if (!f.checksChecksum) {
        assert.deepEqual((await client.getObjectBuffer(bucket, 'crc/wrong')).body, body, 'no CRC stored: checked by the MD5 ETag');
      }
    });

    it(f.crc32c ? `multipart CRC-32C: parts carry theirs; ${kind}: reports a composite that is CRC-32, not CRC-32C (moto without the crc32c Python module), which our read does not mistake for a fault`
      : `multipart: ${kind} reports no composite checksum; the read is not checked against the multipart ETag`, async () => {
      const a = randomBytes(5 * MiB);
      const b = randomBytes(7);
      const id = await client.initiateMultipartUpload(bucket, 'crc/mp');
      const parts = [await client.uploadPart(bucket, 'crc/mp', id, 1, a), await client.uploadPart(bucket, 'crc/mp', id, 2, b)];
      await client.completeMultipartUpload(bucket, 'crc/mp', id, parts);
      const head = await client.headObject(bucket, 'crc/mp');
      if (f.crc32c) {
        const be = (n: number): Buffer => {
          const x = Buffer.alloc(4);
          x.writeUInt32BE(n >>> 0);
          return x;
        };
        const crc32 = (buf: Buffer): number => (zlib as unknown as { crc32(b: Buffer): number }).crc32(buf);
        assert.equal(head.crc32c, `${be(crc32(Buffer.concat([be(crc32(a)), be(crc32(b))]))).toString('base64')}-2`);
        assert.notEqual(head.crc32c, compositeCrc32c([c32(a), c32(b)]));
      } else assert.equal(head.crc32c, undefined);
      assert.ok((await client.getObjectBuffer(bucket, 'crc/mp')).body.equals(Buffer.concat([a, b])));
    });

    if (f.versioning) {
      it('versions: ids on PUT/HEAD/GET, ListObjectVersions paged, delete markers, delete and copy of a version', async () => {
        const vb = `${bucket}-v`;
        await client.createBucket(vb);
        assert.equal(await client.getBucketVersioning(vb), 'Off');
        await client.putBucketVersioning(vb, 'Enabled');
        assert.equal(await client.getBucketVersioning(vb), 'Enabled');
        const v1 = await client.putObject(vb, 'doc', Buffer.from('one'));
        const v2 = await client.putObject(vb, 'doc', Buffer.from('two'));
        assert.ok(v1.versionId && v2.versionId && v1.versionId !== v2.versionId);
        assert.equal((await client.headObject(vb, 'doc', { versionId: v1.versionId })).size, 3);
        assert.equal((await client.getObjectBuffer(vb, 'doc', { versionId: v1.versionId })).body.toString(), 'one');
        const del = await client.deleteObject(vb, 'doc');
        assert.equal(del.deleteMarker, true);
        assert.ok(del.versionId);
        await assert.rejects(client.headObject(vb, 'doc'), (err: unknown) => err instanceof OssError && err.status === 404);
        for (let i = 0; i < 3; i++) await client.putObject(vb, `other-${i}`, Buffer.from(String(i)));
        const pages = [];
        for await (const page of client.listObjectVersions({ bucket: vb, maxKeys: 2 })) pages.push(page);
        const all = pages.flatMap((p) => p.versions);
        assert.ok(pages.length >= 3, `paged: ${pages.length} pages`);
        const doc = all.filter((v) => v.key === 'doc');
        assert.deepEqual(doc.map((v) => [v.deleteMarker, v.isLatest]), [[true, true], [false, false], [false, false]]);
        assert.deepEqual(doc.slice(1).map((v) => v.versionId), [v2.versionId, v1.versionId]);
        const sdkList = await sdk.send(new ListObjectVersionsCommand({ Bucket: vb, Prefix: 'doc' }));
        assert.equal(sdkList.DeleteMarkers?.length, 1);
        // Restore v1 by copying it over, then remove the marker's version and v2 for good.
        await client.copyObject(vb, 'doc', vb, 'doc', { sourceVersionId: v1.versionId });
        assert.equal((await client.getObjectBuffer(vb, 'doc')).body.toString(), 'one');
        await client.deleteObject(vb, 'doc', { versionId: v2.versionId });
        await assert.rejects(client.headObject(vb, 'doc', { versionId: v2.versionId }), (err: unknown) => err instanceof OssError && err.status >= 400);
      });
    } else {
      it(`${kind}: no versioning — PutBucketVersioning is refused, and our client reports it`, async () => {
        const vb = `${bucket}-v`;
        await client.createBucket(vb);
        await assert.rejects(client.putBucketVersioning(vb, 'Enabled'), (err: unknown) => err instanceof OssError && err.status >= 400);
      });
    }

    if (f.restore) {
      it('RestoreObject on a GLACIER object: started, then the HEAD reports the restore', async () => {
        await client.putObject(bucket, 'cold/x', Buffer.from('cold'), { storageClass: 'Archive' });
        assert.equal((await client.headObject(bucket, 'cold/x')).storageClass, 'GLACIER');
        assert.equal(await client.restoreObject(bucket, 'cold/x', { days: 2 }), 'started');
        assert.ok((await client.headObject(bucket, 'cold/x')).restore, 'x-amz-restore reported');
      });
    }

    it('ColdArchive has no S3 storage class: refused before any request, saying what to choose', async () => {
      await assert.rejects(client.putObject(bucket, 'cold/y', Buffer.from('y'), { storageClass: 'ColdArchive' }), { code: 'NotSupportedOnS3' });
      assert.equal(await client.objectExists(bucket, 'cold/y'), false);
    });
  });
}
