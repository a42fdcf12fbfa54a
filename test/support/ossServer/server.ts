/**
 * A local, OSS-compatible HTTP server for tests and manual runs (dev tooling,
 * never bundled into the extension). See index.ts for the public API.
 */
import * as http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { authenticate, type Account, type AuthResult, type TemporaryCredentials } from './auth';
import { OssError, XML_DECL, el, errorXml } from './errors';
import {
  BlobWriter, Store, afterPrefix, compareKeys, lowerBound, quotedEtag,
  type Blob, type BucketRecord, type ObjectRecord, type UploadRecord,
} from './store';

export interface FaultMatch {
  method?: string;
  /** Operation name, e.g. 'PutObject', 'UploadPart', 'GetObject', 'ListObjectsV2'. */
  op?: string;
  bucket?: string;
  key?: string;
}

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
  auth?: 'v1-header' | 'v1-query' | 'v4-header' | 'v4-query';
  accessKeyId?: string;
  time: Date;
}

interface FailRule {
  remaining: number;
  status: number;
  match?: FaultMatch;
}

/** Fault injection, controlled by tests. */
export class Faults {
  /** Extra delay before every request is handled. */
  latencyMs = 0;
  /** Server clock skew (ms) added to the server's notion of "now". */
  clockOffsetMs = 0;
  /** @internal */ failRules: FailRule[] = [];
  /** @internal */ requestResets: { afterBytes: number; remaining: number }[] = [];
  /** @internal */ responseResets: { afterBytes: number; remaining: number }[] = [];
  /** @internal */ dropRules: FailRule[] = [];
  /** @internal */ crcCorruptions = 0;
  /** The next n object downloads (GetObject) are sent chunked, without Content-Length. */
  chunkedResponses = 0;

  constructor(private readonly onExpireTokens: () => void) {}

  /** The next n matching requests fail with `status` (500 InternalError, 503 ServiceUnavailable, others by status). */
  failNext(n = 1, status: number = 500, match?: FaultMatch): this {
    this.failRules.push({ remaining: n, status, match });
    return this;
  }

  /** Destroys the socket after reading n bytes of the body of the next `count` requests that have a body larger than n. */
  resetRequestAfterBytes(n: number, count = 1): this {
    this.requestResets.push({ afterBytes: n, remaining: count });
    return this;
  }

  /**
   * The next n matching requests are carried out in full, then the connection is dropped instead
   * of answering (a response lost on the way back). The request log shows status 0 for them.
   */
  dropResponseNext(n = 1, match?: FaultMatch): this {
    this.dropRules.push({ remaining: n, status: 0, match });
    return this;
  }

  /** Destroys the socket after sending n bytes of the body of the next `count` object downloads (GetObject). */
  resetResponseAfterBytes(n: number, count = 1): this {
    this.responseResets.push({ afterBytes: n, remaining: count });
    return this;
  }

  /** The next `count` responses carrying x-oss-hash-crc64ecma get a wrong value. */
  corruptCrcNext(count = 1): this {
    this.crcCorruptions += count;
    return this;
  }

  /** All temporary credentials issued so far become expired. */
  expireTokensNow(): this {
    this.onExpireTokens();
    return this;
  }

  /** Clears every fault (latency and clock offset back to 0). */
  reset(): this {
    this.latencyMs = 0;
    this.clockOffsetMs = 0;
    this.failRules = [];
    this.requestResets = [];
    this.responseResets = [];
    this.dropRules = [];
    this.crcCorruptions = 0;
    this.chunkedResponses = 0;
    return this;
  }

  /** @internal */
  takeFail(method: string, op: string, bucket?: string, key?: string): number | undefined {
    return this.take('failRules', method, op, bucket, key);
  }

  /** @internal */
  takeDrop(method: string, op: string, bucket?: string, key?: string): boolean {
    return this.take('dropRules', method, op, bucket, key) !== undefined;
  }

  private take(list: 'failRules' | 'dropRules', method: string, op: string, bucket?: string, key?: string): number | undefined {
    for (const r of this[list]) {
      if (r.remaining <= 0) {
        continue;
      }
      const m = r.match;
      if (m && ((m.method && m.method.toUpperCase() !== method) || (m.op && m.op !== op) ||
        (m.bucket !== undefined && m.bucket !== bucket) || (m.key !== undefined && m.key !== key))) {
        continue;
      }
      r.remaining--;
      this[list] = this[list].filter((x) => x.remaining > 0);
      return r.status;
    }
    return undefined;
  }

  /** @internal */
  takeCrcCorruption(): boolean {
    if (this.crcCorruptions > 0) {
      this.crcCorruptions--;
      return true;
    }
    return false;
  }
}

export interface ServerOptions {
  region: string;
  accounts: Account[];
  now?: () => Date;
  store: Store;
  /** Custom domains: lower-case `host[:port]` (or bare host, any port) → bucket. See OssServerOptions.cnames. */
  cnames?: Record<string, string>;
}

interface Target {
  bucket?: string;
  key?: string;
  /** Decoded query, in order. */
  query: [string, string][];
  q: Map<string, string>;
  virtualHost: boolean;
}

const MIN_PART_SIZE = 100 * 1024;
const MAX_DELETE_BODY = 2 * 1024 * 1024;
const RESPONSE_OVERRIDES: [string, string][] = [
  ['response-content-type', 'Content-Type'],
  ['response-content-language', 'Content-Language'],
  ['response-expires', 'Expires'],
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
];
const STORED_HEADERS = ['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'];

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'Object' || name === 'Part',
});

function iso(d: Date): string {
  return d.toISOString();
}

function urlEncodeXml(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new OssError(400, 'InvalidURI', 'Could not parse the specified URI.', { URI: s });
  }
}

function parseQuery(raw: string): [string, string][] {
  const out: [string, string][] = [];
  if (!raw) {
    return out;
  }
  for (const part of raw.split('&')) {
    if (!part) {
      continue;
    }
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    out.push([percentDecode(k.replace(/\+/g, ' ')), percentDecode(v.replace(/\+/g, ' '))]);
  }
  return out;
}

function headerStr(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  if (v === undefined) {
    return undefined;
  }
  return Array.isArray(v) ? v.join(',') : v;
}

/** Node decodes header bytes as latin1; recover UTF-8 (used for stored x-oss-meta-* values). */
function utf8Header(v: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(v)) {
    return v;
  }
  const s = Buffer.from(v, 'latin1').toString('utf8');
  return s.includes('\ufffd') ? v : s;
}

function latin1Header(v: string): string {
  // Emit UTF-8 bytes through node's latin1 header encoding.
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(v) ? Buffer.from(v, 'utf8').toString('latin1') : v;
}

function validBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(name);
}

function checkKey(key: string): void {
  const n = Buffer.byteLength(key, 'utf8');
  if (n < 1 || n > 1023) {
    throw new OssError(400, 'InvalidObjectName', 'The specified object is not valid.', { ObjectName: key.slice(0, 64) });
  }
}

function normEtag(s: string): string {
  return s.trim().replace(/^"|"$/g, '').toUpperCase();
}

function newRequestId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

class RequestAborted extends Error {}

