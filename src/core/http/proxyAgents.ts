/**
 * The one place where core's HTTP agents are made. For each target an agent that:
 * - connects directly (http.Agent / https.Agent), or
 * - for an https:// target through a proxy, opens a CONNECT tunnel and runs TLS to the target
 *   inside it (the proxy sees only host:port), or
 * - for an http:// target through a proxy, sends the request to the proxy with the absolute URI
 *   as its path (plain forwarding).
 * All keep sockets alive and carry the certificate options (strictSSL, CA list). Uses only
 * node:http/https/net/tls. The rules are in network.ts and docs/network.md.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { fillPlaceholders, type Translate } from '../translate';
import { CONNECT_FAILURES, certificateProblem, isNetworkSetupError, proxyAuthRequired, proxyFailed, proxyFor, proxyUnreachable, type NetworkOptions, type ProxyChoice } from './network';

export interface AgentTuning {
  /** Sockets per host (default 32). */
  maxSockets?: number;
  /** Keep idle sockets for reuse (default true). */
  keepAlive?: boolean;
  /** Time-out for connecting to the proxy and its CONNECT answer (default 30 s). */
  connectTimeoutMs?: number;
}

type ConnectCallback = (err: Error | null, socket?: Duplex) => void;
/** Remembers a setup error for a target, so it can be told again after node-fetch rewraps it. */
type Note = (target: string, err: Error) => Error;

function targetKey(host: string, port: number | string): string {
  return `${host.replace(/^\[|\]$/g, '').toLowerCase()}:${port}`;
}
type ConnectOptions = tls.ConnectionOptions & { host?: string; port?: number | string; servername?: string };

/** The TLS options of one agent set: the CA list (as one secure context) and whether to verify. */
function tlsOptions(o: NetworkOptions): { rejectUnauthorized: boolean; secureContext?: tls.SecureContext } {
  const rejectUnauthorized = o.strictSSL !== false;
  if (!o.ca || o.ca.length === 0) return { rejectUnauthorized };
  // Parsing a few hundred CAs takes milliseconds: once per list, shared by every agent set that uses it.
  let secureContext = contexts.get(o.ca);
  if (!secureContext) {
    secureContext = tls.createSecureContext({ ca: [...o.ca] });
    contexts.set(o.ca, secureContext);
  }
  return { rejectUnauthorized, secureContext };
}

const contexts = new WeakMap<readonly string[], tls.SecureContext>();

/** Opens a socket to the proxy (TLS when the proxy is https://). */
function connectProxy(proxy: ProxyChoice, tlsOpts: ReturnType<typeof tlsOptions>): net.Socket {
  const port = Number(proxy.url.port) || (proxy.url.protocol === 'https:' ? 443 : 80);
  const host = proxy.url.hostname.replace(/^\[|\]$/g, '');
  return proxy.url.protocol === 'https:'
    ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ...tlsOpts })
    : net.connect({ host, port });
}

/**
 * Sends CONNECT host:port to the proxy and resolves with the socket once it answers 200.
 * 407 becomes ProxyAuthError; other answers and socket errors ProxyConnectError.
 */
