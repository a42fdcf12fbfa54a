/**
 * A bucket with ACLs disabled (Object Ownership "BucketOwnerEnforced"). moto 5.2.1 stores the rule
 * (PutBucketOwnershipControls / GetBucketOwnershipControls) but does not enforce it, and s3rver has
 * no ownership controls, so AWS's documented refusal (400 AccessControlListNotSupported) comes from
 * test/support/aclsDisabledProxy.ts in front of moto. Everything else (signatures, objects, tags,
 * copies) is moto's, and the AWS SDK reads back what we wrote.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { GetObjectCommand, PutBucketOwnershipControlsCommand, PutObjectAclCommand, S3Client as AwsS3 } from '@aws-sdk/client-s3';
import { S3Client } from '../../../src/core/s3';
import { StaticAccessKeyProvider } from '../../../src/core/credentials/providers';
import { startMoto, type S3TestServer } from '../../support/s3Servers';
import { startAclsDisabledProxy, type AclsDisabledProxy } from '../../support/aclsDisabledProxy';

const SAYS_TEXT = /^This bucket has ACLs disabled \(Object Ownership: bucket owner enforced\); the object keeps the bucket's access\. Grant access with a bucket policy, or share a signed URL/;
/** The mapped error: its code, and a message saying what is going on and what to do. */
const SAYS = (err: unknown): boolean => {
  assert.equal((err as { code?: string }).code, 'AccessControlListNotSupported');
  assert.match((err as Error).message, SAYS_TEXT);
  return true;
};

describe('S3: a bucket with ACLs disabled (Object Ownership: bucket owner enforced), moto behind an enforcing proxy', function () {
  this.timeout(60000);
  let moto: S3TestServer;
  let proxy: AclsDisabledProxy;
  let client: S3Client;
  let sdk: AwsS3;
  const bucket = `owner-enforced-${randomBytes(3).toString('hex')}`;

  const sdkFor = (endpoint: string): AwsS3 => new AwsS3({
    endpoint, region: moto.region, forcePathStyle: true, maxAttempts: 1,
    credentials: { accessKeyId: moto.accessKeyId, secretAccessKey: moto.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });

  before(async () => {
    moto = await startMoto();
    proxy = await startAclsDisabledProxy(moto);
    client = new S3Client({ endpoint: proxy.endpoint, region: moto.region, pathStyle: true, maxRetries: 0, credentials: new StaticAccessKeyProvider(moto.accessKeyId, moto.secretAccessKey) });
    sdk = sdkFor(proxy.endpoint);
    await client.createBucket(bucket);
    await sdk.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
  });
  after(async () => {
    client?.destroy();
    sdk?.destroy();
    await proxy?.close();
    await moto?.stop();
  });
  beforeEach(() => proxy.refused.splice(0));

  it('moto itself stores BucketOwnerEnforced but accepts an ACL on such a bucket (server gap; the AWS SDK sees the same)', async () => {
    const direct = sdkFor(moto.endpoint);
    try {
      await client.putObject(bucket, 'gap.txt', Buffer.from('x'));
      await direct.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'gap.txt', ACL: 'public-read' }));
      // Through the proxy (AWS's rule) the same request is refused.
      await assert.rejects(sdk.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'gap.txt', ACL: 'public-read' })), { name: 'AccessControlListNotSupported' });
    } finally {
      direct.destroy();
    }
  });

  it('Properties\' ACL change (PutObjectAcl public-read) says the bucket has ACLs disabled and what to use instead', async () => {
    await client.putObject(bucket, 'acl.txt', Buffer.from('x'));
    assert.equal(await client.getObjectAcl(bucket, 'acl.txt'), 'private');
    await assert.rejects(client.putObjectAcl(bucket, 'acl.txt', 'public-read'), SAYS);
    assert.deepEqual(proxy.refused, [`PUT /${bucket}/acl.txt?acl`]);
  });

  it('setting the ACL to "default" (the bucket\'s access) is done, not refused: that is what the object has', async () => {
    await client.putObject(bucket, 'default.txt', Buffer.from('x'));
    await client.putObjectAcl(bucket, 'default.txt', 'default');
    assert.equal(proxy.refused.length, 1, 'the PutObjectAcl was sent and refused; we treat it as done');
    assert.equal(await client.getObjectAcl(bucket, 'default.txt'), 'private');
  });

  it('uploading or copying with a public ACL gives the same message; private (S3\'s default) is sent as no ACL, so it works', async () => {
    await assert.rejects(client.putObject(bucket, 'pub.txt', Buffer.from('x'), { acl: 'public-read' }), SAYS);
    await client.putObject(bucket, 'priv.txt', Buffer.from('private bytes'), { acl: 'private' });
    await client.copyObject(bucket, 'priv.txt', bucket, 'copy.txt', { acl: 'private' });
    await assert.rejects(client.copyObject(bucket, 'priv.txt', bucket, 'copy2.txt', { acl: 'public-read' }), SAYS);
    const got = await sdk.send(new GetObjectCommand({ Bucket: bucket, Key: 'copy.txt' }));
    assert.equal(await got.Body?.transformToString(), 'private bytes');
    assert.equal(proxy.refused.length, 2, proxy.refused.join('\n'));
  });

  it('Properties\' REPLACE (new metadata, the ACL it read, private) and the keep-everything save both work', async () => {
    await client.putObject(bucket, 'doc.txt', Buffer.from('v1'), { contentType: 'text/markdown', meta: { owner: 'me' } });
    await client.putObjectTagging(bucket, 'doc.txt', { keep: 'yes' });
    const acl = await client.getObjectAcl(bucket, 'doc.txt');
    // What the Properties view sends when only the metadata changed.
    await client.copyObject(bucket, 'doc.txt', bucket, 'doc.txt', { metadataDirective: 'REPLACE', contentType: 'text/markdown', meta: { owner: 'you' }, acl });
    const head = await client.headObject(bucket, 'doc.txt');
    await client.saveObject({ bucket, key: 'doc.txt', body: Buffer.from('v2'), expected: { etag: head.etag, size: head.size } });
    const after = await client.headObject(bucket, 'doc.txt');
    assert.equal(after.contentType, 'text/markdown');
    assert.deepEqual(after.meta, { owner: 'you' });
    assert.deepEqual(await client.getObjectTagging(bucket, 'doc.txt'), { keep: 'yes' });
    assert.equal((await client.getObjectBuffer(bucket, 'doc.txt')).body.toString(), 'v2');
    assert.deepEqual(proxy.refused, [], 'no ACL was sent');
  });
});
