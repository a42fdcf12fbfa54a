/**
 * Host benchmark for pasting an image into Markdown (`npm run bench`, scripts/bench-host.js):
 * the time from the paste to the link in the document, for a 200 KB PNG.
 *
 *  - ours: our paste provider is handed a DataTransfer holding the PNG, its edit is chosen (the
 *    placeholder goes in), and the clock stops when the upload to the local OSS server is done
 *    and the link has replaced the placeholder.
 *  - theirs: what VS Code's built-in Markdown image paste does with the same DataTransfer: the
 *    file is copied next to the document (markdown.copyFiles.destination's default, a free name)
 *    and `![image](image-N.png)` is inserted, in one WorkspaceEdit.
 *
 * The built-in provider itself cannot be reached from an extension: the web workbench (code-server)
 * pastes only text from `editor.action.clipboardPasteAction`/`pasteAs`, and there is no API command
 * that runs another extension's paste provider. So "theirs" does the built-in's work (read the
 * DataTransfer file, write it into the workspace, insert the link) with the same public APIs.
 * Both sides alternate in one host run; every sample pastes different bytes (no dedupe, no cache).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { recordBench, timeIt } from '../benchRecord';
import { useOssFixture } from '../helpers/fixture';
import { report } from '../report';
import { closeAllEditors } from './editHelpers';
import { BUCKET, explorerFixture } from './seed';

const ROUNDS = 5;
const SIZE = 200 * 1024;

/** A 200 KB PNG-signed payload, different for every sample. */
function png(i: number): Uint8Array {
  const b = new Uint8Array(SIZE);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let x = 0x9e3779b9 ^ (i * 0x85ebca6b);
  for (let j = 8; j < SIZE; j++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[j] = x & 0xff;
  }
  return b;
}

/** A clipboard image as VS Code hands it to paste providers. */
class ImageItem extends vscode.DataTransferItem {
  constructor(private readonly bytes: Uint8Array) {
    super('');
  }
  override asFile(): vscode.DataTransferFile {
    return { name: 'image.png', uri: undefined, data: async () => this.bytes };
  }
}

function clipboardWith(bytes: Uint8Array): vscode.DataTransfer {
  const dt = new vscode.DataTransfer();
  dt.set('image/png', new ImageItem(bytes));
  return dt;
}

/** The first free `image.png`, `image-1.png`, … next to the document (the built-in's naming). */
async function freeName(dir: vscode.Uri): Promise<vscode.Uri> {
  for (let n = 0; ; n++) {
    const uri = vscode.Uri.joinPath(dir, n === 0 ? 'image.png' : `image-${n}.png`);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return uri;
    }
  }
}

describe('Bench: paste an image into Markdown', function () {
  this.timeout(600000);
  const fx = useOssFixture({ ...explorerFixture, settings: { ...explorerFixture.settings, 'paste.keyTemplate': '${prefix}${contentHash:8}-${fileName}' } });
  const pasteCfg = () => vscode.workspace.getConfiguration('ossExplorer.paste');
  afterEach(async () => {
    await pasteCfg().update('target', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  /** A Markdown file in the workspace (the built-in copies next to it). */
  async function markdownFile(dir: vscode.Uri, name: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.joinPath(dir, name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# Notes\n\n'));
    const ed = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    ed.selection = new vscode.Selection(2, 0, 2, 0);
    return ed;
  }

  async function ours(editor: vscode.TextEditor, dt: vscode.DataTransfer): Promise<string> {
    const { provider, jobs } = fx.api.paste;
    const at = editor.selection.active;
    const edits = await provider.provideDocumentPasteEdits(editor.document, [editor.selection], dt);
    assert.ok(edits && edits.length === 1, 'our provider offers its edit');
    const resolved = await provider.resolveDocumentPasteEdit(edits[0]);
    const placeholder = resolved.insertText as string;
    assert.ok(await editor.edit((b) => b.insert(at, placeholder)));
    const [r] = await jobs.settle();
    assert.strictEqual(r?.outcome, 'inserted');
    return r.text ?? '';
  }

  async function theirs(editor: vscode.TextEditor, dt: vscode.DataTransfer): Promise<string> {
    const file = dt.get('image/png')?.asFile();
    assert.ok(file);
    const bytes = await file.data();
    const dir = vscode.Uri.joinPath(editor.document.uri, '..');
    const target = await freeName(dir);
    const name = target.path.slice(target.path.lastIndexOf('/') + 1);
    const text = `![image](${name})`;
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(target, { contents: bytes });
    edit.insert(editor.document.uri, editor.selection.active, text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    return text;
  }

  it('pastes a 200 KB PNG: upload and link vs the built-in copy into the workspace', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'the host runs with a workspace folder');
    const dir = vscode.Uri.joinPath(root, 'paste-bench');
    await vscode.workspace.fs.createDirectory(dir);
    await pasteCfg().update('target', { connectionId: fx.conn.id, connectionName: 'Local', bucket: BUCKET, prefix: 'bench/' }, vscode.ConfigurationTarget.Global);
    const mine: number[] = [];
    const builtIn: number[] = [];
    try {
      // Round 0 warms both paths up and is not counted.
      for (let i = 0; i <= ROUNDS; i++) {
        const a = await markdownFile(dir, `ours-${i}.md`);
        let link = '';
        const t1 = await timeIt(async () => (link = await ours(a, clipboardWith(png(2 * i)))));
        assert.ok(a.document.getText().includes(link) && /^!\[image\.png\]\(http/.test(link), link);
        await closeAllEditors();
        const b = await markdownFile(dir, `theirs-${i}.md`);
        const t2 = await timeIt(async () => (link = await theirs(b, clipboardWith(png(2 * i + 1)))));
        assert.ok(b.document.getText().includes(link), link);
        await closeAllEditors();
        if (i === 0) continue;
        mine.push(t1);
        builtIn.push(t2);
      }
      const stored = fx.server.listKeys(BUCKET).filter((k) => k.startsWith('bench/'));
      assert.strictEqual(stored.length, ROUNDS + 1, 'every sample uploaded its own object');
      report(`      stored ${stored.length} objects of ${SIZE} B`);
      recordBench({
        name: 'paste a 200 KB PNG into Markdown, to the inserted link',
        unit: 'ms',
        ours: mine,
        theirs: builtIn,
        target: 3,
        better: 'lower',
        note: "ours = our paste provider (signed link): upload to the local OSS server, link replaces the placeholder; theirs = the built-in Markdown paste's work on the same DataTransfer (copy image.png next to the document + insert ![image](…) in one WorkspaceEdit), since the web host cannot run the built-in provider",
      });
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
    }
  });
});
