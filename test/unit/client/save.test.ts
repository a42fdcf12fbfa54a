/** saveObjectPreservingProperties against the local server: keep-everything, conflict, deleted meanwhile, overwrite. */
import * as assert from 'node:assert/strict';
import {
  ObjectChangedError, ObjectDeletedError, saveObjectPreservingProperties, type ObjectWriteProperties,
} from '../../../src/core/client';
import type { Requester } from '../../../src/core/client/common';
import { crc64String } from '../../../src/core/crc64';
import { setup, teardown, type Harness } from './helpers';

const EVERYTHING: ObjectWriteProperties = {
  contentType: 'application/json',
  contentEncoding: 'identity',
  cacheControl: 'private, max-age=10',
  contentDisposition: 'attachment; filename="data.json"',
  expires: 'Fri, 01 Jan 2038 00:00:00 GMT',
  meta: { author: 'kim', 'x-rev': '7' },
  storageClass: 'IA',
  acl: 'public-read',
  tags: { project: 'alpha', tier: 'gold' },
  sse: { algorithm: 'KMS', keyId: 'key-42' },
};

describe('core client: saveObjectPreservingProperties', function () {
  this.timeout(20000);
  let h: Harness;

  before(async () => {
    h = await setup();
  });
  after(async () => {
    await teardown(h);
  });

  async function snapshot(key: string): Promise<unknown> {
    const head = await h.client.headObject(h.bucket, key);
    return {
      contentType: head.contentType, contentEncoding: head.contentEncoding, cacheControl: head.cacheControl,
      contentDisposition: head.contentDisposition, expires: head.expires, meta: head.meta, storageClass: head.storageClass,
      sse: head.sse, taggingCount: head.taggingCount,
      acl: await h.client.getObjectAcl(h.bucket, key), tags: await h.client.getObjectTagging(h.bucket, key),
    };
  }

  it('writes the new bytes and keeps every property: headers, metadata, storage class, SSE, ACL and tags', async () => {
    const first = await h.client.putObject(h.bucket, 'keep.json', Buffer.from('{"a":1}'), EVERYTHING);
    const before = await snapshot('keep.json');
    const body = Buffer.from('{"a":2,"b":[1,2,3]}');
    const sent = h.server.requests.length;
    const saved = await saveObjectPreservingProperties(h.client, {
      bucket: h.bucket, key: 'keep.json', body, expected: { etag: first.etag, size: 7, crc64: first.crc64 },
    });
    // The check and the properties in one round trip (HEAD, ACL and tags together), then the PUT.
    const ops = h.server.requests.slice(sent).map((r) => r.op);
    assert.deepEqual(ops.slice(0, 3).sort(), ['GetObjectAcl', 'GetObjectTagging', 'HeadObject']);
    assert.deepEqual(ops.slice(3), ['PutObject']);
    assert.deepEqual(saved.props.tags, { project: 'alpha', tier: 'gold' });
    assert.equal(saved.props.acl, 'public-read');
    assert.equal(saved.crc64, crc64String(body));
    assert.equal(saved.size, body.length);
    assert.notEqual(saved.etag, first.etag);
    assert.deepEqual(await snapshot('keep.json'), before);
    assert.deepEqual((await h.client.getObjectBuffer(h.bucket, 'keep.json')).body, body);
    // The snapshot really holds every property (not an empty comparison).
    assert.deepEqual(before, {
      contentType: 'application/json', contentEncoding: 'identity', cacheControl: 'private, max-age=10',
      contentDisposition: 'attachment; filename="data.json"', expires: 'Fri, 01 Jan 2038 00:00:00 GMT',
      meta: { author: 'kim', 'x-rev': '7' }, storageClass: 'IA', sse: { algorithm: 'KMS', keyId: 'key-42' }, taggingCount: 2,
      acl: 'public-read', tags: { project: 'alpha', tier: 'gold' },
    });
    // Saving again from the new state works; the result is the expected state of the next save.
    await saveObjectPreservingProperties(h.client, { bucket: h.bucket, key: 'keep.json', body: Buffer.from('{}'), expected: saved });
  });

  it('an object whose ACL is default stays default and one without tags gets none', async () => {
    const put = await h.client.putObject(h.bucket, 'plain.txt', Buffer.from('p'), { contentType: 'text/plain' });
    await saveObjectPreservingProperties(h.client, { bucket: h.bucket, key: 'plain.txt', body: Buffer.from('q'), expected: put });
    assert.equal(await h.client.getObjectAcl(h.bucket, 'plain.txt'), 'default');
    assert.deepEqual(await h.client.getObjectTagging(h.bucket, 'plain.txt'), {});
    assert.equal((await h.client.headObject(h.bucket, 'plain.txt')).contentType, 'text/plain');
  });

  it('stops with ObjectChangedError when someone else wrote meanwhile, and leaves their bytes alone', async () => {
    const mine = await h.client.putObject(h.bucket, 'race.txt', Buffer.from('original'), { meta: { m: '1' } });
    const theirs = await h.client.putObject(h.bucket, 'race.txt', Buffer.from('theirs!!'), { meta: { m: '2' } });
    const err = await saveObjectPreservingProperties(h.client, {
      bucket: h.bucket, key: 'race.txt', body: Buffer.from('mine'), expected: { etag: mine.etag, size: 8, crc64: mine.crc64 },
    }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ObjectChangedError, String(err));
    assert.equal(err.code, 'ObjectChanged');
    assert.equal(err.current.etag, theirs.etag);
    assert.equal((await h.client.getObjectBuffer(h.bucket, 'race.txt')).body.toString(), 'theirs!!');
    // Same size and a different CRC alone also count as a change.
    await assert.rejects(saveObjectPreservingProperties(h.client, {
      bucket: h.bucket, key: 'race.txt', body: Buffer.from('x'), expected: { size: 8, crc64: mine.crc64 },
    }), ObjectChangedError);
    // Overwrite (the user's choice) writes and keeps the current object's properties.
    await saveObjectPreservingProperties(h.client, { bucket: h.bucket, key: 'race.txt', body: Buffer.from('mine'), expected: mine, overwrite: true });
    const head = await h.client.headObject(h.bucket, 'race.txt');
    assert.deepEqual(head.meta, { m: '2' });
    assert.equal((await h.client.getObjectBuffer(h.bucket, 'race.txt')).body.toString(), 'mine');
  });

  it('stops with ObjectDeletedError when the object was deleted; overwrite re-creates it', async () => {
    const put = await h.client.putObject(h.bucket, 'gone.txt', Buffer.from('g'));
    await h.client.deleteObject(h.bucket, 'gone.txt');
    await assert.rejects(
      saveObjectPreservingProperties(h.client, { bucket: h.bucket, key: 'gone.txt', body: Buffer.from('h'), expected: put }),
      (e: unknown) => e instanceof ObjectDeletedError && e.code === 'ObjectDeleted',
    );
    assert.equal(await h.client.objectExists(h.bucket, 'gone.txt'), false, 'nothing was written');
    await saveObjectPreservingProperties(h.client, {
      bucket: h.bucket, key: 'gone.txt', body: Buffer.from('h'), expected: put, overwrite: true, recreateWith: { contentType: 'text/x-note', meta: { r: '1' } },
    });
    const head = await h.client.headObject(h.bucket, 'gone.txt');
    assert.equal(head.contentType, 'text/x-note');
    assert.deepEqual(head.meta, { r: '1' });
  });

  /** A Requester that lets `other` write right before our PutObject goes out (the window between HEAD and PUT). */
  function racing(other: () => void): Requester {
    return {
      request: (req) => {
        if (req.op === 'PutObject') other();
        return h.client.request(req);
      },
    };
  }

  it('re-creating a deleted object uses x-oss-forbid-overwrite: a newcomer in the window is not clobbered', async () => {
    await h.client.putObject(h.bucket, 'newcomer.txt', Buffer.from('a'));
    await h.client.deleteObject(h.bucket, 'newcomer.txt');
    const c = racing(() => h.server.putObjectDirect(h.bucket, 'newcomer.txt', 'someone else'));
    await assert.rejects(
      saveObjectPreservingProperties(c, { bucket: h.bucket, key: 'newcomer.txt', body: Buffer.from('mine'), expected: {}, overwrite: true }),
      { code: 'FileAlreadyExists' },
    );
    assert.equal((await h.client.getObjectBuffer(h.bucket, 'newcomer.txt')).body.toString(), 'someone else');
  });

  it('the documented window: OSS has no conditional PutObject, so a write landing between HEAD and PUT is overwritten', async () => {
    const put = await h.client.putObject(h.bucket, 'window.txt', Buffer.from('v1'));
    const c = racing(() => h.server.putObjectDirect(h.bucket, 'window.txt', 'in the window'));
    await saveObjectPreservingProperties(c, { bucket: h.bucket, key: 'window.txt', body: Buffer.from('v2'), expected: put });
    assert.equal((await h.client.getObjectBuffer(h.bucket, 'window.txt')).body.toString(), 'v2');
  });

  it('on a versioned bucket the save adds a version and the previous one stays readable', async () => {
    const h2 = await setup();
    try {
      await h2.client.putBucketVersioning(h2.bucket, 'Enabled');
      const v1 = await h2.client.putObject(h2.bucket, 'v.txt', Buffer.from('one'), { tags: { a: 'b' } });
      const saved = await saveObjectPreservingProperties(h2.client, { bucket: h2.bucket, key: 'v.txt', body: Buffer.from('two'), expected: v1 });
      assert.ok(saved.versionId && saved.versionId !== v1.versionId);
      assert.equal((await h2.client.getObjectBuffer(h2.bucket, 'v.txt', { versionId: v1.versionId })).body.toString(), 'one');
      assert.deepEqual(await h2.client.getObjectTagging(h2.bucket, 'v.txt'), { a: 'b' });
    } finally {
      await teardown(h2);
    }
  });
});
