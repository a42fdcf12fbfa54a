/** Paste and drop into documents (upload and insert link), Upload and Copy Link, and drag and drop in the tree. */
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { OssNode } from '../../../src/tree/nodes/base';
import { encodeStsToken } from '../../support/stsToken';
import { httpRequest, useOssFixture } from '../helpers/fixture';
import { button, pick } from '../helpers/scriptedPrompter';
import { BUCKET, explorerFixture } from './seed';
import { FileItem } from '../helpers/dataTransfer';
import { EXTENSION_ID } from '../helpers/extension';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);
const TREE_MIME = 'application/vnd.code.tree.ossexplorer.buckets';
const OBJECTS_MIME = 'application/vnd.oss-explorer.objects+json';


const hash8 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex').slice(0, 8);

describe('Paste and drop into documents', function () {
  this.timeout(60000);
  const fx = useOssFixture({ ...explorerFixture, settings: { ...explorerFixture.settings, 'paste.linkKind': 'signed', 'paste.keyTemplate': '${prefix}${contentHash:8}-${fileName}' } });
  const pasteCfg = () => vscode.workspace.getConfiguration('ossExplorer.paste');

  async function setTarget(prefix = 'pasted/'): Promise<void> {
    await pasteCfg().update('target', { connectionId: fx.conn.id, connectionName: 'Local', bucket: BUCKET, prefix }, vscode.ConfigurationTarget.Global);
  }

  async function markdownEditor(text = '# Notes\n\n'): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
    return vscode.window.showTextDocument(doc);
  }

  /** What VS Code does with a chosen paste edit: resolve it, then insert its text at the cursor. */
  async function paste(editor: vscode.TextEditor, dt: vscode.DataTransfer): Promise<string | undefined> {
    const { provider } = fx.api.paste;
    const sel = editor.selection;
    const edits = await provider.provideDocumentPasteEdits(editor.document, [sel], dt);
    if (!edits || edits.length === 0) return undefined;
    assert.strictEqual(edits[0].title, 'Upload to OSS and insert link');
    const resolved = await provider.resolveDocumentPasteEdit(edits[0]);
    const text = typeof resolved.insertText === 'string' ? resolved.insertText : resolved.insertText.value;
    if (text) assert.ok(await editor.edit((b) => b.insert(sel.active, text)));
    return text;
  }

  afterEach(async () => {
    await fx.api.paste.jobs.settle();
    await pasteCfg().update('target', undefined, vscode.ConfigurationTarget.Global);
    if (vscode.workspace.workspaceFolders?.length) await pasteCfg().update('target', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('pastes an image: a placeholder, then a signed link that serves exactly those bytes; the same image again is not re-sent', async () => {
    await setTarget();
    const editor = await markdownEditor();
    const dt = new vscode.DataTransfer();
    dt.set('image/png', new FileItem('shot.png', PNG));
    const placeholder = await paste(editor, dt);
    assert.match(placeholder ?? '', /^\[Uploading shot\.png to OSS… [0-9a-f]{8}\]$/);
    assert.ok(editor.document.getText().includes(placeholder ?? '?'), 'the placeholder shows while uploading');
    const [r] = await fx.api.paste.jobs.settle();
    assert.strictEqual(r.outcome, 'inserted');
    const key = `pasted/${hash8(PNG)}-shot.png`;
    assert.deepStrictEqual(r.keys, [key]);
    const text = editor.document.getText();
    assert.ok(!text.includes('Uploading'), 'the placeholder is gone');
    const m = /!\[shot\.png\]\((http[^)]+)\)/.exec(text);
    assert.ok(m, `an image link was inserted: ${text}`);
    assert.ok(m[1].includes('x-oss-signature') || m[1].includes('Signature='), 'the link is signed');
    const res = await httpRequest('GET', m[1]);
    assert.strictEqual(res.status, 200);
    assert.ok(res.body.equals(PNG), 'the link serves the pasted bytes');
    assert.ok(fx.prompter.messages.some((x) => /stops working at/.test(x.message)), 'the expiry of the signed link is told');

    fx.server.clearRequests();
    const again = new vscode.DataTransfer();
    again.set('image/png', new FileItem('shot.png', PNG));
    await paste(editor, again);
    const [r2] = await fx.api.paste.jobs.settle();
    assert.deepStrictEqual(r2.keys, [key], 'same content, same key');
    assert.strictEqual(r2.reused, 1, 'nothing uploaded again');
    assert.ok(!fx.server.requests.some((q) => q.method === 'PUT'), 'no PUT was sent');
  });

  it('asks for the target the first time and remembers it', async () => {
    const editor = await markdownEditor();
    fx.prompter.script(pick(BUCKET), pick('docs'), pick('Here'));
    const dt = new vscode.DataTransfer();
    dt.set('image/png', new FileItem('a.png', PNG));
    await paste(editor, dt);
    const [r] = await fx.api.paste.jobs.settle();
    assert.strictEqual(r.outcome, 'inserted');
    assert.deepStrictEqual(r.keys, [`docs/${hash8(PNG)}-a.png`]);
    const saved = pasteCfg().get<{ bucket: string; prefix: string }>('target');
    assert.strictEqual(saved?.bucket, BUCKET);
    assert.strictEqual(saved?.prefix, 'docs/');
  });

  it('adds the image-processing suffix to the link, signed with it', async () => {
    await setTarget();
    await pasteCfg().update('imageProcess', 'image/resize,w_1', vscode.ConfigurationTarget.Global);
    try {
      const editor = await markdownEditor();
      const dt = new vscode.DataTransfer();
      dt.set('image/png', new FileItem('p.png', PNG));
      await paste(editor, dt);
      const [r] = await fx.api.paste.jobs.settle();
      assert.ok(r.links[0].url.includes('x-oss-process=image%2Fresize%2Cw_1'), r.links[0].url);
      const res = await httpRequest('GET', r.links[0].url);
      assert.strictEqual(res.status, 200, 'the signature covers x-oss-process');
    } finally {
      await pasteCfg().update('imageProcess', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  /** Nothing of the paste reached the bucket: no write request, no object under the target. */
  function assertNothingUploaded(prefix = 'pasted/'): void {
    const writes = fx.server.requests.filter((q) => q.method === 'PUT' || q.method === 'POST');
    assert.deepStrictEqual(writes.map((q) => `${q.method} ${q.op}`), [], 'no write request was sent');
    assert.deepStrictEqual(fx.server.listKeys(BUCKET).filter((k) => k.startsWith(prefix)), []);
  }

  /** Pastes one PNG under the current settings; the edit must come back empty and the document stay as it was. */
  async function pasteRefused(editor: vscode.TextEditor, dt: vscode.DataTransfer): Promise<string> {
    const before = editor.document.getText();
    assert.strictEqual(await paste(editor, dt), '', 'the chosen edit inserts nothing');
    assert.strictEqual(editor.document.getText(), before, 'the document is unchanged');
    assert.deepStrictEqual(await fx.api.paste.jobs.settle(), [], 'no upload job was started');
    assertNothingUploaded();
    const err = fx.prompter.messages.filter((m) => m.level === 'error').at(-1)?.message ?? '';
    assert.match(err, /^Upload to OSS and insert link: /, 'an error names the action');
    return err;
  }

  const pngTransfer = (name = 'a.png'): vscode.DataTransfer => {
    const dt = new vscode.DataTransfer();
    dt.set('image/png', new FileItem(name, PNG));
    return dt;
  };

  it('a clipboard with no image (text, or a web link) offers no upload: the document and the bucket are untouched', async () => {
    await setTarget();
    const editor = await markdownEditor();
    const text = new vscode.DataTransfer();
    text.set('text/plain', new vscode.DataTransferItem('just text'));
    assert.strictEqual(await paste(editor, text), undefined, 'no edit for plain text (VS Code pastes the text itself)');
    const web = new vscode.DataTransfer();
    web.set('text/uri-list', new vscode.DataTransferItem('https://example.com/a.png'));
    web.set('text/plain', new vscode.DataTransferItem('https://example.com/a.png'));
    assert.strictEqual(await paste(editor, web), undefined, 'no edit for a web link: there is no file to upload');
    const dropped = await fx.api.paste.drop.provideDocumentDropEdits(editor.document, new vscode.Position(0, 0), web);
    assert.ok(!dropped || (Array.isArray(dropped) && dropped.length === 0), 'no drop edit either');
    assert.strictEqual(editor.document.getText(), '# Notes\n\n');
    assert.deepStrictEqual(await fx.api.paste.jobs.settle(), []);
    assertNothingUploaded();
  });

  it('a real paste of plain text, with our edit preferred, pastes the text and uploads nothing', async () => {
    await setTarget();
    const editor = await markdownEditor();
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    const editorCfg = vscode.workspace.getConfiguration('editor');
    await editorCfg.update('pasteAs.preferences', ['ossExplorer.upload'], vscode.ConfigurationTarget.Global);
    try {
      await vscode.env.clipboard.writeText('just text');
      await vscode.commands.executeCommand('editor.action.clipboardPasteAction');
      const until = Date.now() + 5000;
      while (!editor.document.getText().includes('just text') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      assert.strictEqual(editor.document.getText(), '# Notes\n\njust text', 'VS Code pasted the text itself');
    } finally {
      await editorCfg.update('pasteAs.preferences', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.deepStrictEqual(await fx.api.paste.jobs.settle(), [], 'no upload job');
    assertNothingUploaded();
    assert.deepStrictEqual(fx.prompter.messages.filter((m) => m.level === 'error'), [], 'no error for an ordinary paste');
  });

  it('a key template that makes a key longer than 1023 bytes is refused before anything is sent', async () => {
    await setTarget();
    const editor = await markdownEditor();
    await pasteCfg().update('keyTemplate', `\${prefix}${'k'.repeat(1020)}/\${fileName}`, vscode.ConfigurationTarget.Global);
    const err = await pasteRefused(editor, pngTransfer());
    assert.match(err, /1033 UTF-8 bytes, the limit is 1023/);
    assert.match(err, /ossExplorer\.paste\.keyTemplate/, 'the message names the setting to change');
  });

  it('a key template with an unknown variable is refused with the message of the l10n bundle (core gives the code, the UI the words)', async () => {
    await setTarget();
    const editor = await markdownEditor();
    await pasteCfg().update('keyTemplate', '${prefix}${name}-${fileName}', vscode.ConfigurationTarget.Global);
    const err = await pasteRefused(editor, pngTransfer());
    const known = '${prefix}, ${yyyy}, ${yy}, ${mm}, ${dd}, ${hh}, ${mi}, ${ss}, ${timestamp}, ${fileName}, ${baseName}, ${ext}, ${contentHash}, ${workspaceFolder}, ${relativeDir}';
    assert.strictEqual(err, `Upload to OSS and insert link: Unknown variable \${name} in the key template. Known: ${known}. (ossExplorer.paste.keyTemplate)`);
    // The host runs in English; the words come from the bundle, whose Chinese has the same placeholders.
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const bundle = (locale: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'l10n', `bundle.l10n${locale}.json`), 'utf8')) as Record<string, string>;
    const en = bundle('');
    const zh = bundle('.zh-cn');
    for (const key of ['Unknown variable {0} in the key template. Known: {1}.', '{0} (ossExplorer.paste.keyTemplate)']) {
      assert.strictEqual(en[key], key);
      assert.ok(zh[key] && zh[key] !== key, `translated: ${key}`);
      assert.deepStrictEqual(zh[key].match(/\{\d+\}/g)?.sort(), key.match(/\{\d+\}/g)?.sort(), `placeholders of ${key}`);
    }
  });

  it('a key template with an empty folder name ("//"), or one that an empty variable leaves empty, is refused before anything is sent', async () => {
    await setTarget();
    const editor = await markdownEditor();
    await pasteCfg().update('keyTemplate', '${prefix}shots//${fileName}', vscode.ConfigurationTarget.Global);
    assert.match(await pasteRefused(editor, pngTransfer()), /"pasted\/shots\/\/a\.png", which has an empty folder name.*ossExplorer\.paste\.keyTemplate/);
    // An untitled document has no workspace folder: ${workspaceFolder} is empty.
    await pasteCfg().update('keyTemplate', '${prefix}${workspaceFolder}/x/${fileName}', vscode.ConfigurationTarget.Global);
    assert.match(await pasteRefused(editor, pngTransfer()), /empty folder name/);
  });

  it('a dropped file that cannot be read (missing, or a directory given as a file, since root reads chmod 000 files) is refused, nothing sent', async () => {
    await setTarget();
    const editor = await markdownEditor();
    await pasteCfg().update('keyTemplate', '${prefix}${fileName}', vscode.ConfigurationTarget.Global);
    const gone = vscode.Uri.file(path.join(fx.tmp, 'missing.png'));
    const missing = new vscode.DataTransfer();
    missing.set('text/uri-list', new vscode.DataTransferItem(gone.toString()));
    assert.match(await pasteRefused(editor, missing), /Cannot read missing\.png/);

    const dir = path.join(fx.tmp, 'folder.png');
    fs.mkdirSync(dir, { recursive: true });
    const asDir = new vscode.DataTransfer();
    asDir.set('text/uri-list', new vscode.DataTransferItem(vscode.Uri.file(dir).toString()));
    assert.match(await pasteRefused(editor, asDir), /Cannot read folder\.png/);

    // A good file next to an unreadable one: the whole paste is refused, the good one is not sent either.
    const good = path.join(fx.tmp, 'good.png');
    fs.writeFileSync(good, PNG);
    const mixed = new vscode.DataTransfer();
    mixed.set('text/uri-list', new vscode.DataTransferItem(`${vscode.Uri.file(good).toString()}\r\n${vscode.Uri.file(dir).toString()}`));
    assert.match(await pasteRefused(editor, mixed), /Cannot read folder\.png/);
  });

  it('a bucket that does not exist removes the placeholder and shows the server error', async () => {
    await pasteCfg().update('target', { connectionId: fx.conn.id, bucket: 'no-such-bucket', prefix: '' }, vscode.ConfigurationTarget.Global);
    const editor = await markdownEditor();
    await paste(editor, pngTransfer());
    const [r] = await fx.api.paste.jobs.settle();
    assert.strictEqual(r.outcome, 'failed');
    assert.strictEqual(editor.document.getText(), '# Notes\n\n', 'the document is as it was');
    assert.match(fx.prompter.messages.filter((m) => m.level === 'error').at(-1)?.message ?? '', /NoSuchBucket/);
  });

  it('credentials whose RAM policy refuses oss:PutObject: the server AccessDenied is shown, the placeholder removed, nothing stored', async () => {
    // STS credentials whose role may read and list the bucket but not write (the local server
    // enforces the policy carried by the token, as OSS does).
    const readOnlyPolicy = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['oss:GetObject', 'oss:ListObjects', 'oss:GetBucketInfo', 'oss:ListBuckets'], Resource: ['acs:oss:*:*:*'] }],
    });
    const creds = {
      accessKeyId: 'STS.pasteReadOnly01',
      accessKeySecret: 'read-only-secret',
      securityToken: encodeStsToken({ roleArn: 'acs:ram::1234567890123456:role/reader', rolePolicy: readOnlyPolicy }),
      expiration: new Date(Date.now() + 3600e3),
    };
    fx.server.addTemporaryCredentials(creds);
    const reader = await fx.api.store.add(
      { name: 'Reader', region: 'cn-hangzhou', endpoint: fx.server.endpoint, authType: 'sts', accessKeyId: creds.accessKeyId, stsExpiration: creds.expiration.toISOString() },
      { accessKeySecret: creds.accessKeySecret, securityToken: creds.securityToken },
    );
    await pasteCfg().update('target', { connectionId: reader.id, connectionName: 'Reader', bucket: BUCKET, prefix: 'pasted/' }, vscode.ConfigurationTarget.Global);
    const readerApi = await fx.api.getClient(reader.id);
    assert.ok(await readerApi.objectExists(BUCKET, 'readme.md'), 'the credentials do work for reading');
    fx.server.clearRequests();

    const editor = await markdownEditor();
    const placeholder = await paste(editor, pngTransfer('denied.png'));
    assert.ok(placeholder, 'the placeholder went in while the upload ran');
    const [r] = await fx.api.paste.jobs.settle();
    assert.strictEqual(r.outcome, 'failed');
    assert.strictEqual(editor.document.getText(), '# Notes\n\n', 'the placeholder is gone: the document is as it was');
    const put = fx.server.requests.filter((q) => q.op === 'PutObject');
    assert.deepStrictEqual(put.map((q) => q.status), [403], 'the server refused the one PUT');
    assert.deepStrictEqual(fx.server.listKeys(BUCKET).filter((k) => k.startsWith('pasted/')), [], 'nothing stored');
    const err = fx.prompter.messages.filter((m) => m.level === 'error').at(-1)?.message ?? '';
    assert.match(err, /^Upload to OSS and insert link: AccessDenied/);
    assert.match(err, /oss:PutObject/, 'the message says which right is missing');
  });

  it('a target on a connection marked read-only (Access in Edit Connection) is refused before anything is sent', async () => {
    const ro = await fx.addConnection('Read-only', { readOnly: true });
    await pasteCfg().update('target', { connectionId: ro.id, connectionName: 'Read-only', bucket: BUCKET, prefix: 'pasted/' }, vscode.ConfigurationTarget.Global);
    const editor = await markdownEditor();
    assert.match(await pasteRefused(editor, pngTransfer()), /"Read-only" is read-only \(see Access in Edit Connection\).*ossExplorer\.paste\.target/);
  });

  it('cancel leaves no object and no placeholder', async () => {
    await setTarget();
    const editor = await markdownEditor();
    fx.prompter.cancelProgressWhen = () => true;
    fx.server.faults.latencyMs = 300;
    const dt = new vscode.DataTransfer();
    dt.set('image/png', new FileItem('c.png', PNG));
    await paste(editor, dt);
    const [r] = await fx.api.paste.jobs.settle();
    assert.strictEqual(r.outcome, 'cancelled');
    assert.strictEqual(editor.document.getText(), '# Notes\n\n');
    assert.deepStrictEqual(fx.server.listKeys(BUCKET).filter((k) => k.startsWith('pasted/')), []);
  });

  it('drops several files at once: uploaded in parallel, links inserted in drop order; HTML gets HTML', async () => {
    await setTarget();
    const one = path.join(fx.tmp, 'one.txt');
    const two = path.join(fx.tmp, 'two.png');
    fs.writeFileSync(one, 'first');
    fs.writeFileSync(two, PNG);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
    const editor = await vscode.window.showTextDocument(doc);
    const dt = new vscode.DataTransfer();
    dt.set('text/uri-list', new vscode.DataTransferItem(`${vscode.Uri.file(one).toString()}\r\n${vscode.Uri.file(two).toString()}`));
    const { drop } = fx.api.paste;
    const edits = await drop.provideDocumentDropEdits(doc, new vscode.Position(0, 0), dt);
    const edit = Array.isArray(edits) ? edits[0] : edits;
    assert.ok(edit);
    const resolved = await drop.resolveDocumentDropEdit(edit);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), resolved.insertText as string));
    const [r] = await fx.api.paste.jobs.settle();
    assert.strictEqual(r.outcome, 'inserted');
    assert.match(doc.getText(), /^\[one\.txt\]\(http[^)]+\) !\[two\.png\]\(http[^)]+\)$/);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, r.keys[0]))?.toString(), 'first');
    // The notification counts the bytes sent, to 100 % of both files.
    const shown = fx.prompter.progress.filter((x) => x.title === 'Uploading 2 files').pop();
    assert.ok(shown, 'a progress notification for the upload');
    const percent = shown.reports.reduce((a, x) => a + (x.increment ?? 0), 0);
    assert.ok(Math.abs(percent - 100) < 0.01, `progress reaches 100 %, not ${percent}: ${JSON.stringify(shown.reports)}`);
  });

  it('an object dragged from the tree into Markdown inserts its link', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
    const dt = new vscode.DataTransfer();
    const node = await fx.nodeAt('Local', BUCKET, 'img', 'x.png');
    fx.api.paste.tree.handleDrag([node], dt);
    const edits = await fx.api.paste.drop.provideDocumentDropEdits(doc, new vscode.Position(0, 0), dt);
    const edit = Array.isArray(edits) ? edits[0] : edits;
    const m = /^!\[x\.png\]\((http[^)]+)\)$/.exec((edit?.insertText as string) ?? '');
    assert.ok(m, String(edit?.insertText));
    const res = await httpRequest('GET', m[1]);
    assert.strictEqual(res.status, 200);
  });
});

