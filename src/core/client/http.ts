/**
 * HTTP transport of the OSS client: signing on every attempt, retries with back-off, clock-skew
 * correction, STS token invalidation, idle time-outs, cancellation, CRC-64 of uploaded bodies and
 * error parsing. node-fetch for ordinary requests; node:http(s) with the raw path for keys whose
 * path contains `.`/`..` segments (the WHATWG URL inside fetch would normalize them away).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { loadFetch } from '../http/fetch';
import { resolveAddress, renderQuery, signRequest } from '../signer';
import type { SignatureVersion } from '../signer/types';
import type { CredentialProvider } from '../credentials/types';
import { Crc64 } from '../crc64';
import { redactUrl } from '../redact';
import type { RequestLog } from './types';
import {
  OssAbortError,
  OssClientError,
  OssError,
  OssNetworkError,
  codeForStatus,
  crcMismatch,
  isAbortError,
} from './errors';
import { list, parseXml, text } from './xml';

export type Method = 'GET' | 'PUT' | 'HEAD' | 'DELETE' | 'POST';

/** A request body: bytes, or a factory that opens a fresh stream for every attempt. */
export type Body = Buffer | Uint8Array | (() => Readable);

export interface OssRequest {
  /** Operation name for errors and logs, e.g. 'PutObject'. */
  op: string;
  method: Method;
  bucket?: string;
  key?: string;
  /** Decoded query; '' = valueless sub-resource. */
  query?: Record<string, string>;
  /** Lower-case header names. */
  headers?: Record<string, string>;
  body?: Body;
  /** Required for stream bodies. */
  bodyLength?: number;
  /** 'buffer' (default): read the whole body; 'stream': hand the body to the caller; 'none': discard. */
  response?: 'buffer' | 'stream' | 'none';
  /** Compute the CRC-64 of the sent body and compare with the response's x-oss-hash-crc64ecma. */
  checkUploadCrc?: boolean;
  /** Stream bodies: called per chunk handed to the socket (each attempt re-opens the body from 0). */
  onBodyBytes?: (n: number) => void;
  signal?: AbortSignal;
  /** Statuses that are not errors (default 200..299). */
  okStatus?: (status: number) => boolean;
}

export interface OssResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** For response 'buffer'. */
  body: Buffer;
  /** For response 'stream': the raw body (see streamControl). */
  stream?: Readable;
  requestId?: string;
  /** CRC-64 of the body sent, when checkUploadCrc was set. */
  sentCrc?: bigint;
  /** For response 'stream': idle-timer and error mapping hooks for the body. */
  streamControl?: StreamControl;
}

export interface StreamControl {
  /** Re-arms the idle time-out (call per chunk). */
  touch(): void;
  /** Stops the time-out and releases the caller's signal (call at end/close). */
  done(): void;
  /** Maps a body error to AbortError / OssNetworkError (RequestTimeout or NetworkError). */
  wrap(err: unknown): Error;
}

export interface TransportOptions {
  endpoint: string;
  region: string;
  credentials: CredentialProvider;
  signatureVersion: SignatureVersion;
  cname?: boolean;
  pathStyle?: boolean;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  maxSockets: number;
  onRequest?: (log: RequestLog) => void;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | null;
}

const RETRY_CODES = new Set(['RequestTimeTooSkewed', 'BadRequest']);
const TOKEN_CODES = new Set(['SecurityTokenExpired', 'InvalidSecurityToken']);
const MAX_ERROR_BODY = 1 << 20;

/** True for `.`/`..` path segments (also percent-encoded) that a WHATWG URL would normalize. */
export function hasDotSegment(encodedPath: string): boolean {
  for (const seg of encodedPath.split('/')) {
    if (seg.length > 0 && seg.length <= 6) {
      const d = seg.replace(/%2e/gi, '.');
      if (d === '.' || d === '..') return true;
    }
  }
  return false;
}

/** Masks signatures, tokens and credentials in a path+query for logs (shared redaction rules). */
export function maskPath(pathAndQuery: string): string {
  return redactUrl(pathAndQuery);
}

export function isRetryable(err: unknown): boolean {
  if (isAbortError(err)) return false;
  if (err instanceof OssError) {
    return err.status >= 500 || err.status === 408 || err.status === 429 || RETRY_CODES.has(err.code);
  }
  if (err instanceof OssNetworkError) return true;
  if (err instanceof OssClientError) return err.code === 'InconsistentCrc' || err.code === 'TruncatedBody';
  return false;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new OssAbortError());
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new OssAbortError());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Per-attempt controller: caller abort + idle time-out (re-armed by touch()). */
class AttemptControl {
  readonly controller = new AbortController();
  timedOut = false;
  callerAborted = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly onCallerAbort = (): void => {
    this.callerAborted = true;
    this.controller.abort();
  };