export class OssHttpServer {
  readonly faults: Faults;
  readonly requests: RequestLogEntry[] = [];
  readonly accounts = new Map<string, Account>();
  readonly temps = new Map<string, TemporaryCredentials>();
  readonly expiredTokens = new Set<string>();
  readonly region: string;
  readonly store: Store;
  readonly http: http.Server;
  private readonly nowFn: () => Date;
  private readonly cnames: Map<string, string>;

  constructor(opts: ServerOptions) {
    this.region = opts.region;
    this.store = opts.store;
    this.nowFn = opts.now ?? (() => new Date());
    this.cnames = new Map(Object.entries(opts.cnames ?? {}).map(([h, b]) => [h.toLowerCase(), b]));
    for (const a of opts.accounts) {
      this.accounts.set(a.accessKeyId, a);
    }
    this.faults = new Faults(() => this.expireTokensNow());
    this.http = http.createServer({ highWaterMark: 1024 * 1024 } as http.ServerOptions, (req, res) => {
      this.handle(req, res).catch((e) => {
        if (!res.headersSent) {
          res.statusCode = 500;
        }
        res.destroy(e instanceof Error ? e : undefined);
      });
    });
    this.http.keepAliveTimeout = 30_000;
    this.http.headersTimeout = 60_000;
    this.http.requestTimeout = 0;
  }

  now(): Date {
    return new Date(this.nowFn().getTime() + this.faults.clockOffsetMs);
  }

  expireTokensNow(): void {
    for (const t of this.temps.values()) {
      this.expiredTokens.add(t.securityToken);
    }
  }

  addTemporaryCredentials(c: TemporaryCredentials): void {
    this.temps.set(c.accessKeyId, { ...c, expiration: new Date(c.expiration) });
  }

  // ---------------------------------------------------------------- routing

  private parseTarget(req: http.IncomingMessage): Target {
    const rawUrl = req.url ?? '/';
    const qi = rawUrl.indexOf('?');
    const rawPath = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
    const query = parseQuery(qi < 0 ? '' : rawUrl.slice(qi + 1));
    const q = new Map<string, string>();
    for (const [k, v] of query) {
      if (!q.has(k)) {
        q.set(k, v);
      }
    }
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    let host = hostHeader;
    if (host.startsWith('[')) {
      host = host.slice(0, host.indexOf(']') + 1);
    } else if (host.includes(':')) {
      host = host.slice(0, host.lastIndexOf(':'));
    }
    // A custom domain (CNAME) bound to a bucket: the whole path is the key. Checked before the
    // virtual-host / path-style rules, so `localhost:<port>` can stand for a custom domain.
    const cnameBucket = this.cnames.size ? (this.cnames.get(hostHeader) ?? this.cnames.get(host)) : undefined;
    if (cnameBucket !== undefined) {
      const keyPath = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
      return { bucket: cnameBucket, key: keyPath === '' ? undefined : percentDecode(keyPath), query, q, virtualHost: true };
    }
    const bare = host.replace(/^\[|\]$/g, '');
    const firstLabel = host.split('.')[0];
    // firstLabel '' : ali-oss sends `Host: .oss-<region>.aliyuncs.com` for ListBuckets with an IP endpoint.
    const pathStyle = !host || firstLabel === '' || isIP(bare) !== 0 || host === 'localhost' || !host.includes('.') ||
      firstLabel.startsWith('oss-') || firstLabel === 's3';
    const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
    if (!pathStyle) {
      return { bucket: firstLabel, key: path === '' ? undefined : percentDecode(path), query, q, virtualHost: true };
    }
    if (path === '') {
      return { query, q, virtualHost: false };
    }
    const slash = path.indexOf('/');
    if (slash < 0) {
      return { bucket: percentDecode(path), query, q, virtualHost: false };
    }
    const key = path.slice(slash + 1);
    return { bucket: percentDecode(path.slice(0, slash)), key: key === '' ? undefined : percentDecode(key), query, q, virtualHost: false };
  }

  private opName(method: string, t: Target, req: http.IncomingMessage): string {
    const q = t.q;
    if (!t.bucket) {
      return method === 'GET' ? 'ListBuckets' : 'Unsupported';
    }
    if (t.key === undefined) {
      switch (method) {
        case 'PUT':
          return q.has('acl') ? 'PutBucketAcl' : 'PutBucket';
        case 'GET':
          if (q.has('uploads')) { return 'ListMultipartUploads'; }
          if (q.has('location')) { return 'GetBucketLocation'; }
          if (q.has('bucketInfo')) { return 'GetBucketInfo'; }
          if (q.has('acl')) { return 'GetBucketAcl'; }
          return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
        case 'DELETE':
          return 'DeleteBucket';
        case 'POST':
          return q.has('delete') ? 'DeleteMultipleObjects' : 'Unsupported';
        case 'HEAD':
          return 'HeadBucket';
        default:
          return 'Unsupported';
      }
    }
    switch (method) {
      case 'PUT':
        if (q.has('uploadId') && q.has('partNumber')) {
          return req.headers['x-oss-copy-source'] ? 'UploadPartCopy' : 'UploadPart';
        }
        if (q.has('acl')) { return 'PutObjectAcl'; }
        if (q.has('append') || q.has('symlink') || q.has('tagging')) { return 'Unsupported'; }
        return req.headers['x-oss-copy-source'] ? 'CopyObject' : 'PutObject';
      case 'GET':
        if (q.has('uploadId')) { return 'ListParts'; }
        if (q.has('acl')) { return 'GetObjectAcl'; }
        if (q.has('objectMeta')) { return 'GetObjectMeta'; }
        if (q.has('symlink') || q.has('tagging')) { return 'Unsupported'; }
        return 'GetObject';
      case 'HEAD':
        return q.has('objectMeta') ? 'GetObjectMeta' : 'HeadObject';
      case 'POST':
        if (q.has('uploads')) { return 'InitiateMultipartUpload'; }
        if (q.has('uploadId')) { return 'CompleteMultipartUpload'; }
        return 'Unsupported';
      case 'DELETE':
        return q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
      default:
        return 'Unsupported';
    }
  }

