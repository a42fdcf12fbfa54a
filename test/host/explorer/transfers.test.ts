/** The Transfers view and the status bar item: rows per upload, Cancel, Retry, Reveal, Clear Finished. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TransferRow } from '../../../src/core/transfer';
import { useOssFixture } from '../helpers/fixture';
import { files, saveAs, type } from '../helpers/scriptedPrompter';
import { BUCKET, explorerFixture } from './seed';

const MiB = 1024 * 1024;

describe('Transfers view and status bar', function () {
  this.timeout(120000);
  const fx = useOssFixture({ ...explorerFixture, settings: { ...explorerFixture.settings, 'upload.partSize': 1, 'upload.parallel': 1 } });

  beforeEach(async () => {
    await vscode.commands.executeCommand('ossExplorer.clearFinishedTransfers');
  });
  afterEach(() => {
    fx.server.faults.reset();
  });

  /** A row as the view shows it: its tree item (label, description, context value, a11y label). */
  async function shown(): Promise<vscode.TreeItem[]> {
    const nodes = fx.api.transfers.provider.getChildren();
    return nodes.map((n) => fx.api.transfers.provider.getTreeItem(n));
  }

  function bigFile(name: string): string {
    const file = path.join(fx.tmp, name);
    fs.writeFileSync(file, Buffer.alloc(33 * MiB, 'x'));
    return file;
  }

  it('an upload shows a running row with the status bar item, then a done row; Reveal shows the object; Clear Finished removes it', async () => {
    const { prompter, server, api } = fx;
    const file = bigFile('big.bin');
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    server.faults.latencyMs = 30;
    let running: { row: TransferRow; status: string | undefined; item: vscode.TreeItem } | undefined;
    prompter.cancelProgressWhen = (r) => {
      const row = api.transfers.rows()[0];
      if (!running && (r.increment ?? 0) > 0 && row?.state === 'running' && row.loaded > 0) {
        const node = api.transfers.provider.getChildren()[0];
        running = { row, status: api.transfers.statusText(), item: api.transfers.provider.getTreeItem(node) };
      }
      return false;
    };
    prompter.script(files(vscode.Uri.file(file)), type());
    const r = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile', docs);
    assert.deepStrictEqual(r?.uploaded.map((u) => u.key), ['docs/big.bin']);

    assert.ok(running, 'a running row was seen');
    assert.deepStrictEqual([running.row.direction, running.row.bucket, running.row.key, running.row.localPath, running.row.size], ['up', BUCKET, 'docs/big.bin', file, 33 * MiB]);
    assert.match(running.status ?? '', /^\$\(cloud-upload\) 1 · \d{1,2}%$/);
    assert.strictEqual(running.item.contextValue, 'ossExplorer.transfer.running');
    assert.match(String(running.item.description), /^\d{1,2}%( · [\d.]+ [KMG]?B\/s)?$/);
    assert.match(running.item.accessibilityInformation?.label ?? '', /^Upload docs\/big\.bin, \d{1,2}%/);
    assert.match(String(running.item.tooltip), /Local file: .*big\.bin/);

    const rows = api.transfers.rows();
    assert.deepStrictEqual(rows.map((x) => [x.key, x.state, x.loaded]), [['docs/big.bin', 'done', 33 * MiB]]);
    assert.strictEqual(api.transfers.statusText(), undefined, 'the status bar item is hidden when idle');
    const [item] = await shown();
    assert.strictEqual(item.contextValue, 'ossExplorer.transfer.done');
    assert.strictEqual(item.description, 'Upload · 33.0 MB');

    const node = api.transfers.provider.getChildren()[0];
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.revealTransfer', node), 'object');
    const selected = api.treeView.selection.map((n) => n.id);
    assert.ok(selected.some((id) => id.endsWith('docs/big.bin')), `the object is selected: ${selected.join(', ')}`);

    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.clearFinishedTransfers'), 1);
    assert.deepStrictEqual(api.transfers.rows(), []);
    assert.deepStrictEqual(await shown(), []);
  });

  it('Cancel in the view aborts the running upload: silent, the multipart upload aborted, no object; Retry then uploads it', async () => {
    const { prompter, server, api } = fx;
    const file = bigFile('cancel.bin');
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    server.faults.latencyMs = 30;
    let cancelled: Thenable<unknown> | undefined;
    prompter.cancelProgressWhen = (r) => {
      if (!cancelled && (r.increment ?? 0) > 0 && (server.listUploads(BUCKET)[0]?.parts.length ?? 0) >= 2) {
        const node = api.transfers.provider.getChildren()[0];
        cancelled = vscode.commands.executeCommand('ossExplorer.cancelTransfer', node);
      }
      return false;
    };
    prompter.script(files(vscode.Uri.file(file)), type());
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.uploadFile', docs), undefined);
    assert.ok(cancelled, 'cancelled midway');
    assert.strictEqual(await cancelled, true);
    assert.deepStrictEqual(prompter.messages.filter((m) => m.level === 'error'), [], 'cancelling is silent');
    assert.deepStrictEqual(server.listUploads(BUCKET), [], 'the multipart upload was aborted');
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/cancel.bin'), undefined);
    const [row] = api.transfers.rows();
    assert.deepStrictEqual([row.state, row.retryable], ['cancelled', true]);
    assert.strictEqual((await shown())[0].contextValue, 'ossExplorer.transfer.cancelled.retryable');
    assert.strictEqual(api.transfers.statusText(), undefined);

    server.faults.latencyMs = 0;
    prompter.cancelProgressWhen = undefined;
    const node = api.transfers.provider.getChildren()[0];
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.retryTransfer', node), true);
    assert.strictEqual(api.transfers.rows()[0].state, 'done');
    assert.deepStrictEqual(await server.getObjectBytes(BUCKET, 'docs/cancel.bin'), fs.readFileSync(file));
  });

  it('a transfer the server rejects shows failed with the error; Retry succeeds once the server accepts it', async () => {
    const { prompter, server, api } = fx;
    const file = path.join(fx.tmp, 'small.txt');
    fs.writeFileSync(file, 'small body');
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    server.faults.failNext(1, 403, { op: 'PutObject', key: 'docs/small.txt' });
    prompter.script(files(vscode.Uri.file(file)), type());
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.uploadFile', docs), undefined);
    const errors = prompter.messages.filter((m) => m.level === 'error');
    assert.strictEqual(errors.length, 1);
    assert.match(errors[0].message, /^Upload failed: InjectedFault/);
    const [row] = api.transfers.rows();
    assert.strictEqual(row.state, 'failed');
    assert.match(row.error ?? '', /^InjectedFault/);
    const [item] = await shown();
    assert.strictEqual(item.contextValue, 'ossExplorer.transfer.failed.retryable');
    assert.match(String(item.description), /^Upload failed: InjectedFault/);
    assert.match(String(item.tooltip), /Error: InjectedFault/);
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/small.txt'), undefined);

    // The fault is used up: the server accepts the upload now.
    const node = api.transfers.provider.getChildren()[0];
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.retryTransfer', node), true);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/small.txt'))?.toString(), 'small body');
    assert.deepStrictEqual(api.transfers.rows().map((x) => [x.id, x.state]), [[row.id, 'done']], 'the same row, now done');
    assert.strictEqual(prompter.messages.filter((m) => m.level === 'error').length, 1, 'no new error');

    // Retry from the palette asks which transfer; with none that fits it says so instead of failing.
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.retryTransfer'), false);
    assert.ok(prompter.messages.some((m) => m.message === 'No failed or cancelled transfer to retry.'));
  });

  it('the status bar counts the transfers of a batch and hides when they are over', async () => {
    const { prompter, server, api } = fx;
    const one = bigFile('one.bin');
    const two = path.join(fx.tmp, 'two.txt');
    fs.writeFileSync(two, 'two');
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    server.faults.latencyMs = 30;
    const texts = new Set<string>();
    prompter.cancelProgressWhen = () => {
      const t = api.transfers.statusText();
      if (t) texts.add(t.replace(/\d+%$/, 'N%'));
      return false;
    };
    prompter.script(files(vscode.Uri.file(one), vscode.Uri.file(two)));
    const r = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile', docs);
    assert.deepStrictEqual(r?.uploaded.map((u) => u.key), ['docs/one.bin', 'docs/two.txt']);
    assert.ok(texts.has('$(cloud-upload) 2 · N%'), `two transfers counted: ${[...texts].join(' | ')}`);
    assert.strictEqual(api.transfers.statusText(), undefined);
    assert.deepStrictEqual(api.transfers.rows().map((x) => [x.key, x.state]), [['docs/one.bin', 'done'], ['docs/two.txt', 'done']]);
    assert.deepStrictEqual((await shown()).map((i) => i.label), ['docs/two.txt', 'docs/one.bin'], 'newest first');
  });

  it('a download Retry does not write over a file that appeared at the target since it was planned', async () => {
    const { prompter, server, api } = fx;
    const target = path.join(fx.tmp, 'appeared.txt');
    fs.rmSync(target, { force: true });
    const a = await fx.child(await fx.nodeAt('Local', BUCKET, 'docs'), 'a.txt');
    server.faults.failNext(1, 403, { op: 'GetObject', key: 'docs/a.txt' });
    prompter.script(saveAs(vscode.Uri.file(target)));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.download', a), undefined);
    const [row] = api.transfers.rows();
    assert.deepStrictEqual([row.direction, row.state, row.localPath], ['down', 'failed', target]);
    assert.ok(!fs.existsSync(target));

    // Someone saves a file there meanwhile: Retry leaves it alone and says why.
    fs.writeFileSync(target, 'mine');
    await assert.rejects(api.transfers.registry.retry(row.id), /appeared after the download was planned and was left as it is/);
    assert.strictEqual(fs.readFileSync(target, 'utf8'), 'mine');
    assert.strictEqual(api.transfers.rows()[0].state, 'failed');

    // Moved away: Retry downloads it.
    fs.rmSync(target);
    const node = api.transfers.provider.getChildren()[0];
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.retryTransfer', node), true);
    assert.strictEqual(fs.readFileSync(target, 'utf8'), 'a');
    assert.strictEqual(api.transfers.rows()[0].state, 'done');
  });

  it('keeps at most ossExplorer.transfers.keepFinished finished rows', async () => {
    const { prompter } = fx;
    const config = vscode.workspace.getConfiguration('ossExplorer');
    await config.update('transfers.keepFinished', 2, vscode.ConfigurationTarget.Global);
    try {
      const docs = await fx.nodeAt('Local', BUCKET, 'docs');
      for (const name of ['k1.txt', 'k2.txt', 'k3.txt']) {
        const file = path.join(fx.tmp, name);
        fs.writeFileSync(file, name);
        prompter.script(files(vscode.Uri.file(file)), type());
        await vscode.commands.executeCommand('ossExplorer.uploadFile', docs);
      }
      assert.deepStrictEqual(fx.api.transfers.rows().map((r) => r.key), ['docs/k2.txt', 'docs/k3.txt'], 'the oldest finished row went');
    } finally {
      await config.update('transfers.keepFinished', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
