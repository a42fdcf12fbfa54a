/**
 * Uploads that resume: an upload stopped by deactivation resumes after the restart; the
 * Incomplete Uploads node (list, Abort, Abort All Older Than…, Resume); orphaned uploads cleaned
 * up after Update Credentials.
 */
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { OssClient } from '../../../src/core/client';
import { StaticAccessKeyProvider } from '../../../src/core/credentials';
import { Crc64 } from '../../../src/core/crc64';
import type { FileCheckpointStore } from '../../../src/connections/checkpointStore';
import { label, useOssFixture } from '../helpers/fixture';
import { button, files, pick, type } from '../helpers/scriptedPrompter';
import { BUCKET, explorerFixture } from './seed';

const MiB = 1024 * 1024;

function fileCrc(file: string): string {
  const c = new Crc64();
  c.update(fs.readFileSync(file));
  return c.toString();
}

/** Uploads go multipart from 32 MiB on (DEFAULT_MULTIPART_THRESHOLD): every file here is above it. */
const BIG = 33 * MiB;

function randomFile(dir: string, name: string, size: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, randomBytes(size));
  return file;
}

describe('Uploads that resume and the Incomplete Uploads node', function () {
  this.timeout(90000);
  const fx = useOssFixture({ ...explorerFixture, settings: { ...explorerFixture.settings, 'upload.partSize': 1, 'upload.parallel': 1 } });
  let client: OssClient | undefined;
  const oss = (): OssClient => {
    client ??= new OssClient({ endpoint: fx.server.endpoint, region: fx.server.region, credentials: new StaticAccessKeyProvider(fx.server.accessKeyId, fx.server.accessKeySecret) });
    return client;
  };

  afterEach(async () => {
    fx.server.faults.reset();
    for (const u of fx.server.listUploads(BUCKET)) await oss().abortMultipartUpload(BUCKET, u.key, u.uploadId);
    for (const cp of await fx.api.uploads.checkpoints.list()) await fx.api.uploads.checkpoints.delete(cp.id);
    for (const e of fx.api.uploads.orphans.list()) fx.api.uploads.orphans.remove(e);
    await fx.api.uploads.saveOrphans();
  });
  after(() => client?.destroy());

  /** Uploads `file` to docs/<name> from the tree and stops it by the deactivation path once 3 parts are stored. */
  async function uploadStoppedByDeactivation(file: string): Promise<void> {
    const { prompter, server, api } = fx;
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    server.faults.latencyMs = 40;
    let suspended: Promise<void> | undefined;
    prompter.cancelProgressWhen = () => {
      if (!suspended && (server.listUploads(BUCKET)[0]?.parts.length ?? 0) >= 3) suspended = api.suspendUploads();
      return false;
    };
    prompter.script(files(vscode.Uri.file(file)), type());
    const r = await vscode.commands.executeCommand('ossExplorer.uploadFile', docs);
    server.faults.latencyMs = 0;
    prompter.cancelProgressWhen = undefined;
    assert.ok(suspended, 'the upload was stopped midway');
    await suspended;
    assert.strictEqual(r, undefined, 'the stopped upload reports nothing');
    assert.deepStrictEqual(prompter.messages.filter((m) => m.level === 'error'), [], 'stopping is silent');
  }

  it('an upload stopped by deactivating resumes after the restart from the offered notification, and the CRC-64 matches the file', async () => {
    const { api, server, prompter } = fx;
    const file = randomFile(fx.tmp, 'big.bin', BIG + 4321);
    await uploadStoppedByDeactivation(file);
    const left = server.listUploads(BUCKET);
    assert.strictEqual(left.length, 1, 'the multipart upload is kept on the server');
    assert.ok(left[0].parts.length >= 3 && left[0].parts.length < 34, `parts so far: ${left[0].parts.length}`);
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/big.bin'), undefined);

    // The checkpoint is a JSON file in global storage, without secrets.
    const dir = (api.uploads.checkpoints as FileCheckpointStore).dir;
    const names = fs.readdirSync(dir.fsPath).filter((n) => n.endsWith('.json'));
    assert.strictEqual(names.length, 1);
    const text = fs.readFileSync(path.join(dir.fsPath, names[0]), 'utf8');
    const cp = JSON.parse(text) as { uploadId: string; key: string; connectionId: string; parts: unknown[]; file: string };
    assert.strictEqual(cp.uploadId, left[0].uploadId);
    assert.strictEqual(cp.key, 'docs/big.bin');
    assert.strictEqual(cp.connectionId, fx.conn.id);
    assert.strictEqual(cp.file, file);
    assert.ok(cp.parts.length >= 3);
    for (const secret of [server.accessKeySecret, server.accessKeyId]) assert.ok(!text.includes(secret), 'no credential in the checkpoint');

    // Start again: the one offer, answered with Resume.
    prompter.reset();
    prompter.answerNotification = (m) => (m.message.startsWith('Resume upload of') ? 'Resume' : undefined);
    assert.strictEqual(await api.offerResume(), 'resume');
    const offer = prompter.messages.find((m) => m.message.startsWith('Resume upload of'));
    assert.match(offer?.message ?? '', /^Resume upload of docs\/big\.bin \(\d+ %\)\?$/);
    assert.deepStrictEqual(offer?.items, ['Resume', 'Discard']);
    const percent = Number(/\((\d+) %\)/.exec(offer?.message ?? '')?.[1]);
    assert.ok(percent >= 1 && percent < 100, `percent: ${percent}`);
    assert.deepStrictEqual(prompter.messages.filter((m) => m.level === 'error'), []);
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/big.bin')?.crc64, fileCrc(file), 'the object CRC-64 is the file\'s');
    assert.deepStrictEqual(await server.getObjectBytes(BUCKET, 'docs/big.bin'), fs.readFileSync(file));
    assert.deepStrictEqual(server.listUploads(BUCKET), []);
    assert.deepStrictEqual(await api.uploads.checkpoints.list(), [], 'the checkpoint is deleted');
    assert.ok(prompter.messages.some((m) => m.message === 'Uploaded docs/big.bin to test-bucket (resumed).'));
  });

  it('an upload that fails after its retries (503) is offered for resume at once, and Resume completes it', async () => {
    const { api, server, prompter } = fx;
    const file = randomFile(fx.tmp, 'flaky.bin', BIG);
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    server.faults.failNext(4, 503, { op: 'UploadPart' });
    prompter.answerNotification = (m) => (m.message.startsWith('Resume upload of docs/flaky.bin') ? 'Resume' : undefined);
    prompter.script(files(vscode.Uri.file(file)), type());
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.uploadFile', docs), undefined);
    assert.ok(prompter.messages.some((m) => m.level === 'error' && /ServiceUnavailable|503/.test(m.message)), 'the failure is shown');
    assert.strictEqual(await api.uploads.failureOffer, 'resume');
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/flaky.bin')?.crc64, fileCrc(file));
    assert.deepStrictEqual(server.listUploads(BUCKET), []);
    assert.deepStrictEqual(await api.uploads.checkpoints.list(), []);
  });

  it('Discard on the offer aborts the upload and deletes its checkpoint; with nothing interrupted there is no offer', async () => {
    const { api, server, prompter } = fx;
    const file = randomFile(fx.tmp, 'discard.bin', BIG);
    await uploadStoppedByDeactivation(file);
    assert.strictEqual(server.listUploads(BUCKET).length, 1);
    prompter.reset();
    prompter.answerNotification = (m) => (m.message.startsWith('Resume upload of docs/discard.bin') ? 'Discard' : undefined);
    assert.strictEqual(await api.offerResume(), 'discard');
    assert.deepStrictEqual(server.listUploads(BUCKET), []);
    assert.deepStrictEqual(await api.uploads.checkpoints.list(), []);
    // Files in the checkpoint folder that are not checkpoints are ignored.
    const dir = (api.uploads.checkpoints as FileCheckpointStore).dir.fsPath;
    fs.writeFileSync(path.join(dir, 'upload-broken.json'), '{ not json');
    fs.writeFileSync(path.join(dir, 'upload-other.json'), JSON.stringify({ version: 9, id: 'upload-other' }));
    try {
      prompter.reset();
      assert.deepStrictEqual(await api.uploads.checkpoints.list(), []);
      assert.strictEqual(await api.offerResume(), undefined);
      assert.deepStrictEqual(prompter.messages, []);
    } finally {
      for (const n of ['upload-broken.json', 'upload-other.json']) fs.rmSync(path.join(dir, n), { force: true });
    }
  });

  it('Incomplete Uploads lists the uploads; Abort removes one; Abort All Older Than… removes only the old ones', async () => {
    const { server, prompter } = fx;
    const root = await fx.nodeAt('Local', BUCKET);
    assert.ok(!(await fx.children(root)).map(label).includes('Incomplete Uploads'), 'no node while there is nothing incomplete');
    const ids: Record<string, string> = {};
    for (const key of ['old/a.bin', 'old/b.bin', 'new/c.bin', 'new/d.bin']) {
      ids[key] = await oss().initiateMultipartUpload(BUCKET, key);
      await oss().uploadPart(BUCKET, key, ids[key], 1, Buffer.from(`part of ${key}`));
    }
    const day = 24 * 3600 * 1000;
    assert.ok(server.setUploadInitiated(BUCKET, ids['old/a.bin'], new Date(Date.now() - 40 * day)));
    assert.ok(server.setUploadInitiated(BUCKET, ids['old/b.bin'], new Date(Date.now() - 31 * day)));
    assert.ok(server.setUploadInitiated(BUCKET, ids['new/c.bin'], new Date(Date.now() - 2 * day)));

    fx.api.treeProvider.refresh();
    const node = await fx.nodeAt('Local', BUCKET, 'Incomplete Uploads');
    const item = node.getTreeItem();
    assert.strictEqual(item.contextValue, 'ossExplorer.incompleteUploads');
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'cloud-upload');
    assert.strictEqual(label((await fx.children(await fx.nodeAt('Local', BUCKET)))[0]), 'Incomplete Uploads', 'shown first in the bucket');
    const uploads = await fx.children(node);
    assert.deepStrictEqual(uploads.map(label), ['new/c.bin', 'new/d.bin', 'old/a.bin', 'old/b.bin']);
    for (const u of uploads) {
      assert.strictEqual(u.getTreeItem().contextValue, 'ossExplorer.incompleteUpload', 'no checkpoint: not resumable');
      assert.match(String(u.getTreeItem().description), /^started \d{4}-\d\d-\d\d \d\d:\d\d$/);
    }

    // Abort one (confirmed).
    const d = uploads[1];
    prompter.script(button(undefined, 'Abort the incomplete upload of new/d.bin'));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.abortUpload', d), false, 'dismissing the confirmation keeps it');
    assert.strictEqual(server.listUploads(BUCKET).length, 4);
    prompter.script(button('Abort Upload'));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.abortUpload', d), true);
    assert.deepStrictEqual(server.listUploads(BUCKET).map((u) => u.key).sort(), ['new/c.bin', 'old/a.bin', 'old/b.bin']);
    const again = await fx.nodeAt('Local', BUCKET, 'Incomplete Uploads');
    assert.deepStrictEqual((await fx.children(again)).map(label), ['new/c.bin', 'old/a.bin', 'old/b.bin'], 'the node was reloaded');

    // Abort All Older Than…: a custom number of days, validated, confirmed with the count.
    prompter.script(
      pick('Other number of days'),
      type('30', async (step) => {
        assert.ok(await step.validate?.('abc'), 'not a number is refused');
        assert.ok(await step.validate?.('-1'), 'negative is refused');
        assert.ok(await step.validate?.('99999'), 'too many days are refused');
        assert.strictEqual(await step.validate?.('30'), undefined);
      }),
      button('Abort 2 Upload(s)', 'Abort 2 incomplete upload(s) in test-bucket started more than 30 day(s) ago'),
    );
    const r = await vscode.commands.executeCommand<{ aborted: { key: string }[]; failed: unknown[] }>('ossExplorer.abortUploadsOlderThan', again);
    assert.deepStrictEqual(r?.aborted.map((u) => u.key).sort(), ['old/a.bin', 'old/b.bin']);
    assert.deepStrictEqual(r?.failed, []);
    assert.deepStrictEqual(server.listUploads(BUCKET).map((u) => u.key), ['new/c.bin'], 'only the old ones are gone');
    assert.ok(prompter.messages.some((m) => m.message === 'Aborted 2 incomplete upload(s) in test-bucket.'));

    // Nothing older than 7 days is left: says so, asks nothing more.
    prompter.script(pick('7 day(s)'));
    const none = await vscode.commands.executeCommand<{ aborted: unknown[] }>('ossExplorer.abortUploadsOlderThan', await fx.nodeAt('Local', BUCKET, 'Incomplete Uploads'));
    assert.deepStrictEqual(none?.aborted, []);
    assert.ok(prompter.messages.some((m) => m.message === 'No incomplete upload in test-bucket is older than 7 day(s).'));
  });

  it('Incomplete Uploads pages with "Load more…"', async () => {
    for (let i = 0; i < 55; i++) await oss().initiateMultipartUpload(BUCKET, `many/u-${String(i).padStart(2, '0')}.bin`);
    fx.api.treeProvider.refresh();
    const node = await fx.nodeAt('Local', BUCKET, 'Incomplete Uploads');
    const p1 = await fx.children(node);
    assert.strictEqual(p1.length, 51);
    assert.strictEqual(p1[50].getTreeItem().contextValue, 'ossExplorer.loadMore');
    await vscode.commands.executeCommand('ossExplorer.loadMore', p1[50]);
    const p2 = await fx.children(node);
    assert.strictEqual(p2.length, 55, 'the last page has no "Load more…"');
    assert.strictEqual(new Set(p2.map(label)).size, 55);
  });

  it('an interrupted upload is marked resumable in the node and Resume there completes it', async () => {
    const { server } = fx;
    const file = randomFile(fx.tmp, 'node.bin', BIG + 7);
    await uploadStoppedByDeactivation(file);
    fx.api.treeProvider.refresh();
    const [u] = await fx.children(await fx.nodeAt('Local', BUCKET, 'Incomplete Uploads'));
    const item = u.getTreeItem();
    assert.strictEqual(label(u), 'docs/node.bin');
    assert.strictEqual(item.contextValue, 'ossExplorer.incompleteUpload.resumable');
    assert.match(String(item.description), /\d+ % of 33\.0 MB, resumable$/);
    const r = await vscode.commands.executeCommand<{ keptParts: number; crc64: string }>('ossExplorer.resumeUpload', u);
    assert.ok((r?.keptParts ?? 0) >= 3, `kept parts: ${r?.keptParts}`);
    const row = fx.api.transfers.rows().at(-1);
    assert.deepStrictEqual([row?.kind, row?.direction, row?.key, row?.state, row?.localPath], ['resume', 'up', 'docs/node.bin', 'done', file], 'a row of the Transfers view');
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/node.bin')?.crc64, fileCrc(file));
    assert.deepStrictEqual(server.listUploads(BUCKET), []);
    assert.ok(!(await fx.children(await fx.nodeAt('Local', BUCKET))).map(label).includes('Incomplete Uploads'), 'the node is gone with the last upload');
  });

  it('Resume Upload… from the palette lists the checkpoints; with none it says so', async () => {
    const { prompter, server } = fx;
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.resumeUpload'), undefined);
    assert.ok(prompter.messages.some((m) => m.message === 'There is no interrupted upload to resume.'));
    const file = randomFile(fx.tmp, 'palette.bin', BIG);
    await uploadStoppedByDeactivation(file);
    prompter.script(pick('docs/palette.bin'));
    await vscode.commands.executeCommand('ossExplorer.resumeUpload');
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/palette.bin')?.crc64, fileCrc(file));
  });

  it('an upload whose abort was refused is recorded, and Update Credentials offers to clean it up', async () => {
    const { api, server, prompter } = fx;
    const file = randomFile(fx.tmp, 'orphan.bin', BIG);
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    // A part refused for good, then the abort refused too (as with an STS token that just expired).
    server.faults.failNext(1, 400, { op: 'UploadPart' });
    server.faults.failNext(10, 403, { op: 'AbortMultipartUpload' });
    prompter.script(files(vscode.Uri.file(file)), type());
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.uploadFile', docs), undefined);
    server.faults.reset();
    const orphans = api.uploads.orphans.list({ connectionId: fx.conn.id });
    assert.deepStrictEqual(orphans.map((o) => [o.bucket, o.key]), [[BUCKET, 'docs/orphan.bin']]);
    assert.strictEqual(orphans[0].uploadId, server.listUploads(BUCKET)[0]?.uploadId, 'the upload is still there, and recorded');
    assert.ok(!JSON.stringify(orphans).includes(server.accessKeySecret));
    assert.ok(api.logLines().some((l) => l.includes('Could not abort the multipart upload') && l.includes('docs/orphan.bin')));

    prompter.reset();
    prompter.answerNotification = (m) => m.items.find((i) => i === 'Clean up 1 incomplete upload(s)');
    prompter.script(type(server.accessKeyId), type(server.accessKeySecret));
    await vscode.commands.executeCommand('ossExplorer.updateCredentials', fx.conn.id);
    const result = (await api.uploads.cleanUpOffer) as { aborted: unknown[]; failed: unknown[] } | undefined;
    assert.strictEqual(result?.aborted.length, 1);
    assert.deepStrictEqual(server.listUploads(BUCKET), [], 'the orphan was aborted');
    assert.deepStrictEqual(api.uploads.orphans.list(), [], 'and forgotten');
    assert.ok(prompter.messages.some((m) => m.message === 'Cleaned up 1 incomplete upload(s).'));
  });

  it('a clean-up that fails again says so and keeps the entry for another try', async () => {
    const { api, server, prompter } = fx;
    const key = 'docs/stuck.bin';
    const uploadId = await oss().initiateMultipartUpload(BUCKET, key);
    api.uploads.orphans.record({ connectionId: fx.conn.id, bucket: BUCKET, key, uploadId, error: { code: 'SecurityTokenExpired', status: 403 } });
    server.faults.failNext(10, 403, { op: 'AbortMultipartUpload' });
    prompter.answerNotification = (m) => m.items.find((i) => i.startsWith('Clean up'));
    prompter.script(type(server.accessKeyId), type(server.accessKeySecret));
    await vscode.commands.executeCommand('ossExplorer.updateCredentials', fx.conn.id);
    const result = (await api.uploads.cleanUpOffer) as { failed: unknown[] } | undefined;
    assert.strictEqual(result?.failed.length, 1);
    const warning = prompter.messages.find((m) => m.level === 'warning' && m.message.includes('could not be aborted'));
    assert.strictEqual(warning?.message, 'Cleaned up 0 incomplete upload(s); 1 could not be aborted and are kept for another try.');
    assert.strictEqual(api.uploads.orphans.list().length, 1);
  });
});

