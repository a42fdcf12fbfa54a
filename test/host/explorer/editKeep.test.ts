/** Saving from the editor keeps every property the object had. */
import * as assert from 'assert';
import type { OssClient } from '../../../src/core/client';
import { useOssFixture } from '../helpers/fixture';
import { activeOssEditor, closeAllEditors, coreClient, openForEditing, save, typeAtEnd } from './editHelpers';
import { BUCKET, explorerFixture } from './seed';

describe('Edit objects in place: every property is kept', function () {
  this.timeout(60000);
  const fx = useOssFixture(explorerFixture);
  let client: OssClient;
  before(() => {
    client = coreClient(fx.server);
  });
  after(() => client.destroy());
  afterEach(closeAllEditors);

  it('keeps headers, metadata, storage class, ACL, tags and encryption across a save', async () => {
    const key = 'site/page.html';
    await client.putObject(BUCKET, key, Buffer.from('<p>v1</p>\n'), {
      contentType: 'text/html; charset=utf-8',
      contentEncoding: 'identity',
      cacheControl: 'max-age=60',
      contentDisposition: 'inline; filename="page.html"',
      expires: 'Wed, 21 Oct 2037 07:28:00 GMT',
      meta: { owner: 'web', 'build-id': '42' },
      storageClass: 'IA',
      acl: 'public-read',
      tags: { team: 'web', env: 'prod' },
      sse: { algorithm: 'AES256' },
    });
    const before = await client.headObject(BUCKET, key);
    assert.strictEqual(await openForEditing({ connectionId: fx.conn.id, bucket: BUCKET, key }), 'text');
    const ed = activeOssEditor(key);
    await typeAtEnd(ed, '<p>v2</p>\n');
    assert.strictEqual(await save(ed, fx.api.files), true);

    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, key))?.toString(), '<p>v1</p>\n<p>v2</p>\n');
    const after = await client.headObject(BUCKET, key);
    assert.notStrictEqual(after.etag, before.etag, 'the bytes changed');
    for (const f of ['contentType', 'contentEncoding', 'cacheControl', 'contentDisposition', 'expires', 'storageClass', 'taggingCount'] as const) {
      assert.deepStrictEqual(after[f], before[f], f);
    }
    assert.deepStrictEqual(after.meta, { owner: 'web', 'build-id': '42' });
    assert.deepStrictEqual(after.sse, { algorithm: 'AES256' });
    assert.strictEqual(await client.getObjectAcl(BUCKET, key), 'public-read');
    assert.deepStrictEqual(await client.getObjectTagging(BUCKET, key), { team: 'web', env: 'prod' });
  });
});
