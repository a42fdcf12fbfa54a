/**
 * A local, OSS-compatible HTTP server for tests and manual runs (dev tooling,
 * never bundled into the extension). See index.ts for the public API.
 *
 * This file is the core: state, the request log and the per-request pipeline
 * (latency → route → injected failure → verify → handler). Routing is in routing.ts,
 * verification in verify.ts (auth.ts), faults in faults.ts, the operations in handlers/.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { randomBytes } from 'node:crypto';
import type { Account, TemporaryCredentials } from './auth';
import type { ServerContext, Target } from './context';
import { OssError, RequestAborted } from './errors';
import { authorize } from './access';
import { Faults, injectedError, loseResponse } from './faults';
import { postObject } from './postObject';
import { sendError } from './respond';
import { dispatch, opName, parseTarget } from './routing';
import type { Store } from './store';
import { Credentials } from './verify';

export interface RequestLogEntry {
  method: string;
  /** Raw request path with query, as received. */
  path: string;
  host: string;
  op: string;
  bucket?: string;
  key?: string;
  status: number;
  /** Error code for error responses. */
  code?: string;
  auth?: 'v1-header' | 'v1-query' | 'v4-header' | 'v4-query' | 'v1-form' | 'v4-form';
  accessKeyId?: string;
  time: Date;
  /** performance.now() when the request arrived and when its answer was sent (profiling). */
  startedMs?: number;
  finishedMs?: number;
}

export interface ServerOptions {
  region: string;
  accounts: Account[];
  now?: () => Date;
  store: Store;
  /** Custom domains: lower-case `host[:port]` (or bare host, any port) → bucket. See OssServerOptions.cnames. */
  cnames?: Record<string, string>;
  /** How long a RestoreObject takes (default 1000 ms). */
  restoreDelayMs?: number;
  /** Serve HTTPS with this key and certificate (PEM) instead of HTTP. */
  tls?: { key: string; cert: string };
}

function newRequestId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

export class OssHttpServer implements ServerContext {
  readonly faults: Faults;
  readonly requests: RequestLogEntry[] = [];
  readonly accounts: Map<string, Account>;
  readonly temps: Map<string, TemporaryCredentials>;
  readonly expiredTokens: Set<string>;
  readonly region: string;
  readonly store: Store;
  readonly http: http.Server;
  restoreDelayMs: number;
  private readonly credentials: Credentials;
  private readonly nowFn: () => Date;
  private readonly cnames: Map<string, string>;

  constructor(opts: ServerOptions) {
    this.region = opts.region;
    this.store = opts.store;
    this.nowFn = opts.now ?? (() => new Date());
    this.restoreDelayMs = opts.restoreDelayMs ?? 1000;
    this.cnames = new Map(Object.entries(opts.cnames ?? {}).map(([h, b]) => [h.toLowerCase(), b]));
    this.credentials = new Credentials(opts.accounts);
    this.accounts = this.credentials.accounts;
    this.temps = this.credentials.temps;
    this.expiredTokens = this.credentials.expiredTokens;
    this.faults = new Faults(() => this.expireTokensNow());
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      this.handle(req, res).catch((e) => {
        if (!res.headersSent) {
          res.statusCode = 500;
        }
        res.destroy(e instanceof Error ? e : undefined);
      });
    };
    const serverOptions = { highWaterMark: 1024 * 1024 } as http.ServerOptions;
    // An https.Server is an http.Server to the rest of this code (listen, close, address).
    this.http = opts.tls
      ? https.createServer({ ...serverOptions, key: opts.tls.key, cert: opts.tls.cert }, handler)
      : http.createServer(serverOptions, handler);
    this.http.keepAliveTimeout = 30_000;
    this.http.headersTimeout = 60_000;
    this.http.requestTimeout = 0;
  }

  now(): Date {
    return new Date(this.nowFn().getTime() + this.faults.clockOffsetMs);
  }

  expireTokensNow(): void {
    this.credentials.expireAll();
  }

  addTemporaryCredentials(c: TemporaryCredentials): void {
    this.credentials.addTemporary(c);
  }

  private hostId(bucket?: string): string {
    return bucket ? `${bucket}.oss-${this.region}.aliyuncs.com` : `oss-${this.region}.aliyuncs.com`;
  }

  private logEntry(req: http.IncomingMessage, res: http.ServerResponse, method: string): RequestLogEntry {
    const entry: RequestLogEntry = {
      method, path: req.url ?? '/', host: req.headers.host ?? '', op: 'Unknown', status: 0, time: this.nowFn(), startedMs: performance.now(),
    };
    this.requests.push(entry);
    if (this.requests.length > 100_000) {
      this.requests.splice(0, 50_000);
    }
    res.on('finish', () => {
      entry.finishedMs = performance.now();
      entry.status = res.statusCode;
    });
    res.on('close', () => {
      if (!entry.status) {
        entry.status = res.headersSent ? res.statusCode : 0;
      }
    });
    return entry;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const method = (req.method ?? 'GET').toUpperCase();
    const entry = this.logEntry(req, res, method);
    res.setHeader('Server', 'AliyunOSS');
    res.setHeader('x-oss-request-id', requestId);
    let target: Target | undefined;
    try {
      if (this.faults.latencyMs > 0) {
        await new Promise((r) => setTimeout(r, this.faults.latencyMs));
      }
      res.setHeader('Date', this.now().toUTCString());
      target = parseTarget(req, this.cnames);
      const op = opName(method, target, req);
      entry.op = op;
      entry.bucket = target.bucket;
      entry.key = target.key;
      if (this.faults.chaos) {
        const len = Number(req.headers['content-length'] ?? 0);
        this.faults.chaos({ method, op, bucket: target.bucket, key: target.key, bodyLength: Number.isFinite(len) ? len : 0 });
      }
      const fail = this.faults.takeFail(method, op, target.bucket, target.key);
      if (fail !== undefined) {
        if (fail.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fail.retryAfterSeconds));
        throw injectedError(fail.status);
      }
      const stall = this.faults.takeStall(method, op, target.bucket, target.key);
      if (stall !== undefined) {
        await new Promise((r) => setTimeout(r, stall));
        if (req.socket.destroyed) {
          return;
        }
      }
      if (op === 'PostObject') {
        // PostObject carries its own signature in the form; OSS ignores header and URL signatures.
        const who = await postObject(this, this.credentials.context(this.region, this.now()), req, res, target);
        entry.auth = who.v4 ? 'v4-form' : 'v1-form';
        entry.accessKeyId = who.accessKeyId;
        return;
      }
      const auth = this.credentials.verify(req, method, target, this.region, this.now());
      entry.auth = `${auth.version}-${auth.mode}`;
      entry.accessKeyId = auth.accessKeyId;
      authorize(req, op, target, auth.temporary ? this.temps.get(auth.accessKeyId) : undefined, this.region);
      if (this.faults.takeDrop(method, op, target.bucket, target.key)) {
        loseResponse(req, res);
      }
      await dispatch(this, op, req, res, target);
    } catch (e) {
      if (e instanceof RequestAborted) {
        return;
      }
      if (!(e instanceof OssError)) {
        console.error('[oss-server] internal error', e);
      }
      const err = e instanceof OssError ? e : new OssError(500, 'InternalError', String((e as Error)?.message ?? e));
      entry.code = err.code;
      if (err.code === 'RequestTimeTooSkewed' || err.code === 'SecurityTokenExpired') {
        this.faults.note(err.code);
      }
      sendError(req, res, err, requestId, this.hostId(target?.bucket));
    }
  }
}
