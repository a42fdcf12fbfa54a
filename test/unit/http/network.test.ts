import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { OssClient } from '../../../src/core/client';
import { AssumeRoleProvider, StaticAccessKeyProvider } from '../../../src/core/credentials';
import {
  CertificateError, ProxyAuthError, ProxyConfigError, ProxyConnectError, bypassesProxy, downloadFromSignedUrl, parseProxyUrl, proxyFor, proxyFromEnv,
  putFileToSignedUrl, type NetworkOptions,
} from '../../../src/core/http';
import { presignUrl } from '../../../src/core/signer';
import { startOssServer, type OssServer } from '../../support/ossServer';
import { startCountingProxy, type CountingProxy } from '../../support/countingProxy';
import { makeTestCa, type TestCa } from '../../support/testCa';
import { startFakeSts, type FakeSts } from '../../support/fakeSts';

describe('core/http/network: proxy rules', () => {
  it('bypasses hosts, domain suffixes, host:port, CIDRs and * — and not localhost unless listed', () => {
    const rules = ['internal.example.com', '.corp.example', '*.lan', 'db:5432', '10.0.0.0/8', '[::1]:9000'];
    assert.strictEqual(bypassesProxy('internal.example.com', 443, rules), true);
    assert.strictEqual(bypassesProxy('a.internal.example.com', 443, rules), true);
    assert.strictEqual(bypassesProxy('corp.example', 80, rules), true);
    assert.strictEqual(bypassesProxy('x.y.corp.example', 80, rules), true);
    assert.strictEqual(bypassesProxy('printer.lan', 80, rules), true);
    assert.strictEqual(bypassesProxy('db', 5432, rules), true);
    assert.strictEqual(bypassesProxy('db', 5433, rules), false);
    assert.strictEqual(bypassesProxy('10.20.30.40', 80, rules), true);
    assert.strictEqual(bypassesProxy('11.0.0.1', 80, rules), false);
    assert.strictEqual(bypassesProxy('[::1]', 9000, rules), true);
    assert.strictEqual(bypassesProxy('notinternal.example.com', 443, rules), false);
    assert.strictEqual(bypassesProxy('localhost', 80, rules), false);
    assert.strictEqual(bypassesProxy('127.0.0.1', 80, rules), false);
    assert.strictEqual(bypassesProxy('anything', 1, ['*']), true);
  });

  it('parses proxy settings, hides passwords in messages and builds Basic credentials', () => {
    assert.strictEqual(parseProxyUrl('proxy.corp:3128').href, 'http://proxy.corp:3128/');
    assert.throws(() => parseProxyUrl('socks5://u:secret@proxy:1080'), (e: Error) => e instanceof ProxyConfigError && !e.message.includes('secret') && e.message.includes('socks5:'));
    assert.throws(() => parseProxyUrl('http://u:secret@'), (e: Error) => e instanceof ProxyConfigError && !e.message.includes('secret'));
    const choice = proxyFor('https://oss-cn-hangzhou.aliyuncs.com/', { proxy: 'http://me:p%40ss@proxy:8080' });
    assert.ok(choice);
    assert.strictEqual(choice.display, 'http://proxy:8080');
    assert.strictEqual(choice.authorization, `Basic ${Buffer.from('me:p@ss').toString('base64')}`);
    assert.strictEqual(proxyFor('https://x.example/', { proxy: 'http://proxy:8080', noProxy: ['example'] }), undefined);
    assert.strictEqual(proxyFor('https://x.example/', { proxy: '' }), undefined);
  });

  it('reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY from the environment, in either case', () => {
    assert.deepStrictEqual(proxyFromEnv({ https_proxy: 'http://a:1', HTTP_PROXY: 'http://b:2', NO_PROXY: 'x, .y z' }), { proxy: 'http://a:1', noProxy: ['x', '.y', 'z'] });
    assert.deepStrictEqual(proxyFromEnv({ HTTP_PROXY: 'http://b:2' }), { proxy: 'http://b:2', noProxy: [] });
    assert.deepStrictEqual(proxyFromEnv({}), { proxy: undefined, noProxy: [] });
  });
});

