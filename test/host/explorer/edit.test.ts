/** Editing objects in place: save back, conflicts, deleted meanwhile, read-only cases. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { toOssUri } from '../../../src/connections/ossUri';
import { useOssFixture } from '../helpers/fixture';
import { button } from '../helpers/scriptedPrompter';
import { activeOssEditor, closeAllEditors, isReadonlyOnServer, openForEditing, save, typeAtEnd } from './editHelpers';
import { BUCKET, explorerFixture, seedExplorer } from './seed';

describe('Edit objects in place', function () {
  this.timeout(60000);
  const fx = useOssFixture({
    ...explorerFixture,
    seed: (s) => {
      seedExplorer(s);
      s.putObjectDirect(BUCKET, 'conf/app.json', '{"a": 1}\n', { contentType: 'application/json', meta: { owner: 'ops' } });
      s.putObjectDirect(BUCKET, 'big.txt', 'x'.repeat(4096));
      s.putObjectDirect(BUCKET, 'notes/compare.md', 'mine\n');
      s.putObjectDirect(BUCKET, 'data/blob', Buffer.from([1, 2, 0, 3, 4]));
    },
  });
  const target = (key: string) => ({ connectionId: fx.conn.id, bucket: BUCKET, key });
  afterEach(closeAllEditors);

  it('opens a text object writable, saves the typed bytes back and keeps its type and metadata', async () => {
    assert.strictEqual(await openForEditing(target('conf/app.json')), 'text');
    const ed = activeOssEditor('conf/app.json');
    assert.strictEqual(ed.document.languageId, 'json');
    assert.strictEqual(await isReadonlyOnServer(ed.document.uri), false);
    await typeAtEnd(ed, '// edited');
    assert.strictEqual(await save(ed, fx.api.files), true);
    assert.strictEqual(ed.document.isDirty, false);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'conf/app.json'))?.toString(), '{"a": 1}\n// edited');
    const h = fx.server.headObjectDirect(BUCKET, 'conf/app.json');
    assert.strictEqual(h?.contentType, 'application/json');
    assert.deepStrictEqual(h?.meta, { owner: 'ops' });
    // A second save in the same editor checks against what the first one wrote.
    await typeAtEnd(ed, '!');
    assert.strictEqual(await save(ed, fx.api.files), true);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'conf/app.json'))?.toString(), '{"a": 1}\n// edited!');
    assert.deepStrictEqual(fx.prompter.messages, []);
  });

  it('refuses to save over a change made on the server; Cancel keeps the editor dirty, Overwrite saves', async () => {
    await openForEditing(target('readme.md'));
    const ed = activeOssEditor('readme.md');
    await typeAtEnd(ed, 'mine');
    fx.server.putObjectDirect(BUCKET, 'readme.md', 'theirs', { contentType: 'text/markdown' });

    fx.prompter.script(button(undefined, 'changed on the server'));
    assert.strictEqual(await save(ed, fx.api.files), false);
    assert.ok(ed.document.isDirty, 'the editor stays dirty');
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'readme.md'))?.toString(), 'theirs');

    fx.prompter.script(button('Overwrite', 'changed on the server'));
    assert.strictEqual(await save(ed, fx.api.files), true);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'readme.md'))?.toString(), '# Hello\nmine');
  });

  it('offers Compare on a conflict: a diff of the server version against the editor', async () => {
    await openForEditing(target('notes/compare.md'));
    const ed = activeOssEditor('notes/compare.md');
    const uri = ed.document.uri;
    await typeAtEnd(ed, 'mine');
    fx.server.putObjectDirect(BUCKET, 'notes/compare.md', 'theirs\n', { lastModified: new Date(Date.now() + 5000) });
    fx.prompter.script(button('Compare', 'changed on the server'));
    assert.strictEqual(await save(ed, fx.api.files), false);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor is active');
    const diff = tab.input;
    assert.strictEqual(diff.original.scheme, 'oss-ro');
    assert.strictEqual(diff.modified.toString(), uri.toString());
    const theirs = await vscode.workspace.openTextDocument(diff.original);
    assert.strictEqual(theirs.getText(), 'theirs\n');
    assert.ok((await vscode.workspace.fs.stat(diff.original)).permissions === vscode.FilePermission.Readonly);
    assert.ok(ed.document.isDirty);
  });

  it('refuses to save an object deleted on the server meanwhile, unless asked to', async () => {
    await openForEditing(target('docs/a.txt'));
    const ed = activeOssEditor('docs/a.txt');
    await typeAtEnd(ed, 'b');
    assert.ok(fx.server.deleteObjectDirect(BUCKET, 'docs/a.txt'));
    fx.prompter.script(button(undefined, 'was deleted on the server'));
    assert.strictEqual(await save(ed, fx.api.files), false);
    assert.ok(ed.document.isDirty);
    assert.strictEqual(fx.server.headObjectDirect(BUCKET, 'docs/a.txt'), undefined, 'nothing was written');
    fx.prompter.script(button('Overwrite', 'was deleted'));
    assert.strictEqual(await save(ed, fx.api.files), true);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'docs/a.txt'))?.toString(), 'ab');
  });

  it('a failed save goes through the error handler and keeps the editor dirty', async () => {
    await openForEditing(target('docs/a.txt'));
    const ed = activeOssEditor('docs/a.txt');
    await typeAtEnd(ed, 'z');
    fx.server.faults.failNext(1, 403, { op: 'PutObject' });
    try {
      assert.strictEqual(await save(ed, fx.api.files), false);
    } finally {
      fx.server.faults.reset();
    }
    assert.ok(ed.document.isDirty);
    assert.ok(fx.prompter.messages.some((m) => m.level === 'error' && m.message.startsWith('Save failed: InjectedFault')), JSON.stringify(fx.prompter.messages));
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'docs/a.txt'))?.toString(), 'a');
  });

  it('opens objects over ossExplorer.editMaxBytes read-only, on request', async () => {
    await vscode.workspace.getConfiguration('ossExplorer').update('editMaxBytes', 1024, vscode.ConfigurationTarget.Global);
    try {
      fx.prompter.script(button(undefined, 'editing limit'));
      assert.strictEqual(await openForEditing(target('big.txt')), 'tooLarge');
      fx.prompter.script(button('Open Read-only', 'editing limit'));
      assert.strictEqual(await openForEditing(target('big.txt')), 'readonly');
      const ed = activeOssEditor('big.txt');
      assert.strictEqual(await isReadonlyOnServer(ed.document.uri), true);
      assert.ok(fx.prompter.messages.some((m) => m.message.includes('read-only') && m.message.includes('editMaxBytes')));
    } finally {
      await vscode.workspace.getConfiguration('ossExplorer').update('editMaxBytes', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('offers a download for binary objects, and the file system reports them read-only', async () => {
    fx.prompter.script(button(undefined, 'binary'));
    assert.strictEqual(await openForEditing(target('data/blob')), 'notPreviewable');
    const uri = toOssUri(target('data/blob'));
    assert.strictEqual(await isReadonlyOnServer(uri), true);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('text'))));
    assert.deepStrictEqual([...((await fx.server.getObjectBytes(BUCKET, 'data/blob')) ?? [])], [1, 2, 0, 3, 4]);
  });

  it('opens objects of a read-only connection read-only and says why', async () => {
    const ro = await fx.addConnection('Read-only STS', { readOnly: true });
    try {
      const t = { connectionId: ro.id, bucket: BUCKET, key: 'readme.md' };
      assert.strictEqual(await openForEditing(t), 'readonly');
      const ed = vscode.window.activeTextEditor;
      assert.strictEqual(ed?.document.getText(), '# Hello\n');
      assert.strictEqual(await isReadonlyOnServer(toOssUri(t)), true);
      assert.ok(fx.prompter.messages.some((m) => m.message.includes('Read-only STS') && m.message.includes('is read-only')));
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(toOssUri(t), Buffer.from('x'))));
      assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'readme.md'))?.toString(), '# Hello\n');
    } finally {
      await closeAllEditors();
      await fx.api.store.remove(ro.id);
    }
  });
});
