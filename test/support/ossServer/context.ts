/**
 * What the request handlers of the local OSS server share: the server state they see
 * (ServerContext), the parsed request target, lookups that fail with OSS errors, and small
 * request-header helpers.
 */
import type * as http from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { OssError } from './errors';
import type { Faults } from './faults';
import { headerStr, utf8Header } from './headers';
import type { BucketRecord, ObjectRecord, Store, UploadRecord } from './store';

export interface ServerContext {
  readonly store: Store;
  /** Bare region id, e.g. 'cn-hangzhou'. */
  readonly region: string;
  readonly faults: Faults;
  /** The server's clock (includes faults.clockOffsetMs). */
  now(): Date;
  /** How long (server time) a RestoreObject takes before the object is readable. */
  restoreDelayMs: number;
}

/** Where a request is addressed. */
export interface Target {
  bucket?: string;
  key?: string;
  /** Decoded query, in order. */
  query: [string, string][];
  q: Map<string, string>;
  virtualHost: boolean;
}

/** One OSS operation. Routing guarantees `t.bucket` (and `t.key` for object operations) where the operation needs them. */
export type Handler = (s: ServerContext, req: http.IncomingMessage, res: http.ServerResponse, t: Target) => void | Promise<void>;

const STORED_HEADERS = ['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'];

export const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'Object' || name === 'Part',
});

export function malformedXml(): OssError {
  return new OssError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
}

export function getBucket(s: ServerContext, name: string): BucketRecord {
  const b = s.store.buckets.get(name);
  if (!b) {
    throw new OssError(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: name });
  }
  return b;
}

export function getObject(b: BucketRecord, key: string): ObjectRecord {
  const o = b.objects.get(key);
  if (!o) {
    throw new OssError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
  }
  return o;
}

export function getUpload(b: BucketRecord, key: string, uploadId: string | undefined): UploadRecord {
  const up = uploadId ? b.uploads.get(uploadId) : undefined;
  if (!up || up.key !== key) {
    throw new OssError(404, 'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { UploadId: uploadId ?? '' });
  }
  return up;
}

export function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new OssError(400, 'InvalidURI', 'Could not parse the specified URI.', { URI: s });
  }
}

export function checkKey(key: string): void {
  const n = Buffer.byteLength(key, 'utf8');
  if (n < 1 || n > 1023) {
    throw new OssError(400, 'InvalidObjectName', 'The specified object is not valid.', { ObjectName: key.slice(0, 64) });
  }
}

export function normEtag(s: string): string {
  return s.trim().replace(/^"|"$/g, '').toUpperCase();
}

/** A max-keys style query value: `def` when absent, else an integer in [1, max]. */
export function parseMax(v: string | undefined, def: number, max: number, name: string): number {
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

/** Content-Type, x-oss-meta-* and the other stored entity headers of an upload request. */
export function entityFromHeaders(req: http.IncomingMessage): { contentType: string; meta: Record<string, string>; headers: Record<string, string> } {
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

export function forbidOverwrite(req: http.IncomingMessage, b: BucketRecord, key: string): void {
  if ((headerStr(req, 'x-oss-forbid-overwrite') ?? '').toLowerCase() === 'true' && b.objects.has(key)) {
    throw new OssError(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.', { Key: key });
  }
}