  private hostId(bucket?: string): string {
    return bucket ? `${bucket}.oss-${this.region}.aliyuncs.com` : `oss-${this.region}.aliyuncs.com`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: RequestLogEntry = {
      method, path: req.url ?? '/', host: req.headers.host ?? '', op: 'Unknown', status: 0, time: this.nowFn(),
    };
    this.requests.push(entry);
    if (this.requests.length > 100_000) {
      this.requests.splice(0, 50_000);
    }
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    res.on('close', () => {
      if (!entry.status) {
        entry.status = res.headersSent ? res.statusCode : 0;
      }
    });
    res.setHeader('Server', 'AliyunOSS');
    res.setHeader('x-oss-request-id', requestId);
    let target: Target | undefined;
    try {
      if (this.faults.latencyMs > 0) {
        await new Promise((r) => setTimeout(r, this.faults.latencyMs));
      }
      res.setHeader('Date', this.now().toUTCString());
      target = this.parseTarget(req);
      const op = this.opName(method, target, req);
      entry.op = op;
      entry.bucket = target.bucket;
      entry.key = target.key;
      const failStatus = this.faults.takeFail(method, op, target.bucket, target.key);
      if (failStatus !== undefined) {
        const code = failStatus === 503 ? 'ServiceUnavailable' : failStatus === 500 ? 'InternalError' : failStatus === 429 ? 'TooManyRequests' : 'InjectedFault';
        throw new OssError(failStatus, code, failStatus === 503 ? 'Please reduce your request rate.' : 'We encountered an internal error. Please try again.');
      }
      const auth = authenticate(
        { method, headers: req.headers, query: target.query, bucket: target.bucket, key: target.key },
        { accounts: this.accounts, temps: this.temps, expiredTokens: this.expiredTokens, region: this.region, now: this.now() },
      );
      entry.auth = `${auth.version}-${auth.mode}`;
      entry.accessKeyId = auth.accessKeyId;
      if (this.faults.takeDrop(method, op, target.bucket, target.key)) {
        // Do the work, then lose the answer: the socket closes instead of a response.
        const drop = (): never => {
          req.socket.destroy();
          throw new RequestAborted();
        };
        res.writeHead = drop as never;
        res.end = drop as never;
        res.write = drop as never;
      }
      await this.dispatch(op, req, res, target, auth);
    } catch (e) {
      if (e instanceof RequestAborted) {
        return;
      }
      if (!(e instanceof OssError)) {
        console.error('[oss-server] internal error', e);
      }
      const err = e instanceof OssError ? e : new OssError(500, 'InternalError', String((e as Error)?.message ?? e));
      entry.code = err.code;
      this.sendError(req, res, err, requestId, target?.bucket);
    }
  }

  private sendError(req: http.IncomingMessage, res: http.ServerResponse, err: OssError, requestId: string, bucket?: string): void {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const body = errorXml(err, requestId, this.hostId(bucket));
    res.statusCode = err.status;
    res.setHeader('x-oss-ec', err.ec);
    if (req.method === 'HEAD') {
      res.setHeader('x-oss-err', Buffer.from(body, 'utf8').toString('base64'));
      res.setHeader('Content-Length', '0');
      res.end();
      return;
    }
    if (err.status === 416 && err.extra.ObjectSize) {
      res.setHeader('Content-Range', `bytes */${err.extra.ObjectSize}`);
    }
    const buf = Buffer.from(body, 'utf8');
    res.setHeader('Content-Type', 'application/xml');
    res.setHeader('Content-Length', String(buf.length));
    res.end(buf);
  }

  private sendXml(res: http.ServerResponse, body: string, status = 200): void {
    const buf = Buffer.from(XML_DECL + body, 'utf8');
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/xml');
    res.setHeader('Content-Length', String(buf.length));
    res.end(buf);
  }

  private sendEmpty(res: http.ServerResponse, status = 200): void {
    res.statusCode = status;
    if (status !== 204) {
      res.setHeader('Content-Length', '0');
    }
    res.end();
  }

  private crcHeader(res: http.ServerResponse, crc: bigint): void {
    const v = this.faults.takeCrcCorruption() ? crc ^ 0x5a5a5a5an : crc;
    res.setHeader('x-oss-hash-crc64ecma', v.toString());
  }

