/**
 * Connections, the multi-step form, links, previews and the manifest, inside the real extension
 * host against the local OSS server (and the fake STS) started in-process.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { ConnectionRecord } from '../../src/connections/model';
import type { OssNode } from '../../src/tree/nodes/base';
import { freePort, startOssServer, type OssServer } from '../support/ossServer';
import { makePng } from '../support/ossServer/seed';
import { startFakeSts, type FakeSts } from '../support/fakeSts';
import { activateForTests, EXTENSION_ID } from './helpers/extension';
import { button, files, pick, ScriptedPrompter, type, type Answer } from './helpers/scriptedPrompter';

const BUCKET = 'conn-bucket';

let api: TestingApi;
let server: OssServer;
let tmp: string;
const prompter = new ScriptedPrompter();

function label(n: OssNode): string {
  const l = n.getTreeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

async function root(name: string): Promise<OssNode> {
  const all = await api.treeProvider.getChildren();
  const n = all.find((x) => label(x) === name);
  assert.ok(n, `no connection "${name}" in ${all.map(label).join(', ')}`);
  return n;
}

async function addAk(name: string, extra: Partial<ConnectionRecord> = {}, secret?: string): Promise<ConnectionRecord> {
  return api.store.add(
    { name, region: 'cn-hangzhou', endpoint: server.endpoint, authType: 'accessKey', accessKeyId: server.accessKeyId, ...extra },
    { accessKeySecret: secret ?? server.accessKeySecret },
  );
}

async function clearConnections(): Promise<void> {
  for (const c of api.store.list()) await api.store.remove(c.id);
}

/** Answers a step with BACK after checking it. */
function back(check?: (r: Parameters<Answer>[0]) => void): Answer {
  return (r) => {
    check?.(r);
    return api.BACK;
  };
}

interface QuickPickStepLike {
  placeholder?: string;
  activeItem?: vscode.QuickPickItem;
  canGoBack?: boolean;
}

interface Manifest {
  contributes: {
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    configuration: { properties: Record<string, { default?: unknown; minimum?: number; maximum?: number; enum?: string[]; description?: string; markdownDescription?: string }> };
    commands: { command: string; title: string; category?: string; icon?: string }[];
  };
  activationEvents?: string[];
}