  constructor(private readonly timeoutMs: number, private readonly caller?: AbortSignal) {
    if (caller) {
      if (caller.aborted) this.onCallerAbort();
      else caller.addEventListener('abort', this.onCallerAbort, { once: true });
    }
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    if (this.timer) this.timer.refresh();
    else if (this.timeoutMs > 0) {
      this.timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort();
      }, this.timeoutMs);
      this.timer.unref?.();
    }
  }

  done(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }

  /** Maps a low-level failure to the error the caller should see. */
  wrap(err: unknown, what: string, operation: string): Error {
    if (this.callerAborted) return new OssAbortError(operation);
    if (this.timedOut) return new OssNetworkError('RequestTimeout', `Timed out after ${this.timeoutMs} ms of inactivity while ${what}`, operation, err);
    if (err instanceof OssError || err instanceof OssClientError || err instanceof OssNetworkError || err instanceof OssAbortError) return err;
    const e = err as { code?: string; message?: string };
    const detail = e?.code ? `${e.code}${e.message ? ` (${e.message})` : ''}` : e?.message || String(err);
    return new OssNetworkError('NetworkError', `Network error while ${what}: ${detail}`, operation, err);
  }
}

/** Pass-through that touches the idle timer, optionally computes CRC-64 and counts bytes. */
class Meter extends Transform {
  readonly crc?: Crc64;
  bytes = 0;
  constructor(private readonly ctl: AttemptControl, withCrc: boolean, private readonly onBytes?: (n: number) => void) {
    super({ highWaterMark: 1 << 20 });
    if (withCrc) this.crc = new Crc64();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.ctl.touch();
    this.bytes += chunk.length;
    this.crc?.update(chunk);
    if (this.onBytes) {
      try {
        this.onBytes(chunk.length);
      } catch {
        /* a progress hook must not break the upload */
      }
    }
    cb(null, chunk);
  }
}

