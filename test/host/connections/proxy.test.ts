/**
 * Proxies and certificates in the real extension host: with http.proxy pointing at a counting
 * proxy every request (tree, upload, download, signed link, STS) goes through it; http.noProxy
 * bypasses it, and so does http.proxySupport "off"; a server with a certificate of a self-made CA works once the CA is in
 * ossExplorer.extraCertificates and fails with a clear message before; a proxy that wants
 * authentication says so. docs/network.md describes the rules.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { startCountingProxy, type CountingProxy } from '../../support/countingProxy';
import { startFakeSts, type FakeSts } from '../../support/fakeSts';
import { startOssServer, type OssServer } from '../../support/ossServer';
import { makeTestCa, type TestCa } from '../../support/testCa';
import { label, useOssFixture } from '../helpers/fixture';
import { files, pick, saveAs, type } from '../helpers/scriptedPrompter';
import { BUCKET, connectionsFixture } from './seed';

/** Sets a setting (Global) and waits until the extension host has seen the change. */
async function setSetting(section: string, key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(section);
  if (JSON.stringify(config.inspect(key)?.globalValue) === JSON.stringify(value)) return;
  const seen = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${section}.${key}`)) {
        sub.dispose();
        resolve();
      }
    });
  });
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  await seen;
}

describe('Proxies and certificates (http.proxy, http.noProxy, ossExplorer.extraCertificates)', function () {
  this.timeout(90000);
  const fx = useOssFixture(connectionsFixture);
  let proxy: CountingProxy;
  let authProxy: CountingProxy;
  let ca: TestCa;
  let secure: OssServer;

  before(async () => {
    proxy = await startCountingProxy({ hosts: { 'oss.test': '127.0.0.1' } });
    authProxy = await startCountingProxy({ auth: { user: 'me', password: 'secret' } });
    ca = makeTestCa();
    secure = await startOssServer({ tls: { key: ca.keyPem, cert: ca.certPem } });
    secure.createBucket(BUCKET);
    secure.putObjectDirect(BUCKET, 'tls.txt', 'over TLS');
  });
  beforeEach(async () => {
    proxy.reset();
    authProxy.reset();
    await setSetting('http', 'proxy', proxy.url);
    await setSetting('http', 'noProxy', undefined);
    await setSetting('ossExplorer', 'extraCertificates', undefined);
  });
  after(async () => {
    await setSetting('http', 'proxy', undefined);
    await setSetting('http', 'noProxy', undefined);
    await setSetting('ossExplorer', 'extraCertificates', undefined);
    await Promise.all([proxy.close(), authProxy.close(), secure.close()]);
    ca.remove();
  });

  const serverHost = (): string => new URL(fx.server.endpoint).host;
  const errors = (): string[] => fx.prompter.messages.filter((m) => m.level === 'error').map((m) => m.message);

  async function testConnection(id: string): Promise<{ ok: boolean } | undefined> {
    return vscode.commands.executeCommand<{ ok: boolean } | undefined>('ossExplorer.testConnection', id);
  }

  it('sends every request of the tree, an upload, a download and a signed-link download through the proxy', async () => {
    const conn = await fx.addConnection('Via proxy');
    const buckets = await fx.children(await fx.nodeAt('Via proxy'));
    assert.ok(buckets.map(label).includes(BUCKET));
    const bucketNode = await fx.nodeAt('Via proxy', BUCKET);
    assert.ok((await fx.children(bucketNode)).map(label).includes('readme.md'));

    const local = path.join(fx.tmp, 'up.txt');
    fs.writeFileSync(local, 'uploaded through the proxy');
    fx.prompter.script(files(vscode.Uri.file(local)), type());
    await vscode.commands.executeCommand('ossExplorer.uploadFile', bucketNode);
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'up.txt'))?.toString(), 'uploaded through the proxy');

    const target = path.join(fx.tmp, 'down.md');
    fs.rmSync(target, { force: true });
    fx.prompter.script(saveAs(vscode.Uri.file(target)));
    await vscode.commands.executeCommand('ossExplorer.download', await fx.nodeAt('Via proxy', BUCKET, 'readme.md'));
    assert.strictEqual(fs.readFileSync(target, 'utf8'), '# Hi\n');

    fx.prompter.script(pick('GET'), pick('15 min'), pick('As stored'));
    const [link] = (await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', { connectionId: conn.id, bucket: BUCKET, key: 'docs/a.txt' }));
    const viaLink = path.join(fx.tmp, 'a.txt');
    fs.rmSync(viaLink, { force: true });
    fx.prompter.script(type(link.url), saveAs(vscode.Uri.file(viaLink)));
    await vscode.commands.executeCommand('ossExplorer.downloadFromSignedUrl');
    assert.strictEqual(fs.readFileSync(viaLink, 'utf8'), 'a');

    assert.deepStrictEqual(errors(), []);
    const seen = fx.server.requests.length;
    assert.ok(seen >= 5, `the server saw ${seen} requests`);
    assert.strictEqual(proxy.count(serverHost()), seen, 'every request the server saw came through the proxy');
    assert.ok(proxy.records.every((r) => r.kind === 'forward'), 'http:// endpoints are forwarded with absolute URIs');
  });

  it('sends the AssumeRole call to STS through the proxy too', async () => {
    let sts: FakeSts | undefined;
    try {
      sts = await startFakeSts({ accounts: new Map([[fx.server.accessKeyId, fx.server.accessKeySecret]]), onIssue: (c) => fx.server.addTemporaryCredentials(c) });
      const role = await fx.api.store.add(
        {
          name: 'Role via proxy', region: 'cn-hangzhou', endpoint: fx.server.endpoint, authType: 'assumeRole', accessKeyId: fx.server.accessKeyId,
          roleArn: 'acs:ram::1234567890123456:role/oss-reader', roleSessionName: 'oss-explorer', durationSeconds: 900, stsEndpoint: sts.endpoint,
        },
        { accessKeySecret: fx.server.accessKeySecret },
      );
      assert.strictEqual((await testConnection(role.id))?.ok, true, errors().join('\n'));
      assert.strictEqual(proxy.count(new URL(sts.endpoint).host), 1);
      assert.strictEqual(sts.issued.length, 1);
      assert.strictEqual(proxy.count(serverHost()), fx.server.requests.length);
    } finally {
      await sts?.close();
    }
  });

  it('bypasses the proxy for hosts in http.noProxy', async () => {
    await setSetting('http', 'noProxy', ['127.0.0.1']);
    const conn = await fx.addConnection('Bypass');
    assert.strictEqual((await testConnection(conn.id))?.ok, true, errors().join('\n'));
    assert.ok(fx.server.requests.length > 0);
    assert.strictEqual(proxy.records.length, 0);
  });

  it('uses no proxy at all with http.proxySupport "off"', async () => {
    await setSetting('http', 'proxySupport', 'off');
    try {
      const conn = await fx.addConnection('No proxy support');
      assert.strictEqual((await testConnection(conn.id))?.ok, true, errors().join('\n'));
      assert.ok(fx.server.requests.length > 0);
      assert.strictEqual(proxy.records.length, 0);
    } finally {
      await setSetting('http', 'proxySupport', undefined);
    }
  });

  it('trusts a self-made CA only once it is in ossExplorer.extraCertificates, and says what to do before', async () => {
    await setSetting('http', 'noProxy', ['127.0.0.1']);
    const conn = await fx.api.store.add(
      { name: 'TLS', region: 'cn-hangzhou', endpoint: secure.endpoint, authType: 'accessKey', accessKeyId: secure.accessKeyId },
      { accessKeySecret: secure.accessKeySecret },
    );
    assert.strictEqual(await testConnection(conn.id), undefined);
    const [message] = errors();
    assert.ok(message?.includes(`The certificate of ${new URL(secure.endpoint).host} is not trusted`), message);
    assert.ok(message.includes('ossExplorer.extraCertificates'), message);

    await setSetting('ossExplorer', 'extraCertificates', [ca.caFile]);
    fx.prompter.reset();
    assert.strictEqual((await testConnection(conn.id))?.ok, true, errors().join('\n'));

    await setSetting('ossExplorer', 'extraCertificates', [path.join(fx.tmp, 'missing-ca.pem')]);
    fx.prompter.reset();
    assert.strictEqual(await testConnection(conn.id), undefined);
    assert.match(errors()[0] ?? '', /ossExplorer\.extraCertificates: cannot read .*missing-ca\.pem \(ENOENT\)/);
  });

  it('with no proxy set, leaves the proxy to VS Code (system settings) and still trusts the extra CA', async () => {
    await setSetting('http', 'proxy', undefined);
    // 127.0.0.2 is not "localhost" to VS Code, so its own agent handles the request in "override" mode.
    const other = await startOssServer({ host: '127.0.0.2', tls: { key: ca.keyPem, cert: ca.certPem } });
    try {
      other.createBucket(BUCKET);
      const conn = await fx.api.store.add(
        { name: 'Loopback 2', region: 'cn-hangzhou', endpoint: other.endpoint, authType: 'accessKey', accessKeyId: other.accessKeyId },
        { accessKeySecret: other.accessKeySecret },
      );
      assert.strictEqual(await testConnection(conn.id), undefined);
      assert.ok(errors()[0]?.includes(`The certificate of ${new URL(other.endpoint).host} is not trusted`), errors()[0]);
      await setSetting('ossExplorer', 'extraCertificates', [ca.caFile]);
      fx.prompter.reset();
      assert.strictEqual((await testConnection(conn.id))?.ok, true, errors().join('\n'));
      assert.ok(other.requests.length > 0);
      assert.strictEqual(proxy.records.length, 0);
    } finally {
      await other.close();
    }
  });

  it('reaches a named https endpoint through a CONNECT tunnel with the extra CA (the agent that carries real-endpoint traffic)', async () => {
    await setSetting('ossExplorer', 'extraCertificates', [ca.caFile]);
    const endpoint = `https://oss.test:${secure.port}`;
    const conn = await fx.api.store.add(
      // Pinned to a bucket: the test lists it at <bucket>.oss.test (virtual-hosted, as on real OSS).
      { name: 'Named', region: 'cn-hangzhou', endpoint, authType: 'accessKey', accessKeyId: secure.accessKeyId, pinnedBucket: BUCKET },
      { accessKeySecret: secure.accessKeySecret },
    );
    const result = await testConnection(conn.id);
    assert.strictEqual(result?.ok, true, `${errors().join('\n')}\nproxy saw: ${JSON.stringify(proxy.records.map((r) => [r.kind, r.target, Object.keys(r.headers)]))}`);
    const tunnels = proxy.records.filter((r) => r.kind === 'connect');
    assert.deepStrictEqual(tunnels.map((r) => r.target), [`${BUCKET}.oss.test:${secure.port}`]);
    // Our tunnel sends only Host (and Proxy-Authorization when there are credentials).
    assert.deepStrictEqual(Object.keys(tunnels[0].headers), ['host'], 'the CONNECT came from the extension\'s own agent');
  });

  it('says plainly when the proxy wants authentication', async () => {
    await setSetting('http', 'proxy', authProxy.url);
    const conn = await fx.addConnection('Auth proxy');
    assert.strictEqual(await testConnection(conn.id), undefined);
    const [message] = errors();
    assert.ok(message?.includes(`The proxy at ${authProxy.url} wants authentication (407`), message);
    assert.ok(authProxy.records.length > 0 && authProxy.records.every((r) => r.refused));
  });
});
