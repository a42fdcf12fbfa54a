/** `--data <dir>` mode keeps ACL, tags, SSE, versioning history (with delete markers) and restore state across a restart. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startOssServer } from '../../support/ossServer';
import { MODES, aliClient } from './helpers';

describe('ossServer --data: object properties and versions survive a restart', function () {
  this.timeout(20000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-persist-props-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reloads ACL, tags, SSE, versions and delete markers', async () => {
    const accounts = [{ accessKeyId: 'LTAIpersist0000000000', accessKeySecret: 'persist-secret-000000000000000' }];
    const s1 = await startOssServer({ dataDir: dir, accounts });
    s1.createBucket('keep');
    const c1 = aliClient(s1, MODES[0], 'keep');
    await c1.putBucketVersioning('keep', 'Enabled');
    const v1 = (await c1.put('k.txt', Buffer.from('one'), { headers: { 'x-oss-object-acl': 'private', 'x-oss-tagging': 'a=1', 'x-oss-server-side-encryption': 'AES256' } })).res.headers['x-oss-version-id'];
    await c1.put('gone.txt', Buffer.from('g'));
    const marker = (await c1.delete('gone.txt')).res.headers['x-oss-version-id'];
    await s1.close();

    const s2 = await startOssServer({ dataDir: dir, accounts });
    try {
      const c2 = aliClient(s2, MODES[0], 'keep');
      assert.equal((await c2.getBucketVersioning('keep')).versionStatus, 'Enabled');
      assert.equal((await c2.getACL('k.txt')).acl, 'private');
      assert.deepEqual((await c2.getObjectTagging('k.txt')).tag, { a: '1' });
      assert.equal((await c2.head('k.txt')).res.headers['x-oss-server-side-encryption'], 'AES256');
      assert.equal((await c2.get('k.txt', { versionId: v1 })).content.toString(), 'one');
      await assert.rejects(c2.get('gone.txt'), { status: 404 });
      const vs = await c2.getBucketVersions({ prefix: 'gone.txt' });
      assert.deepEqual(vs.deleteMarker.map((d: { versionId: string }) => d.versionId), [marker]);
      await c2.delete('gone.txt', { versionId: marker });
      assert.equal((await c2.get('gone.txt')).content.toString(), 'g');
    } finally {
      await s2.close();
    }
  });
});
