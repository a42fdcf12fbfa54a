/** Core client: bucket versioning, ListObjectVersions (page function and async iterator), versionId reads / deletes / copies, restore. */
import * as assert from 'node:assert/strict';
import type { ObjectVersion } from '../../../src/core/client';
import { setup, teardown, type Harness } from './helpers';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('core client: versioning and restore', function () {
  this.timeout(20000);
  let h: Harness;

  before(async () => {
    h = await setup();
    h.server.restoreDelayMs = 250;
  });
  after(async () => {
    await teardown(h);
  });

  it('switches versioning on and reports it; versions are read, listed, copied back and deleted by versionId', async () => {
    assert.equal(await h.client.getBucketVersioning(h.bucket), 'Off');
    await h.client.putBucketVersioning(h.bucket, 'Enabled');
    assert.equal(await h.client.getBucketVersioning(h.bucket), 'Enabled');
    const v1 = await h.client.putObject(h.bucket, 'f.txt', Buffer.from('one'));
    const v2 = await h.client.putObject(h.bucket, 'f.txt', Buffer.from('two'));
    assert.ok(v1.versionId && v2.versionId && v1.versionId !== v2.versionId);
    assert.equal((await h.client.headObject(h.bucket, 'f.txt')).versionId, v2.versionId);
    const old = await h.client.getObjectBuffer(h.bucket, 'f.txt', { versionId: v1.versionId });
    assert.equal(old.body.toString(), 'one');
    assert.equal(old.versionId, v1.versionId);
    assert.equal((await h.client.headObject(h.bucket, 'f.txt', { versionId: v1.versionId })).size, 3);

    const del = await h.client.deleteObject(h.bucket, 'f.txt');
    assert.equal(del.deleteMarker, true);
    assert.ok(del.versionId);
    assert.equal(await h.client.objectExists(h.bucket, 'f.txt'), false);
    const page = await h.client.listObjectVersionsPage({ bucket: h.bucket, prefix: 'f.txt' });
    assert.deepEqual(page.versions.map((v) => [v.versionId, v.deleteMarker, v.isLatest]), [
      [del.versionId, true, true], [v2.versionId, false, false], [v1.versionId, false, false],
    ]);
    assert.equal(page.versions[1].size, 3);

    // Restore an old version: copy it over the current (deleted) one.
    const restored = await h.client.copyObject(h.bucket, 'f.txt', h.bucket, 'f.txt', { sourceVersionId: v1.versionId });
    assert.ok(restored.versionId);
    assert.equal((await h.client.getObjectBuffer(h.bucket, 'f.txt')).body.toString(), 'one');
    // Delete one version for good.
    const gone = await h.client.deleteObject(h.bucket, 'f.txt', { versionId: v2.versionId });
    assert.equal(gone.deleteMarker, false);
    await assert.rejects(h.client.headObject(h.bucket, 'f.txt', { versionId: v2.versionId }), { status: 404 });
    await assert.rejects(h.client.getObjectBuffer(h.bucket, 'f.txt', { versionId: '' }), { code: 'InvalidArgument' });
  });

  it('pages through every version with the async iterator; the page function honours the markers', async () => {
    const keys = ['d/a', 'd/b', 'd/c'];
    for (const k of keys) for (let i = 0; i < 3; i++) await h.client.putObject(h.bucket, k, Buffer.from(`${k}${i}`));
    await h.client.deleteObject(h.bucket, 'd/b');
    const all: ObjectVersion[] = [];
    let pages = 0;
    for await (const p of h.client.listObjectVersions({ bucket: h.bucket, prefix: 'd/', maxKeys: 4 })) {
      all.push(...p.versions);
      pages++;
    }
    assert.equal(all.length, 10);
    assert.equal(pages, 3);
    assert.equal(new Set(all.map((v) => `${v.key}@${v.versionId}`)).size, 10);
    assert.deepEqual(all.filter((v) => v.deleteMarker).map((v) => v.key), ['d/b']);
    assert.deepEqual(all.filter((v) => v.isLatest).map((v) => v.key), ['d/a', 'd/b', 'd/c']);
    const first = await h.client.listObjectVersionsPage({ bucket: h.bucket, prefix: 'd/', maxKeys: 2 });
    const next = await h.client.listObjectVersionsPage({
      bucket: h.bucket, prefix: 'd/', maxKeys: 2, keyMarker: first.nextKeyMarker, versionIdMarker: first.nextVersionIdMarker,
    });
    assert.deepEqual(next.versions.map((v) => v.versionId), all.slice(2, 4).map((v) => v.versionId));
    const rolled = await h.client.listObjectVersionsPage({ bucket: h.bucket, delimiter: '/' });
    assert.ok(rolled.prefixes.includes('d/'));
    await assert.rejects(h.client.listObjectVersionsPage({ bucket: h.bucket, versionIdMarker: 'x' }), { code: 'InvalidArgument' });
  });

  it('restores a ColdArchive object: not readable, then ongoing, then restored with an expiry; 409 while it runs', async () => {
    await h.client.putObject(h.bucket, 'cold.txt', Buffer.from('brr'), { storageClass: 'ColdArchive' });
    await assert.rejects(h.client.getObjectBuffer(h.bucket, 'cold.txt'), { status: 403, code: 'InvalidObjectState' });
    assert.equal(await h.client.restoreObject(h.bucket, 'cold.txt', { days: 2, tier: 'Expedited' }), 'started');
    assert.deepEqual((await h.client.headObject(h.bucket, 'cold.txt')).restore, { ongoing: true, expiryDate: undefined });
    await assert.rejects(h.client.restoreObject(h.bucket, 'cold.txt'), { status: 409, code: 'RestoreAlreadyInProgress' });
    await sleep(300);
    const head = await h.client.headObject(h.bucket, 'cold.txt');
    assert.equal(head.restore?.ongoing, false);
    assert.ok(head.restore?.expiryDate && head.restore.expiryDate.getTime() > Date.now() + 86_400_000);
    assert.equal((await h.client.getObjectBuffer(h.bucket, 'cold.txt')).body.toString(), 'brr');
    assert.equal(await h.client.restoreObject(h.bucket, 'cold.txt', { days: 5 }), 'extended');
    await assert.rejects(h.client.restoreObject(h.bucket, 'cold.txt', { days: 0 }), { code: 'InvalidArgument' });
  });
});
