/**
 * Keybindings of the Buckets view, as the extension sees them. A key runs its command with
 * `{ $treeViewId, $focusedTreeItem: true }` (package.json), which the extension host turns into
 * the focused node before the command runs: so a command run with one node is what a key press
 * gives. The real key presses are in test/ui/keyboard.test.ts.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { OssNode } from '../../../src/tree/nodes/base';
import { label, useOssFixture } from '../helpers/fixture';
import { button, pick, type } from '../helpers/scriptedPrompter';
import { BUCKET, explorerFixture } from './seed';

describe('Keybindings act on the focused row of the Buckets view', function () {
  this.timeout(60000);
  const fx = useOssFixture(explorerFixture);

  async function select(node: OssNode): Promise<void> {
    await fx.api.treeView.reveal(node, { select: true, focus: true });
    // The workbench tells the extension host about the new selection a moment later.
    const view = fx.api.treeView;
    for (let i = 0; i < 100 && view.selection[0]?.id !== node.id; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(view.selection.map((n) => n.id), [node.id]);
  }

  it('Copy Signed Link and Rename act on the row they are pressed on', async () => {
    const a = await fx.child(await fx.nodeAt('Local', BUCKET, 'docs'), 'a.txt');
    fx.prompter.script(pick('GET'), pick('1 h'), pick('As stored'));
    const links = await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', a);
    assert.strictEqual(links?.length, 1);
    assert.match(links[0].url, new RegExp(`/${BUCKET}/docs/a\\.txt\\?`));

    fx.prompter.script(type('docs/b.txt', (s) => assert.strictEqual(s.value, 'docs/a.txt')));
    const r = await vscode.commands.executeCommand<{ from: string; to: string }>('ossExplorer.renameObject', a);
    assert.deepStrictEqual(r, { from: 'docs/a.txt', to: 'docs/b.txt' });
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'docs/b.txt'))?.toString(), 'a');
    assert.strictEqual(fx.server.headObjectDirect(BUCKET, 'docs/a.txt'), undefined);
  });

  it('a key on a row its command does not act on does nothing (no prompt, no request)', async () => {
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    const conn = await fx.nodeAt('Local');
    const a = await fx.child(docs, 'a.txt');
    fx.server.clearRequests();
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.renameObject', docs), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.copySignedLink', docs), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.deleteObjects', conn), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.uploadFile', a), undefined);
    assert.deepStrictEqual(fx.server.requests, []);
    assert.deepStrictEqual(fx.prompter.messages, [], 'said in the status bar only');
  });

  it('F5 reloads the focused folder; without a resolved focused row, Delete acts on the selection after asking', async () => {
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    assert.deepStrictEqual((await fx.children(docs)).map(label), ['a.txt']);
    fx.server.putObjectDirect(BUCKET, 'docs/fresh.txt', 'fresh');
    await vscode.commands.executeCommand('ossExplorer.refreshNode', docs);
    const docsAgain = await fx.nodeAt('Local', BUCKET, 'docs');
    assert.deepStrictEqual((await fx.children(docsAgain)).map(label), ['a.txt', 'fresh.txt']);

    // The selection (one row here: reveal selects one) stands in when the host did not resolve the focused row.
    const fresh = await fx.child(docsAgain, 'fresh.txt');
    await select(fresh);
    fx.prompter.script(button('Delete'));
    await vscode.commands.executeCommand('ossExplorer.deleteObjects', { $treeViewId: 'ossExplorer.buckets', $focusedTreeItem: true });
    assert.strictEqual(fx.server.headObjectDirect(BUCKET, 'docs/fresh.txt'), undefined);
    assert.ok(fx.server.headObjectDirect(BUCKET, 'docs/a.txt'), 'only the selected object');
  });
});
