/**
 * Screen-reader labels: every row kind of the OSS tree and of the Transfers view says what it is,
 * read through the tree data providers' getTreeItem (what the workbench renders).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { OssClient } from '../../../src/core/client';
import type { BucketNode } from '../../../src/tree/nodes/bucketNode';
import type { OssNode } from '../../../src/tree/nodes/base';
import { label, useOssFixture } from '../helpers/fixture';
import { files, type } from '../helpers/scriptedPrompter';
import { coreClient } from './editHelpers';
import { BUCKET, OTHER_BUCKET, explorerFixtureWith } from './seed';

const VERSIONED = 'a11y-versioned';

describe('Screen-reader labels of every row', function () {
  this.timeout(60000);
  const fx = useOssFixture({ ...explorerFixtureWith({ 'photos/2024/x.jpg': 'jpg' }), buckets: [BUCKET, OTHER_BUCKET, VERSIONED] });
  let client: OssClient;

  before(() => {
    client = coreClient(fx.server);
  });
  after(() => client.destroy());
  afterEach(async () => {
    for (const u of fx.server.listUploads(BUCKET)) await client.abortMultipartUpload(BUCKET, u.key, u.uploadId);
  });

  /**
   * The label a screen reader says for a node, as the view gets it. Every row's icon is checked on
   * the way: a codicon, coloured (if at all) by a theme colour, so high-contrast themes draw it.
   */
  function spoken(node: OssNode): string | undefined {
    const item = fx.api.treeProvider.getTreeItem(node);
    themed(item);
    return item.accessibilityInformation?.label;
  }

  function themed(item: vscode.TreeItem): void {
    const icon = item.iconPath;
    assert.ok(icon instanceof vscode.ThemeIcon, `${String(item.label)}: a codicon, not an image (${JSON.stringify(icon)})`);
    assert.ok(icon.color === undefined || icon.color instanceof vscode.ThemeColor, `${String(item.label)}: a theme colour`);
  }

  it('folders say their path and bucket (never the oss:// address); buckets their versioning', async () => {
    const photos = await fx.nodeAt('Local', BUCKET, 'photos');
    assert.strictEqual(spoken(photos), `photos, folder in bucket ${BUCKET}`);
    const year = await fx.child(photos, '2024');
    assert.strictEqual(spoken(year), `2024, folder photos/2024 in bucket ${BUCKET}`);
    assert.doesNotMatch(spoken(year) ?? '', /oss:\/\//);
    assert.match(spoken(await fx.child(year, 'x.jpg')) ?? '', /^x\.jpg, object, 3 bytes, modified \d{4}-\d\d-\d\d \d\d:\d\d$/);

    await client.putBucketVersioning(VERSIONED, 'Enabled');
    fx.api.treeProvider.refresh();
    const versioned = (await fx.nodeAt('Local', VERSIONED)) as BucketNode;
    assert.strictEqual(spoken(versioned), `${VERSIONED}, bucket, region ${fx.server.region}`, 'unknown until expanded');
    await fx.children(versioned);
    for (let i = 0; i < 100 && versioned.versioning === undefined; i++) await new Promise((r) => setTimeout(r, 50));
    assert.strictEqual(spoken(versioned), `${VERSIONED}, bucket, region ${fx.server.region}, versioning on`);
  });

  it('load-more, empty, error and credential message rows say what activating them does', async () => {
    assert.match(spoken(await fx.nodeAt('Local')) ?? '', /^Local, connection, region /);
    const many = await fx.nodeAt('Local', BUCKET, 'many');
    const page = await fx.children(many);
    assert.strictEqual(spoken(page[50]), 'Load more, 50 items loaded');

    const [empty] = await fx.children(await fx.nodeAt('Local', OTHER_BUCKET));
    assert.strictEqual(spoken(empty), 'No objects');

    const missing = await fx.addConnection('Pinned', { pinnedBucket: 'no-such-bucket' });
    const broken = await fx.addConnection('Broken', {}, 'wrong-secret-000000000000');
    try {
      const [gone] = await fx.children(await fx.nodeAt('Pinned', 'no-such-bucket'));
      assert.strictEqual(gone.getTreeItem().contextValue, 'ossExplorer.message.error');
      assert.match(spoken(gone) ?? '', /^Error: .*NoSuchBucket.*; activate to retry$/);
      const [denied] = await fx.children(await fx.nodeAt('Broken'));
      assert.match(spoken(denied) ?? '', /SignatureDoesNotMatch.*; activate to update the credentials$/);
    } finally {
      await fx.api.store.remove(missing.id);
      await fx.api.store.remove(broken.id);
    }
  });

  it('"Incomplete Uploads" and its rows say which bucket and which upload', async () => {
    await client.initiateMultipartUpload(BUCKET, 'big/part.bin');
    fx.api.treeProvider.refresh();
    const node = await fx.nodeAt('Local', BUCKET, 'Incomplete Uploads');
    assert.strictEqual(spoken(node), `Incomplete Uploads, incomplete uploads of bucket ${BUCKET}`);
    const [u] = await fx.children(node);
    assert.strictEqual(label(u), 'big/part.bin');
    assert.strictEqual(spoken(u), 'big/part.bin, incomplete upload');
  });

  it('a Transfers view row says its direction, key and state', async () => {
    await vscode.commands.executeCommand('ossExplorer.clearFinishedTransfers');
    const file = path.join(fx.tmp, 'spoken.txt');
    fs.writeFileSync(file, 'spoken');
    fx.prompter.script(files(vscode.Uri.file(file)), type());
    await vscode.commands.executeCommand('ossExplorer.uploadFile', await fx.nodeAt('Local', BUCKET, 'docs'));
    const provider = fx.api.transfers.provider;
    const [row] = provider.getChildren();
    const item = provider.getTreeItem(row);
    themed(item);
    assert.strictEqual(item.accessibilityInformation?.label, 'Upload docs/spoken.txt, Done');
    await vscode.commands.executeCommand('ossExplorer.clearFinishedTransfers');
  });
});
