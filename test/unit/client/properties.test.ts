/**
 * Core client: every object property through headObject / putObject / copyObject, object ACL and
 * tagging, the validators (refusing what OSS refuses, before any request), against the local server.
 */
import * as assert from 'node:assert/strict';
import {
  PropertyValidationError, parseRestoreHeader, validateHeaderName, validateHeaderValue, validateTags, validateUserMetadata,
  type ObjectWriteProperties,
} from '../../../src/core/client';
import { setup, teardown, type Harness } from './helpers';

const EVERYTHING: ObjectWriteProperties = {
  contentType: 'text/x-yaml; charset=utf-8',
  contentEncoding: 'identity',
  cacheControl: 'max-age=300, public',
  contentDisposition: 'inline; filename="config.yaml"',
  expires: 'Thu, 01 Jan 2037 00:00:00 GMT',
  meta: { owner: 'ops-team', 'review-id': '1234' },
  storageClass: 'IA',
  acl: 'public-read',
  tags: { env: 'prod', 'cost center': 'a/b:c' },
  sse: { algorithm: 'KMS', keyId: 'kms-key-1' },
};

describe('core client: object properties', function () {
  this.timeout(20000);
  let h: Harness;

  before(async () => {
    h = await setup();
  });
  after(async () => {
    await teardown(h);
  });

  it('putObject sets every property and headObject / getObjectAcl / getObjectTagging read them all back', async () => {
    const put = await h.client.putObject(h.bucket, 'all.yaml', Buffer.from('a: 1\n'), EVERYTHING);
    const head = await h.client.headObject(h.bucket, 'all.yaml');
    assert.equal(head.contentType, EVERYTHING.contentType);
    assert.equal(head.contentEncoding, 'identity');
    assert.equal(head.cacheControl, EVERYTHING.cacheControl);
    assert.equal(head.contentDisposition, EVERYTHING.contentDisposition);
    assert.equal(head.expires, EVERYTHING.expires);
    assert.deepEqual(head.meta, EVERYTHING.meta);
    assert.equal(head.storageClass, 'IA');
    assert.deepEqual(head.sse, { algorithm: 'KMS', keyId: 'kms-key-1' });
    assert.equal(head.taggingCount, 2);
    assert.equal(head.etag, put.etag);
    assert.equal(head.crc64, put.crc64);
    assert.equal(head.size, 5);
    assert.ok(head.lastModified instanceof Date);
    assert.equal(head.restore, undefined);
    assert.equal(await h.client.getObjectAcl(h.bucket, 'all.yaml'), 'public-read');
    assert.deepEqual(await h.client.getObjectTagging(h.bucket, 'all.yaml'), EVERYTHING.tags);
  });

  it('puts, reads and deletes ACL and tags; refuses invalid ones before sending anything', async () => {
    await h.client.putObject(h.bucket, 'at.txt', Buffer.from('x'));
    assert.equal(await h.client.getObjectAcl(h.bucket, 'at.txt'), 'default');
    await h.client.putObjectAcl(h.bucket, 'at.txt', 'private');
    assert.equal(await h.client.getObjectAcl(h.bucket, 'at.txt'), 'private');
    assert.deepEqual(await h.client.getObjectTagging(h.bucket, 'at.txt'), {});
    await h.client.putObjectTagging(h.bucket, 'at.txt', { a: '1', 'b c': '', 'x=y': 'p+q' });
    assert.deepEqual(await h.client.getObjectTagging(h.bucket, 'at.txt'), { a: '1', 'b c': '', 'x=y': 'p+q' });
    await h.client.deleteObjectTagging(h.bucket, 'at.txt');
    assert.deepEqual(await h.client.getObjectTagging(h.bucket, 'at.txt'), {});
    const before = h.server.requests.length;
    await assert.rejects(h.client.putObjectAcl(h.bucket, 'at.txt', 'everyone' as never), PropertyValidationError);
    await assert.rejects(h.client.putObjectTagging(h.bucket, 'at.txt', { 'a*': '1' }), { field: 'tags' });
    await assert.rejects(h.client.putObject(h.bucket, 'at.txt', Buffer.from('y'), { meta: { bad_name: '1' } }), { field: 'meta' });
    await assert.rejects(h.client.putObject(h.bucket, 'at.txt', Buffer.from('y'), { cacheControl: 'a\r\nx-evil: 1' }), { field: 'cacheControl' });
    await assert.rejects(h.client.putObject(h.bucket, 'at.txt', Buffer.from('y'), { storageClass: 'Glacier' as never }), { field: 'storageClass' });
    await assert.rejects(h.client.putObject(h.bucket, 'at.txt', Buffer.from('y'), { sse: { algorithm: 'AES256', keyId: 'k' } }), { field: 'sse' });
    assert.equal(h.server.requests.length, before, 'no request was sent for invalid input');
    assert.equal((await h.client.getObjectBuffer(h.bucket, 'at.txt')).body.toString(), 'x');
  });

  it('copyObject onto itself: REPLACE sets new headers and metadata, COPY keeps them; tags follow the tagging directive', async () => {
    await h.client.putObject(h.bucket, 'c.txt', Buffer.from('copy me'), { contentType: 'text/plain', meta: { a: '1' }, tags: { t: '1' } });
    const before = await h.client.headObject(h.bucket, 'c.txt');
    await h.client.copyObject(h.bucket, 'c.txt', h.bucket, 'c.txt', {
      metadataDirective: 'REPLACE', contentType: 'text/csv', cacheControl: 'no-store', meta: { b: '2' }, acl: 'private',
    });
    const after = await h.client.headObject(h.bucket, 'c.txt');
    assert.equal(after.contentType, 'text/csv');
    assert.equal(after.cacheControl, 'no-store');
    assert.deepEqual(after.meta, { b: '2' });
    assert.equal(after.crc64, before.crc64);
    assert.deepEqual(await h.client.getObjectTagging(h.bucket, 'c.txt'), { t: '1' });
    assert.equal(await h.client.getObjectAcl(h.bucket, 'c.txt'), 'private');
    await h.client.copyObject(h.bucket, 'c.txt', h.bucket, 'c.txt', { taggingDirective: 'Replace', tags: { n: '2' }, storageClass: 'IA' });
    const third = await h.client.headObject(h.bucket, 'c.txt');
    assert.deepEqual(third.meta, { b: '2' });
    assert.equal(third.storageClass, 'IA');
    assert.deepEqual(await h.client.getObjectTagging(h.bucket, 'c.txt'), { n: '2' });
    await assert.rejects(h.client.copyObject(h.bucket, 'c.txt', h.bucket, 'c.txt', { metadataDirective: 'MERGE' as never }), { code: 'InvalidArgument' });
  });

  it('a multipart copy (UploadPartCopy) keeps the source properties and tags', async () => {
    const body = Buffer.alloc(300 * 1024, 7);
    await h.client.putObject(h.bucket, 'big.bin', body, { contentType: 'application/x-big', cacheControl: 'no-cache', meta: { m: '1' }, tags: { k: 'v' } });
    await h.client.copyObject(h.bucket, 'big.bin', h.bucket, 'big-copy.bin', { multipartThreshold: 100 * 1024, partSize: 100 * 1024 });
    const head = await h.client.headObject(h.bucket, 'big-copy.bin');
    assert.equal(head.contentType, 'application/x-big');
    assert.equal(head.cacheControl, 'no-cache');
    assert.deepEqual(head.meta, { m: '1' });
    assert.deepEqual(await h.client.getObjectTagging(h.bucket, 'big-copy.bin'), { k: 'v' });
    assert.equal(head.size, body.length);
  });

  it('user metadata of exactly 8 KB is written; one byte more is refused by the client before sending', async () => {
    const ok = { big: 'v'.repeat(8192 - 'x-oss-meta-big'.length) };
    validateUserMetadata(ok);
    await h.client.putObject(h.bucket, 'meta.txt', Buffer.from('m'), { meta: ok });
    assert.deepEqual((await h.client.headObject(h.bucket, 'meta.txt')).meta, ok);
    assert.throws(() => validateUserMetadata({ big: `${ok.big}v` }), /8192/);
    await assert.rejects(h.client.putObject(h.bucket, 'meta.txt', Buffer.from('m'), { meta: { big: `${ok.big}v` } }), { field: 'meta' });
  });

  it('validators: header names, tag limits, restore header parsing', () => {
    validateHeaderName('X-Custom_Header.1');
    assert.throws(() => validateHeaderName('bad header'), PropertyValidationError);
    assert.throws(() => validateHeaderName(''), PropertyValidationError);
    validateTags(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v'])));
    assert.throws(() => validateTags(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))), /at most 10/);
    assert.throws(() => validateTags({ ['k'.repeat(129)]: 'v' }), /128/);
    validateTags({ ['k'.repeat(128)]: 'v'.repeat(256) });
    assert.throws(() => validateTags({ k: 'v'.repeat(257) }), /256/);
    assert.deepEqual(parseRestoreHeader('ongoing-request="true"'), { ongoing: true, expiryDate: undefined });
    const r = parseRestoreHeader('ongoing-request="false", expiry-date="Sun, 16 Apr 2017 08:12:33 GMT"');
    assert.equal(r?.ongoing, false);
    assert.equal(r?.expiryDate?.toISOString(), '2017-04-16T08:12:33.000Z');
    assert.equal(parseRestoreHeader(undefined), undefined);
  });

  it('validators word their refusal through the translator they are given (vscode.l10n.t on the VS Code side)', () => {
    const t = (message: string, ...args: Array<string | number>): string => `[zh] ${message} | ${args.join(', ')}`;
    assert.throws(() => validateTags({ k: 'v'.repeat(257) }, t), { message: '[zh] The value of tag {0} must be at most {1} characters | k, 256' });
    assert.throws(() => validateUserMetadata({ 'bad name': 'v' }, t), { message: `[zh] Metadata name {0} is invalid: OSS allows only letters, digits and '-' | "bad name"` });
    assert.throws(() => validateHeaderValue('Cache-Control', 'é', t), (e: unknown) => e instanceof PropertyValidationError && e.message.startsWith('[zh] {0} must be printable ASCII'));
  });
});
