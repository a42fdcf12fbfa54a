/**
 * A local HTTP proxy for tests that counts what passes through it: CONNECT tunnels (https
 * targets) and absolute-URI forwarding (http targets), per target host:port. It can demand Basic
 * authentication (407 otherwise) and map host names to other addresses (so a test can use a
 * name such as bucket.oss.test for a local server).
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxyRecord {
  kind: 'connect' | 'forward';
  /** host:port as the client asked for it. */
  target: string;
  /** Forwarded requests: method and absolute URL. */
  method?: string;
  url?: string;
  /** The request was refused with 407. */
  refused: boolean;
  headers: http.IncomingHttpHeaders;
}

export interface CountingProxyOptions {
  /** Demand this user and password (Basic); other requests get 407. */
  auth?: { user: string; password: string };
  /** Host name → address to connect to instead (the port stays); a name also covers its subdomains. */
  hosts?: Record<string, string>;
}

export interface CountingProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  records: ProxyRecord[];
  /** TCP connections clients opened to the proxy. */
  readonly connections: number;
  /** Accepted requests (tunnels + forwarded requests) for a host:port, or all. */
  count(target?: string): number;
  reset(): void;
  close(): Promise<void>;
}

function splitTarget(target: string, defaultPort: number): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(target);
  return { host: m?.[1] ?? target, port: m?.[2] ? Number(m[2]) : defaultPort };
}

export async function startCountingProxy(opts: CountingProxyOptions = {}): Promise<CountingProxy> {
  const records: ProxyRecord[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const expected = opts.auth ? `Basic ${Buffer.from(`${opts.auth.user}:${opts.auth.password}`).toString('base64')}` : undefined;
  const allowed = (h: http.IncomingHttpHeaders): boolean => !expected || h['proxy-authorization'] === expected;
  const addressOf = (host: string): string => {
    const h = host.toLowerCase();
    for (const [name, address] of Object.entries(opts.hosts ?? {})) if (h === name || h.endsWith(`.${name}`)) return address;
    return host;
  };
  const upstream = new http.Agent({ keepAlive: true });

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      res.writeHead(400).end('absolute URI expected');
      return;
    }
    const refused = !allowed(req.headers);
    records.push({ kind: 'forward', target: target.host, method: req.method, url, refused, headers: req.headers });
    if (refused) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"', 'content-length': '0' }).end();
      req.resume();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const out = http.request(
      { host: addressOf(target.hostname), port: Number(target.port) || 80, method: req.method, path: `${target.pathname}${target.search}`, headers, agent: upstream },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('connection', (s: net.Socket) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    const refused = !allowed(req.headers);
    records.push({ kind: 'connect', target, refused, headers: req.headers });
    if (refused) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const { host, port } = splitTarget(target, 443);
    const up = net.connect({ host: addressOf(host), port }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    records,
    get connections() {
      return connections;
    },
    count: (target) => records.filter((r) => !r.refused && (target === undefined || r.target === target)).length,
    reset: () => {
      records.length = 0;
      connections = 0;
    },
    close: async () => {
      upstream.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
