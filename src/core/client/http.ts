/**
 * HTTP transport of the OSS client: signing on every attempt, retries with back-off, clock-skew
 * correction, STS token invalidation, idle time-outs, cancellation and CRC-64 of uploaded bodies.
 * Sending is in send.ts, per-attempt controls in attemptControl.ts, error parsing in errors.ts.
 */
import { MAX_ERROR_BODY_BYTES, MAX_XML_BYTES, ResponseTooLargeError, readCapped } from '../http/limits';
import { Readable } from 'node:stream';
import type { NetworkOptions } from '../http/network';
import { NetworkAgents } from '../http/proxyAgents';
import { resolveAddress, resolveS3Address, renderQuery, signRequest } from '../signer';
import type { SignatureVersion } from '../signer/types';
import type { CredentialProvider } from '../credentials/types';
import { Crc64 } from '../crc64';
import { redactUrl } from '../redact';
import type { RequestLog } from './types';
import { OssAbortError, OssError, crcMismatch, isAbortError, isRetryable } from './errors';
import { parseError } from './errorResponse';
import { list, parseXml, text } from './xml';
import { AttemptControl, Meter, drain, sleep, tooLarge } from './attemptControl';
import { sendRequest, type Agents, type RawResponse } from './send';
import { t } from '../translate';

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
  /**
   * Called per chunk handed to the socket (each attempt sends the body from 0). Bytes with this hook
   * go out in slices through the meter, so that a big buffer reports progress as it is sent.
   */
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
  /** Proxy, certificate checking and trusted CAs (docs/network.md); default direct with Node's CAs. */
  network?: NetworkOptions;
  /** Maps an error answer to the error to throw (the S3 client names wrong regions and non-S3 endpoints). */
  mapError?: (err: OssError, headers: Record<string, string>, body: Buffer) => Error;
}

/** The transport's tuning with the defaults both clients use (60 s time-out, 3 retries, 32 sockets). */
export function transportTuning(o: {
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  maxSockets?: number;
}): Pick<TransportOptions, 'timeoutMs' | 'maxRetries' | 'retryBaseDelayMs' | 'retryMaxDelayMs' | 'maxSockets'> {
  return {
    timeoutMs: o.timeoutMs ?? 60000,
    maxRetries: o.maxRetries ?? 3,
    retryBaseDelayMs: o.retryBaseDelayMs ?? 200,
    retryMaxDelayMs: o.retryMaxDelayMs ?? 5000,
    maxSockets: o.maxSockets ?? 32,
  };
}

interface SignedRequest {
  protocol: string;
  host: string;
  /** Encoded path without the query. */
  path: string;
  pathAndQuery: string;
  headers: Record<string, string>;
  stringToSign?: string;
}

interface RetryState {
  replayable: boolean;
  tokenRetried: boolean;
  skewRetried: boolean;
}

type AttemptLog = (status?: number, requestId?: string, error?: string) => void;


const TOKEN_CODES = new Set(['SecurityTokenExpired', 'InvalidSecurityToken']);
/** Longest Retry-After honoured; a longer one is cut to this. */
export const MAX_RETRY_AFTER_MS = 20_000;

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

/** The request id header: OSS's, or S3's. */
function requestIdOf(headers: Record<string, string>): string | undefined {
  return headers['x-oss-request-id'] ?? headers['x-amz-request-id'];
}

/** Buffers above this size, with an onBodyBytes hook, are sent in metered slices. */
export const METERED_BUFFER_BYTES = 256 * 1024;

/** Slices of a buffer (views, not copies) for a metered send. */
function* slices(body: Uint8Array, size = 64 * 1024): Generator<Buffer> {
  for (let i = 0; i < body.length; i += size) yield Buffer.from(body.buffer, body.byteOffset + i, Math.min(size, body.length - i));
}

export class Transport {
  /** Server time minus local time, learnt from RequestTimeTooSkewed responses. */
  clockOffsetMs = 0;
  private readonly agents: Agents;

  constructor(readonly o: TransportOptions) {
    this.agents = new NetworkAgents(o.network, { maxSockets: o.maxSockets });
  }

