// @ts-check
'use strict';
/**
 * A guard in front of a code-server that listens on a Unix socket in a private (0700) folder, so
 * the workbench, which holds credentials, is reachable only through this proxy:
 *
 *  - the Host header must be 127.0.0.1:<port> or localhost:<port> (a page that rebinds its own DNS
 *    name to 127.0.0.1 sends its own name, and is refused);
 *  - the first request must carry `?tkn=<token>` (the printed URL has it): it is answered with a
 *    redirect that drops the token from the address and sets an HttpOnly, SameSite=Strict cookie;
 *    every later request, WebSockets included, must carry that cookie.
 *
 * startGuardProxy({ port, socketPath, token }) -> Promise<{ port, close() }>
 */
const crypto = require('crypto');
const http = require('http');
const net = require('net');

const COOKIE = 'oss_explorer_demo';

/** @param {string} a @param {string} b */
function sameSecret(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** @param {string | undefined} header @returns {string | undefined} */
function cookieValue(header) {
  for (const part of (header || '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return undefined;
}

/**
 * @param {http.IncomingMessage} req @param {number} port @param {string} token
 * @returns {{ ok: true } | { ok: false, status: number, why: string } | { redirect: string }}
 */
function judge(req, port, token) {
  const host = (req.headers.host || '').toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return { ok: false, status: 403, why: `Host "${host}" is not this demo's address` };
  }
  const cookie = cookieValue(req.headers.cookie);
  if (cookie !== undefined && sameSecret(cookie, token)) return { ok: true };
  const url = new URL(req.url || '/', `http://${host}`);
  const given = url.searchParams.get('tkn');
  if (given !== null && sameSecret(given, token)) {
    url.searchParams.delete('tkn');
    return { redirect: url.pathname + url.search };
  }
  return { ok: false, status: 401, why: 'open the URL that `npm run demo` printed (it carries the access token)' };
}

/** @param {{ port: number, socketPath: string, token: string, host?: string }} opts */
function startGuardProxy(opts) {
  const { port, socketPath, token } = opts;
  const server = http.createServer((req, res) => {
    const verdict = judge(req, port, token);
    if ('redirect' in verdict) {
      res.writeHead(302, {
        location: verdict.redirect,
        'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`OSS Explorer demo: refused: ${verdict.why}\n`);
      return;
    }
    const upstream = http.request({ socketPath, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode || 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`code-server is not answering: ${e.message}\n`);
    });
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket, head) => {
    const verdict = judge(req, port, token);
    if (!('ok' in verdict) || !verdict.ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const up = net.connect(socketPath, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    const end = () => {
      up.destroy();
      socket.destroy();
    };
    up.on('error', end);
    socket.on('error', end);
    up.on('close', end);
    socket.on('close', end);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, opts.host || '127.0.0.1', () => {
      resolve({
        port,
        close: () => new Promise((r) => {
          server.closeAllConnections?.();
          server.close(() => r(undefined));
        }),
      });
    });
  });
}

module.exports = { startGuardProxy, judge, COOKIE };