  private getBucket(name: string): BucketRecord {
    const b = this.store.buckets.get(name);
    if (!b) {
      throw new OssError(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: name });
    }
    return b;
  }

  private getObject(b: BucketRecord, key: string): ObjectRecord {
    const o = b.objects.get(key);
    if (!o) {
      throw new OssError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
    }
    return o;
  }

  private getUpload(b: BucketRecord, key: string, uploadId: string | undefined): UploadRecord {
    const up = uploadId ? b.uploads.get(uploadId) : undefined;
    if (!up || up.key !== key) {
      throw new OssError(404, 'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        { UploadId: uploadId ?? '' });
    }
    return up;
  }

  private async dispatch(op: string, req: http.IncomingMessage, res: http.ServerResponse, t: Target, _auth: AuthResult): Promise<void> {
    const bucket = t.bucket as string;
    const key = t.key as string;
    switch (op) {
      case 'ListBuckets': return this.listBuckets(res, t);
      case 'PutBucket': return this.putBucket(req, res, bucket);
      case 'DeleteBucket': return this.deleteBucket(res, bucket);
      case 'HeadBucket': this.getBucket(bucket); return this.sendEmpty(res);
      case 'GetBucketLocation':
        this.getBucket(bucket);
        return this.sendXml(res, el('LocationConstraint', `oss-${this.region}`));
      case 'GetBucketInfo': return this.getBucketInfo(res, bucket);
      case 'GetBucketAcl':
      case 'GetObjectAcl':
        this.getBucket(bucket);
        if (op === 'GetObjectAcl') { this.getObject(this.getBucket(bucket), key); }
        return this.sendXml(res, '<AccessControlPolicy><Owner><ID>oss-server</ID><DisplayName>oss-server</DisplayName></Owner>' +
          `<AccessControlList><Grant>${op === 'GetObjectAcl' ? 'default' : 'private'}</Grant></AccessControlList></AccessControlPolicy>`);
      case 'PutBucketAcl':
      case 'PutObjectAcl':
        this.getBucket(bucket);
        return this.sendEmpty(res);
      case 'ListObjects': return this.listObjects(res, t, false);
      case 'ListObjectsV2': return this.listObjects(res, t, true);
      case 'PutObject': return this.putObject(req, res, bucket, key);
      case 'GetObject': return this.getObjectOp(req, res, t, false);
      case 'HeadObject': return this.getObjectOp(req, res, t, true);
      case 'GetObjectMeta': return this.getObjectMeta(res, bucket, key);
      case 'DeleteObject':
        this.store.deleteObject(this.getBucket(bucket), key);
        return this.sendEmpty(res, 204);
      case 'DeleteMultipleObjects': return this.deleteMultiple(req, res, t);
      case 'CopyObject': return this.copyObject(req, res, bucket, key);
      case 'InitiateMultipartUpload': return this.initiateUpload(req, res, t);
      case 'UploadPart': return this.uploadPart(req, res, t);
      case 'UploadPartCopy': return this.uploadPartCopy(req, res, t);
      case 'CompleteMultipartUpload': return this.completeUpload(req, res, t);
      case 'AbortMultipartUpload': {
        const b = this.getBucket(bucket);
        this.getUpload(b, key, t.q.get('uploadId'));
        this.store.abortUpload(b, t.q.get('uploadId') as string);
        return this.sendEmpty(res, 204);
      }
      case 'ListParts': return this.listParts(res, t);
      case 'ListMultipartUploads': return this.listUploads(res, t);
      default:
        throw new OssError(400, 'NotImplemented', 'A header or query you provided implies functionality that is not implemented.', {
          Header: `${req.method} ${t.query.map(([k]) => k).join('&')}`,
        });
    }
  }

  // ---------------------------------------------------------------- body helpers

  /** Streams the request body into a blob (memory or file), hashing as it goes. Applies request-reset faults. */
  private receiveBody(req: http.IncomingMessage): Promise<Blob> {
    const lenHeader = headerStr(req, 'content-length');
    const expected = lenHeader !== undefined && /^\d+$/.test(lenHeader) ? Number(lenHeader) : undefined;
    let reset: { afterBytes: number; remaining: number } | undefined;
    const hasBody = expected === undefined ? req.headers['transfer-encoding'] !== undefined : expected > 0;
    if (hasBody) {
      reset = this.faults.requestResets.find((r) => r.remaining > 0 && (expected === undefined || expected > r.afterBytes));
      if (reset) {
        reset.remaining--;
        this.faults.requestResets = this.faults.requestResets.filter((r) => r.remaining > 0);
      }
    }
    const w = new BlobWriter(this.store, expected);
    return new Promise<Blob>((resolve, reject) => {
      let seen = 0;
      let done = false;
      const fail = (e: Error): void => {
        if (!done) {
          done = true;
          w.abort();
          reject(e);
        }
      };
      req.on('data', (chunk: Buffer) => {
        if (done) {
          return;
        }
        if (reset) {
          if (seen + chunk.length >= reset.afterBytes) {
            fail(new RequestAborted('injected request reset'));
            req.socket.destroy();
            return;
          }
          seen += chunk.length;
        }
        if (!w.write(chunk)) {
          req.pause();
          w.waitDrain(() => req.resume());
        }
      });
      req.on('end', () => {
        if (done) {
          return;
        }
        done = true;
        w.finish().then(resolve, reject);
      });
      req.on('error', (e) => fail(e));
      req.on('close', () => {
        if (!req.complete) {
          fail(new RequestAborted('client aborted'));
        }
      });
    });
  }

  private async receiveSmallBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
    const blob = await this.receiveBody(req);
    try {
      if (blob.size > limit) {
        throw new OssError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
      }
      return await this.store.readBlobBytes(blob);
    } finally {
      this.store.retain(blob);
      this.store.release(blob);
    }
  }

  private checkContentMd5(req: http.IncomingMessage, blob: Blob): void {
    const md5 = headerStr(req, 'content-md5');
    if (md5 === undefined) {
      return;
    }
    const given = Buffer.from(md5.trim(), 'base64');
    if (given.length !== 16 || !given.equals(blob.md5)) {
      throw new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.', { 'Content-MD5': md5 });
    }
  }

  private entityFromHeaders(req: http.IncomingMessage): { contentType: string; meta: Record<string, string>; headers: Record<string, string> } {
    const meta: Record<string, string> = {};
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) {
        continue;
      }
      const v = Array.isArray(value) ? value.join(',') : value;
      if (name.startsWith('x-oss-meta-')) {
        meta[name.slice('x-oss-meta-'.length)] = utf8Header(v);
      } else if (STORED_HEADERS.includes(name)) {
        headers[name] = utf8Header(v);
      }
    }
    return { contentType: headerStr(req, 'content-type') || 'application/octet-stream', meta, headers };
  }

  private forbidOverwrite(req: http.IncomingMessage, b: BucketRecord, key: string): void {
    if ((headerStr(req, 'x-oss-forbid-overwrite') ?? '').toLowerCase() === 'true' && b.objects.has(key)) {
      throw new OssError(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.', { Key: key });
    }
  }

  // ---------------------------------------------------------------- service / bucket ops

  private listBuckets(res: http.ServerResponse, t: Target): void {
    const prefix = t.q.get('prefix') ?? '';
    const marker = t.q.get('marker') ?? '';
    const maxKeys = this.parseMax(t.q.get('max-keys'), 100, 1000, 'max-keys');
    const names = [...this.store.buckets.keys()].filter((n) => n.startsWith(prefix) && n > marker).sort();
    const page = names.slice(0, maxKeys);
    const truncated = names.length > page.length;
    let xml = '<ListAllMyBucketsResult>';
    if (truncated) {
      xml += el('Prefix', prefix) + el('Marker', marker) + el('MaxKeys', maxKeys) + el('IsTruncated', true) +
        el('NextMarker', page[page.length - 1]);
    }
    xml += '<Owner><ID>oss-server</ID><DisplayName>oss-server</DisplayName></Owner><Buckets>';
    for (const n of page) {
      const b = this.store.buckets.get(n) as BucketRecord;
      xml += '<Bucket>' + el('CreationDate', iso(b.created)) + el('ExtranetEndpoint', `oss-${this.region}.aliyuncs.com`) +
        el('IntranetEndpoint', `oss-${this.region}-internal.aliyuncs.com`) + el('Location', `oss-${this.region}`) +
        el('Name', n) + el('Region', this.region) + el('StorageClass', b.storageClass) + '</Bucket>';
    }
    xml += '</Buckets></ListAllMyBucketsResult>';
    this.sendXml(res, xml);
  }

  private async putBucket(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    const body = (await this.receiveSmallBody(req, 64 * 1024)).toString('utf8');
    if (!validBucketName(name)) {
      throw new OssError(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
    }
    if (this.store.buckets.has(name)) {
      throw new OssError(409, 'BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', { BucketName: name });
    }
    const sc = /<StorageClass>\s*([A-Za-z]+)\s*<\/StorageClass>/.exec(body)?.[1] ?? 'Standard';
    this.store.createBucket(name, this.now(), sc);
    res.setHeader('Location', `/${name}`);
    this.sendEmpty(res);
  }

  private deleteBucket(res: http.ServerResponse, name: string): void {
    const b = this.getBucket(name);
    if (b.objects.size > 0 || b.uploads.size > 0) {
      throw new OssError(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty.', { BucketName: name });
    }
    this.store.buckets.delete(name);
    this.sendEmpty(res, 204);
  }

  private getBucketInfo(res: http.ServerResponse, name: string): void {
    const b = this.getBucket(name);
    this.sendXml(res, '<BucketInfo><Bucket>' + el('AccessMonitor', 'Disabled') + el('CreationDate', iso(b.created)) +
      el('CrossRegionReplication', 'Disabled') + el('DataRedundancyType', 'LRS') +
      el('ExtranetEndpoint', `oss-${this.region}.aliyuncs.com`) + el('IntranetEndpoint', `oss-${this.region}-internal.aliyuncs.com`) +
      el('Location', `oss-${this.region}`) + el('Name', name) + el('Region', this.region) + el('StorageClass', b.storageClass) +
      el('TransferAcceleration', 'Disabled') + '<Owner><DisplayName>oss-server</DisplayName><ID>oss-server</ID></Owner>' +
      '<AccessControlList><Grant>private</Grant></AccessControlList></Bucket></BucketInfo>');
  }

  private parseMax(v: string | undefined, def: number, max: number, name: string): number {
    if (v === undefined || v === '') {
      return def;
    }
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) {
      throw new OssError(400, 'InvalidArgument', `Argument ${name} must be an integer between 1 and ${max}.`, {
        ArgumentName: name, ArgumentValue: v,
      });
    }
    return Number(v);
  }

  // ---------------------------------------------------------------- listing

  private listObjects(res: http.ServerResponse, t: Target, v2: boolean): void {
    const b = this.getBucket(t.bucket as string);
    const q = t.q;
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const encodingType = q.get('encoding-type');
    if (encodingType !== undefined && encodingType !== '' && encodingType !== 'url') {
      throw new OssError(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request', {
        ArgumentName: 'encoding-type', ArgumentValue: encodingType,
      });
    }
    const enc = encodingType === 'url' ? urlEncodeXml : (s: string): string => s;
    const maxKeys = this.parseMax(q.get('max-keys'), 100, 1000, 'max-keys');
    let marker = '';
    let token: string | undefined;
    let startAfter: string | undefined;
    if (v2) {
      startAfter = q.get('start-after');
      token = q.get('continuation-token');
      if (token !== undefined && token !== '') {
        const decoded = Buffer.from(token, 'base64url').toString('utf8');
        if (!decoded.startsWith('k:')) {
          throw new OssError(400, 'InvalidArgument', 'The continuation token provided is incorrect.', {
            ArgumentName: 'continuation-token', ArgumentValue: token,
          });
        }
        marker = decoded.slice(2);
      } else if (startAfter) {
        marker = startAfter;
      }
    } else {
      marker = q.get('marker') ?? '';
    }
    const keys = this.store.keysOf(b);
    let i = lowerBound(keys, prefix, true);
    if (marker) {
      let skipTo = lowerBound(keys, marker, false);
      if (delimiter && marker.startsWith(prefix)) {
        const d = marker.indexOf(delimiter, prefix.length);
        if (d >= 0) {
          skipTo = Math.max(skipTo, afterPrefix(keys, marker.slice(0, d + delimiter.length), 0));
        }
      }
      i = Math.max(i, skipTo);
    }
    const contents: ObjectRecord[] = [];
    const prefixes: string[] = [];
    let last = '';
    while (contents.length + prefixes.length < maxKeys && i < keys.length && keys[i].startsWith(prefix)) {
      const k = keys[i];
      if (delimiter) {
        const d = k.indexOf(delimiter, prefix.length);
        if (d >= 0) {
          const cp = k.slice(0, d + delimiter.length);
          prefixes.push(cp);
          last = cp;
          i = afterPrefix(keys, cp, i);
          continue;
        }
      }
      contents.push(b.objects.get(k) as ObjectRecord);
      last = k;
      i++;
    }
    const truncated = i < keys.length && keys[i].startsWith(prefix);
    const fetchOwner = !v2 || q.get('fetch-owner') === 'true';
    let xml = '<ListBucketResult>' + el('Name', b.name) + el('Prefix', enc(prefix));
    if (v2) {
      if (startAfter !== undefined) {
        xml += el('StartAfter', enc(startAfter));
      }
    } else {
      xml += el('Marker', enc(marker));
    }
    xml += el('MaxKeys', maxKeys) + el('Delimiter', enc(delimiter));
    if (encodingType === 'url') {
      xml += el('EncodingType', 'url');
    }
    xml += el('IsTruncated', truncated);
    if (v2) {
      if (token !== undefined) {
        xml += el('ContinuationToken', token);
      }
      if (truncated) {
        xml += el('NextContinuationToken', Buffer.from(`k:${last}`, 'utf8').toString('base64url'));
      }
    } else if (truncated) {
      xml += el('NextMarker', enc(last));
    }
    for (const o of contents) {
      xml += '<Contents>' + el('Key', enc(o.key)) + el('LastModified', iso(o.lastModified)) + el('ETag', o.etag) +
        el('Type', o.type) + el('Size', o.blob.size) + el('StorageClass', o.storageClass) +
        (fetchOwner ? '<Owner><ID>oss-server</ID><DisplayName>oss-server</DisplayName></Owner>' : '') + '</Contents>';
    }
    for (const p of prefixes) {
      xml += '<CommonPrefixes>' + el('Prefix', enc(p)) + '</CommonPrefixes>';
    }
    if (v2) {
      xml += el('KeyCount', contents.length + prefixes.length);
    }
    xml += '</ListBucketResult>';
    this.sendXml(res, xml);
  }

  // ---------------------------------------------------------------- objects

  private async putObject(req: http.IncomingMessage, res: http.ServerResponse, bucket: string, key: string): Promise<void> {
    const b = this.getBucket(bucket);
    checkKey(key);
    this.forbidOverwrite(req, b, key);
    const blob = await this.receiveBody(req);
    try {
      this.checkContentMd5(req, blob);
      this.forbidOverwrite(req, b, key);
    } catch (e) {
      this.store.retain(blob);
      this.store.release(blob);
      throw e;
    }
    const ent = this.entityFromHeaders(req);
    const rec: ObjectRecord = {
      key, blob, etag: quotedEtag(blob.md5), lastModified: this.now(), ...ent, type: 'Normal',
      storageClass: headerStr(req, 'x-oss-storage-class') ?? b.storageClass, hasCrc: true,
    };
    this.store.putObject(b, rec);
    res.setHeader('ETag', rec.etag);
    res.setHeader('Content-MD5', blob.md5.toString('base64'));
    this.crcHeader(res, blob.crc);
    this.sendEmpty(res);
  }

  private objectHeaders(res: http.ServerResponse, o: ObjectRecord): void {
    res.setHeader('Content-Type', o.contentType);
    res.setHeader('ETag', o.etag);
    res.setHeader('Last-Modified', o.lastModified.toUTCString());
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('x-oss-object-type', o.type);
    res.setHeader('x-oss-storage-class', o.storageClass);
    if (o.type === 'Normal') {
      res.setHeader('Content-MD5', o.blob.md5.toString('base64'));
    }
    for (const [k, v] of Object.entries(o.headers)) {
      res.setHeader(k, latin1Header(v));
    }
    for (const [k, v] of Object.entries(o.meta)) {
      res.setHeader(`x-oss-meta-${k}`, latin1Header(v));
    }
    if (o.hasCrc) {
      this.crcHeader(res, o.blob.crc);
    }
  }

  private checkConditions(req: http.IncomingMessage, o: ObjectRecord, prefix = ''): void {
    const ifMatch = headerStr(req, `${prefix}if-match`);
    const ifNone = headerStr(req, `${prefix}if-none-match`);
    const ifMod = headerStr(req, `${prefix}if-modified-since`);
    const ifUnmod = headerStr(req, `${prefix}if-unmodified-since`);
    const lm = Math.floor(o.lastModified.getTime() / 1000) * 1000;
    if (ifMatch !== undefined && normEtag(ifMatch) !== normEtag(o.etag)) {
      throw new OssError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.', { Condition: `${prefix}If-Match` });
    }
    if (ifUnmod !== undefined && !Number.isNaN(Date.parse(ifUnmod)) && lm > Date.parse(ifUnmod)) {
      throw new OssError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.', { Condition: `${prefix}If-Unmodified-Since` });
    }
    if (ifNone !== undefined && normEtag(ifNone) === normEtag(o.etag)) {
      if (prefix) {
        throw new OssError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.', { Condition: `${prefix}If-None-Match` });
      }
      throw new OssError(304, 'NotModified', 'Not Modified');
    }
    if (ifMod !== undefined && !Number.isNaN(Date.parse(ifMod)) && lm <= Date.parse(ifMod)) {
      if (prefix) {
        throw new OssError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.', { Condition: `${prefix}If-Modified-Since` });
      }
      throw new OssError(304, 'NotModified', 'Not Modified');
    }
  }

  /** Parses a single `bytes=` range; undefined = invalid/unsatisfiable. */
  private parseRange(h: string, size: number): { start: number; end: number } | undefined {
    const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(h);
    if (!m || (m[1] === '' && m[2] === '')) {
      return undefined;
    }
    if (m[1] === '') {
      const n = Number(m[2]);
      if (n <= 0 || size === 0) {
        return undefined;
      }
      return { start: Math.max(0, size - n), end: size - 1 };
    }
    const start = Number(m[1]);
    const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (start >= size || start > end) {
      return undefined;
    }
    return { start, end };
  }

  private async getObjectOp(req: http.IncomingMessage, res: http.ServerResponse, t: Target, head: boolean): Promise<void> {
    const b = this.getBucket(t.bucket as string);
    const o = this.getObject(b, t.key as string);
    this.checkConditions(req, o);
    const size = o.blob.size;
    let range: { start: number; end: number } | undefined;
    const rangeHeader = headerStr(req, 'range');
    if (rangeHeader !== undefined) {
      range = this.parseRange(rangeHeader, size);
      if (!range && (headerStr(req, 'x-oss-range-behavior') ?? '').toLowerCase() === 'standard') {
        throw new OssError(416, 'InvalidRange', 'The requested range cannot be satisfied', {
          RangeRequested: rangeHeader, ActualObjectSize: String(size), ObjectSize: String(size),
        });
      }
    }
    this.objectHeaders(res, o);
    for (const [param, hdr] of RESPONSE_OVERRIDES) {
      const v = t.q.get(param);
      if (v !== undefined) {
        res.setHeader(hdr, latin1Header(v));
      }
    }
    const start = range ? range.start : 0;
    const endExcl = range ? range.end + 1 : size;
    if (range) {
      res.statusCode = 206;
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    } else {
      res.statusCode = 200;
    }
    if (!head && this.faults.chunkedResponses > 0 && this.faults.chunkedResponses--) res.setHeader('Transfer-Encoding', 'chunked');
    else res.setHeader('Content-Length', String(endExcl - start));
    if (head) {
      res.end();
      return;
    }
    await this.sendBlob(res, o.blob, start, endExcl);
  }

  private async sendBlob(res: http.ServerResponse, blob: Blob, start: number, endExcl: number): Promise<void> {
    const rr = this.faults.responseResets.find((r) => r.remaining > 0 && endExcl - start > r.afterBytes);
    let limit = Infinity;
    if (rr) {
      rr.remaining--;
      this.faults.responseResets = this.faults.responseResets.filter((r) => r.remaining > 0);
      limit = rr.afterBytes;
    }
    const src = this.store.readBlob(blob, start, endExcl);
    if (limit === Infinity) {
      if (Buffer.isBuffer(src)) {
        res.end(src);
        return;
      }
      await new Promise<void>((resolve) => {
        const rs = src as Readable;
        rs.on('error', () => {
          res.destroy();
          resolve();
        });
        res.on('close', () => {
          rs.destroy();
          resolve();
        });
        rs.pipe(res);
      });
      return;
    }
    // Send exactly `limit` bytes, then destroy the socket.
    const kill = (): void => {
      res.socket?.destroy();
      res.destroy();
    };
    if (Buffer.isBuffer(src)) {
      if (limit === 0) {
        res.flushHeaders();
        setImmediate(kill);
        return;
      }
      res.write(src.subarray(0, limit), () => setImmediate(kill));
      return;
    }
    const rs = src as Readable;
    let sent = 0;
    res.flushHeaders();
    for await (const chunk of rs) {
      const c = chunk as Buffer;
      const take = Math.min(c.length, limit - sent);
      if (take > 0) {
        const ok = res.write(c.subarray(0, take));
        sent += take;
        if (!ok) {
          await new Promise((r) => res.once('drain', r));
        }
      }
      if (sent >= limit) {
        break;
      }
    }
    rs.destroy();
    await new Promise<void>((r) => setImmediate(r));
    kill();
  }

  private getObjectMeta(res: http.ServerResponse, bucket: string, key: string): void {
    const o = this.getObject(this.getBucket(bucket), key);
    res.setHeader('ETag', o.etag);
    res.setHeader('Last-Modified', o.lastModified.toUTCString());
    res.setHeader('x-oss-last-access-time', o.lastModified.toUTCString());
    if (o.hasCrc) {
      this.crcHeader(res, o.blob.crc);
    }
    res.statusCode = 200;
    res.setHeader('Content-Length', String(o.blob.size));
    res.end();
  }

  private async deleteMultiple(req: http.IncomingMessage, res: http.ServerResponse, t: Target): Promise<void> {
    const b = this.getBucket(t.bucket as string);
    const md5 = headerStr(req, 'content-md5');
    const body = await this.receiveSmallBody(req, MAX_DELETE_BODY);
    if (md5 === undefined) {
      throw new OssError(400, 'MissingArgument', 'Missing Some Required Arguments.', { ArgumentName: 'Content-MD5' });
    }
    const given = Buffer.from(md5.trim(), 'base64');
    if (given.length !== 16 || !given.equals(createHash('md5').update(body).digest())) {
      throw new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.', { 'Content-MD5': md5 });
    }
    let keys: string[];
    let quiet: boolean;
    try {
      const doc = xmlParser.parse(body.toString('utf8'));
      const del = doc?.Delete;
      if (!del || typeof del !== 'object') {
        throw new Error('no Delete');
      }
      quiet = String(del.Quiet ?? 'false').trim().toLowerCase() === 'true';
      const objs: unknown[] = del.Object ?? [];
      keys = objs.map((o) => {
        const k = (o as { Key?: unknown }).Key;
        if (typeof k !== 'string' || k === '') {
          throw new Error('bad key');
        }
        return k;
      });
    } catch {
      throw new OssError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
    }
    if (keys.length === 0 || keys.length > 1000) {
      throw new OssError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
    }
    const url = t.q.get('encoding-type') === 'url';
    const enc = url ? urlEncodeXml : (s: string): string => s;
    let xml = '<DeleteResult>';
    if (url) {
      xml += el('EncodingType', 'url');
    }
    for (const k of keys) {
      this.store.deleteObject(b, k);
      if (!quiet) {
        xml += '<Deleted>' + el('Key', enc(k)) + '</Deleted>';
      }
    }
    xml += '</DeleteResult>';
    this.sendXml(res, xml);
  }

  private parseCopySource(req: http.IncomingMessage): { bucket: BucketRecord; object: ObjectRecord } {
    let src = headerStr(req, 'x-oss-copy-source') as string;
    const qi = src.indexOf('?');
    if (qi >= 0) {
      src = src.slice(0, qi);
    }
    src = src.replace(/^\//, '');
    const slash = src.indexOf('/');
    if (slash <= 0 || slash === src.length - 1) {
      throw new OssError(400, 'InvalidArgument', 'Copy Source must mention the source bucket and key: /sourcebucket/sourcekey.', {
        ArgumentName: 'x-oss-copy-source', ArgumentValue: src,
      });
    }
    const bucket = this.getBucket(percentDecode(src.slice(0, slash)));
    const object = this.getObject(bucket, percentDecode(src.slice(slash + 1)));
    return { bucket, object };
  }

  private async copyObject(req: http.IncomingMessage, res: http.ServerResponse, bucket: string, key: string): Promise<void> {
    const b = this.getBucket(bucket);
    checkKey(key);
    await this.receiveSmallBody(req, 0).catch(() => undefined);
    const { object: srcObj } = this.parseCopySource(req);
    this.checkConditions(req, srcObj, 'x-oss-copy-source-');
    this.forbidOverwrite(req, b, key);
    const directive = (headerStr(req, 'x-oss-metadata-directive') ?? 'COPY').toUpperCase();
    if (directive !== 'COPY' && directive !== 'REPLACE') {
      throw new OssError(400, 'InvalidArgument', 'Unknown metadata directive.', {
        ArgumentName: 'x-oss-metadata-directive', ArgumentValue: directive,
      });
    }
    const ent = directive === 'REPLACE'
      ? this.entityFromHeaders(req)
      : { contentType: srcObj.contentType, meta: { ...srcObj.meta }, headers: { ...srcObj.headers } };
    const now = this.now();
    const rec: ObjectRecord = {
      key, blob: srcObj.blob, etag: srcObj.etag, lastModified: now, ...ent, type: srcObj.type,
      storageClass: headerStr(req, 'x-oss-storage-class') ?? srcObj.storageClass, hasCrc: srcObj.hasCrc,
    };
    this.store.putObject(b, rec);
    if (rec.hasCrc) {
      this.crcHeader(res, rec.blob.crc);
    }
    this.sendXml(res, '<CopyObjectResult>' + el('ETag', rec.etag) + el('LastModified', iso(now)) + '</CopyObjectResult>');
  }

  // ---------------------------------------------------------------- multipart

  private async initiateUpload(req: http.IncomingMessage, res: http.ServerResponse, t: Target): Promise<void> {
    const b = this.getBucket(t.bucket as string);
    const key = t.key as string;
    checkKey(key);
    await this.receiveSmallBody(req, 64 * 1024);
    this.forbidOverwrite(req, b, key);
    const uploadId = randomBytes(16).toString('hex').toUpperCase();
    const ent = this.entityFromHeaders(req);
    b.uploads.set(uploadId, {
      uploadId, key, initiated: this.now(), ...ent,
      storageClass: headerStr(req, 'x-oss-storage-class') ?? b.storageClass, parts: new Map(),
    });
    const url = t.q.get('encoding-type') === 'url';
    this.sendXml(res, '<InitiateMultipartUploadResult>' + el('Bucket', b.name) + el('Key', url ? urlEncodeXml(key) : key) +
      el('UploadId', uploadId) + (url ? el('EncodingType', 'url') : '') + '</InitiateMultipartUploadResult>');
  }

  private partNumber(t: Target): number {
    const v = t.q.get('partNumber') ?? '';
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 10000) {
      throw new OssError(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive.', {
        ArgumentName: 'partNumber', ArgumentValue: v,
      });
    }
    return Number(v);
  }

  private setPart(up: UploadRecord, partNumber: number, blob: Blob, etag: string): void {
    this.store.retain(blob);
    const old = up.parts.get(partNumber);
    up.parts.set(partNumber, { partNumber, blob, etag, lastModified: this.now() });
    if (old) {
      this.store.release(old.blob);
    }
  }

  private async uploadPart(req: http.IncomingMessage, res: http.ServerResponse, t: Target): Promise<void> {
    const b = this.getBucket(t.bucket as string);
    const pn = this.partNumber(t);
    this.getUpload(b, t.key as string, t.q.get('uploadId'));
    const blob = await this.receiveBody(req);
    let up: UploadRecord;
    try {
      this.checkContentMd5(req, blob);
      up = this.getUpload(b, t.key as string, t.q.get('uploadId'));
    } catch (e) {
      this.store.retain(blob);
      this.store.release(blob);
      throw e;
    }
    const etag = quotedEtag(blob.md5);
    this.setPart(up, pn, blob, etag);
    res.setHeader('ETag', etag);
    res.setHeader('Content-MD5', blob.md5.toString('base64'));
    this.crcHeader(res, blob.crc);
    this.sendEmpty(res);
  }

  private async uploadPartCopy(req: http.IncomingMessage, res: http.ServerResponse, t: Target): Promise<void> {
    const b = this.getBucket(t.bucket as string);
    const pn = this.partNumber(t);
    const up = this.getUpload(b, t.key as string, t.q.get('uploadId'));
    await this.receiveSmallBody(req, 0).catch(() => undefined);
    const { object: src } = this.parseCopySource(req);
    this.checkConditions(req, src, 'x-oss-copy-source-');
    const size = src.blob.size;
    let start = 0;
    let endExcl = size;
    const rh = headerStr(req, 'x-oss-copy-source-range');
    if (rh !== undefined) {
      const m = /^\s*bytes=(\d+)-(\d*)\s*$/.exec(rh);
      if (!m || Number(m[1]) >= size || (m[2] !== '' && Number(m[2]) < Number(m[1]))) {
        throw new OssError(400, 'InvalidArgument', 'The x-oss-copy-source-range value is invalid.', {
          ArgumentName: 'x-oss-copy-source-range', ArgumentValue: rh,
        });
      }
      start = Number(m[1]);
      endExcl = m[2] === '' ? size : Math.min(size, Number(m[2]) + 1);
    }
    const blob = start === 0 && endExcl === size ? src.blob : await this.store.sliceBlob(src.blob, start, endExcl);
    const etag = quotedEtag(blob.md5);
    this.setPart(up, pn, blob, etag);
    this.crcHeader(res, blob.crc);
    this.sendXml(res, '<CopyPartResult>' + el('LastModified', iso(this.now())) + el('ETag', etag) + '</CopyPartResult>');
  }

  private async completeUpload(req: http.IncomingMessage, res: http.ServerResponse, t: Target): Promise<void> {
    const b = this.getBucket(t.bucket as string);
    const key = t.key as string;
    const uploadId = t.q.get('uploadId');
    const body = await this.receiveSmallBody(req, 4 * 1024 * 1024);
    const up = this.getUpload(b, key, uploadId);
    let list: { partNumber: number; etag: string }[];
    if ((headerStr(req, 'x-oss-complete-all') ?? '').toLowerCase() === 'yes') {
      if (body.length > 0) {
        throw new OssError(400, 'InvalidArgument', 'Should not specify both complete all header and http body.', {});
      }
      list = [...up.parts.values()].sort((x, y) => x.partNumber - y.partNumber).map((p) => ({ partNumber: p.partNumber, etag: p.etag }));
    } else {
      try {
        const doc = xmlParser.parse(body.toString('utf8'));
        const parts: unknown[] = doc?.CompleteMultipartUpload?.Part ?? [];
        if (!doc?.CompleteMultipartUpload) {
          throw new Error('missing root');
        }
        list = parts.map((p) => {
          const pp = p as { PartNumber?: unknown; ETag?: unknown };
          const n = String(pp.PartNumber ?? '').trim();
          if (!/^\d+$/.test(n)) {
            throw new Error('bad part number');
          }
          return { partNumber: Number(n), etag: String(pp.ETag ?? '') };
        });
      } catch {
        throw new OssError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
      }
    }
    if (list.length === 0) {
      throw new OssError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
    }
    for (let i = 1; i < list.length; i++) {
      if (list[i].partNumber <= list[i - 1].partNumber) {
        throw new OssError(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. Parts list must specified in order by part number.');
      }
    }
    const blobs: Blob[] = [];
    list.forEach((p, idx) => {
      const part = up.parts.get(p.partNumber);
      if (!part || normEtag(part.etag) !== normEtag(p.etag)) {
        throw new OssError(400, 'InvalidPart',
          'One or more of the specified parts could not be found or the specified entity tag might not have matched the part\'s entity tag.', {
            PartNumber: String(p.partNumber), ETag: p.etag,
          });
      }
      if (idx < list.length - 1 && part.blob.size < MIN_PART_SIZE) {
        throw new OssError(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size.', {
          PartNumber: String(p.partNumber), ProposedSize: String(part.blob.size), MinSizeAllowed: String(MIN_PART_SIZE),
        });
      }
      blobs.push(part.blob);
    });
    this.forbidOverwrite(req, b, key);
    const blob = this.store.concatBlobs(blobs);
    // The upload may have been aborted/completed meanwhile.
    if (b.uploads.get(up.uploadId) !== up) {
      this.store.retain(blob);
      this.store.release(blob);
      this.getUpload(b, key, uploadId);
    }
    const etag = `"${blob.md5.toString('hex').toUpperCase()}-${list.length}"`;
    const rec: ObjectRecord = {
      key, blob, etag, lastModified: this.now(), contentType: up.contentType, meta: up.meta, headers: up.headers,
      type: 'Multipart', storageClass: up.storageClass, hasCrc: true,
    };
    this.store.putObject(b, rec);
    this.store.abortUpload(b, up.uploadId);
    this.crcHeader(res, blob.crc);
    const url = t.q.get('encoding-type') === 'url';
    const enc = url ? urlEncodeXml : (s: string): string => s;
    this.sendXml(res, '<CompleteMultipartUploadResult>' + (url ? el('EncodingType', 'url') : '') +
      el('Location', `http://${b.name}.oss-${this.region}.aliyuncs.com/${enc(key)}`) + el('Bucket', b.name) +
      el('Key', enc(key)) + el('ETag', etag) + '</CompleteMultipartUploadResult>');
  }

  private listParts(res: http.ServerResponse, t: Target): void {
    const b = this.getBucket(t.bucket as string);
    const key = t.key as string;
    const up = this.getUpload(b, key, t.q.get('uploadId'));
    const maxParts = this.parseMax(t.q.get('max-parts'), 1000, 1000, 'max-parts');
    const markerRaw = t.q.get('part-number-marker') ?? '';
    const marker = /^\d+$/.test(markerRaw) ? Number(markerRaw) : 0;
    const all = [...up.parts.values()].filter((p) => p.partNumber > marker).sort((x, y) => x.partNumber - y.partNumber);
    const page = all.slice(0, maxParts);
    const truncated = all.length > page.length;
    const url = t.q.get('encoding-type') === 'url';
    let xml = '<ListPartsResult>' + (url ? el('EncodingType', 'url') : '') + el('Bucket', b.name) +
      el('Key', url ? urlEncodeXml(key) : key) + el('UploadId', up.uploadId) + el('StorageClass', up.storageClass) +
      el('PartNumberMarker', marker) + el('NextPartNumberMarker', page.length ? page[page.length - 1].partNumber : marker) +
      el('MaxParts', maxParts) + el('IsTruncated', truncated);
    for (const p of page) {
      xml += '<Part>' + el('PartNumber', p.partNumber) + el('LastModified', iso(p.lastModified)) + el('ETag', p.etag) +
        el('HashCrc64ecma', p.blob.crc.toString()) + el('Size', p.blob.size) + '</Part>';
    }
    xml += '</ListPartsResult>';
    this.sendXml(res, xml);
  }

  private listUploads(res: http.ServerResponse, t: Target): void {
    const b = this.getBucket(t.bucket as string);
    const q = t.q;
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const keyMarker = q.get('key-marker') ?? '';
    const uploadIdMarker = q.get('upload-id-marker') ?? '';
    const maxUploads = this.parseMax(q.get('max-uploads'), 1000, 1000, 'max-uploads');
    const url = q.get('encoding-type') === 'url';
    const enc = url ? urlEncodeXml : (s: string): string => s;
    const all = [...b.uploads.values()]
      .filter((u) => u.key.startsWith(prefix))
      .filter((u) => {
        if (!keyMarker) {
          return true;
        }
        const c = compareKeys(u.key, keyMarker);
        return c > 0 || (c === 0 && uploadIdMarker !== '' && u.uploadId > uploadIdMarker);
      })
      .sort((x, y) => compareKeys(x.key, y.key) || x.initiated.getTime() - y.initiated.getTime() || (x.uploadId < y.uploadId ? -1 : 1));
    const uploads: UploadRecord[] = [];
    const prefixes: string[] = [];
    let i = 0;
    let nextKey = '';
    let nextId = '';
    for (; i < all.length && uploads.length + prefixes.length < maxUploads; i++) {
      const u = all[i];
      if (delimiter) {
        const d = u.key.indexOf(delimiter, prefix.length);
        if (d >= 0) {
          const cp = u.key.slice(0, d + delimiter.length);
          if (prefixes[prefixes.length - 1] !== cp) {
            prefixes.push(cp);
          }
          nextKey = u.key;
          nextId = u.uploadId;
          continue;
        }
      }
      uploads.push(u);
      nextKey = u.key;
      nextId = u.uploadId;
    }
    const truncated = i < all.length;
    let xml = '<ListMultipartUploadsResult>' + (url ? el('EncodingType', 'url') : '') + el('Bucket', b.name) +
      el('KeyMarker', enc(keyMarker)) + el('UploadIdMarker', uploadIdMarker) +
      el('NextKeyMarker', truncated ? enc(nextKey) : '') + el('NextUploadIdMarker', truncated ? nextId : '') +
      el('Delimiter', enc(delimiter)) + el('Prefix', enc(prefix)) + el('MaxUploads', maxUploads) + el('IsTruncated', truncated);
    for (const u of uploads) {
      xml += '<Upload>' + el('Key', enc(u.key)) + el('UploadId', u.uploadId) + el('StorageClass', u.storageClass) +
        el('Initiated', iso(u.initiated)) + '</Upload>';
    }
    for (const p of prefixes) {
      xml += '<CommonPrefixes>' + el('Prefix', enc(p)) + '</CommonPrefixes>';
    }
    xml += '</ListMultipartUploadsResult>';
    this.sendXml(res, xml);
  }
}
