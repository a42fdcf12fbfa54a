/**
 * The demo's guard in front of code-server (scripts/lib/guardProxy.js): Host check, the access
 * token from the printed URL, the cookie it becomes, and WebSocket upgrades, against a real
 * upstream HTTP server on a Unix socket.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freePort } from '../../support/ossServer';

const { startGuardProxy } = require(path.join(__dirname, '..', '..', '..', '..', 'scripts', 'lib', 'guardProxy.js')) as {
  startGuardProxy(o: { port: number; socketPath: string; token: string }): Promise<{ port: number; close(): Promise<unknown> }>;
};

function get(port: number, p: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgrade(port: number, cookie?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n${cookie ? `Cookie: ${cookie}\r\n` : ''}\r\n`);
    });
    let got = '';
    s.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.includes('\r\n\r\n')) {
        s.destroy();
        resolve(got.split('\r\n')[0]);
      }
    });
    s.on('error', reject);
    s.on('close', () => resolve(got.split('\r\n')[0]));
  });
}

describe('demo guard in front of code-server', () => {
  const token = 'a-random-token-0123456789';
  let dir: string;
  let upstream: http.Server;
  let guard: { port: number; close(): Promise<unknown> };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-guard-'));
    const socketPath = path.join(dir, 'up.sock');
    upstream = http.createServer((req, res) => res.end(`upstream saw ${req.url}`));
    upstream.on('upgrade', (_req, socket: net.Socket) => socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
    await new Promise<void>((r) => upstream.listen(socketPath, r));
    guard = await startGuardProxy({ port: await freePort(), socketPath, token });
  });

  after(async () => {
    await guard?.close();
    await new Promise((r) => upstream?.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a request without the token', async () => {
    const r = await get(guard.port, '/?folder=/x');
    assert.strictEqual(r.status, 401);
    assert.ok(!r.body.includes('upstream'), 'nothing reached code-server');
  });

  it('refuses a wrong token and a foreign Host header (DNS rebinding), even with the right token', async () => {
    assert.strictEqual((await get(guard.port, `/?tkn=${token}x`)).status, 401);
    const rebound = await get(guard.port, `/?tkn=${token}`, { host: `evil.example:${guard.port}` });
    assert.strictEqual(rebound.status, 403);
    assert.match(rebound.body, /evil\.example/);
  });

  it('turns the token into an HttpOnly SameSite cookie, drops it from the address, then proxies', async () => {
    const first = await get(guard.port, `/?folder=%2Fw&tkn=${token}`);
    assert.strictEqual(first.status, 302);
    assert.strictEqual(first.headers.location, '/?folder=%2Fw');
    const cookie = String(first.headers['set-cookie']?.[0] ?? '');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const pair = cookie.split(';')[0];
    const second = await get(guard.port, '/?folder=%2Fw', { cookie: pair });
    assert.strictEqual(second.status, 200);
    assert.strictEqual(second.body, 'upstream saw /?folder=%2Fw');
    assert.strictEqual((await get(guard.port, '/', { cookie: 'oss_explorer_demo=nope' })).status, 401);
  });

  it('lets a WebSocket upgrade through only with the cookie', async () => {
    assert.match(await upgrade(guard.port), /403/);
    assert.match(await upgrade(guard.port, `oss_explorer_demo=${token}`), /101/);
  });
});
