/**
 * Rows of the Transfers view beyond plain uploads and downloads: tree copy and move (one row per
 * object), uploads and downloads through signed URLs. Each row says what it is and can be retried;
 * a signed-URL download Retry never replaces a file that appeared meanwhile. The save of a big
 * edited object is a row too, one Retry leaves alone (saving the editor again is its retry). Bytes
 * dropped on the tree without a file URI are upload rows like files.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { OssNode } from '../../../src/tree/nodes/base';
import type { TransferRow } from '../../../src/core/transfer';
import { useOssFixture } from '../helpers/fixture';
import { button, pick, saveAs, type } from '../helpers/scriptedPrompter';
import { FileItem } from '../helpers/dataTransfer';
import { activeOssEditor, closeAllEditors, openForEditing, save, typeAtEnd } from './editHelpers';
import { BUCKET, explorerFixtureWith } from './seed';

/** Saves from this size on show a progress notification and a row (SAVE_PROGRESS_BYTES). */
const BIG_TEXT = 'x'.repeat(1024 * 1024 + 10);

const TREE_MIME = 'application/vnd.code.tree.ossexplorer.buckets';
const MiB = 1024 * 1024;

describe('Transfers view: copy, move and signed-URL rows', function () {
  this.timeout(60000);
  const fx = useOssFixture(explorerFixtureWith({ 'big/edit.txt': BIG_TEXT }));

  beforeEach(() => vscode.commands.executeCommand('ossExplorer.clearFinishedTransfers'));
  afterEach(() => fx.server.faults.reset());

  const rows = (): TransferRow[] => fx.api.transfers.rows();
  const item = (i: number): vscode.TreeItem => {
    const provider = fx.api.transfers.provider;
    return provider.getTreeItem(provider.getChildren()[i]);
  };

  async function drop(nodes: OssNode[], target: OssNode, choice: 'Move' | 'Copy'): Promise<void> {
    const dt = new vscode.DataTransfer();
    dt.set(TREE_MIME, new vscode.DataTransferItem(nodes));
    fx.prompter.script(button(choice));
    await fx.api.paste.tree.handleDrop(target, dt);
  }

  it('a tree move and a tree copy list one row per object; a failed copy is retried from its row', async () => {
    const a = await fx.nodeAt('Local', BUCKET, 'docs', 'a.txt');
    await drop([a], await fx.nodeAt('Local', BUCKET, 'img'), 'Move');
    assert.deepStrictEqual(rows().map((r) => [r.kind, r.key, r.state]), [['move', 'img/a.txt', 'done']]);
    assert.strictEqual(item(0).accessibilityInformation?.label, 'Move img/a.txt, Done');

    fx.server.faults.failNext(1, 403, { op: 'CopyObject' });
    await drop([await fx.nodeAt('Local', BUCKET, 'readme.md')], await fx.nodeAt('Local', BUCKET, 'img'), 'Copy');
    assert.deepStrictEqual(await fx.api.paste.tree.lastDrop, { action: 'none', keys: [] });
    const failed = rows()[1];
    assert.deepStrictEqual([failed.kind, failed.key, failed.state, failed.retryable], ['copy', 'img/readme.md', 'failed', true]);
    assert.match(String(item(0).description), /^Copy failed: InjectedFault/);
    assert.strictEqual(fx.server.headObjectDirect(BUCKET, 'img/readme.md'), undefined);

    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.retryTransfer', fx.api.transfers.provider.getChildren()[0]), true);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'img/readme.md'))?.toString(), '# Hello\n');
    assert.strictEqual(rows()[1].state, 'done');
  });

  it('uploads and downloads through signed URLs are rows that name the host; a download Retry keeps a file that appeared', async () => {
    const { prompter, server } = fx;
    const ref = { connectionId: fx.conn.id, bucket: BUCKET, key: 'docs/signed.txt' };
    prompter.script(pick('PUT'), type(), pick('15 min'));
    const [put] = (await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', ref));
    const local = path.join(fx.tmp, 'signed.txt');
    fs.writeFileSync(local, 'signed body');
    prompter.script(type(put.url), type('text/plain'));
    await vscode.commands.executeCommand('ossExplorer.uploadToSignedUrl', vscode.Uri.file(local));
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/signed.txt'))?.toString(), 'signed body');
    const up = rows()[0];
    assert.deepStrictEqual([up.kind, up.direction, up.state, up.size], ['signedUrl', 'up', 'done', 11]);
    assert.match(up.key, /docs\/signed\.txt$/, 'the key the link is for (path-style links also name the bucket)');
    assert.strictEqual(up.host, new URL(put.url).host);
    assert.match(String(item(0).tooltip), /^Upload to signed URL · Done\nSigned URL on /);

    prompter.script(pick('GET'), pick('15 min'), pick('As stored'));
    const [get] = (await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', ref));
    const target = path.join(fx.tmp, 'fetched.txt');
    fs.rmSync(target, { force: true });
    server.faults.failNext(1, 403, { op: 'GetObject' });
    prompter.script(type(get.url), saveAs(vscode.Uri.file(target)));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.downloadFromSignedUrl'), undefined);
    const down = rows()[1];
    assert.deepStrictEqual([down.kind, down.direction, down.state, down.localPath], ['signedUrl', 'down', 'failed', target]);

    fs.writeFileSync(target, 'mine');
    await assert.rejects(fx.api.transfers.registry.retry(down.id), /EEXIST|exists/);
    assert.strictEqual(fs.readFileSync(target, 'utf8'), 'mine', 'not replaced');
    fs.rmSync(target);
    await fx.api.transfers.registry.retry(down.id);
    assert.strictEqual(fs.readFileSync(target, 'utf8'), 'signed body');
    assert.strictEqual(rows()[1].state, 'done');
  });

  it('saving a big edited object is a row; a failed save stays failed, not retryable (Save again is the retry)', async () => {
    try {
      await openForEditing({ connectionId: fx.conn.id, bucket: BUCKET, key: 'big/edit.txt' });
      const ed = activeOssEditor('big/edit.txt');
      await typeAtEnd(ed, 'y');
      assert.strictEqual(await save(ed, fx.api.files), true);
      const done = rows()[0];
      assert.deepStrictEqual([done.kind, done.direction, done.key, done.state, done.size], ['save', 'up', 'big/edit.txt', 'done', BIG_TEXT.length + 1]);
      assert.strictEqual(item(0).accessibilityInformation?.label, 'Save big/edit.txt, Done');

      await typeAtEnd(ed, 'z');
      fx.server.faults.failNext(1, 403, { op: 'PutObject' });
      assert.strictEqual(await save(ed, fx.api.files), false);
      assert.ok(ed.document.isDirty, 'the editor keeps the change');
      const failed = rows()[1];
      assert.deepStrictEqual([failed.kind, failed.state, failed.retryable], ['save', 'failed', false]);
      assert.strictEqual(item(0).contextValue, 'ossExplorer.transfer.failed', 'no Retry in its menu');
      assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.retryTransfer'), false);
      assert.strictEqual(await save(ed, fx.api.files), true);
      assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'big/edit.txt'))?.length, BIG_TEXT.length + 2);
    } finally {
      await closeAllEditors();
    }
  });

  it('bytes dropped on the tree (no file URI) are an upload row: progress while sent, Cancel leaves no object, Retry sends them again', async () => {
    const { server, prompter } = fx;
    const bytes = Buffer.alloc(32 * MiB);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32BE(i, i);
    const folder = await fx.nodeAt('Local', BUCKET, 'docs');
    // The server holds the PUT without reading its body: the upload stops once the socket buffers are full.
    server.faults.stallNext(1, 30000, { op: 'PutObject', key: 'docs/os.bin' });
    const provider = fx.api.transfers.provider;
    let seen: { row: TransferRow; item: vscode.TreeItem; status: string | undefined } | undefined;
    let cancelled: Thenable<unknown> | undefined;
    const sub = provider.onDidChangeTreeData(() => {
      // As the view does: changes of a row are announced once the view has asked for it.
      const node = provider.getChildren()[0];
      const row = rows().find((r) => r.key === 'docs/os.bin');
      if (cancelled || row?.state !== 'running' || row.loaded === 0) return;
      seen = { row, item: provider.getTreeItem(node), status: fx.api.transfers.statusText() };
      cancelled = vscode.commands.executeCommand('ossExplorer.cancelTransfer', node);
    });
    const dt = new vscode.DataTransfer();
    dt.set('files', new FileItem('os.bin', bytes));
    try {
      await fx.api.paste.tree.handleDrop(folder, dt);
    } finally {
      sub.dispose();
    }
    assert.ok(seen, 'a running row with bytes sent was seen');
    assert.deepStrictEqual([seen.row.direction, seen.row.kind, seen.row.bucket, seen.row.key, seen.row.size, seen.row.localPath], ['up', undefined, BUCKET, 'docs/os.bin', 32 * MiB, undefined]);
    assert.ok(seen.row.loaded < 32 * MiB, `part way: ${seen.row.loaded}`);
    assert.match(String(seen.item.description), /^\d{1,2}%( · [\d.]+ [KMG]?B\/s)?$/);
    assert.match(seen.item.accessibilityInformation?.label ?? '', /^Upload docs\/os\.bin, \d{1,2}%/);
    assert.match(seen.status ?? '', /^\$\(cloud-upload\) 1 · \d{1,2}%$/);
    assert.strictEqual(await cancelled, true);
    assert.deepStrictEqual(await fx.api.paste.tree.lastDrop, { action: 'none', keys: [] });
    assert.deepStrictEqual(prompter.messages.filter((m) => m.level === 'error'), [], 'cancelling is silent');
    const [row] = rows();
    assert.deepStrictEqual([row.key, row.state, row.retryable], ['docs/os.bin', 'cancelled', true]);
    assert.strictEqual(item(0).contextValue, 'ossExplorer.transfer.cancelled.retryable');
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/os.bin'), undefined, 'no object');

    // Retry sends the bytes read at the drop again.
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.retryTransfer', provider.getChildren()[0]), true);
    assert.deepStrictEqual(rows().map((r) => [r.id, r.state, r.loaded]), [[row.id, 'done', 32 * MiB]]);
    assert.ok((await server.getObjectBytes(BUCKET, 'docs/os.bin'))?.equals(bytes), 'the dropped bytes are stored');
    assert.strictEqual(item(0).description, 'Upload · 32.0 MB');
  });

  it('a download from a signed URL shows its percent from Content-Length; with no Content-Length, the bytes so far', async () => {
    const { prompter, server } = fx;
    const body = Buffer.alloc(256 * 1024);
    for (let i = 0; i < body.length; i += 4) body.writeUInt32BE(i, i);
    server.putObjectDirect(BUCKET, 'docs/drip.bin', body);
    prompter.script(pick('GET'), pick('15 min'), pick('As stored'));
    const [get] = await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', { connectionId: fx.conn.id, bucket: BUCKET, key: 'docs/drip.bin' });
    const provider = fx.api.transfers.provider;
    for (const withLength of [true, false]) {
      const target = path.join(fx.tmp, `drip-${withLength}.bin`);
      fs.rmSync(target, { force: true });
      // The body comes in slices with pauses, so the row is seen part way.
      server.faults.dripNext(1, 8192, 50);
      if (!withLength) server.faults.chunkedResponses = 1;
      let seen: { row: TransferRow; item: vscode.TreeItem } | undefined;
      const sub = provider.onDidChangeTreeData(() => {
        const node = provider.getChildren()[0];
        const row = rows().at(-1);
        if (!seen && row?.state === 'running' && row.loaded > 0 && row.loaded < body.length) seen = { row, item: provider.getTreeItem(node) };
      });
      prompter.progress.length = 0;
      prompter.script(type(get.url), saveAs(vscode.Uri.file(target)));
      try {
        await vscode.commands.executeCommand('ossExplorer.downloadFromSignedUrl');
      } finally {
        sub.dispose();
      }
      assert.ok(fs.readFileSync(target).equals(body), 'downloaded');
      assert.ok(seen, `a running row part way was seen (${withLength ? 'with' : 'without'} Content-Length)`);
      const done = rows().at(-1);
      assert.deepStrictEqual([done?.kind, done?.state, done?.loaded], ['signedUrl', 'done', body.length]);
      const messages = prompter.progress.flatMap((r) => r.reports.map((x) => x.message ?? ''));
      if (withLength) {
        assert.strictEqual(seen.row.size, body.length, 'the size from Content-Length');
        assert.match(String(seen.item.description), /^[1-9]\d?%( · [\d.]+ [KMG]?B\/s)?$/, 'a percent above 0');
        assert.ok(messages.some((m) => / \/ 256(\.0)? KB/.test(m)), `the notification counts to the size: ${messages.join(' | ')}`);
      } else {
        assert.strictEqual(seen.row.size, 0, 'no size known');
        assert.match(String(seen.item.description), /^[\d.]+ (B|KB)( · [\d.]+ [KMG]?B\/s)?$/, 'the bytes so far, not 0 %');
        assert.match(String(seen.item.tooltip), /Progress: [\d.]+ (B|KB) \(size not known\)/);
        assert.ok(messages.every((m) => !m.includes(' / ')), `no total in the notification: ${messages.join(' | ')}`);
        assert.ok(messages.some((m) => /[1-9][\d.]* (B|KB)/.test(m)), `the notification shows bytes so far: ${messages.join(' | ')}`);
      }
    }
  });
});
