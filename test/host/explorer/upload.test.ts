/** Uploading from the tree and the Explorer: overwrite rules, progress, Cancel, folders. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { label, useOssFixture } from '../helpers/fixture';
import { button, files, pick, type } from '../helpers/scriptedPrompter';
import { BUCKET, explorerFixture } from './seed';

describe('Upload: files, folders, progress and Cancel', function () {
  this.timeout(60000);
  const fx = useOssFixture(explorerFixture);

  it('uploads a file to a folder node and never overwrites silently', async () => {
    const { prompter, server } = fx;
    const file = path.join(fx.tmp, 'hello.txt');
    fs.writeFileSync(file, 'hello v1');
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    prompter.script(files(vscode.Uri.file(file)), type(undefined, (s) => assert.strictEqual(s.value, 'docs/hello.txt')));
    const r1 = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile', docs);
    assert.deepStrictEqual(r1?.uploaded.map((u) => u.key), ['docs/hello.txt']);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/hello.txt'))?.toString(), 'hello v1');
    const done = prompter.messages.find((m) => m.level === 'info');
    assert.deepStrictEqual(done?.items, ['Copy Signed Link', 'Reveal']);
    assert.ok((await fx.children(docs)).map(label).includes('hello.txt'), 'the tree shows the new object');

    fs.writeFileSync(file, 'hello v2');
    prompter.script(files(vscode.Uri.file(file)), type(), button(undefined, 'already exists'));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.uploadFile', docs), undefined);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/hello.txt'))?.toString(), 'hello v1', 'cancel keeps the object');

    prompter.script(files(vscode.Uri.file(file)), type(), button('Overwrite'));
    await vscode.commands.executeCommand('ossExplorer.uploadFile', docs);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/hello.txt'))?.toString(), 'hello v2');
  });

  it('reports upload progress (percent, bytes, speed; at most every 200 ms), and Cancel leaves nothing behind', async () => {
    const { prompter, server } = fx;
    const big = path.join(fx.tmp, 'big.bin');
    fs.writeFileSync(big, Buffer.alloc(40 * 1024 * 1024, 'x'));
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    // 1 MiB parts one at a time, each request delayed: slow enough for several reports.
    const config = vscode.workspace.getConfiguration('ossExplorer');
    await config.update('upload.partSize', 1, vscode.ConfigurationTarget.Global);
    await config.update('upload.parallel', 1, vscode.ConfigurationTarget.Global);
    server.faults.latencyMs = 40;
    try {
      prompter.script(files(vscode.Uri.file(big)), type(undefined, (s) => assert.strictEqual(s.value, 'docs/big.bin')));
      const r = await vscode.commands.executeCommand<{ uploaded: { key: string; multipart: boolean }[] }>('ossExplorer.uploadFile', docs);
      assert.deepStrictEqual(r?.uploaded.map((u) => [u.key, u.multipart]), [['docs/big.bin', true]]);
      const shown = prompter.progress.at(-1);
      assert.ok(shown?.cancellable, 'the notification has a Cancel button');
      assert.match(shown.title ?? '', /Uploading big\.bin/);
      const reports = shown.reports.filter((x) => x.increment !== undefined);
      assert.match(reports.at(-1)?.message ?? '', /^big\.bin — 40\.0 MB \/ 40\.0 MB · [\d.]+ [KMG]?B\/s$/);
      const percent = reports.reduce((a, x) => a + (x.increment ?? 0), 0);
      assert.ok(Math.abs(percent - 100) < 0.01, `increments add up to 100 % (${percent})`);
      // The first report (the file name) and the final one are immediate; the ones between are throttled.
      const between = reports.slice(1).filter((x) => !/40\.0 MB \/ 40\.0 MB/.test(x.message ?? ''));
      assert.ok(between.length >= 3, `several reports while uploading: ${JSON.stringify(reports)}`);
      for (let i = 1; i < reports.length; i++) {
        if (!between.includes(reports[i])) continue;
        assert.ok(reports[i].at - reports[i - 1].at >= 190, `throttled: reports ${i - 1} and ${i} are ${reports[i].at - reports[i - 1].at} ms apart: ${JSON.stringify(reports)}`);
      }
      assert.strictEqual(reports.filter((x) => /40\.0 MB \/ 40\.0 MB/.test(x.message ?? '')).length, 1, `one final report: ${JSON.stringify(reports)}`);

      // Cancel while the parts are in flight: silent, the upload is aborted, no object appears.
      server.deleteObjectDirect(BUCKET, 'docs/big.bin');
      prompter.reset();
      prompter.cancelProgressWhen = (x) => (x.increment ?? 0) > 0;
      prompter.script(files(vscode.Uri.file(big)), type());
      assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.uploadFile', docs), undefined);
      assert.deepStrictEqual(prompter.messages.filter((m) => m.level === 'error'), [], 'cancelling is silent');
      assert.deepStrictEqual(server.listUploads(BUCKET), [], 'the multipart upload was aborted');
      assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/big.bin'), undefined);
    } finally {
      server.faults.latencyMs = 0;
      await config.update('upload.partSize', undefined, vscode.ConfigurationTarget.Global);
      await config.update('upload.parallel', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('uploads an Explorer folder recursively to the last target, asking once about existing objects', async () => {
    const { prompter } = fx;
    // An upload to docs/ makes it the last target.
    const first = path.join(fx.tmp, 'first.txt');
    fs.writeFileSync(first, '1');
    prompter.script(files(vscode.Uri.file(first)), type());
    await vscode.commands.executeCommand('ossExplorer.uploadFile', await fx.nodeAt('Local', BUCKET, 'docs'));
    prompter.reset();

    const site = path.join(fx.tmp, 'site');
    fs.mkdirSync(path.join(site, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(site, 'index.html'), '<h1>x</h1>');
    fs.writeFileSync(path.join(site, 'sub', 'b.txt'), 'b');
    const uri = vscode.Uri.file(site);
    prompter.script(pick(`Local: ${BUCKET}/docs/`));
    const r = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile', uri, [uri]);
    assert.deepStrictEqual(r?.uploaded.map((u) => u.key).sort(), ['docs/site/index.html', 'docs/site/sub/b.txt']);
    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    assert.ok((await fx.children(docs)).map(label).includes('site'), 'the cached docs/ listing was reloaded and shows the new folder');
    prompter.script(pick(`Local: ${BUCKET}/docs/`), button('Skip Existing', '2 of 2'));
    const again = await vscode.commands.executeCommand<{ uploaded: unknown[]; skipped: string[] }>('ossExplorer.uploadFile', uri, [uri]);
    assert.strictEqual(again?.uploaded.length, 0);
    assert.strictEqual(again?.skipped.length, 2);
  });
});
