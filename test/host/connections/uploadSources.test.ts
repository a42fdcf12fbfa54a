/** Uploading what is open in the editor: untitled documents and dirty editors. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { useOssFixture } from '../helpers/fixture';
import { button, files, pick, type } from '../helpers/scriptedPrompter';
import { BUCKET, connectionsFixture } from './seed';

describe('Upload from the editor: untitled and unsaved documents', function () {
  this.timeout(60000);
  const fx = useOssFixture(connectionsFixture);

  it('uploads an untitled document (asking connection → bucket → folder and the key)', async () => {
    await fx.addConnection('Pinned', { pinnedBucket: BUCKET, pinnedPrefix: 'docs/' });
    const doc = await vscode.workspace.openTextDocument({ content: 'draft text', language: 'plaintext' });
    await vscode.window.showTextDocument(doc);
    // One (pinned) connection: no connection or bucket question; the folder browser starts at the pinned prefix.
    fx.prompter.script(pick('Here: conn-bucket/docs/'), type('docs/notes/draft.txt', (s) => assert.match(s.value ?? '', /^docs\/Untitled-\d+\.txt$/)));
    const r = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile');
    assert.deepStrictEqual(r?.uploaded.map((u) => u.key), ['docs/notes/draft.txt']);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'docs/notes/draft.txt'))?.toString(), 'draft text');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('offers to save a dirty editor before uploading it', async () => {
    await fx.addConnection('Pinned', { pinnedBucket: BUCKET, pinnedPrefix: 'docs/' });
    // An upload to the pinned folder makes it the last target.
    const first = path.join(fx.tmp, 'first.txt');
    fs.writeFileSync(first, '1');
    fx.prompter.script(files(vscode.Uri.file(first)), type());
    await vscode.commands.executeCommand('ossExplorer.uploadFile', (await fx.children(await fx.nodeAt('Pinned')))[0]);
    fx.prompter.reset();
    const file = path.join(fx.tmp, 'dirty.txt');
    fs.writeFileSync(file, 'saved');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    await editor.edit((e) => e.insert(new vscode.Position(0, 5), ' + edited'));
    assert.ok(editor.document.isDirty);
    fx.prompter.script(button('Save and Upload', 'unsaved changes'), pick('last used'), type('docs/dirty.txt'));
    const r = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile', vscode.Uri.file(file));
    assert.deepStrictEqual(r?.uploaded.map((u) => u.key), ['docs/dirty.txt']);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'saved + edited');
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'docs/dirty.txt'))?.toString(), 'saved + edited');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
