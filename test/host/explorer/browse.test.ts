/**
 * Browsing inside the real extension host against the local OSS server: buckets, folders and
 * objects, paging, the node cache and Refresh, filters, loading errors, reveal, palette targets.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { label, useOssFixture } from '../helpers/fixture';
import { button, pick } from '../helpers/scriptedPrompter';
import { BUCKET, OTHER_BUCKET, explorerFixture } from './seed';

describe('Browse: tree, paging, filters, reveal', function () {
  this.timeout(60000);
  const fx = useOssFixture(explorerFixture);

  it('tests the connection', async () => {
    const r = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('ossExplorer.testConnection', fx.conn.id);
    assert.strictEqual(r?.ok, true);
    assert.match(r.message, /2 bucket/);
  });

  it('shows buckets (region as description), folders and objects with icons and tooltips', async () => {
    const c = await fx.nodeAt('Local');
    assert.strictEqual(c.getTreeItem().contextValue, fx.api.contextValues.connection);
    const buckets = await fx.children(c);
    assert.deepStrictEqual(buckets.map(label).sort(), [OTHER_BUCKET, BUCKET]);
    const b = await fx.child(c, BUCKET);
    const bi = b.getTreeItem();
    assert.strictEqual(bi.contextValue, 'ossExplorer.bucket');
    assert.match(String(bi.description), /cn-hangzhou/);
    const kids = await fx.children(b);
    assert.deepStrictEqual(kids.map(label), ['docs', 'img', 'many', 'readme.md']);
    assert.deepStrictEqual(kids.map((k) => k.getTreeItem().contextValue), ['ossExplorer.folder', 'ossExplorer.folder', 'ossExplorer.folder', 'ossExplorer.object']);
    assert.strictEqual(kids[0].getTreeItem().accessibilityInformation?.label, `docs, folder in bucket ${BUCKET}`, 'screen readers hear what the row is');
    assert.match(String(c.getTreeItem().accessibilityInformation?.label), /^Local, connection, region /);
    assert.strictEqual(bi.accessibilityInformation?.label, `${BUCKET}, bucket, region ${fx.server.region}`);
    const readme = kids[3].getTreeItem();
    assert.match(String(readme.description), /8 B/);
    assert.match(String(readme.accessibilityInformation?.label), /^readme\.md, object, 8 bytes, modified \d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.strictEqual((readme.iconPath as vscode.ThemeIcon).id, 'file-text');
    assert.strictEqual(readme.resourceUri?.scheme, 'oss');
    const tip = (readme.tooltip as vscode.MarkdownString).value;
    for (const word of ['Size', 'ETag', 'Last modified', 'Storage class']) assert.ok(tip.includes(word), `tooltip shows ${word}`);
    const png = (await fx.children(await fx.child(b, 'img')))[0].getTreeItem();
    assert.strictEqual((png.iconPath as vscode.ThemeIcon).id, 'file-media');
    const empty = await fx.children(await fx.nodeAt('Local', OTHER_BUCKET));
    assert.deepStrictEqual(empty.map(label), ['No objects']);
    assert.strictEqual(empty[0].getTreeItem().contextValue, 'ossExplorer.message');
  });

  it('pages with "Load more…" (one request per page even when asked twice at once)', async () => {
    const many = await fx.nodeAt('Local', BUCKET, 'many');
    fx.api.treeProvider.refresh(many);
    fx.server.clearRequests();
    const [p1, p1again] = await Promise.all([fx.children(many), fx.children(many)]);
    assert.strictEqual(p1.length, 51);
    assert.strictEqual(p1again.length, 51);
    assert.strictEqual(fx.server.requests.filter((r) => r.path.includes('list-type=2')).length, 1, 'concurrent loads share one request');
    const more = p1[50];
    assert.strictEqual(more.getTreeItem().contextValue, 'ossExplorer.loadMore');
    assert.strictEqual(more.getTreeItem().command?.command, 'ossExplorer.loadMore');
    await vscode.commands.executeCommand('ossExplorer.loadMore', more);
    const p2 = await fx.children(many);
    assert.strictEqual(p2.length, 101);
    await vscode.commands.executeCommand('ossExplorer.loadMore', p2[100]);
    const p3 = await fx.children(many);
    assert.strictEqual(p3.length, 120, 'the last page has no "Load more…"');
    const names = p3.map(label);
    assert.strictEqual(new Set(names).size, 120);
    assert.strictEqual(names[119], 'file-119.txt');
  });

  it('keeps listings cached until Refresh (one node, or the whole view); Show Log opens the log', async () => {
    const { server, prompter } = fx;
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    const before = (await fx.children(docs)).map(label);
    assert.ok(before.includes('a.txt') && !before.includes('fresh.txt'));
    server.putObjectDirect(BUCKET, 'docs/fresh.txt', 'new');
    server.clearRequests();
    assert.deepStrictEqual((await fx.children(docs)).map(label), before, 'served from the node cache');
    assert.strictEqual(server.requests.length, 0, 'no request without a refresh');
    await vscode.commands.executeCommand('ossExplorer.refreshNode', docs);
    assert.ok((await fx.children(docs)).map(label).includes('fresh.txt'), 'Refresh on the node lists again');
    assert.strictEqual(server.requests.filter((r) => r.op === 'ListObjectsV2').length, 1);
    server.putObjectDirect(BUCKET, 'docs/fresher.txt', 'newer');
    await vscode.commands.executeCommand('ossExplorer.refresh');
    const again = await fx.nodeAt('Local', BUCKET, 'docs');
    assert.ok((await fx.children(again)).map(label).includes('fresher.txt'), 'Refresh on the view reloads everything');
    await vscode.commands.executeCommand('ossExplorer.showLog');
    assert.deepStrictEqual(prompter.messages.filter((m) => m.level === 'error'), [], 'no error from any of them');
  });

  it('filters a folder server-side and clears the filter', async () => {
    const many = await fx.nodeAt('Local', BUCKET, 'many');
    await vscode.commands.executeCommand('ossExplorer.setFilter', many, 'file-01');
    const item = many.getTreeItem();
    assert.strictEqual(item.contextValue, 'ossExplorer.folder.filtered');
    assert.match(String(item.description), /filter: file-01/);
    const filtered = await fx.children(many);
    assert.deepStrictEqual(filtered.map(label), Array.from({ length: 10 }, (_, i) => `file-01${i}.txt`));
    await vscode.commands.executeCommand('ossExplorer.clearFilter', many);
    assert.strictEqual(many.getTreeItem().contextValue, 'ossExplorer.folder');
    assert.strictEqual((await fx.children(many)).length, 51);
  });

  it('shows a loading error as a message node with the OSS code, never a pop-up', async () => {
    const bad = await fx.addConnection('Broken', {}, 'wrong-secret-000000000000');
    try {
      const kids = await fx.children(await fx.nodeAt('Broken'));
      assert.strictEqual(kids.length, 1);
      const item = kids[0].getTreeItem();
      assert.strictEqual(item.contextValue, 'ossExplorer.message.error');
      assert.match(label(kids[0]), /SignatureDoesNotMatch/);
      assert.match(label(kids[0]), /RequestId/);
      assert.strictEqual(item.command?.command, 'ossExplorer.updateCredentials');
      assert.strictEqual(fx.prompter.messages.length, 0, 'no pop-up');
    } finally {
      await fx.api.store.remove(bad.id);
    }
  });

  it('finds and reveals an object beyond the first page (used by "Reveal" after upload)', async () => {
    const key = 'many/file-110.txt';
    const expected = `c/${fx.conn.id}/b/${BUCKET}/o/${key}`;
    const revealed = await fx.api.revealObject(fx.conn.id, BUCKET, key);
    assert.ok(revealed, `revealObject found a node for ${key}`);
    assert.strictEqual(revealed.node.id, expected, 'the node found is the object');
    assert.deepStrictEqual(revealed.selection, [expected], 'the workbench reported the object as the selection');
    assert.deepStrictEqual(fx.api.treeView.selection.map((n) => n.id), [expected], 'treeView.selection is the object');
  });

  it('asks for the target when run from the palette, and cancelling changes nothing', async () => {
    const { prompter, server } = fx;
    prompter.script(pick(BUCKET), pick('readme.md'));
    const paths = await vscode.commands.executeCommand<string[]>('ossExplorer.copyOssPath');
    assert.deepStrictEqual(paths, [`oss://${BUCKET}/readme.md`]);
    prompter.script(pick(BUCKET), pick('readme.md'), button(undefined, 'readme.md'));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.deleteObjects'), undefined);
    assert.ok(server.headObjectDirect(BUCKET, 'readme.md'));
  });
});