export function openTunnel(
  proxy: ProxyChoice, host: string, port: number, tlsOpts: ReturnType<typeof tlsOptions>, t: Translate, timeoutMs: number,
): Promise<net.Socket> {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = connectProxy(proxy, tlsOpts);
    let buffered = Buffer.alloc(0);
    let settled = false;
    const finish = (err: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onEnd);
      if (err) {
        socket.destroy();
        reject(err);
      } else {
        resolve(socket);
      }
    };
    const timer = setTimeout(() => finish(proxyFailed(proxy, target, t('no answer within {0} ms', timeoutMs), t)), timeoutMs);
    timer.unref?.();
    const onError = (err: Error): void => {
      const cert = proxy.url.protocol === 'https:' ? certificateProblem(err, proxy.url.host, t) : undefined;
      const code = (err as { code?: string }).code;
      const detail = code ?? err.message;
      finish(cert ?? (code && CONNECT_FAILURES.has(code) ? proxyUnreachable(proxy, target, detail, t, err) : proxyFailed(proxy, target, detail, t, err)));
    };
    const onEnd = (): void => finish(proxyFailed(proxy, target, t('the proxy closed the connection'), t));
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffered.length > 16384) finish(proxyFailed(proxy, target, t('an answer that is not HTTP'), t));
        return;
      }
      const statusLine = buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
      const status = m ? Number(m[1]) : 0;
      if (status === 200) {
        const rest = buffered.subarray(end + 4);
        if (rest.length) socket.unshift(rest);
        finish(undefined);
      } else if (status === 407) {
        finish(proxyAuthRequired(proxy, t));
      } else {
        finish(proxyFailed(proxy, target, statusLine.trim() || t('an answer that is not HTTP'), t));
      }
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('end', onEnd);
    const headers = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`];
    if (proxy.authorization) headers.push(`Proxy-Authorization: ${proxy.authorization}`);
    socket.write(`${headers.join('\r\n')}\r\n\r\n`);
  });
}

/** https:// targets through a proxy: TLS to the target inside a CONNECT tunnel. */
class TunnelAgent extends https.Agent {
  constructor(
    private readonly proxy: ProxyChoice,
    private readonly tlsOpts: ReturnType<typeof tlsOptions>,
    private readonly t: Translate,
    private readonly connectTimeoutMs: number,
    private readonly note: Note,
    opts: https.AgentOptions,
  ) {
    super({ ...opts, ...tlsOpts });
  }

  override createConnection(options: ConnectOptions, callback: ConnectCallback): Duplex {
    const host = String(options.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const port = Number(options.port) || 443;
    openTunnel(this.proxy, host, port, this.tlsOpts, this.t, this.connectTimeoutMs).then(
      (socket) => {
        const servername = options.servername || (net.isIP(host) ? undefined : host);
        const secure = tls.connect({ ...options, ...this.tlsOpts, socket, servername, host, port });
        explainTlsErrors(secure, host, port, this.t, this.note);
        callback(null, secure);
      },
      (err: Error) => callback(this.note(targetKey(host, port), err)),
    );
    // Node's Agent waits for the callback when createConnection returns nothing.
    return undefined as unknown as Duplex;
  }
}

/**
 * http:// targets through a proxy: the request goes to the proxy with the absolute URI as its path.
 * The path is rewritten in addRequest, which a ClientRequest calls before it renders its header;
 * an agent wrapper that calls it later (VS Code's, behind the patched http.request) would be too
 * late, which is one more reason startRequest builds the ClientRequest itself when proxying.
 */
class ForwardAgent extends http.Agent {
  constructor(
    private readonly proxy: ProxyChoice,
    private readonly tlsOpts: ReturnType<typeof tlsOptions>,
    opts: http.AgentOptions,
  ) {
    super(opts);
  }

  /** Node's Agent#addRequest (not in the typings): rewrites the path and sends the request to the proxy. */
  addRequest(req: http.ClientRequest, options: http.RequestOptions): void {
    const host = options.hostname ?? options.host ?? 'localhost';
    const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    const port = options.port && Number(options.port) !== 80 ? `:${options.port}` : '';
    if (!req.path.startsWith('http://')) req.path = `http://${hostPart}${port}${req.path}`;
    if (this.proxy.authorization && !req.headersSent) req.setHeader('proxy-authorization', this.proxy.authorization);
    const proxyPort = Number(this.proxy.url.port) || (this.proxy.url.protocol === 'https:' ? 443 : 80);
    // The pool is keyed by the proxy's address: one set of kept-alive sockets for every target.
    const base = http.Agent.prototype as unknown as { addRequest(r: http.ClientRequest, o: object): void };
    base.addRequest.call(this, req, { ...options, host: this.proxy.url.hostname.replace(/^\[|\]$/g, ''), hostname: undefined, port: proxyPort });
  }

  override createConnection(options: ConnectOptions): Duplex {
    return this.proxy.url.protocol === 'https:' ? connectProxy(this.proxy, this.tlsOpts) : net.connect(options as net.NetConnectOpts);
  }
}

/** Turns certificate failures of a TLS socket into CertificateError (same event, clearer error). */
function explainTlsErrors(socket: tls.TLSSocket, host: string, port: number | string, t: Translate, note: Note): void {
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  socket.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
    if (event === 'error') {
      const cert = certificateProblem(args[0], `${host.includes(':') ? `[${host}]` : host}:${port}`, t);
      return emit('error', cert ? note(targetKey(host, port), cert) : args[0]);
    }
    return emit(event, ...args);
  }) as typeof socket.emit;
}

/** Direct https:// agent with the CA list and strictSSL, and the clearer certificate errors. */
class DirectHttpsAgent extends https.Agent {
  constructor(private readonly t: Translate, private readonly note: Note, opts: https.AgentOptions) {
    super(opts);
  }
  override createConnection(options: ConnectOptions, callback: ConnectCallback): Duplex {
    const base = https.Agent.prototype as unknown as { createConnection(o: ConnectOptions, cb: ConnectCallback): Duplex };
    const socket = base.createConnection.call(this, options, callback) as tls.TLSSocket;
    explainTlsErrors(socket, String(options.host ?? 'localhost'), options.port ?? 443, this.t, this.note);
    return socket;
  }
}

/**
 * The agents of one client (or one transfer): chosen per target URL, made on first use, destroyed
 * together. `agentFor` is what node-fetch's `agent` option and node:http(s) requests take.
 */
export class NetworkAgents {
  private readonly direct: { http?: http.Agent; https?: https.Agent } = {};
  private readonly viaProxy = new Map<string, http.Agent>();
  private readonly tlsOpts: ReturnType<typeof tlsOptions>;
  private readonly t: Translate;
  private readonly agentOpts: http.AgentOptions;
  private readonly connectTimeoutMs: number;
  /** The last setup error (proxy, certificate) per target host:port. */
  private readonly failures = new Map<string, Error>();
  private readonly note: Note = (target, err) => {
    this.failures.set(target, err);
    return err;
  };