describe('Connections, links and previews', function () {
  this.timeout(60000);

  before(async () => {
    api = await activateForTests(prompter);
    server = await startOssServer();
    server.createBucket(BUCKET);
    server.createBucket('second-bucket');
    server.putObjectDirect(BUCKET, 'readme.md', '# Hi\n');
    server.putObjectDirect(BUCKET, 'docs/a.txt', 'a');
    server.putObjectDirect(BUCKET, 'pics/dot.png', makePng(4, 4, () => [255, 0, 0]), { contentType: 'image/png' });
    server.putObjectDirect(BUCKET, 'big.log', 'x'.repeat(2000));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-conn-'));
  });

  after(async () => {
    api?.setPrompter(undefined);
    if (api) await clearConnections();
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => prompter.reset());
  afterEach(() => prompter.assertDone());

  it('the form numbers its steps and goes back without losing answers; a pinned bucket skips ListBuckets', async () => {
    prompter.script(
      type('Pinned', (s) => {
        assert.strictEqual(s.step, 1);
        assert.ok(!s.canGoBack);
      }),
      pick('cn-beijing'),
      back((r) => {
        assert.strictEqual(r.kind, 'pick');
        assert.strictEqual((r as { step: { step?: number } }).step.step, 3);
      }),
      (r) => {
        const step = (r as { step: { activeItem?: vscode.QuickPickItem; step?: number; canGoBack?: boolean } }).step;
        assert.strictEqual(step.activeItem?.label, 'cn-beijing', 'the earlier answer is kept');
        assert.strictEqual(step.step, 2);
        assert.ok(step.canGoBack);
        return pick('Custom endpoint')(r);
      },
      type(server.endpoint),
      type('cn-hangzhou'),
      pick('AccessKey'),
      type(server.accessKeyId),
      type(server.accessKeySecret),
      type(''),
      type(BUCKET, (s) => assert.ok(s.validate?.('Bad_Bucket'), 'bucket names are validated')),
      type('docs'),
    );
    const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.addConnection');
    assert.strictEqual(c?.pinnedBucket, BUCKET);
    assert.strictEqual(c?.pinnedPrefix, 'docs/');
    server.clearRequests();
    const kids = await api.treeProvider.getChildren(await root('Pinned'));
    assert.deepStrictEqual(kids.map(label), [`${BUCKET}/docs/`]);
    assert.strictEqual(server.requests.filter((r) => r.op === 'ListBuckets').length, 0, 'no ListBuckets');
    const objects = await api.treeProvider.getChildren(kids[0]);
    assert.deepStrictEqual(objects.map(label), ['a.txt']);
  });

  it('uploads an untitled document (asking connection → bucket → folder and the key)', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'draft text', language: 'plaintext' });
    await vscode.window.showTextDocument(doc);
    // One (pinned) connection: no connection or bucket question; the folder browser starts at the pinned prefix.
    prompter.script(pick('Here: conn-bucket/docs/'), type('docs/notes/draft.txt', (s) => assert.match(s.value ?? '', /^docs\/Untitled-\d+\.txt$/)));
    const r = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile');
    assert.deepStrictEqual(r?.uploaded.map((u) => u.key), ['docs/notes/draft.txt']);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/notes/draft.txt'))?.toString(), 'draft text');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('offers to save a dirty editor before uploading it', async () => {
    const file = path.join(tmp, 'dirty.txt');
    fs.writeFileSync(file, 'saved');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    await editor.edit((e) => e.insert(new vscode.Position(0, 5), ' + edited'));
    assert.ok(editor.document.isDirty);
    prompter.script(button('Save and Upload', 'unsaved changes'), pick('last used'), type('docs/dirty.txt'));
    const r = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile', vscode.Uri.file(file));
    assert.deepStrictEqual(r?.uploaded.map((u) => u.key), ['docs/dirty.txt']);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'saved + edited');
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/dirty.txt'))?.toString(), 'saved + edited');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('renames and edits a connection (empty secret keeps the stored one)', async () => {
    const c = api.store.list().find((x) => x.name === 'Pinned');
    assert.ok(c);
    prompter.script(type('Renamed', (s) => assert.strictEqual(s.value, 'Pinned')));
    await vscode.commands.executeCommand('ossExplorer.renameConnection', await root('Pinned'));
    assert.strictEqual(api.store.get(c.id)?.name, 'Renamed');
    prompter.script(
      type(),
      pick('Custom endpoint'),
      type(),
      type(),
      pick('AccessKey'),
      type(),
      type('', (s) => assert.match(s.placeholder ?? '', /keep/)),
      type('https://cdn.example.com'),
      type(''),
    );
    const edited = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.editConnection', await root('Renamed'));
    assert.strictEqual(edited?.customDomain, 'https://cdn.example.com');
    assert.strictEqual(edited?.pinnedBucket, undefined);
    assert.strictEqual((await api.store.getSecrets(c.id))?.accessKeySecret, server.accessKeySecret);
  });

  it('uses the custom domain for URLs and signed links', async () => {
    const c = api.store.list().find((x) => x.name === 'Renamed');
    assert.ok(c);
    const ref = { connectionId: c.id, bucket: BUCKET, key: 'docs/a b.txt' };
    const urls = await vscode.commands.executeCommand<string[]>('ossExplorer.copyObjectUrl', ref);
    assert.deepStrictEqual(urls, ['https://cdn.example.com/docs/a%20b.txt']);
    prompter.script(pick('GET'), pick('15 min'), pick('Inline'));
    const [link] = (await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', ref))!;
    assert.ok(link.url.startsWith('https://cdn.example.com/docs/a%20b.txt?'), link.url);
    assert.ok(link.url.includes('response-content-disposition=inline'));
    await api.store.remove(c.id);
  });

  it('sends every request through the custom domain (CNAME) when asked: tree, upload, links; Edit keeps it', async () => {
    // A server of its own that treats localhost:<port> as a custom domain bound to the bucket;
    // the connection's endpoint is the same server by IP (path style), so where requests went shows.
    const CN_BUCKET = 'cname-only';
    const port = await freePort();
    const domainHost = `localhost:${port}`;
    const cn = await startOssServer({ port, cnames: { [domainHost]: CN_BUCKET }, accounts: [{ accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret }] });
    let id: string | undefined;
    try {
      cn.createBucket(CN_BUCKET);
      cn.putObjectDirect(CN_BUCKET, 'hello.txt', 'hello');
      cn.putObjectDirect(CN_BUCKET, 'docs/a.txt', 'a');
      prompter.script(
        type('Via domain'),
        pick('Custom endpoint'),
        type(`http://127.0.0.1:${port}`),
        type('cn-hangzhou'),
        pick('AccessKey'),
        type(server.accessKeyId),
        type(server.accessKeySecret),
        type(`http://${domainHost}`),
        type(CN_BUCKET),
        type(''),
        (r) => {
          const step = (r as { step: QuickPickStepLike }).step;
          assert.strictEqual(step.placeholder, 'Send all requests through the custom domain (required for new accounts in mainland China regions)');
          assert.strictEqual(step.activeItem?.label, 'No', 'default No');
          assert.ok(step.canGoBack);
          return back()(r);
        },
        type(''), // back on the prefix step: answers are kept
        pick('Yes'),
      );
      const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.addConnection');
      id = c?.id;
      assert.strictEqual(c?.requestsViaCustomDomain, true);
      assert.strictEqual(c?.customDomain, `http://${domainHost}`);
      assert.strictEqual(api.store.get(c.id)?.requestsViaCustomDomain, true, 'kept in globalState');

      cn.clearRequests();
      const bucketNode = (await api.treeProvider.getChildren(await root('Via domain')))[0];
      assert.strictEqual(label(bucketNode), CN_BUCKET);
      assert.deepStrictEqual((await api.treeProvider.getChildren(bucketNode)).map(label), ['docs', 'hello.txt']);

      const file = path.join(tmp, 'via-domain.txt');
      fs.writeFileSync(file, 'uploaded through the domain');
      prompter.script(files(vscode.Uri.file(file)), type(undefined, (st) => assert.strictEqual(st.value, 'via-domain.txt')));
      const up = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile', bucketNode);
      assert.deepStrictEqual(up?.uploaded.map((u) => u.key), ['via-domain.txt']);
      assert.strictEqual((await cn.getObjectBytes(CN_BUCKET, 'via-domain.txt'))?.toString(), 'uploaded through the domain');

      const ops = new Set(cn.requests.map((r) => r.op));
      assert.ok(ops.has('ListObjectsV2') && ops.has('PutObject'), [...ops].join(', '));
      for (const r of cn.requests) {
        assert.strictEqual(r.host, domainHost, `${r.op} ${r.path} went to ${r.host}`);
        assert.strictEqual(r.bucket, CN_BUCKET);
        assert.ok(!r.path.startsWith(`/${CN_BUCKET}`), `no bucket in the path: ${r.op} ${r.path}`);
        assert.ok(r.status < 400 || (r.op === 'HeadObject' && r.status === 404), `${r.op} ${r.status} ${r.code ?? ''}`);
      }

      prompter.script(pick('GET'), pick('15 min'), pick('Inline'));
      const [link] = (await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', { connectionId: c.id, bucket: CN_BUCKET, key: 'hello.txt' }))!;
      assert.ok(link.url.startsWith(`http://${domainHost}/hello.txt?`), link.url);
      const res = await fetch(link.url);
      assert.strictEqual(res.status, 200);
      assert.strictEqual(await res.text(), 'hello');

      // Edit with every answer kept: the option stays (pre-selected).
      prompter.script(
        type(), pick('Custom endpoint'), type(), type(), pick('AccessKey'), type(), type(''), type(), type(), type(),
        (r) => {
          const step = (r as { step: QuickPickStepLike }).step;
          assert.strictEqual(step.activeItem?.label, 'Yes', 'the stored answer is pre-selected');
          return step.activeItem;
        },
      );
      const kept = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.editConnection', c.id);
      assert.strictEqual(kept?.requestsViaCustomDomain, true);
      // Unpinning is refused while the option is on; answering No first, then unpinning, works.
      prompter.script(
        type(), pick('Custom endpoint'), type(), type(), pick('AccessKey'), type(), type(''), type(),
        type(undefined, (st) => assert.match(String(st.validate?.('')), /needs a pinned bucket.*answer No/)),
        type(),
        pick('No'),
      );
      const off = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.editConnection', c.id);
      assert.strictEqual(off?.requestsViaCustomDomain, undefined);
      assert.strictEqual(off?.pinnedBucket, CN_BUCKET);
      prompter.script(type(), pick('Custom endpoint'), type(), type(), pick('AccessKey'), type(), type(''), type(), type(''));
      const unpinned = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.editConnection', c.id);
      assert.strictEqual(unpinned?.pinnedBucket, undefined);
      assert.strictEqual(unpinned?.requestsViaCustomDomain, undefined);
      assert.strictEqual(api.store.get(c.id)?.requestsViaCustomDomain, undefined);
    } finally {
      if (id) await api.store.remove(id);
      await cn.close();
    }
  });

  it('refuses requests through the custom domain without a pinned bucket, saying why', async () => {
    const bad = await addAk('Unpinned CNAME', { customDomain: 'http://localhost:1', requestsViaCustomDomain: true });
    try {
      const r = await vscode.commands.executeCommand('ossExplorer.testConnection', bad.id);
      assert.strictEqual(r, undefined);
      const errors = prompter.messages.filter((m) => m.level === 'error');
      assert.strictEqual(errors.length, 1);
      assert.match(errors[0].message, /needs a pinned bucket/);
    } finally {
      await api.store.remove(bad.id);
    }
  });

  it('reports an OSS error once, as "Code: Message (RequestId: …)" with Show Log', async () => {
    const bad = await addAk('Bad', {}, 'not-the-secret-0000000000');
    try {
      const r = await vscode.commands.executeCommand('ossExplorer.testConnection', bad.id);
      assert.strictEqual(r, undefined);
      const errors = prompter.messages.filter((m) => m.level === 'error');
      assert.strictEqual(errors.length, 1);
      assert.match(errors[0].message, /SignatureDoesNotMatch: .+ \(RequestId: [^)]+\)/);
      assert.deepStrictEqual(errors[0].items, ['Show Log']);
      assert.ok(!errors[0].message.includes('not-the-secret'));
    } finally {
      await api.store.remove(bad.id);
    }
  });

  it('states when a link ends early because the STS token expires first', async () => {
    const expires = new Date(Date.now() + 10 * 60e3);
    const sts = await api.store.add(
      { name: 'Short STS', region: 'cn-hangzhou', endpoint: server.endpoint, authType: 'sts', accessKeyId: 'STS.shortlived01', stsExpiration: expires.toISOString() },
      { accessKeySecret: 'temp-secret', securityToken: 'temp-token' },
    );
    try {
      prompter.script(pick('GET'), pick('1 day'), pick('As stored'));
      const [link] = (await vscode.commands.executeCommand<{ expiresAt: Date; limitedByToken: boolean; url: string }[]>('ossExplorer.copySignedLink', {
        connectionId: sts.id,
        bucket: BUCKET,
        key: 'readme.md',
      }))!;
      assert.ok(link.limitedByToken);
      assert.ok(link.expiresAt.getTime() <= expires.getTime());
      assert.match(prompter.messages.at(-1)?.message ?? '', /expires when the STS token does, at .+ \(in (9|10) min\)/);
      assert.ok(link.url.includes('x-oss-security-token=temp-token'));
    } finally {
      await api.store.remove(sts.id);
    }
  });

  it('lists buckets through an AssumeRole connection (fake STS)', async () => {
    let sts: FakeSts | undefined;
    try {
      sts = await startFakeSts({
        accounts: new Map([[server.accessKeyId, server.accessKeySecret]]),
        onIssue: (c) => server.addTemporaryCredentials(c),
      });
      await api.store.add(
        {
          name: 'Role',
          region: 'cn-hangzhou',
          endpoint: server.endpoint,
          authType: 'assumeRole',
          accessKeyId: server.accessKeyId,
          roleArn: 'acs:ram::1234567890123456:role/oss-reader',
          roleSessionName: 'oss-explorer',
          durationSeconds: 900,
          stsEndpoint: sts.endpoint,
        },
        { accessKeySecret: server.accessKeySecret },
      );
      const buckets = await api.treeProvider.getChildren(await root('Role'));
      assert.deepStrictEqual(buckets.map(label).sort(), [BUCKET, 'second-bucket']);
      assert.strictEqual(sts.issued.length, 1);
    } finally {
      for (const c of api.store.list().filter((x) => x.name === 'Role')) await api.store.remove(c.id);
      await sts?.close();
    }
  });

  it('imports a connection from environment variables', async () => {
    const saved = { ...process.env };
    try {
      process.env.HOME = tmp; // no ~/.aliyun/config.json here
      process.env.OSS_ACCESS_KEY_ID = server.accessKeyId;
      process.env.OSS_ACCESS_KEY_SECRET = server.accessKeySecret;
      process.env.OSS_REGION = 'oss-cn-shanghai';
      prompter.script(pick('Environment variables'), type('From env'));
      const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.importConnection');
      assert.strictEqual(c?.authType, 'accessKey');
      assert.strictEqual(c?.region, 'cn-shanghai');
      assert.strictEqual((await api.store.getSecrets(c.id))?.accessKeySecret, server.accessKeySecret);
      assert.ok(!JSON.stringify(api.store.list()).includes(server.accessKeySecret));
      await api.store.remove(c.id);
    } finally {
      for (const k of ['HOME', 'OSS_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET', 'OSS_REGION']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });

  it('imports an aliyun CLI profile', async () => {
    const home = path.join(tmp, 'home');
    fs.mkdirSync(path.join(home, '.aliyun'), { recursive: true });
    fs.writeFileSync(
      path.join(home, '.aliyun', 'config.json'),
      JSON.stringify({
        current: 'work',
        profiles: [
          { name: 'work', mode: 'AK', access_key_id: server.accessKeyId, access_key_secret: server.accessKeySecret, region_id: 'cn-beijing' },
          { name: 'sso', mode: 'CloudSSO' },
        ],
      }),
    );
    const savedHome = process.env.HOME;
    try {
      process.env.HOME = home;
      prompter.script(pick('work'), type());
      const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.importConnection');
      assert.strictEqual(c?.name, 'work');
      assert.strictEqual(c?.region, 'cn-beijing');
      assert.strictEqual((await api.store.getSecrets(c.id))?.accessKeySecret, server.accessKeySecret);
      await api.store.remove(c.id);
    } finally {
      process.env.HOME = savedHome;
    }
  });

  it('the error handler is silent on cancellation and shows each error once', () => {
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    api.errors.handleError(abort, 'Upload failed');
    api.errors.handleError(new vscode.CancellationError(), 'Upload failed');
    assert.strictEqual(prompter.messages.length, 0);
    const err = new Error('disk full');
    api.errors.handleError(err, 'Download failed');
    api.errors.handleError(err, 'Download failed');
    assert.deepStrictEqual(
      prompter.messages.map((m) => [m.level, m.message, m.items]),
      [['error', 'Download failed: disk full', ['Show Log']]],
    );
    assert.ok(api.logLines().some((l) => l.includes('Download failed: disk full')));
  });

  it('previews images, and offers a download above ossExplorer.previewMaxBytes', async () => {
    const c = await addAk('Preview');
    try {
      const img = await vscode.commands.executeCommand('ossExplorer.openObject', { connectionId: c.id, bucket: BUCKET, key: 'pics/dot.png' });
      assert.strictEqual(img, 'image');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.getConfiguration('ossExplorer').update('previewMaxBytes', 1024, vscode.ConfigurationTarget.Global);
      prompter.script(button(undefined, 'preview limit'));
      const big = await vscode.commands.executeCommand('ossExplorer.openObject', { connectionId: c.id, bucket: BUCKET, key: 'big.log' });
      assert.strictEqual(big, 'tooLarge');
    } finally {
      await vscode.workspace.getConfiguration('ossExplorer').update('previewMaxBytes', undefined, vscode.ConfigurationTarget.Global);
      await api.store.remove(c.id);
    }
  });

  it('menus use the context values of contextValues.ts in anchored, parenthesised when-clauses', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const m = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
    // User-facing manifest strings are %placeholders% resolved from package.nls.json (l10n-ready).
    const nls = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const resolve = (s: string | undefined): string | undefined => {
      const key = /^%(.+)%$/.exec(s ?? '')?.[1];
      if (key === undefined) return s;
      assert.ok(typeof nls[key] === 'string' && nls[key].length > 0, `package.nls.json defines ${key}`);
      return nls[key];
    };
    const values = Object.values(api.contextValues) as string[];
    const items = m.contributes.menus['view/item/context'];
    assert.ok(items.length > 10);
    for (const it of items) {
      const when = it.when ?? '';
      const match = /viewItem =~ \/(.+?)\/(?:\)|$)/.exec(when);
      assert.ok(match, `${it.command}: when-clause uses a viewItem regex: ${when}`);
      assert.ok(match[1].startsWith('^') && match[1].endsWith('$'), `${it.command}: anchored regex ${match[1]}`);
      const re = new RegExp(match[1]);
      assert.ok(values.some((v) => re.test(v)), `${it.command}: ${match[1]} matches a context value`);
      assert.ok(when.includes('view == ossExplorer.buckets && ('), `${it.command}: scoped to the view and parenthesised`);
    }
    for (const list of Object.values(m.contributes.menus)) {
      for (const it of list) {
        const w = it.when ?? '';
        if (w.includes('||')) assert.match(w, /\([^()]*\|\|[^()]*\)/, `"||" is parenthesised in ${w}`);
      }
    }
    // Every command used inline or in the editor has an icon; all have the OSS category.
    for (const c of m.contributes.commands) {
      assert.strictEqual(resolve(c.category), 'OSS', c.command);
      assert.match(c.title, /^%command\.[A-Za-z]+\.title%$/, `${c.command} title is localizable`);
      assert.ok(resolve(c.title), `${c.command} has a title`);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, `${c.command} has a codicon`);
    }
    assert.ok(!m.activationEvents || m.activationEvents.every((e) => !/^onView:|^onCommand:/.test(e)), 'no implicit activation events');
  });

  it('contributes every setting with a description and bounds', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const props = (JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest).contributes.configuration.properties;
    const expect: Record<string, [unknown, number?, number?]> = {
      'ossExplorer.pageSize': [100, 1, 1000],
      'ossExplorer.defaultLinkExpiry': [3600, 1, 604800],
      'ossExplorer.previewMaxBytes': [1048576, 1024, 52428800],
      'ossExplorer.upload.partSize': [16, 1, 5120],
      'ossExplorer.upload.parallel': [4, 1, 32],
      'ossExplorer.upload.followSymlinks': [false],
      'ossExplorer.requestTimeoutSeconds': [60, 5, 3600],
      'ossExplorer.signatureVersion': ['v4'],
    };
    for (const [k, [def, min, max]] of Object.entries(expect)) {
      const p = props[k];
      assert.ok(p, `${k} is contributed`);
      assert.strictEqual(p.default, def, `${k} default`);
      if (min !== undefined) assert.deepStrictEqual([p.minimum, p.maximum], [min, max], `${k} bounds`);
      assert.ok(p.description || p.markdownDescription, `${k} has a description`);
    }
    assert.deepStrictEqual(props['ossExplorer.signatureVersion'].enum, ['v4', 'v1']);
  });
});
