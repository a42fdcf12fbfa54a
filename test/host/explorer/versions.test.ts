/** Versions: the versioning label on bucket rows, Show Versions…, Show Deleted Objects… and Restore of Archive objects. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ObjectVersion, OssClient } from '../../../src/core/client';
import type { BucketNode } from '../../../src/tree/nodes/bucketNode';
import { useOssFixture } from '../helpers/fixture';
import { button, pick, type, type Answer } from '../helpers/scriptedPrompter';
import { closeAllEditors, coreClient } from './editHelpers';
import { BUCKET, explorerFixture } from './seed';

const KEY = 'notes/v.txt';

async function versionsOf(client: OssClient, bucket: string, prefix: string): Promise<ObjectVersion[]> {
  return (await client.listObjectVersionsPage({ bucket, prefix })).versions;
}

/** Picks the quick pick item naming `versionId`, after `check` looked at every item. */
function pickVersion(versionId: string, check?: (items: readonly vscode.QuickPickItem[]) => void): Answer {
  return (r) => {
    assert.strictEqual(r.kind, 'pick', 'a quick pick of versions');
    const items = r.step.items;
    check?.(items);
    const item = items.find((i) => i.label.includes(versionId));
    assert.ok(item, `no item for ${versionId} in ${items.map((i) => i.label).join(', ')}`);
    return item;
  };
}