describe('core/http/network: requests through a proxy and with a private CA', function () {
  this.timeout(60000);
  let ca: TestCa;
  let plain: OssServer;
  let secure: OssServer;
  let proxy: CountingProxy;
  let authProxy: CountingProxy;
  let sts: FakeSts;
  let dir: string;
  const bucket = 'net-bucket';

  before(async () => {
    ca = makeTestCa();
    plain = await startOssServer();
    secure = await startOssServer({ tls: { key: ca.keyPem, cert: ca.certPem } });
    for (const s of [plain, secure]) {
      s.createBucket(bucket);
      s.putObjectDirect(bucket, 'hello.txt', 'hello through the proxy');
    }
    proxy = await startCountingProxy({ hosts: { 'oss.test': '127.0.0.1' } });
    authProxy = await startCountingProxy({ auth: { user: 'me', password: 'pa:ss' } });
    sts = await startFakeSts({ accounts: new Map([[plain.accessKeyId, plain.accessKeySecret]]) });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'net-test-'));
  });
  beforeEach(() => {
    proxy.reset();
    authProxy.reset();
  });
  after(async () => {
    await Promise.all([plain.close(), secure.close(), proxy.close(), authProxy.close(), sts.close()]);
    ca.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const trusted = (): string[] => [...tls.rootCertificates, ca.caPem];
  function client(server: OssServer, network: NetworkOptions, endpoint = server.endpoint): OssClient {
    return new OssClient({
      endpoint, region: server.region, credentials: new StaticAccessKeyProvider(server.accessKeyId, server.accessKeySecret),
      network, maxRetries: 0, timeoutMs: 10000,
    });
  }
  const hostOf = (s: OssServer): string => new URL(s.endpoint).host;

  it('forwards http:// requests to the proxy with the absolute URI, over kept-alive sockets', async () => {
    const c = client(plain, { proxy: proxy.url });
    try {
      await c.putObject(bucket, 'a.txt', Buffer.from('abc'));
      const got = await c.getObjectBuffer(bucket, 'a.txt');
      assert.strictEqual(got.body.toString(), 'abc');
      await c.listObjects({ bucket });
      assert.strictEqual(proxy.count(hostOf(plain)), 3);
      assert.ok(proxy.records.every((r) => r.kind === 'forward' && r.url!.startsWith(`http://${hostOf(plain)}/`)));
      assert.strictEqual(proxy.connections, 1, 'one kept-alive connection to the proxy');
    } finally {
      c.destroy();
    }
  });

  it('tunnels https:// requests with CONNECT and trusts a CA given in `ca`', async () => {
    const c = client(secure, { proxy: proxy.url, ca: trusted() });
    try {
      assert.strictEqual((await c.getObjectBuffer(bucket, 'hello.txt')).body.toString(), 'hello through the proxy');
      await c.listObjects({ bucket });
      assert.deepStrictEqual(proxy.records.map((r) => [r.kind, r.target]), [['connect', hostOf(secure)]], 'one tunnel, reused');
    } finally {
      c.destroy();
    }
  });

  it('reaches a named host through the tunnel (the proxy resolves it), checking the certificate against that name', async () => {
    const endpoint = `https://oss.test:${secure.port}`;
    const c = client(secure, { proxy: proxy.url, ca: trusted() }, endpoint);
    try {
      assert.strictEqual((await c.getObjectBuffer(bucket, 'hello.txt')).body.toString(), 'hello through the proxy');
      assert.strictEqual(proxy.count(`${bucket}.oss.test:${secure.port}`), 1);
    } finally {
      c.destroy();
    }
  });

  it('says which host has an untrusted certificate and what to set, directly and through the tunnel', async () => {
    for (const network of [{}, { proxy: proxy.url }]) {
      const c = client(secure, network);
      try {
        await assert.rejects(c.listObjects({ bucket }), (e: Error) => {
          assert.ok(e instanceof CertificateError, `${e.name}: ${e.message}`);
          assert.ok(e.message.includes(hostOf(secure)), e.message);
          assert.ok(e.message.includes('ossExplorer.extraCertificates') && e.message.includes('http.proxyStrictSSL'), e.message);
          return true;
        });
      } finally {
        c.destroy();
      }
    }
    const lax = client(secure, { strictSSL: false });
    try {
      await lax.listObjects({ bucket });
    } finally {
      lax.destroy();
    }
  });

  it('with hostProxyResolution and no proxy, goes through https.request with the CA list and strictSSL per request', async () => {
    const trusting = client(secure, { hostProxyResolution: true, ca: trusted() });
    const plainNode = client(secure, { hostProxyResolution: true });
    try {
      await trusting.listObjects({ bucket });
      await assert.rejects(plainNode.listObjects({ bucket }), CertificateError);
      assert.strictEqual(proxy.records.length, 0);
    } finally {
      trusting.destroy();
      plainNode.destroy();
    }
  });

  it('bypasses the proxy for hosts in noProxy', async () => {
    const c = client(plain, { proxy: proxy.url, noProxy: ['127.0.0.1'] });
    try {
      await c.listObjects({ bucket });
      assert.strictEqual(proxy.records.length, 0);
    } finally {
      c.destroy();
    }
  });

  it('a proxy that wants authentication gives ProxyAuthError (CONNECT and forwarding); credentials in the URL satisfy it', async () => {
    for (const server of [plain, secure]) {
      const c = client(server, { proxy: authProxy.url, ca: trusted() });
      try {
        await assert.rejects(c.listObjects({ bucket }), (e: Error) => {
          assert.ok(e instanceof ProxyAuthError, `${e.name}: ${e.message}`);
          assert.ok(e.message.includes(`The proxy at ${authProxy.url} wants authentication (407`), e.message);
          return true;
        });
      } finally {
        c.destroy();
      }
      const ok = client(server, { proxy: authProxy.url.replace('//', '//me:pa%3Ass@'), ca: trusted() });
      try {
        await ok.listObjects({ bucket });
      } finally {
        ok.destroy();
      }
    }
    assert.strictEqual(authProxy.records.filter((r) => r.refused).length, 2);
    assert.strictEqual(authProxy.count(), 2);
  });

  it('a proxy that cannot be reached is named, for tunnels and for forwarding', async () => {
    const closed = await startCountingProxy();
    await closed.close();
    for (const server of [plain, secure]) {
      const c = client(server, { proxy: closed.url, ca: trusted() });
      try {
        await assert.rejects(c.listObjects({ bucket }), (e: Error) => {
          assert.ok(e instanceof ProxyConnectError, `${e.name}: ${e.message}`);
          assert.ok(e.message.startsWith(`Could not reach the proxy at ${closed.url} (for ${hostOf(server)}): ECONNREFUSED`), e.message);
          return true;
        });
      } finally {
        c.destroy();
      }
    }
  });

  it('signed-link downloads and uploads go through the proxy', async () => {
    const creds = { accessKeyId: secure.accessKeyId, accessKeySecret: secure.accessKeySecret };
    const link = (method: 'GET' | 'PUT', key: string): string =>
      presignUrl({ credentials: creds, signatureVersion: 'v4', method, endpoint: secure.endpoint, region: secure.region, bucket, key, expiresInSeconds: 600 }).url;
    const network = { proxy: proxy.url, ca: trusted() };
    const file = path.join(dir, 'up.txt');
    fs.writeFileSync(file, 'signed upload');
    await putFileToSignedUrl({ url: link('PUT', 'up.txt'), file, network });
    const out = path.join(dir, 'down.txt');
    await downloadFromSignedUrl({ url: link('GET', 'up.txt'), file: out, network });
    assert.strictEqual(fs.readFileSync(out, 'utf8'), 'signed upload');
    assert.strictEqual(proxy.count(hostOf(secure)), 2);
    await assert.rejects(downloadFromSignedUrl({ url: link('GET', 'up.txt'), file: path.join(dir, 'x'), network: { proxy: authProxy.url } }), ProxyAuthError);
    await assert.rejects(downloadFromSignedUrl({ url: link('GET', 'up.txt'), file: path.join(dir, 'y') }), CertificateError);
  });

  it('STS AssumeRole calls go through the proxy; a 407 from it is said plainly', async () => {
    const p = new AssumeRoleProvider({
      accessKeyId: plain.accessKeyId, accessKeySecret: plain.accessKeySecret, roleArn: 'acs:ram::123:role/r', roleSessionName: 'oss-explorer',
      endpoint: sts.endpoint, network: { proxy: proxy.url },
    });
    await p.getCredentials();
    assert.strictEqual(proxy.count(new URL(sts.endpoint).host), 1);
    const refused = new AssumeRoleProvider({
      accessKeyId: plain.accessKeyId, accessKeySecret: plain.accessKeySecret, roleArn: 'acs:ram::123:role/r', roleSessionName: 'oss-explorer',
      endpoint: sts.endpoint, network: { proxy: authProxy.url },
    });
    await assert.rejects(refused.getCredentials(), (e: Error) => e.message.includes('wants authentication (407') && !e.message.includes(plain.accessKeySecret));
  });
});
