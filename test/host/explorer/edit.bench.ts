/**
 * Host benchmarks for editing in place (`npm run bench`, scripts/bench-host.js):
 *  - opening a 1 MiB object, from the command to its text in the editor, against opening a 1 MiB
 *    file of the same text from the local disk the same way (`vscode.open`);
 *  - a save round trip (Ctrl+S until the document is clean, the object written with every
 *    property kept) against a signed PutObject of the same bytes by the core client.
 * Both sides alternate in the same host run; every sample uses its own key and file, so no
 * document is served from VS Code's cache.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { useOssFixture } from '../helpers/fixture';
import { recordBench, timeIt } from '../benchRecord';
import { report } from '../report';
import { activeOssEditor, closeAllEditors, coreClient, openForEditing, save, typeAtEnd } from './editHelpers';
import { BUCKET, explorerFixture } from './seed';
import type { OssFileSystemProvider } from '../../../src/connections/ossFileSystem';
import type { RequestLogEntry } from '../../support/ossServer/server';

const ROUNDS = 7;
const MiB = 1024 * 1024;

/** 1 MiB of text lines, different per sample. */
function text(i: number): string {
  const line = `line of sample ${i}: the quick brown fox jumps over the lazy dog 0123456789\n`;
  return line.repeat(Math.ceil(MiB / line.length)).slice(0, MiB);
}

/** Resolves once the active editor shows `uri` with `length` characters. */
async function shown(uri: vscode.Uri, length: number): Promise<void> {
  const ok = () => {
    const ed = vscode.window.activeTextEditor;
    return ed?.document.uri.toString() === uri.toString() && ed.document.getText().length === length;
  };
  if (ok()) return;
  await new Promise<void>((resolve) => {
    const subs = [
      vscode.window.onDidChangeActiveTextEditor(() => check()),
      vscode.workspace.onDidChangeTextDocument(() => check()),
    ];
    const check = () => {
      if (!ok()) return;
      subs.forEach((s) => s.dispose());
      resolve();
    };
    check();
  });
}

/**
 * Records, from now until done(), the provider's stat/read/write calls (its test-only trace hook)
 * and the server's requests, as one line: `stat 0.4–3.1 · HeadObject 0.9–2.8 · …  = total`.
 */
function profileSave(files: OssFileSystemProvider, requests: readonly RequestLogEntry[]): { done(): string } {
  const t0 = performance.now();
  const firstRequest = requests.length;
  const open = new Map<string, number>();
  const spans: { what: string; from: number; to: number }[] = [];
  files.trace = (event) => {
    const what = event.slice(0, -1);
    if (event.endsWith('>')) open.set(what, performance.now());
    else spans.push({ what, from: open.get(what) ?? t0, to: performance.now() });
  };
  return {
    done() {
      const total = performance.now() - t0;
      files.trace = undefined;
      for (const r of requests.slice(firstRequest)) spans.push({ what: r.op, from: r.startedMs ?? t0, to: r.finishedMs ?? r.startedMs ?? t0 });
      spans.sort((a, b) => a.from - b.from);
      const f = (n: number) => (n - t0).toFixed(1);
      return `${spans.map((x) => `${x.what} ${f(x.from)}–${f(x.to)}`).join(' · ')}  = ${total.toFixed(1)}`;
    },
  };
}

describe('Bench: edit in place', function () {
  this.timeout(600000);
  const fx = useOssFixture({
    ...explorerFixture,
    seed: (s) => {
      for (let i = 0; i < ROUNDS; i++) s.putObjectDirect(BUCKET, `bench/open-${i}.txt`, text(i), { contentType: 'text/plain', meta: { owner: 'bench' } });
      for (let i = 0; i < ROUNDS; i++) s.putObjectDirect(BUCKET, `bench/save-${i}.txt`, text(100 + i), { contentType: 'text/plain', meta: { owner: 'bench' } });
    },
  });
  afterEach(closeAllEditors);

  it('opens a 1 MiB object vs a 1 MiB local file', async () => {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const key = `bench/open-${i}.txt`;
      ours.push(await timeIt(async () => {
        await openForEditing({ connectionId: fx.conn.id, bucket: BUCKET, key });
        await shown(activeOssEditor(key).document.uri, MiB);
      }));
      const file = vscode.Uri.file(path.join(fx.tmp, `local-${i}.txt`));
      fs.writeFileSync(file.fsPath, text(i));
      theirs.push(await timeIt(async () => {
        await vscode.commands.executeCommand('vscode.open', file);
        await shown(file, MiB);
      }));
      await closeAllEditors();
    }
    recordBench({ name: 'open a 1 MiB object for editing', unit: 'ms', ours, theirs, target: 2, better: 'lower', note: 'theirs = vscode.open of the same 1 MiB from the local disk' });
  });

  it('saves a 1 MiB object vs a signed PutObject of the same bytes', async () => {
    const client = coreClient(fx.server);
    const ours: number[] = [];
    const theirs: number[] = [];
    const profiles: string[] = [];
    const local: number[] = [];
    try {
      for (let i = 0; i < ROUNDS; i++) {
        const key = `bench/save-${i}.txt`;
        await openForEditing({ connectionId: fx.conn.id, bucket: BUCKET, key });
        const ed = activeOssEditor(key);
        await shown(ed.document.uri, MiB);
        await typeAtEnd(ed, '!');
        const profile = profileSave(fx.api.files, fx.server.requests);
        ours.push(await timeIt(async () => assert.strictEqual(await save(ed, fx.api.files), true)));
        profiles.push(profile.done());
        const bytes = Buffer.from(ed.document.getText());
        assert.strictEqual((await fx.server.getObjectBytes(BUCKET, key))?.length, bytes.length, 'the save wrote the edited text');
        theirs.push(await timeIt(() => client.putObject(BUCKET, `bench/raw-${i}.txt`, bytes, { contentType: 'text/plain' })));
        await closeAllEditors();
        // For the profile only: the same edit and Ctrl+S on a local file (the workbench's own cost).
        const file = vscode.Uri.file(path.join(fx.tmp, `save-${i}.txt`));
        fs.writeFileSync(file.fsPath, text(100 + i));
        const led = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
        await shown(file, MiB);
        await typeAtEnd(led, '!');
        local.push(await timeIt(async () => {
          await vscode.commands.executeCommand('workbench.action.files.save');
          assert.ok(!led.document.isDirty);
        }));
        await closeAllEditors();
      }
    } finally {
      client.destroy();
    }
    // Where the time of each save went (ms from Ctrl+S): the file system calls and the requests.
    report(`      save profiles (ms from Ctrl+S; theirs ${theirs.map((t) => t.toFixed(0)).join(', ')}; Ctrl+S on a local 1 MiB file ${local.map((t) => t.toFixed(0)).join(', ')}):\n${profiles.join('\n')}`);
    recordBench({ name: 'save a 1 MiB object (edit round trip)', unit: 'ms', ours, theirs, target: 1.5, better: 'lower', note: 'theirs = one signed PutObject of the same bytes (core client, same server); ours also checks for conflicts and keeps every property' });
  });
});
