/**
 * A local, OSS-compatible HTTP server for tests and manual runs (dev tooling,
 * never bundled into the extension). See index.ts for the public API.
 */
import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { authenticate, type Account, type AuthResult, type TemporaryCredentials } from './auth';
import { RequestAborted, receiveSmallBody } from './body';
import {
  checkKey, entityFromHeaders, forbidOverwrite, getBucket, getObject, getUpload, type ServerContext, type Target,
} from './context';
import { OssError, el } from './errors';
import { Faults } from './faults';
import { bucketHandlers } from './handlers/bucket';
import { listingHandlers } from './handlers/listing';
import { multipartHandlers, partNumber, setPart } from './handlers/multipart';
import { checkConditions, objectHandlers } from './handlers/object';
import { headerStr } from './headers';
import { crcHeader, iso, sendError, sendXml } from './respond';
import { Store, quotedEtag, type BucketRecord, type ObjectRecord } from './store';

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

export interface ServerOptions {
  region: string;
  accounts: Account[];
  now?: () => Date;
  store: Store;
  /** Custom domains: lower-case `host[:port]` (or bare host, any port) → bucket. See OssServerOptions.cnames. */
  cnames?: Record<string, string>;
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

function newRequestId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

export class OssHttpServer implements ServerContext {
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
      sendError(req, res, err, requestId, this.hostId(target?.bucket));
    }
  }

  private async dispatch(op: string, req: http.IncomingMessage, res: http.ServerResponse, t: Target, _auth: AuthResult): Promise<void> {
    const bucket = t.bucket as string;
    const key = t.key as string;
    const handler = bucketHandlers[op] ?? listingHandlers[op] ?? objectHandlers[op] ?? multipartHandlers[op];
    if (handler) {
      return handler(this, req, res, t);
    }
    switch (op) {
      case 'CopyObject': return this.copyObject(req, res, bucket, key);
      case 'UploadPartCopy': return this.uploadPartCopy(req, res, t);
      default:
        throw new OssError(400, 'NotImplemented', 'A header or query you provided implies functionality that is not implemented.', {
          Header: `${req.method} ${t.query.map(([k]) => k).join('&')}`,
        });
    }
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
    const bucket = getBucket(this, percentDecode(src.slice(0, slash)));
    const object = getObject(bucket, percentDecode(src.slice(slash + 1)));
    return { bucket, object };
  }

  private async copyObject(req: http.IncomingMessage, res: http.ServerResponse, bucket: string, key: string): Promise<void> {
    const b = getBucket(this, bucket);
    checkKey(key);
    await receiveSmallBody(this, req, 0).catch(() => undefined);
    const { object: srcObj } = this.parseCopySource(req);
    checkConditions(req, srcObj, 'x-oss-copy-source-');
    forbidOverwrite(req, b, key);
    const directive = (headerStr(req, 'x-oss-metadata-directive') ?? 'COPY').toUpperCase();
    if (directive !== 'COPY' && directive !== 'REPLACE') {
      throw new OssError(400, 'InvalidArgument', 'Unknown metadata directive.', {
        ArgumentName: 'x-oss-metadata-directive', ArgumentValue: directive,
      });
    }
    const ent = directive === 'REPLACE'
      ? entityFromHeaders(req)
      : { contentType: srcObj.contentType, meta: { ...srcObj.meta }, headers: { ...srcObj.headers } };
    const now = this.now();
    const rec: ObjectRecord = {
      key, blob: srcObj.blob, etag: srcObj.etag, lastModified: now, ...ent, type: srcObj.type,
      storageClass: headerStr(req, 'x-oss-storage-class') ?? srcObj.storageClass, hasCrc: srcObj.hasCrc,
    };
    this.store.putObject(b, rec);
    if (rec.hasCrc) {
      crcHeader(this, res, rec.blob.crc);
    }
    sendXml(res, '<CopyObjectResult>' + el('ETag', rec.etag) + el('LastModified', iso(now)) + '</CopyObjectResult>');
  }

  private async uploadPartCopy(req: http.IncomingMessage, res: http.ServerResponse, t: Target): Promise<void> {
    const b = getBucket(this, t.bucket as string);
    const pn = partNumber(t);
    const up = getUpload(b, t.key as string, t.q.get('uploadId'));
    await receiveSmallBody(this, req, 0).catch(() => undefined);
    const { object: src } = this.parseCopySource(req);
    checkConditions(req, src, 'x-oss-copy-source-');
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
    setPart(this, up, pn, blob, etag);
    crcHeader(this, res, blob.crc);
    sendXml(res, '<CopyPartResult>' + el('LastModified', iso(this.now())) + el('ETag', etag) + '</CopyPartResult>');
  }

}
