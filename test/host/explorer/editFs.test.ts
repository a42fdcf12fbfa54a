/** workspace.fs on oss: URIs: writes into folders (VS Code stats and creates parent folders first). */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { toOssUri } from '../../../src/connections/ossUri';
import { useOssFixture } from '../helpers/fixture';
import { closeAllEditors, openForEditing } from './editHelpers';
import { BUCKET, explorerFixture, seedExplorer } from './seed';

describe('Edit objects: workspace.fs.writeFile on oss: URIs', function () {
  this.timeout(60000);
  const fx = useOssFixture({
    ...explorerFixture,
    seed: (s) => {
      seedExplorer(s);
      s.putObjectDirect(BUCKET, 'conf/app.json', '{"a": 1}\n', { contentType: 'application/json', meta: { owner: 'ops' } });
    },
  });
  const target = (key: string, connectionId = fx.conn.id) => ({ connectionId, bucket: BUCKET, key });
  afterEach(closeAllEditors);

  it('writes an object in a folder after its editor was closed, keeping its properties', async () => {
    assert.strictEqual(await openForEditing(target('conf/app.json')), 'text');
    await closeAllEditors();
    const uri = toOssUri(target('conf/app.json'));
    assert.strictEqual((await vscode.workspace.fs.stat(toOssUri(target('conf')))).type, vscode.FileType.Directory, 'a folder without a marker object is a folder');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('{"a": 2}\n'));
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'conf/app.json'))?.toString(), '{"a": 2}\n');
    const h = fx.server.headObjectDirect(BUCKET, 'conf/app.json');
    assert.strictEqual(h?.contentType, 'application/json');
    assert.deepStrictEqual(h?.meta, { owner: 'ops' });
    assert.strictEqual(await fx.server.getObjectBytes(BUCKET, 'conf/'), undefined, 'no folder object is made for a folder that exists');
  });

  it('creates a new object in a new folder (the folder as a zero-byte "<name>/" object), never over an existing one', async () => {
    await vscode.workspace.fs.writeFile(toOssUri(target('fresh/dir/new.txt')), Buffer.from('new'));
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'fresh/dir/new.txt'))?.toString(), 'new');
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'fresh/'))?.length, 0);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'fresh/dir/'))?.length, 0);
    await vscode.workspace.fs.createDirectory(toOssUri(target('made')));
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'made/'))?.length, 0);
  });

  it('refuses writes and folders through a read-only connection, even for a URI never opened', async () => {
    const ro = await fx.addConnection('Read only', { readOnly: true });
    try {
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(toOssUri(target('conf/app.json', ro.id)), Buffer.from('x'))), /NoPermissions|permission/i);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(toOssUri(target('other/new.txt', ro.id)), Buffer.from('x'))), /NoPermissions|permission/i);
      assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'conf/app.json'))?.toString(), '{"a": 1}\n');
      assert.strictEqual(await fx.server.getObjectBytes(BUCKET, 'other/new.txt'), undefined);
      assert.strictEqual(await fx.server.getObjectBytes(BUCKET, 'other/'), undefined);
    } finally {
      await fx.api.store.remove(ro.id);
    }
  });
});