export class Transport {
  /** Server time minus local time, learnt from RequestTimeTooSkewed responses. */
  clockOffsetMs = 0;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(readonly o: TransportOptions) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: o.maxSockets, keepAliveMsecs: 15000 });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: o.maxSockets, keepAliveMsecs: 15000 });
    // Start loading the ESM-only node-fetch now so the first request does not pay for it.
    void loadFetch().catch(() => undefined);
  }

  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  operationName(req: Pick<OssRequest, 'op' | 'bucket' | 'key'>): string {
    if (req.bucket === undefined) return req.op;
    return req.key === undefined ? `${req.op} ${req.bucket}` : `${req.op} ${req.bucket}/${req.key}`;
  }

  async request(req: OssRequest): Promise<OssResponse> {
    const operation = this.operationName(req);
    const replayable = req.body === undefined || typeof req.body === 'function' || req.body instanceof Uint8Array;
    let tokenRetried = false;
    let skewRetried = false;
    let bufferCrc: bigint | undefined;
    if (req.checkUploadCrc && req.body instanceof Uint8Array) bufferCrc = new Crc64().update(req.body).digest();

    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw new OssAbortError(operation);
      try {
        return await this.attempt(req, operation, attempt, bufferCrc);
      } catch (err) {
        if (isAbortError(err)) throw err instanceof OssAbortError ? err : new OssAbortError(operation);
        if (err instanceof OssError && TOKEN_CODES.has(err.code) && !tokenRetried) {
          tokenRetried = true;
          this.o.credentials.invalidate(err.code);
          continue;
        }
        if (err instanceof OssError && err.code === 'RequestTimeTooSkewed' && !skewRetried && replayable) {
          // The clock offset was corrected from the response: retry at once (not counted as a retry).
          skewRetried = true;
          continue;
        }
        const retriesUsed = attempt - 1 - (tokenRetried ? 1 : 0) - (skewRetried ? 1 : 0);
        if (!replayable || !isRetryable(err) || retriesUsed >= this.o.maxRetries) throw err;
        const exp = Math.min(this.o.retryMaxDelayMs, this.o.retryBaseDelayMs * 2 ** retriesUsed);
        await sleep(exp / 2 + Math.random() * (exp / 2), req.signal).catch(() => {
          throw new OssAbortError(operation);
        });
      }
    }
  }

  private async attempt(req: OssRequest, operation: string, attempt: number, bufferCrc?: bigint): Promise<OssResponse> {
    const creds = await this.o.credentials.getCredentials();
    const address = resolveAddress({
      endpoint: this.o.endpoint,
      bucket: req.bucket,
      key: req.key,
      cname: this.o.cname,
      pathStyle: this.o.pathStyle,
    });
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    const signed = signRequest({
      credentials: creds,
      signatureVersion: this.o.signatureVersion,
      method: req.method,
      region: this.o.region,
      bucket: req.bucket,
      key: req.key,
      query: req.query,
      headers,
      now: this.now(),
    });
    Object.assign(headers, signed.headers);
    if (headers['accept-encoding'] === undefined) headers['accept-encoding'] = 'identity';
    const qs = req.query && Object.keys(req.query).length ? `?${renderQuery(req.query)}` : '';
    const pathAndQuery = address.path + qs;

    const ctl = new AttemptControl(this.o.timeoutMs, req.signal);
    let meter: Meter | undefined;
    let body: Buffer | Uint8Array | Readable | undefined;
    if (typeof req.body === 'function') {
      if (req.bodyLength === undefined) throw new Error('bodyLength is required for stream bodies');
      headers['content-length'] = String(req.bodyLength);
      let src: Readable;
      try {
        src = req.body();
      } catch (err) {
        ctl.done();
        throw err;
      }
      meter = new Meter(ctl, !!req.checkUploadCrc, req.onBodyBytes);
      const m = meter;
      src.on('error', (e) => m.destroy(e));
      m.on('close', () => src.destroy());
      body = src.pipe(m);
    } else if (req.body !== undefined) {
      headers['content-length'] = String(req.body.length);
      body = req.body;
    } else if (req.method === 'PUT' || req.method === 'POST') {
      headers['content-length'] = '0';
    }

    const started = Date.now();
    const log = (status?: number, requestId?: string, error?: string): void => {
      if (!this.o.onRequest) return;
      try {
        this.o.onRequest({
          method: req.method,
          host: address.host,
          path: maskPath(pathAndQuery),
          status,
          requestId,
          durationMs: Date.now() - started,
          attempt,
          error,
        });
      } catch {
        /* a logger must not break requests */
      }
    };

    let raw: RawResponse;
    try {
      raw = hasDotSegment(address.path)
        ? await this.sendRaw(address.protocol, address.host, pathAndQuery, req.method, headers, body, ctl)
        : await this.sendFetch(`${address.protocol}//${address.host}${pathAndQuery}`, req.method, headers, body, ctl);
    } catch (err) {
      ctl.done();
      if (meter && !meter.destroyed) meter.destroy();
      const e = ctl.wrap(err, `sending the request`, operation);
      log(undefined, undefined, e.message);
      throw e;
    }
    ctl.touch();
    const requestId = raw.headers['x-oss-request-id'];
    const ok = req.okStatus ? req.okStatus(raw.status) : raw.status >= 200 && raw.status < 300;

    if (!ok) {
      let errBody: Buffer = Buffer.alloc(0);
      try {
        errBody = raw.body ? await readAll(raw.body, ctl, MAX_ERROR_BODY) : errBody;
      } catch {
        /* status-only error */
      }
      ctl.done();
      const err = parseError(raw.status, raw.headers, errBody, operation, req.key !== undefined, signed.stringToSign);
      if (err.code === 'RequestTimeTooSkewed') this.learnClock(raw.headers, errBody);
      log(raw.status, requestId, `${err.code}`);
      throw err;
    }

    let sentCrc: bigint | undefined;
    if (req.checkUploadCrc) {
      sentCrc = meter?.crc ? meter.crc.digest() : bufferCrc;
      const server = raw.headers['x-oss-hash-crc64ecma'];
      if (server !== undefined && sentCrc !== undefined && server !== sentCrc.toString()) {
        raw.body?.resume();
        ctl.done();
        log(raw.status, requestId, 'crc is inconsistent');
        throw crcMismatch('uploaded body', sentCrc.toString(), server, operation);
      }
    }

    if (req.response === 'stream' && raw.body) {
      // The consumer owns the body: it must call touch() per chunk, done() at the end, and map
      // body errors through wrap() (getObject does all three in one Transform).
      log(raw.status, requestId);
      const streamControl: StreamControl = {
        touch: () => ctl.touch(),
        done: () => ctl.done(),
        wrap: (e) => ctl.wrap(e, 'receiving the response body', operation),
      };
      return { status: raw.status, headers: raw.headers, body: Buffer.alloc(0), stream: raw.body, streamControl, requestId, sentCrc };
    }
    let data: Buffer = Buffer.alloc(0);
    try {
      if (raw.body) {
        if (req.response === 'none') await drain(raw.body, ctl);
        else data = await readAll(raw.body, ctl, Infinity);
      }
    } catch (err) {
      const e = ctl.wrap(err, 'receiving the response body', operation);
      log(raw.status, requestId, e.message);
      throw e;
    } finally {
      ctl.done();
    }
    log(raw.status, requestId);
    return { status: raw.status, headers: raw.headers, body: data, requestId, sentCrc };
  }

  private learnClock(headers: Record<string, string>, body: Buffer): void {
    let server = Date.parse(headers['date'] ?? '');
    if (!Number.isFinite(server)) {
      try {
        const e = list(parseXml(body.toString('utf8')), 'Error')[0];
        server = Date.parse(text(e, 'ServerTime') ?? '');
      } catch {
        /* ignore */
      }
    }
    if (Number.isFinite(server)) this.clockOffsetMs = server - Date.now();
  }

  private async sendFetch(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: Buffer | Uint8Array | Readable | undefined,
    ctl: AttemptControl,
  ): Promise<RawResponse> {
    const { default: fetch } = await loadFetch();
    const res = await fetch(url, {
      method,
      headers,
      body: body as never,
      agent: url.startsWith('https:') ? this.httpsAgent : this.httpAgent,
      signal: ctl.signal as never,
      compress: false,
      redirect: 'manual',
      highWaterMark: 1 << 20,
    });
    const h: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      h[k.toLowerCase()] = v;
    });
    return { status: res.status, headers: h, body: (res.body as unknown as Readable | null) ?? null };
  }

  /** node:http(s) with the raw (pre-encoded) path: used when the path has dot segments. */
  private sendRaw(
    protocol: string,
    host: string,
    path: string,
    method: string,
    headers: Record<string, string>,
    body: Buffer | Uint8Array | Readable | undefined,
    ctl: AttemptControl,
  ): Promise<RawResponse> {
    const u = new URL(`${protocol}//${host}/`);
    const mod = protocol === 'https:' ? https : http;
    return new Promise<RawResponse>((resolve, reject) => {
      const r = mod.request(
        {
          protocol,
          hostname: u.hostname.replace(/^\[|\]$/g, ''),
          port: u.port || undefined,
          method,
          path,
          headers: { host, ...headers },
          agent: protocol === 'https:' ? this.httpsAgent : this.httpAgent,
          signal: ctl.signal,
        },
        (res) => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
          }
          resolve({ status: res.statusCode ?? 0, headers: h, body: method === 'HEAD' ? (res.resume(), null) : res });
        },
      );
      r.on('error', reject);
      if (body instanceof Readable) {
        body.on('error', (e) => r.destroy(e));
        body.pipe(r);
      } else {
        r.end(body);
      }
    });
  }
}

