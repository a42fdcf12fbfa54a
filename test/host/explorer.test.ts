/**
 * The VS Code side end to end, inside the real extension host, against the local OSS server
 * (started in-process): connections, tree paging and filters, upload, links, object actions.
 * Prompts are answered by a ScriptedPrompter injected through the extension's testing API.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { ConnectionRecord } from '../../src/connections/model';
import type { OssNode } from '../../src/tree/nodes/base';
import { startOssServer, type OssServer } from '../support/ossServer';
import { activateForTests } from './helpers/extension';
import { button, files, pick, saveAs, ScriptedPrompter, type } from './helpers/scriptedPrompter';

const BUCKET = 'test-bucket';

let api: TestingApi;
let server: OssServer;
let conn: ConnectionRecord;
let tmp: string;
const prompter = new ScriptedPrompter();

function httpRequest(method: string, url: string, body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const rawPath = url.slice(url.indexOf('/', u.protocol.length + 2));
    const req = http.request(
      { method, hostname: u.hostname, port: u.port, path: rawPath, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function children(node?: OssNode): Promise<OssNode[]> {
  return api.treeProvider.getChildren(node);
}

function label(n: OssNode): string {
  const l = n.getTreeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

async function child(parent: OssNode | undefined, name: string): Promise<OssNode> {
  const kids = await children(parent);
  const found = kids.find((k) => label(k) === name);
  assert.ok(found, `no child "${name}" under ${parent?.id ?? 'root'}: ${kids.map(label).join(', ')}`);
  return found;
}

async function connectionNode(name = 'Local'): Promise<OssNode> {
  return child(undefined, name);
}

describe('OSS Explorer (VS Code side)', function () {
  this.timeout(60000);

  before(async () => {
    api = await activateForTests(prompter);
    server = await startOssServer();
    server.createBucket(BUCKET);
    server.createBucket('other-bucket');
    server.putObjectDirect(BUCKET, 'readme.md', '# Hello\n', { contentType: 'text/markdown' });
    server.putObjectDirect(BUCKET, 'docs/a.txt', 'a');
    server.putObjectDirect(BUCKET, 'img/x.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    for (let i = 0; i < 120; i++) server.putObjectDirect(BUCKET, `many/file-${String(i).padStart(3, '0')}.txt`, `#${i}`);
    await vscode.workspace.getConfiguration('ossExplorer').update('pageSize', 50, vscode.ConfigurationTarget.Global);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-host-'));
  });

  after(async () => {
    api?.setPrompter(undefined);
    await vscode.workspace.getConfiguration('ossExplorer').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    for (const c of api?.store.list() ?? []) await api.store.remove(c.id);
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => prompter.reset());
  afterEach(() => prompter.assertDone());

  it('adds a connection through the command; the secret is in SecretStorage only', async () => {
    prompter.script(
      type('Local', (s) => assert.ok(s.validate?.(''), 'an empty name is refused')),
      pick('Custom endpoint'),
      type(server.endpoint, (s) => assert.ok(s.validate?.('ftp://x'), 'a non-http endpoint is refused')),
      type('cn-hangzhou'),
      pick('AccessKey'),
      type(server.accessKeyId),
      type(server.accessKeySecret, (s) => assert.strictEqual(s.password, true, 'the secret is typed in a password box')),
      type(''), // custom domain
      type(''), // pinned bucket
    );
    const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.addConnection');
    assert.ok(c?.id, 'the command returns the new connection');
    conn = c;
    assert.strictEqual(c.endpoint, server.endpoint);
    const secrets = await api.store.getSecrets(c.id);
    assert.strictEqual(secrets?.accessKeySecret, server.accessKeySecret);
    const state = JSON.stringify(api.store.list());
    assert.ok(!state.includes(server.accessKeySecret), 'globalState holds no secret');
    assert.ok(state.includes(server.accessKeyId), 'globalState holds the AccessKey id');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('ossExplorer'));
    assert.ok(!settings.includes(server.accessKeySecret), 'settings hold no secret');
    assert.strictEqual(api.secretKey(c.id), `ossExplorer.connection.${c.id}`);
  });

  it('tests the connection', async () => {
    const r = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('ossExplorer.testConnection', conn.id);
    assert.strictEqual(r?.ok, true);
    assert.match(r.message, /2 bucket/);
  });

  it('shows buckets (region as description), folders and objects with icons and tooltips', async () => {
    const c = await connectionNode();
    assert.strictEqual(c.getTreeItem().contextValue, api.contextValues.connection);
    const buckets = await children(c);
    assert.deepStrictEqual(buckets.map(label).sort(), ['other-bucket', BUCKET]);
    const b = await child(c, BUCKET);
    const bi = b.getTreeItem();
    assert.strictEqual(bi.contextValue, 'ossExplorer.bucket');
    assert.match(String(bi.description), /cn-hangzhou/);
    const kids = await children(b);
    assert.deepStrictEqual(kids.map(label), ['docs', 'img', 'many', 'readme.md']);
    assert.deepStrictEqual(kids.map((k) => k.getTreeItem().contextValue), ['ossExplorer.folder', 'ossExplorer.folder', 'ossExplorer.folder', 'ossExplorer.object']);
    assert.strictEqual(kids[0].getTreeItem().accessibilityInformation?.label, `docs, folder in bucket ${BUCKET}`, 'screen readers hear the folder name');
    assert.match(String(c.getTreeItem().accessibilityInformation?.label), /^Local, connection, region /);
    assert.strictEqual(bi.accessibilityInformation?.label, `${BUCKET}, bucket, region ${server.region}`);
    const readme = kids[3].getTreeItem();
    assert.match(String(readme.accessibilityInformation?.label), /^readme\.md, object, 8 bytes, modified \d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.match(String(readme.description), /8 B/);
    assert.strictEqual((readme.iconPath as vscode.ThemeIcon).id, 'file-text');
    assert.strictEqual(readme.resourceUri?.scheme, 'oss');
    const tip = (readme.tooltip as vscode.MarkdownString).value;
    for (const word of ['Size', 'ETag', 'Last modified', 'Storage class']) assert.ok(tip.includes(word), `tooltip shows ${word}`);
    const png = (await children(await child(b, 'img')))[0].getTreeItem();
    assert.strictEqual((png.iconPath as vscode.ThemeIcon).id, 'file-media');
    const empty = await children(await child(await connectionNode(), 'other-bucket'));
    assert.deepStrictEqual(empty.map(label), ['No objects']);
    assert.strictEqual(empty[0].getTreeItem().contextValue, 'ossExplorer.message');
  });

  it('pages with "Load more…" (one request per page even when asked twice at once)', async () => {
    const b = await child(await connectionNode(), BUCKET);
    const many = await child(b, 'many');
    api.treeProvider.refresh(many);
    server.clearRequests();
    const [p1, p1again] = await Promise.all([children(many), children(many)]);
    assert.strictEqual(p1.length, 51);
    assert.strictEqual(p1again.length, 51);
    assert.strictEqual(server.requests.filter((r) => r.path.includes('list-type=2')).length, 1, 'concurrent loads share one request');
    const more = p1[50];
    assert.strictEqual(more.getTreeItem().contextValue, 'ossExplorer.loadMore');
    assert.strictEqual(more.getTreeItem().command?.command, 'ossExplorer.loadMore');
    await vscode.commands.executeCommand('ossExplorer.loadMore', more);
    const p2 = await children(many);
    assert.strictEqual(p2.length, 101);
    await vscode.commands.executeCommand('ossExplorer.loadMore', p2[100]);
    const p3 = await children(many);
    assert.strictEqual(p3.length, 120, 'the last page has no "Load more…"');
    const names = p3.map(label);
    assert.strictEqual(new Set(names).size, 120);
    assert.strictEqual(names[119], 'file-119.txt');
  });

  it('keeps listings cached until Refresh (one node, or the whole view); Show Log opens the log', async () => {
    const docs = await child(await child(await connectionNode(), BUCKET), 'docs');
    const before = (await children(docs)).map(label);
    assert.ok(before.includes('a.txt') && !before.includes('fresh.txt'));
    server.putObjectDirect(BUCKET, 'docs/fresh.txt', 'new');
    server.clearRequests();
    assert.deepStrictEqual((await children(docs)).map(label), before, 'served from the node cache');
    assert.strictEqual(server.requests.length, 0, 'no request without a refresh');
    await vscode.commands.executeCommand('ossExplorer.refreshNode', docs);
    assert.ok((await children(docs)).map(label).includes('fresh.txt'), 'Refresh on the node lists again');
    assert.strictEqual(server.requests.filter((r) => r.op === 'ListObjectsV2').length, 1);
    server.putObjectDirect(BUCKET, 'docs/fresher.txt', 'newer');
    await vscode.commands.executeCommand('ossExplorer.refresh');
    const again = await child(await child(await connectionNode(), BUCKET), 'docs');
    assert.ok((await children(again)).map(label).includes('fresher.txt'), 'Refresh on the view reloads everything');
    server.deleteObjectDirect(BUCKET, 'docs/fresh.txt');
    server.deleteObjectDirect(BUCKET, 'docs/fresher.txt');
    await vscode.commands.executeCommand('ossExplorer.refresh');
    await vscode.commands.executeCommand('ossExplorer.showLog');
    assert.deepStrictEqual(prompter.messages.filter((m) => m.level === 'error'), [], 'no error from any of them');
  });

  it('filters a folder server-side and clears the filter', async () => {
    const b = await child(await connectionNode(), BUCKET);
    const many = await child(b, 'many');
    await vscode.commands.executeCommand('ossExplorer.setFilter', many, 'file-01');
    const item = many.getTreeItem();
    assert.strictEqual(item.contextValue, 'ossExplorer.folder.filtered');
    assert.match(String(item.description), /filter: file-01/);
    const filtered = await children(many);
    assert.deepStrictEqual(filtered.map(label), Array.from({ length: 10 }, (_, i) => `file-01${i}.txt`));
    await vscode.commands.executeCommand('ossExplorer.clearFilter', many);
    assert.strictEqual(many.getTreeItem().contextValue, 'ossExplorer.folder');
    assert.strictEqual((await children(many)).length, 51);
  });

  it('shows a loading error as a message node with the OSS code, never a pop-up', async () => {
    const bad = await api.store.add(
      { name: 'Broken', region: 'cn-hangzhou', endpoint: server.endpoint, authType: 'accessKey', accessKeyId: server.accessKeyId },
      { accessKeySecret: 'wrong-secret-000000000000' },
    );
    try {
      const kids = await children(await connectionNode('Broken'));
      assert.strictEqual(kids.length, 1);
      const item = kids[0].getTreeItem();
      assert.strictEqual(item.contextValue, 'ossExplorer.message.error');
      assert.match(label(kids[0]), /SignatureDoesNotMatch/);
      assert.match(label(kids[0]), /RequestId/);
      assert.strictEqual(item.command?.command, 'ossExplorer.updateCredentials');
      assert.strictEqual(prompter.messages.length, 0, 'no pop-up');
    } finally {
      await api.store.remove(bad.id);
    }
  });

  it('uploads a file to a folder node and never overwrites silently', async () => {
    const file = path.join(tmp, 'hello.txt');
    fs.writeFileSync(file, 'hello v1');
    const docs = await child(await child(await connectionNode(), BUCKET), 'docs');
    prompter.script(files(vscode.Uri.file(file)), type(undefined, (s) => assert.strictEqual(s.value, 'docs/hello.txt')));
    const r1 = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile', docs);
    assert.deepStrictEqual(r1?.uploaded.map((u) => u.key), ['docs/hello.txt']);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/hello.txt'))?.toString(), 'hello v1');
    const done = prompter.messages.find((m) => m.level === 'info');
    assert.deepStrictEqual(done?.items, ['Copy Signed Link', 'Reveal']);
    assert.ok((await children(docs)).map(label).includes('hello.txt'), 'the tree shows the new object');

    fs.writeFileSync(file, 'hello v2');
    prompter.script(files(vscode.Uri.file(file)), type(), button(undefined, 'already exists'));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.uploadFile', docs), undefined);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/hello.txt'))?.toString(), 'hello v1', 'cancel keeps the object');

    prompter.script(files(vscode.Uri.file(file)), type(), button('Overwrite'));
    await vscode.commands.executeCommand('ossExplorer.uploadFile', docs);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/hello.txt'))?.toString(), 'hello v2');
  });

  it('reports upload progress (percent, bytes, speed; at most every 200 ms), and Cancel leaves nothing behind', async () => {
    const big = path.join(tmp, 'big.bin');
    fs.writeFileSync(big, Buffer.alloc(40 * 1024 * 1024, 'x'));
    const docs = await child(await child(await connectionNode(), BUCKET), 'docs');
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
    const site = path.join(tmp, 'site');
    fs.mkdirSync(path.join(site, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(site, 'index.html'), '<h1>x</h1>');
    fs.writeFileSync(path.join(site, 'sub', 'b.txt'), 'b');
    const uri = vscode.Uri.file(site);
    prompter.script(pick('Local: test-bucket/docs/'));
    const r = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile', uri, [uri]);
    assert.deepStrictEqual(r?.uploaded.map((u) => u.key).sort(), ['docs/site/index.html', 'docs/site/sub/b.txt']);
    const docs = await child(await child(await connectionNode(), BUCKET), 'docs');
    assert.ok((await children(docs)).map(label).includes('site'), 'the cached docs/ listing was reloaded and shows the new folder');
    prompter.script(pick('Local: test-bucket/docs/'), button('Skip Existing', '2 of 2'));
    const again = await vscode.commands.executeCommand<{ uploaded: unknown[]; skipped: string[] }>('ossExplorer.uploadFile', uri, [uri]);
    assert.strictEqual(again?.uploaded.length, 0);
    assert.strictEqual(again?.skipped.length, 2);
  });

  it('copies a signed GET link that downloads the object', async () => {
    prompter.script(pick('GET'), pick('1 h'), pick('As stored'));
    const links = await vscode.commands.executeCommand<{ url: string; expiresAt: Date }[]>('ossExplorer.copySignedLink', {
      connectionId: conn.id,
      bucket: BUCKET,
      key: 'docs/hello.txt',
    });
    assert.strictEqual(links?.length, 1);
    assert.strictEqual(await vscode.env.clipboard.readText(), links[0].url);
    const left = links[0].expiresAt.getTime() - Date.now();
    assert.ok(left > 3500e3 && left <= 3601e3, `expires in about 1 h (${left} ms)`);
    const res = await httpRequest('GET', links[0].url);
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.body.toString(), 'hello v2');
    assert.match(prompter.messages.at(-1)?.message ?? '', /^Link copied — expires \d{4}-\d\d-\d\d \d\d:\d\d \(in 1 h\)$/);
  });

  it('opens a signed GET link in the browser (Open in Browser)', async () => {
    const url = await vscode.commands.executeCommand<string>('ossExplorer.openInBrowser', {
      connectionId: conn.id,
      bucket: BUCKET,
      key: 'docs/hello.txt',
    });
    assert.ok(url, 'the command returns the link it opened');
    assert.deepStrictEqual(prompter.opened, [url], 'openExternal got the signed link, unchanged');
    const res = await httpRequest('GET', url);
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.body.toString(), 'hello v2');
  });

  it('signs an attachment link with a UTF-8 file name and a custom expiry', async () => {
    server.putObjectDirect(BUCKET, 'docs/résumé 1.txt', 'cv');
    prompter.script(
      pick('GET'),
      pick('Custom'),
      type('604800', (s) => {
        assert.ok(s.validate?.('0'));
        assert.ok(s.validate?.('604801'));
        assert.ok(s.validate?.('1.5'));
      }),
      pick('Attachment'),
    );
    const [link] = (await vscode.commands.executeCommand<{ url: string; expiresAt: Date }[]>('ossExplorer.copySignedLink', {
      connectionId: conn.id,
      bucket: BUCKET,
      key: 'docs/résumé 1.txt',
    }))!;
    const res = await httpRequest('GET', link.url);
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.headers['content-disposition'], `attachment; filename="r_sum_ 1.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%201.txt`);
  });

  it('copies a signed PUT link (with curl) that accepts an upload, and Upload to Signed URL uses one', async () => {
    prompter.script(pick('PUT'), type(undefined, (s) => assert.strictEqual(s.value, 'application/json')), pick('15 min'));
    const [link] = (await vscode.commands.executeCommand<{ url: string; curl: string }[]>('ossExplorer.copySignedLink', {
      connectionId: conn.id,
      bucket: BUCKET,
      key: 'docs/data.json',
    }))!;
    assert.ok(link.curl.startsWith('curl -X PUT -H "Content-Type: application/json" -T "data.json" "'));
    const put = await httpRequest('PUT', link.url, Buffer.from('{"a":1}'), { 'content-type': 'application/json' });
    assert.strictEqual(put.status, 200, put.body.toString());
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/data.json'))?.toString(), '{"a":1}');

    const local = path.join(tmp, 'data2.json');
    fs.writeFileSync(local, '{"b":2}');
    prompter.script(type(link.url), type('application/json'));
    const r = await vscode.commands.executeCommand<{ status: number }>('ossExplorer.uploadToSignedUrl', vscode.Uri.file(local));
    assert.strictEqual(r?.status, 200);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/data.json'))?.toString(), '{"b":2}');
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/data.json')?.contentType, 'application/json');
  });

  it('opens a text object in a read-only editor', async () => {
    const r = await vscode.commands.executeCommand('ossExplorer.openObject', { connectionId: conn.id, bucket: BUCKET, key: 'readme.md' });
    assert.strictEqual(r, 'text');
    const doc = vscode.window.activeTextEditor?.document;
    assert.strictEqual(doc?.uri.scheme, 'oss');
    assert.strictEqual(doc?.getText(), '# Hello\n');
    assert.strictEqual(vscode.workspace.fs.isWritableFileSystem('oss'), false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('creates a folder, renames (moves) an object, downloads it', async () => {
    const b = await child(await connectionNode(), BUCKET);
    prompter.script(type('new-dir', (s) => assert.ok(s.validate?.('../x'))));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.newFolder', b), 'new-dir/');
    assert.ok(server.headObjectDirect(BUCKET, 'new-dir/'));

    const docs = await child(b, 'docs');
    const hello = await child(docs, 'hello.txt');
    prompter.script(type('new-dir/moved.txt'));
    const moved = await vscode.commands.executeCommand<{ to: string }>('ossExplorer.renameObject', hello);
    assert.strictEqual(moved?.to, 'new-dir/moved.txt');
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/hello.txt'), undefined);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'new-dir/moved.txt'))?.toString(), 'hello v2');

    const target = path.join(tmp, 'downloaded.txt');
    const movedNode = await child(await child(b, 'new-dir'), 'moved.txt');
    prompter.script(saveAs(vscode.Uri.file(target)));
    await vscode.commands.executeCommand('ossExplorer.download', movedNode);
    assert.strictEqual(fs.readFileSync(target, 'utf8'), 'hello v2');
  });

  it('downloads a folder recursively into a chosen directory', async () => {
    const b = await child(await connectionNode(), BUCKET);
    const site = await child(await child(b, 'docs'), 'site');
    const dir = path.join(tmp, 'dl');
    fs.mkdirSync(dir);
    prompter.script(files(vscode.Uri.file(dir)));
    const done = await vscode.commands.executeCommand<string[]>('ossExplorer.download', site, [site]);
    assert.strictEqual(done?.length, 2);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'site', 'index.html'), 'utf8'), '<h1>x</h1>');
    assert.strictEqual(fs.readFileSync(path.join(dir, 'site', 'sub', 'b.txt'), 'utf8'), 'b');
  });

  it('finds and reveals an object beyond the first page (used by "Reveal" after upload)', async () => {
    const node = await api.treeProvider.findNode(conn.id, BUCKET, 'many/file-110.txt');
    assert.strictEqual(node?.kind, 'object');
    assert.strictEqual(node?.id, `c/${conn.id}/b/${BUCKET}/o/many/file-110.txt`);
    await vscode.commands.executeCommand('ossExplorer.buckets.focus');
    await api.treeView.reveal(node, { select: true, focus: false });
    // The selection comes back from the workbench (rendered in the browser) asynchronously.
    for (let i = 0; i < 200 && api.treeView.selection.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(api.treeView.selection.map((n) => n.id), [node.id]);
  });

  it('deletes a multi-selection (object + folder) after one modal confirmation', async () => {
    const b = await child(await connectionNode(), BUCKET);
    const docs = await child(b, 'docs');
    const a = await child(docs, 'a.txt');
    const site = await child(docs, 'site');
    prompter.script(button('Delete', 'docs/site/sub/b.txt'));
    const r = await vscode.commands.executeCommand<{ deleted: string[] }>('ossExplorer.deleteObjects', a, [a, site]);
    for (const k of ['docs/a.txt', 'docs/site/index.html', 'docs/site/sub/b.txt']) assert.ok(r?.deleted.includes(k), `${k} deleted`);
    assert.deepStrictEqual(server.listKeys(BUCKET, 'docs/site'), []);
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/a.txt'), undefined);
  });

  it('asks for the target when run from the palette, and cancelling changes nothing', async () => {
    prompter.script(pick(BUCKET), pick('readme.md'));
    const paths = await vscode.commands.executeCommand<string[]>('ossExplorer.copyOssPath');
    assert.deepStrictEqual(paths, [`oss://${BUCKET}/readme.md`]);
    prompter.script(pick(BUCKET), pick('readme.md'), button(undefined, 'readme.md'));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.deleteObjects'), undefined);
    assert.ok(server.headObjectDirect(BUCKET, 'readme.md'));
  });

  it('shows an expired STS connection as expired and updates its credentials', async () => {
    const sts = await api.store.add(
      { name: 'Temp', region: 'cn-hangzhou', endpoint: server.endpoint, authType: 'sts', accessKeyId: 'STS.expiredid01', stsExpiration: '2020-01-01T00:00:00.000Z' },
      { accessKeySecret: 'old-secret', securityToken: 'old-token' },
    );
    try {
      const node = await connectionNode('Temp');
      const item = node.getTreeItem();
      assert.strictEqual(item.contextValue, 'ossExplorer.connection.expired');
      assert.strictEqual(item.description, 'expired');
      assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'warning');
      const kids = await children(node);
      assert.strictEqual(kids[0].getTreeItem().command?.command, 'ossExplorer.updateCredentials');
      const future = new Date(Date.now() + 3600e3).toISOString();
      prompter.script(type('STS.newid000001'), type('new-secret'), type('new-token'), type(future));
      await vscode.commands.executeCommand('ossExplorer.updateCredentials', node);
      assert.strictEqual((await connectionNode('Temp')).getTreeItem().contextValue, 'ossExplorer.connection');
      assert.deepStrictEqual(await api.store.getSecrets(sts.id), { accessKeySecret: 'new-secret', securityToken: 'new-token' });
      assert.ok(!JSON.stringify(api.store.list()).includes('new-token'));
    } finally {
      await api.store.remove(sts.id);
    }
  });

  it('never writes a secret to the log', () => {
    const lines = api.logLines().join('\n');
    assert.ok(lines.includes('GET '), 'requests are logged');
    assert.ok(!lines.includes(server.accessKeySecret));
    assert.ok(!/x-oss-signature=[0-9a-f]{8}/i.test(lines), 'signatures are masked');
  });

  it('removes a connection and its secrets after confirmation', async () => {
    prompter.script(button('Remove', 'Local'));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.removeConnection', await connectionNode()), true);
    assert.strictEqual(await api.store.getSecrets(conn.id), undefined);
    assert.deepStrictEqual(api.store.list(), []);
  });
});