  constructor(readonly network: NetworkOptions = {}, tuning: AgentTuning = {}) {
    this.tlsOpts = tlsOptions(network);
    this.t = network.t ?? fillPlaceholders;
    const keepAlive = tuning.keepAlive ?? true;
    this.agentOpts = { keepAlive, keepAliveMsecs: 15000, maxSockets: tuning.maxSockets ?? 32 };
    this.connectTimeoutMs = tuning.connectTimeoutMs ?? 30000;
  }

  /** strictSSL and the CA list as request options (for a request whose agent may be replaced). */
  tlsRequestOptions(): { rejectUnauthorized: boolean; secureContext?: tls.SecureContext } {
    return { ...this.tlsOpts };
  }

  /** The proxy this target goes through, if any (throws ProxyConfigError for a bad proxy setting). */
  proxyFor(target: URL | string): ProxyChoice | undefined {
    return proxyFor(target, this.network);
  }

  /** The agent for a request to this URL. */
  agentFor(target: URL | string): http.Agent {
    const u = typeof target === 'string' ? new URL(target) : target;
    const proxy = this.proxyFor(u);
    const secure = u.protocol === 'https:';
    if (!proxy) {
      if (secure) return (this.direct.https ??= new DirectHttpsAgent(this.t, this.note, { ...this.agentOpts, ...this.tlsOpts }));
      return (this.direct.http ??= new http.Agent(this.agentOpts));
    }
    const key = `${secure ? 'tunnel' : 'forward'} ${proxy.url.href}`;
    let agent = this.viaProxy.get(key);
    if (!agent) {
      agent = secure
        ? new TunnelAgent(proxy, this.tlsOpts, this.t, this.connectTimeoutMs, this.note, this.agentOpts)
        : new ForwardAgent(proxy, this.tlsOpts, this.agentOpts);
      this.viaProxy.set(key, agent);
    }
    return agent;
  }

  /** A 407 answer of a forwarding proxy, as ProxyAuthError; undefined when the target is not proxied or the status is not 407. */
  proxyAnswerError(target: URL | string, status: number): Error | undefined {
    if (status !== 407) return undefined;
    const proxy = this.proxyFor(target);
    return proxy ? proxyAuthRequired(proxy, this.t) : undefined;
  }

  /**
   * The clear error behind a failed request to `target`: the proxy or certificate error this set
   * of agents raised (node-fetch rewraps it in a FetchError that keeps only its code), or a raw
   * certificate failure as CertificateError; otherwise the error itself.
   */
  explain(err: unknown, target: URL | string): Error {
    const plain = err instanceof Error ? err : new Error(String(err));
    if (isNetworkSetupError(err)) return plain;
    const u = typeof target === 'string' ? new URL(target) : target;
    const code = (err as { code?: unknown } | undefined)?.code;
    const noted = this.failures.get(targetKey(u.hostname, u.port || (u.protocol === 'https:' ? 443 : 80)));
    if (noted && (noted as { code?: unknown }).code === code) return noted;
    // A forwarding proxy that cannot be reached (a tunnel says so itself, above).
    const proxy = typeof code === 'string' && CONNECT_FAILURES.has(code) ? this.proxyFor(u) : undefined;
    if (proxy) return proxyUnreachable(proxy, u.host, code as string, this.t, err);
    return certificateProblem(err, u.host, this.t) ?? plain;
  }

  destroy(): void {
    this.direct.http?.destroy();
    this.direct.https?.destroy();
    for (const a of this.viaProxy.values()) a.destroy();
    this.viaProxy.clear();
  }
}

/**
 * Starts a request to `target` (path and query as given, not normalised) over the agent
 * {@link NetworkAgents.agentFor} picks. It builds the ClientRequest itself rather than calling
 * http.request / https.request: VS Code's extension host replaces those two functions, and with
 * http.proxySupport "override" (the default) they swap the agent for VS Code's own on every host
 * but localhost, which ignores ossExplorer.extraCertificates and keeps no socket alive. A
 * ClientRequest given our agent is left alone, so every request follows our settings in
 * VS Code and in plain Node alike (docs/network.md).
 */
export function startRequest(
  agents: NetworkAgents,
  target: URL,
  pathAndQuery: string,
  options: Omit<http.RequestOptions, 'agent' | 'host' | 'hostname' | 'port' | 'path' | 'protocol'>,
  onResponse: (res: http.IncomingMessage) => void,
): http.ClientRequest {
  const o: https.RequestOptions = {
    ...options,
    protocol: target.protocol,
    hostname: target.hostname.replace(/^\[|\]$/g, ''),
    port: target.port || undefined,
    path: pathAndQuery,
    agent: agents.agentFor(target),
  };
  if (agents.network.hostProxyResolution && !agents.proxyFor(target)) {
    // No proxy of ours: let the host's patched request apply the system proxy or a PAC script;
    // the certificate options go with the request, as the host may swap the agent.
    if (target.protocol !== 'https:') return http.request(o, onResponse);
    return https.request({ ...o, ...agents.tlsRequestOptions() }, onResponse);
  }
  return new http.ClientRequest(o, onResponse);
}