async function waitFor<T>(what: string, get: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

function activeText(): string {
  const ed = vscode.window.activeTextEditor;
  assert.ok(ed, 'an editor is active');
  return ed.document.getText();
}

describe('Versions: Show Versions, Show Deleted Objects, Restore', function () {
  this.timeout(60000);
  const fx = useOssFixture(explorerFixture);
  let client: OssClient;
  let n = 0;
  /** A new versioned bucket for each test (the fixture's cleanup does not touch older versions). */
  let bucket: string;
  /** The versions of KEY, newest first: "three" (current), "two", "one". */
  let v: ObjectVersion[];

  before(() => {
    client = coreClient(fx.server);
  });
  after(() => client.destroy());
  beforeEach(async () => {
    bucket = `versioned-${++n}`;
    fx.server.createBucket(bucket);
    await client.putBucketVersioning(bucket, 'Enabled');
    for (const text of ['one', 'two', 'three']) await client.putObject(bucket, KEY, Buffer.from(text));
    v = await versionsOf(client, bucket, KEY);
    assert.strictEqual(v.length, 3);
    fx.api.treeProvider.refresh();
  });
  afterEach(closeAllEditors);

  const target = (): { connectionId: string; bucket: string; key: string } => ({ connectionId: fx.conn.id, bucket, key: KEY });

  it('a bucket row shows whether versioning is on', async () => {
    const on = (await fx.nodeAt('Local', bucket)) as BucketNode;
    const off = (await fx.nodeAt('Local', BUCKET)) as BucketNode;
    await fx.children(on);
    await fx.children(off);
    assert.strictEqual(await waitFor('versioning of the versioned bucket', () => on.versioning), 'Enabled');
    assert.strictEqual(await waitFor('versioning of the plain bucket', () => off.versioning), 'Off');
    assert.match(String(on.getTreeItem().description), /versioning on/);
    assert.doesNotMatch(String(off.getTreeItem().description ?? ''), /versioning/);
  });

  it('Show Versions lists versions and delete markers with size, date and storage class; Open shows an old version', async () => {
    await client.deleteObject(bucket, KEY);
    const all = await versionsOf(client, bucket, KEY);
    const marker = all.find((x) => x.deleteMarker);
    assert.ok(marker?.isLatest, 'a plain delete added a delete marker');
    const one = v[2];
    fx.prompter.script(
      pickVersion(one.versionId, (items) => {
        assert.strictEqual(items.length, 4, 'three versions and the marker');
        const m = items.find((i) => i.label.includes(marker.versionId));
        assert.match(m?.description ?? '', /delete marker/);
        const first = items.find((i) => i.label.includes(one.versionId));
        assert.match(first?.description ?? '', /^3 B · .+ · Standard$/);
        assert.ok(first?.description?.includes(one.lastModified?.toLocaleString() ?? '?'), 'the version date is shown');
      }),
      pick('Open (read-only)'),
    );
    assert.deepStrictEqual(await vscode.commands.executeCommand('ossExplorer.showVersions', target()), { versionId: one.versionId, action: 'open' });
    assert.strictEqual(activeText(), 'one');
  });

  it('Compare with Current opens a diff of the old and the current version', async () => {
    fx.prompter.script(pickVersion(v[1].versionId), pick('Compare with Current'));
    await vscode.commands.executeCommand('ossExplorer.showVersions', target());
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputTextDiff, 'a diff editor is active');
    assert.strictEqual((await vscode.workspace.openTextDocument(input.original)).getText(), 'two');
    assert.strictEqual((await vscode.workspace.openTextDocument(input.modified)).getText(), 'three');
  });

  it('Restore copies an old version over the current one', async () => {
    fx.prompter.script(
      pickVersion(v[2].versionId, (items) => assert.match(items[0].label, /\(current\)/)),
      pick('Restore (copy over the current version)'),
    );
    assert.deepStrictEqual(await vscode.commands.executeCommand('ossExplorer.showVersions', target()), { versionId: v[2].versionId, action: 'restore' });
    assert.strictEqual((await fx.server.getObjectBytes(bucket, KEY))?.toString(), 'one');
    const after = await versionsOf(client, bucket, KEY);
    assert.strictEqual(after.length, 4, 'the restore is a new version; the others are kept');
    assert.ok(after.some((x) => x.versionId === v[0].versionId), 'the replaced version is kept');
  });

  it('the current version offers no Restore', async () => {
    fx.prompter.script(pickVersion(v[0].versionId), (r) => {
      assert.ok(r.kind === 'pick');
      assert.ok(!r.step.items.some((i) => i.label.includes('Restore')), 'no Restore on the current version');
      return undefined;
    });
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.showVersions', target()), undefined);
  });

  it('Delete Version asks, naming the version, and removes only that version', async () => {
    const two = v[1].versionId;
    fx.prompter.script(pickVersion(two), pick('Delete Version'), button(undefined, two));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.showVersions', target()), undefined);
    assert.strictEqual((await versionsOf(client, bucket, KEY)).length, 3, 'Cancel deletes nothing');

    fx.prompter.script(pickVersion(two), pick('Delete Version'), button('Delete Version', two));
    assert.deepStrictEqual(await vscode.commands.executeCommand('ossExplorer.showVersions', target()), { versionId: two, action: 'delete' });
    const after = await versionsOf(client, bucket, KEY);
    assert.deepStrictEqual(after.map((x) => x.versionId), [v[0].versionId, v[2].versionId]);
    assert.strictEqual((await fx.server.getObjectBytes(bucket, KEY))?.toString(), 'three', 'the current version is untouched');
  });

  it('Show Deleted Objects lists a key whose latest version is a delete marker, and Restore brings it back', async () => {
    await client.putObject(bucket, 'notes/kept.txt', Buffer.from('kept'));
    await client.deleteObject(bucket, KEY);
    assert.strictEqual(await fx.server.getObjectBytes(bucket, KEY), undefined);
    fx.prompter.script((r) => {
      assert.ok(r.kind === 'pick');
      assert.deepStrictEqual(r.step.items.map((i) => i.label.replace(/\$\([^)]+\)\s*/g, '')), ['v.txt']);
      assert.match(r.step.items[0].description ?? '', /delete marker/);
      return r.step.items[0];
    });
    assert.deepStrictEqual(await vscode.commands.executeCommand('ossExplorer.showDeleted', { connectionId: fx.conn.id, bucket, prefix: 'notes/' }), [KEY]);
    assert.strictEqual((await fx.server.getObjectBytes(bucket, KEY))?.toString(), 'three');
    assert.ok(fx.prompter.messages.some((m) => m.message.includes(`${KEY} is restored`)));
  });

  it('Show Versions and Show Deleted Objects say so on a bucket without versioning', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.showVersions', { connectionId: fx.conn.id, bucket: BUCKET, key: 'readme.md' }), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.showDeleted', { connectionId: fx.conn.id, bucket: BUCKET, prefix: '' }), undefined);
    assert.strictEqual(fx.prompter.messages.filter((m) => m.message.includes('Versioning is off')).length, 2);
  });

  it('Properties restores an Archive object', async () => {
    await client.putObject(BUCKET, 'cold.bin', Buffer.from('cold'), { storageClass: 'Archive' });
    fx.prompter.script(
      pick('Restore'),
      type('2', (s) => assert.ok(s.validate?.('8'), 'Archive allows at most 7 days')),
    );
    const r = await vscode.commands.executeCommand<{ written: string[] }>('ossExplorer.properties', { connectionId: fx.conn.id, bucket: BUCKET, key: 'cold.bin' });
    assert.deepStrictEqual(r?.written, ['restore']);
    const h = await client.headObject(BUCKET, 'cold.bin');
    assert.ok(h.restore, 'a restore was started');
    fx.prompter.script((req) => {
      assert.ok(req.kind === 'pick');
      const item = req.step.items.find((i) => i.label.includes('Restore'));
      assert.ok(item?.description && item.description !== 'not restored', `the restore state is shown: ${item?.description}`);
      return undefined;
    });
    await vscode.commands.executeCommand('ossExplorer.properties', { connectionId: fx.conn.id, bucket: BUCKET, key: 'cold.bin' });
  });
});