async function readAll(stream: Readable, ctl: AttemptControl, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    ctl.touch();
    const b = c as Buffer;
    if (n < limit) chunks.push(b);
    n += b.length;
  }
  return Buffer.concat(chunks);
}

async function drain(stream: Readable, ctl: AttemptControl): Promise<void> {
  for await (const _c of stream) ctl.touch();
}

/** Masks the STS token line of a V1 string-to-sign (the rest carries no secret). */
export function maskStringToSign(s: string): string {
  return s.replace(/^(x-oss-security-token:).*$/gim, '$1***');
}

/** Builds an OssError from an error response (XML body, x-oss-err header, or status only). */
export function parseError(
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  operation: string,
  hasKey: boolean,
  clientStringToSign?: string,
): OssError {
  let xmlText = body.length ? body.toString('utf8') : '';
  if (!xmlText.includes('<Error') && headers['x-oss-err']) {
    try {
      xmlText = Buffer.from(headers['x-oss-err'], 'base64').toString('utf8');
    } catch {
      xmlText = '';
    }
  }
  const fields: Record<string, string> = {};
  if (xmlText.includes('<Error')) {
    try {
      const e = list(parseXml(xmlText), 'Error')[0];
      if (e) {
        for (const [k, v] of Object.entries(e)) if (typeof v === 'string') fields[k] = v;
      }
    } catch {
      /* fall back to status-only */
    }
  }
  const { Code, Message, RequestId, HostId, EC, RecommendDoc, StringToSign, ...rest } = fields;
  // Never keep echoes of credentials or signatures from the server's error document.
  delete rest.OSSAccessKeyId;
  delete rest.SignatureProvided;
  delete rest.StringToSignBytes;
  delete rest.CanonicalRequest;
  delete rest['#text'];
  return new OssError({
    status,
    code: Code || codeForStatus(status, { hasKey }),
    serverMessage: Message,
    requestId: RequestId || headers['x-oss-request-id'],
    hostId: HostId,
    ec: EC || headers['x-oss-ec'],
    recommendDoc: RecommendDoc,
    stringToSign: StringToSign === undefined ? undefined : maskStringToSign(StringToSign),
    clientStringToSign: Code === 'SignatureDoesNotMatch' && clientStringToSign ? maskStringToSign(clientStringToSign) : undefined,
    operation,
    details: rest,
  });
}