describe('Upload and Copy Link; drag and drop in the tree', function () {
  this.timeout(60000);
  const fx = useOssFixture({ ...explorerFixture, settings: { ...explorerFixture.settings, 'paste.linkKind': 'signed' } });

  it('uploads a file and copies its signed link', async () => {
    const f = path.join(fx.tmp, 'report.txt');
    fs.writeFileSync(f, 'quarterly');
    const r = await vscode.commands.executeCommand<{ keys: string[]; copied: string }>('ossExplorer.uploadAndCopyLink', { connectionId: fx.conn.id, bucket: BUCKET, prefix: 'docs/' }, [vscode.Uri.file(f)]);
    assert.ok(r, 'the command returned its result');
    fx.prompter.assertDone();
    assert.deepStrictEqual(r.keys, ['docs/report.txt']);
    assert.strictEqual(await vscode.env.clipboard.readText(), r.copied);
    const res = await httpRequest('GET', r.copied);
    assert.strictEqual(res.body.toString(), 'quarterly');
  });

  it('files dropped on a folder upload there', async () => {
    const f = path.join(fx.tmp, 'dropped.txt');
    fs.writeFileSync(f, 'dropped bytes');
    const folder = await fx.nodeAt('Local', BUCKET, 'docs');
    const dt = new vscode.DataTransfer();
    dt.set('text/uri-list', new vscode.DataTransferItem(vscode.Uri.file(f).toString()));
    await fx.api.paste.tree.handleDrop(folder, dt);
    const r = await fx.api.paste.tree.lastDrop;
    assert.deepStrictEqual(r, { action: 'upload', keys: ['docs/dropped.txt'] });
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'docs/dropped.txt'))?.toString(), 'dropped bytes');
  });

  it('files dropped from the OS as bytes (the web workbench gives no file URI) upload, asking before replacing other content', async () => {
    const folder = await fx.nodeAt('Local', BUCKET, 'docs');
    const dt = new vscode.DataTransfer();
    dt.set('files', new FileItem('from-os.png', PNG));
    await fx.api.paste.tree.handleDrop(folder, dt);
    assert.deepStrictEqual(await fx.api.paste.tree.lastDrop, { action: 'upload', keys: ['docs/from-os.png'] });
    assert.ok((await fx.server.getObjectBytes(BUCKET, 'docs/from-os.png'))?.equals(PNG), 'the dropped bytes are stored');

    fx.server.putObjectDirect(BUCKET, 'docs/a.txt', 'old');
    const dt2 = new vscode.DataTransfer();
    dt2.set('files', new FileItem('a.txt', new TextEncoder().encode('new')));
    fx.prompter.script(button(undefined, 'already exist'));
    await fx.api.paste.tree.handleDrop(folder, dt2);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'docs/a.txt'))?.toString(), 'old', 'not replaced after Cancel');
  });

  /**
   * A drag within the tree as the workbench delivers it: the tree's own mime holds only a JSON
   * string of VS Code's item handles; the items the controller's handleDrag set come along.
   */
  function treeDrag(nodes: OssNode[]): vscode.DataTransfer {
    const dt = new vscode.DataTransfer();
    fx.api.paste.tree.handleDrag(nodes, dt);
    dt.set(TREE_MIME, new vscode.DataTransferItem(JSON.stringify({ id: 'ossExplorer.buckets', itemHandles: nodes.map((_, i) => `0/${i}`) })));
    return dt;
  }

  async function dragTo(nodes: OssNode[], target: OssNode, choice: 'Move' | 'Copy'): Promise<void> {
    const dt = treeDrag(nodes);
    assert.ok(dt.get(OBJECTS_MIME), 'the drag carries the object refs');
    fx.prompter.script(button(choice));
    await fx.api.paste.tree.handleDrop(target, dt);
  }

  it('an object dragged onto another folder moves; with Copy it is copied', async () => {
    const obj = await fx.nodeAt('Local', BUCKET, 'docs', 'a.txt');
    const img = await fx.nodeAt('Local', BUCKET, 'img');
    await dragTo([obj], img, 'Move');
    assert.deepStrictEqual(await fx.api.paste.tree.lastDrop, { action: 'move', keys: ['img/a.txt'] });
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'img/a.txt'))?.toString(), 'a');
    assert.strictEqual(fx.server.headObjectDirect(BUCKET, 'docs/a.txt'), undefined, 'the source is gone after a move');

    const readme = await fx.nodeAt('Local', BUCKET, 'readme.md');
    await dragTo([readme], await fx.nodeAt('Local', BUCKET, 'img'), 'Copy');
    assert.deepStrictEqual(await fx.api.paste.tree.lastDrop, { action: 'copy', keys: ['img/readme.md'] });
    assert.ok(fx.server.headObjectDirect(BUCKET, 'readme.md'), 'a copy keeps the source');
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'img/readme.md'))?.toString(), '# Hello\n');
  });

  it('nothing can be dropped into a connection marked read-only', async () => {
    await fx.addConnection('Read-only', { readOnly: true });
    fx.api.treeProvider.refresh();
    const folder = await fx.nodeAt('Read-only', BUCKET, 'docs');
    const f = path.join(fx.tmp, 'ro.txt');
    fs.writeFileSync(f, 'never');
    const dt = new vscode.DataTransfer();
    dt.set('text/uri-list', new vscode.DataTransferItem(vscode.Uri.file(f).toString()));
    fx.server.clearRequests();
    await fx.api.paste.tree.handleDrop(folder, dt);
    assert.deepStrictEqual(await fx.api.paste.tree.lastDrop, { action: 'none', keys: [] });
    assert.match(fx.prompter.messages.at(-1)?.message ?? '', /^Drop failed: The connection "Read-only" is read-only/);
    assert.deepStrictEqual(fx.server.requests.filter((q) => q.method === 'PUT' || q.method === 'POST'), [], 'nothing sent');
    assert.strictEqual(fx.server.headObjectDirect(BUCKET, 'docs/ro.txt'), undefined);
  });

  it('a drop onto an existing object asks before overwriting, and refuses a folder into itself', async () => {
    fx.server.putObjectDirect(BUCKET, 'img/a.txt', 'old');
    const obj = await fx.nodeAt('Local', BUCKET, 'docs', 'a.txt');
    const dt = treeDrag([obj]);
    fx.prompter.script(button('Move'), button(undefined, 'already exist'));
    await fx.api.paste.tree.handleDrop(await fx.nodeAt('Local', BUCKET, 'img'), dt);
    assert.deepStrictEqual(await fx.api.paste.tree.lastDrop, { action: 'none', keys: [] });
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'img/a.txt'))?.toString(), 'old', 'not overwritten');
    assert.ok(fx.server.headObjectDirect(BUCKET, 'docs/a.txt'), 'source kept');

    const docs = await fx.nodeAt('Local', BUCKET, 'docs');
    await fx.api.paste.tree.handleDrop(docs, treeDrag([docs]));
    assert.match(fx.prompter.messages.at(-1)?.message ?? '', /into itself/);
  });
});
