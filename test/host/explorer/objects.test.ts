/** Object actions from the tree: read-only preview, new folder, rename (move), download, delete. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { useOssFixture } from '../helpers/fixture';
import { button, files, saveAs, type } from '../helpers/scriptedPrompter';
import { BUCKET, explorerFixtureWith } from './seed';

describe('Objects: open, new folder, rename, download, delete', function () {
  this.timeout(60000);
  const fx = useOssFixture(explorerFixtureWith({
    'docs/hello.txt': 'hello v2',
    'docs/site/index.html': '<h1>x</h1>',
    'docs/site/sub/b.txt': 'b',
  }));

  it('opens a text object in an editor on the writable oss: file system', async () => {
    const r = await vscode.commands.executeCommand('ossExplorer.openObject', { connectionId: fx.conn.id, bucket: BUCKET, key: 'readme.md' });
    assert.strictEqual(r, 'text');
    const doc = vscode.window.activeTextEditor?.document;
    assert.strictEqual(doc?.uri.scheme, 'oss');
    assert.strictEqual(doc?.getText(), '# Hello\n');
    assert.strictEqual(vscode.workspace.fs.isWritableFileSystem('oss'), true);
    assert.strictEqual(vscode.workspace.fs.isWritableFileSystem('oss-ro'), false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('creates a folder, renames (moves) an object, downloads it', async () => {
    const { prompter, server } = fx;
    const b = await fx.nodeAt('Local', BUCKET);
    prompter.script(type('new-dir', (s) => assert.ok(s.validate?.('../x'))));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.newFolder', b), 'new-dir/');
    assert.ok(server.headObjectDirect(BUCKET, 'new-dir/'));

    const hello = await fx.nodeAt('Local', BUCKET, 'docs', 'hello.txt');
    prompter.script(type('new-dir/moved.txt'));
    const moved = await vscode.commands.executeCommand<{ to: string }>('ossExplorer.renameObject', hello);
    assert.strictEqual(moved?.to, 'new-dir/moved.txt');
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/hello.txt'), undefined);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'new-dir/moved.txt'))?.toString(), 'hello v2');

    const target = path.join(fx.tmp, 'downloaded.txt');
    const movedNode = await fx.nodeAt('Local', BUCKET, 'new-dir', 'moved.txt');
    prompter.script(saveAs(vscode.Uri.file(target)));
    await vscode.commands.executeCommand('ossExplorer.download', movedNode);
    assert.strictEqual(fs.readFileSync(target, 'utf8'), 'hello v2');
  });

  it('downloads a folder recursively into a chosen directory', async () => {
    const site = await fx.nodeAt('Local', BUCKET, 'docs', 'site');
    const dir = fs.mkdtempSync(path.join(fx.tmp, 'dl-'));
    fx.prompter.script(files(vscode.Uri.file(dir)));
    const done = await vscode.commands.executeCommand<string[]>('ossExplorer.download', site, [site]);
    assert.strictEqual(done?.length, 2);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'site', 'index.html'), 'utf8'), '<h1>x</h1>');
    assert.strictEqual(fs.readFileSync(path.join(dir, 'site', 'sub', 'b.txt'), 'utf8'), 'b');
  });

  it('deletes a multi-selection (object + folder) after one modal confirmation', async () => {
    const { server } = fx;
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    const a = await fx.child(docs, 'a.txt');
    const site = await fx.child(docs, 'site');
    fx.prompter.script(button('Delete', 'docs/site/sub/b.txt'));
    const r = await vscode.commands.executeCommand<{ deleted: string[] }>('ossExplorer.deleteObjects', a, [a, site]);
    for (const k of ['docs/a.txt', 'docs/site/index.html', 'docs/site/sub/b.txt']) assert.ok(r?.deleted.includes(k), `${k} deleted`);
    assert.deepStrictEqual(server.listKeys(BUCKET, 'docs/site'), []);
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/a.txt'), undefined);
  });
});
