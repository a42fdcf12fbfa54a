/** New File, Save As, Compare and Properties on objects. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { OssClient } from '../../../src/core/client';
import { useOssFixture } from '../helpers/fixture';
import { button, files, pick, type } from '../helpers/scriptedPrompter';
import { activeOssEditor, closeAllEditors, coreClient, typeAtEnd } from './editHelpers';
import { BUCKET, explorerFixture } from './seed';

function activeDiff(): vscode.TabInputTextDiff {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  assert.ok(input instanceof vscode.TabInputTextDiff, 'a diff editor is active');
  return input;
}

describe('Edit commands: New File, Save As, Compare, Properties', function () {
  this.timeout(60000);
  const fx = useOssFixture(explorerFixture);
  let client: OssClient;
  before(() => {
    client = coreClient(fx.server);
    // These tests leave editors dirty for a while; an auto-save would write them behind their back
    // (scripts/test-host.js turns the web workbench's afterDelay default off).
    assert.strictEqual(vscode.workspace.getConfiguration('files').get('autoSave'), 'off');
  });
  after(() => client.destroy());
  afterEach(closeAllEditors);

  it('New File creates an empty object in a folder and opens it; an existing one is opened, not replaced', async () => {
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    fx.prompter.script(type('notes.md', (s) => assert.ok(s.validate?.('bad/'), 'a name ending in / is refused')));
    const r = await vscode.commands.executeCommand<{ key: string; created: boolean; opened: string }>('ossExplorer.newFile', docs);
    assert.deepStrictEqual(r, { key: 'docs/notes.md', created: true, opened: 'text' });
    assert.strictEqual(fx.server.headObjectDirect(BUCKET, 'docs/notes.md')?.size, 0);
    activeOssEditor('docs/notes.md');

    fx.prompter.script(type('a.txt'));
    const again = await vscode.commands.executeCommand<{ created: boolean }>('ossExplorer.newFile', docs);
    assert.strictEqual(again?.created, false);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'docs/a.txt'))?.toString(), 'a');
    assert.strictEqual(activeOssEditor('docs/a.txt').document.getText(), 'a');
  });

  it('Save As writes the editor text to another key, and asks before overwriting an existing one', async () => {
    await vscode.commands.executeCommand('ossExplorer.openObject', { connectionId: fx.conn.id, bucket: BUCKET, key: 'readme.md' });
    const ed = activeOssEditor('readme.md');
    await typeAtEnd(ed, 'copy');
    fx.prompter.script(type('copies/readme.md', (s) => assert.ok(s.validate?.('readme.md'), 'the same key is refused')));
    const r = await vscode.commands.executeCommand('ossExplorer.saveAs', ed.document.uri);
    assert.deepStrictEqual(r, { key: 'copies/readme.md', overwritten: false });
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'copies/readme.md'))?.toString(), '# Hello\ncopy');
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'readme.md'))?.toString(), '# Hello\n', 'the source is untouched');

    await vscode.window.showTextDocument(ed.document);
    fx.prompter.script(type('docs/a.txt'), button(undefined, 'exists already'));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.saveAs', ed.document.uri), undefined);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'docs/a.txt'))?.toString(), 'a');
    fx.prompter.script(type('docs/a.txt'), button('Overwrite', 'exists already'));
    assert.deepStrictEqual(await vscode.commands.executeCommand('ossExplorer.saveAs', ed.document.uri), { key: 'docs/a.txt', overwritten: true });
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'docs/a.txt'))?.toString(), '# Hello\ncopy');
  });

  it('compares an object with a local file and with another object in the diff editor', async () => {
    const local = path.join(fx.tmp, 'readme-local.md');
    fs.writeFileSync(local, '# Hello, local\n');
    const readme = await fx.nodeAt('Local', BUCKET, 'readme.md');
    fx.prompter.script(files(vscode.Uri.file(local)));
    await vscode.commands.executeCommand('ossExplorer.compareWithLocal', readme);
    let diff = activeDiff();
    assert.strictEqual(diff.original.scheme, 'oss-ro');
    assert.strictEqual(diff.modified.fsPath, local);
    assert.strictEqual((await vscode.workspace.openTextDocument(diff.original)).getText(), '# Hello\n');

    fx.prompter.script(type('docs/a.txt', (s) => assert.ok(s.validate?.('readme.md'))));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.compareWithObject', readme), 'docs/a.txt');
    diff = activeDiff();
    assert.strictEqual((await vscode.workspace.openTextDocument(diff.original)).getText(), 'a');
    assert.strictEqual((await vscode.workspace.openTextDocument(diff.modified)).getText(), '# Hello\n');
  });

  it('Properties edits headers, metadata, storage class, ACL and tags, refusing invalid values', async () => {
    const key = 'props/data.json';
    await client.putObject(BUCKET, key, Buffer.from('{}'), {
      contentType: 'application/json', cacheControl: 'no-cache', meta: { owner: 'ops' }, acl: 'private', tags: { env: 'dev' },
    });
    const node = { connectionId: fx.conn.id, bucket: BUCKET, key };
    fx.prompter.script(
      pick('Cache-Control'),
      type('max-age=300', (s) => assert.match(String(s.validate?.('bad\nvalue')), /printable ASCII/)),
      pick('Add metadata'),
      type('build', (s) => assert.match(String(s.validate?.('no_underscore')), /letters, digits and '-'/)),
      type('7'),
      pick('x-oss-meta-owner'),
      type(''),
      pick('Storage class'),
      pick('IA'),
      pick('ACL'),
      pick('public-read'),
      pick('Add tag'),
      type('team', (s) => assert.ok(s.validate?.('bad*key'), 'tag key characters are checked')),
      type('web'),
      pick('Apply changes'),
    );
    const r = await vscode.commands.executeCommand<{ written: string[] }>('ossExplorer.properties', node);
    assert.deepStrictEqual(r?.written, ['properties', 'acl', 'tags']);
    const h = await client.headObject(BUCKET, key);
    assert.strictEqual(h.cacheControl, 'max-age=300');
    assert.strictEqual(h.contentType, 'application/json', 'untouched headers are kept');
    assert.deepStrictEqual(h.meta, { build: '7' });
    assert.strictEqual(h.storageClass, 'IA');
    assert.strictEqual(await client.getObjectAcl(BUCKET, key), 'public-read');
    assert.deepStrictEqual(await client.getObjectTagging(BUCKET, key), { env: 'dev', team: 'web' });
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, key))?.toString(), '{}');
  });
});