  destroy(): void {
    this.agents.destroy();
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
    const state: RetryState = {
      replayable: req.body === undefined || typeof req.body === 'function' || req.body instanceof Uint8Array,
      tokenRetried: false,
      skewRetried: false,
    };
    let bufferCrc: bigint | undefined;
    if (req.checkUploadCrc && req.body instanceof Uint8Array) bufferCrc = new Crc64().update(req.body).digest();

    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw new OssAbortError(operation);
      try {
        return await this.attempt(req, operation, attempt, bufferCrc);
      } catch (err) {
        const delay = this.retryDelay(err, state, attempt, operation);
        if (delay > 0) {
          await sleep(delay, req.signal).catch(() => {
            throw new OssAbortError(operation);
          });
        }
      }
    }
  }

  /**
   * The retry decision after a failed attempt: throws when the error is final, else returns the
   * back-off in ms (0 = retry at once: a refreshed STS token or a corrected clock offset, which
   * do not count as retries).
   */
  private retryDelay(err: unknown, state: RetryState, attempt: number, operation: string): number {
    if (isAbortError(err)) throw err instanceof OssAbortError ? err : new OssAbortError(operation);
    if (err instanceof OssError && TOKEN_CODES.has(err.code) && !state.tokenRetried) {
      state.tokenRetried = true;
      this.o.credentials.invalidate(err.code);
      return 0;
    }
    if (err instanceof OssError && err.code === 'RequestTimeTooSkewed' && !state.skewRetried && state.replayable) {
      // The clock offset was corrected from the response: retry at once.
      state.skewRetried = true;
      return 0;
    }
    const retriesUsed = attempt - 1 - (state.tokenRetried ? 1 : 0) - (state.skewRetried ? 1 : 0);
    if (!state.replayable || !isRetryable(err) || retriesUsed >= this.o.maxRetries) throw err;
    const exp = Math.min(this.o.retryMaxDelayMs, this.o.retryBaseDelayMs * 2 ** retriesUsed);
    const backoff = exp / 2 + Math.random() * (exp / 2);
    // A server that says how long to wait (503 + Retry-After) is believed, up to a cap.
    const asked = err instanceof OssError ? err.retryAfterMs : undefined;
    return asked === undefined ? backoff : Math.max(backoff, Math.min(asked, MAX_RETRY_AFTER_MS));
  }

  /** One HTTP attempt: sign, open the body, send, then turn the answer into a response or an error. */
  private async attempt(req: OssRequest, operation: string, attempt: number, bufferCrc?: bigint): Promise<OssResponse> {
    const signed = await this.sign(req);
    const ctl = new AttemptControl(this.o.timeoutMs, req.signal);
    const { body, meter } = this.openBody(req, signed.headers, ctl);
    const log = this.logger(req, signed, attempt);
    let raw: RawResponse;
    try {
      raw = await this.send(signed, req.method, body, ctl);
    } catch (err) {
      ctl.done();
      if (meter && !meter.destroyed) meter.destroy();
      const e = ctl.wrap(this.agents.explain(err, `${signed.protocol}//${signed.host}`), `sending the request`, operation);
      log(undefined, undefined, e.message);
      throw e;
    }
    ctl.touch();
    const proxyError = this.agents.proxyAnswerError(`${signed.protocol}//${signed.host}`, raw.status);
    if (proxyError) {
      raw.body?.resume();
      ctl.done();
      log(raw.status, undefined, proxyError.message);
      throw proxyError;
    }
    const requestId = requestIdOf(raw.headers);
    const ok = req.okStatus ? req.okStatus(raw.status) : raw.status >= 200 && raw.status < 300;
    if (!ok) {
      const err = await this.errorResponse(raw, ctl, operation, req.key !== undefined, signed.stringToSign);
      log(raw.status, requestId, `${(err as { code?: string }).code ?? err.name}`);
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
    return this.readResponse(raw, req.response, ctl, operation, log, sentCrc);
  }

  /** Step 1: the address, and the headers signed with the current credentials and learnt clock. */
  private async sign(req: OssRequest): Promise<SignedRequest> {
    const creds = await this.o.credentials.getCredentials();
    const aws4 = this.o.signatureVersion === 'aws4';
    const target = { endpoint: this.o.endpoint, bucket: req.bucket, key: req.key, pathStyle: this.o.pathStyle };
    const address = aws4 ? resolveS3Address(target) : resolveAddress({ ...target, cname: this.o.cname });
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
      // SigV4 signs the Host and the path as sent (docs/protocol.md §11).
      ...(aws4 ? { host: address.host, pathStyle: address.pathStyle } : {}),
    });
    Object.assign(headers, signed.headers);
    if (headers['accept-encoding'] === undefined) headers['accept-encoding'] = 'identity';
    const qs = req.query && Object.keys(req.query).length ? `?${renderQuery(req.query)}` : '';
    return { protocol: address.protocol, host: address.host, path: address.path, pathAndQuery: address.path + qs, headers, stringToSign: signed.stringToSign };
  }

  /** Step 2: this attempt's body (a fresh, metered stream for a factory) and its Content-Length. */
  private openBody(req: OssRequest, headers: Record<string, string>, ctl: AttemptControl): { body?: Buffer | Uint8Array | Readable; meter?: Meter } {
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
      const meter = new Meter(ctl, !!req.checkUploadCrc, req.onBodyBytes);
      src.on('error', (e) => meter.destroy(e));
      meter.on('close', () => src.destroy());
      return { body: src.pipe(meter), meter };
    }
    if (req.body !== undefined) {
      headers['content-length'] = String(req.body.length);
      // Small bodies (every file of a small-files batch) go out whole: slicing and metering them
      // costs per request and their progress is a single step anyway.
      if (!req.onBodyBytes || req.body.length <= METERED_BUFFER_BYTES) return { body: req.body };
      // No CRC here: a buffer's CRC-64 is computed once, before the first attempt (bufferCrc).
      const meter = new Meter(ctl, false, req.onBodyBytes);
      const src = Readable.from(slices(req.body), { objectMode: false });
      src.on('error', (e) => meter.destroy(e));
      meter.on('close', () => src.destroy());
      return { body: src.pipe(meter), meter };
    }
    if (req.method === 'PUT' || req.method === 'POST') headers['content-length'] = '0';
    return {};
  }

  /** Step 3: send with the signed path as it is (see sendRequest). */
  private send(s: SignedRequest, method: Method, body: Buffer | Uint8Array | Readable | undefined, ctl: AttemptControl): Promise<RawResponse> {
    return sendRequest(this.agents, s.protocol, s.host, s.pathAndQuery, method, s.headers, body, ctl);
  }

  /**
   * Step 4: an error answer becomes an OssError; RequestTimeTooSkewed also corrects the clock
   * offset. An error body over the cap fails with ResponseTooLarge (see {@link tooLarge}).
   */
  private async errorResponse(
    raw: RawResponse, ctl: AttemptControl, operation: string, hasKey: boolean, stringToSign: string | undefined,
  ): Promise<Error> {
    let errBody: Buffer = Buffer.alloc(0);
    try {
      errBody = raw.body ? await readCapped(raw.body, MAX_ERROR_BODY_BYTES, () => ctl.touch()) : errBody;
    } catch (err) {
      if (err instanceof ResponseTooLargeError) return tooLarge(ctl, t('The error response (HTTP {0}) is larger than {1} bytes; it was not read', raw.status, MAX_ERROR_BODY_BYTES), operation);
      /* otherwise a status-only error */
    }
    ctl.done();
    const err = parseError(raw.status, raw.headers, errBody, operation, hasKey, stringToSign);
    if (err.code === 'RequestTimeTooSkewed') this.learnClock(raw.headers, errBody);
    return this.o.mapError ? this.o.mapError(err, raw.headers, errBody) : err;
  }

  /** Step 5: a successful answer: hand over the body stream, or read / drain it. */
  private async readResponse(
    raw: RawResponse,
    mode: OssRequest['response'],
    ctl: AttemptControl,
    operation: string,
    log: AttemptLog,
    sentCrc: bigint | undefined,
  ): Promise<OssResponse> {
    const requestId = requestIdOf(raw.headers);
    if (mode === 'stream' && raw.body) {
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
        if (mode === 'none') await drain(raw.body, ctl);
        // Buffered bodies are XML documents: capped, never read without limit.
        else data = await readCapped(raw.body, MAX_XML_BYTES, () => ctl.touch());
      }
    } catch (err) {
      const e = err instanceof ResponseTooLargeError ? tooLarge(ctl, t('The response is larger than {0} bytes; it was not read', MAX_XML_BYTES), operation) : ctl.wrap(err, 'receiving the response body', operation);
      log(raw.status, requestId, e.message);
      throw e;
    } finally {
      ctl.done();
    }
    log(raw.status, requestId);
    return { status: raw.status, headers: raw.headers, body: data, requestId, sentCrc };
  }

  /** The onRequest hook of one attempt (masked path; a throwing logger is ignored). */
  private logger(req: OssRequest, s: SignedRequest, attempt: number): AttemptLog {
    const started = Date.now();
    return (status, requestId, error) => {
      if (!this.o.onRequest) return;
      try {
        this.o.onRequest({
          method: req.method,
          host: s.host,
          path: redactUrl(s.pathAndQuery), // signatures, tokens and key ids masked
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
}

