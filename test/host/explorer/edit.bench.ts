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
import { activeOssEditor, closeAllEditors, coreClient, openForEditing, save, typeAtEnd } from './editHelpers';
import { BUCKET, explorerFixture } from './seed';

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
    try {
      for (let i = 0; i < ROUNDS; i++) {
        const key = `bench/save-${i}.txt`;
        await openForEditing({ connectionId: fx.conn.id, bucket: BUCKET, key });
        const ed = activeOssEditor(key);
        await shown(ed.document.uri, MiB);
        await typeAtEnd(ed, '!');
        ours.push(await timeIt(async () => assert.strictEqual(await save(ed, fx.api.files), true)));
        const bytes = Buffer.from(ed.document.getText());
        assert.strictEqual((await fx.server.getObjectBytes(BUCKET, key))?.length, bytes.length, 'the save wrote the edited text');
        theirs.push(await timeIt(() => client.putObject(BUCKET, `bench/raw-${i}.txt`, bytes, { contentType: 'text/plain' })));
        await closeAllEditors();
      }
    } finally {
      client.destroy();
    }
    recordBench({ name: 'save a 1 MiB object (edit round trip)', unit: 'ms', ours, theirs, target: 1.5, better: 'lower', note: 'theirs = one signed PutObject of the same bytes (core client, same server); ours also checks for conflicts and keeps every property' });
  });
});
