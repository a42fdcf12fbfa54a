/**
 * Routing for the local OSS server: where a request is addressed (custom domain, virtual-host or
 * path style), which OSS operation it is, and the handler for each operation.
 */
import type * as http from 'node:http';
import { isIP } from 'node:net';
import { percentDecode, type Handler, type ServerContext, type Target } from './context';
import { OssError } from './errors';
import { aclHandlers } from './handlers/acl';
import { bucketHandlers } from './handlers/bucket';
import { copyHandlers } from './handlers/copy';
import { listingHandlers } from './handlers/listing';
import { multipartHandlers } from './handlers/multipart';
import { objectHandlers } from './handlers/object';
import { restoreHandlers } from './handlers/restore';
import { taggingHandlers } from './handlers/tagging';
import { versionHandlers } from './handlers/versions';

const HANDLERS: Record<string, Handler> = {
  ...bucketHandlers, ...aclHandlers, ...listingHandlers, ...objectHandlers, ...multipartHandlers, ...copyHandlers,
  ...taggingHandlers, ...versionHandlers, ...restoreHandlers,
};

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

/** `cnames`: lower-case `host[:port]` (or bare host) → bucket. */
export function parseTarget(req: http.IncomingMessage, cnames: Map<string, string>): Target {
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
  const cnameBucket = cnames.size ? (cnames.get(hostHeader) ?? cnames.get(host)) : undefined;
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

/** The OSS operation name ('Unsupported' for anything this server does not implement). */
export function opName(method: string, t: Target, req: http.IncomingMessage): string {
  const q = t.q;
  if (!t.bucket) {
    return method === 'GET' ? 'ListBuckets' : 'Unsupported';
  }
  if (t.key === undefined) {
    switch (method) {
      case 'PUT':
        if (q.has('versioning')) { return 'PutBucketVersioning'; }
        return q.has('acl') ? 'PutBucketAcl' : 'PutBucket';
      case 'GET':
        if (q.has('uploads')) { return 'ListMultipartUploads'; }
        if (q.has('versioning')) { return 'GetBucketVersioning'; }
        if (q.has('versions')) { return 'ListObjectVersions'; }
        if (q.has('location')) { return 'GetBucketLocation'; }
        if (q.has('bucketInfo')) { return 'GetBucketInfo'; }
        if (q.has('acl')) { return 'GetBucketAcl'; }
        return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
      case 'DELETE':
        return 'DeleteBucket';
      case 'POST':
        if (q.has('delete')) { return 'DeleteMultipleObjects'; }
        return /^multipart\/form-data/i.test(String(req.headers['content-type'] ?? '')) ? 'PostObject' : 'Unsupported';
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
      if (q.has('tagging')) { return 'PutObjectTagging'; }
      if (q.has('append') || q.has('symlink')) { return 'Unsupported'; }
      return req.headers['x-oss-copy-source'] ? 'CopyObject' : 'PutObject';
    case 'GET':
      if (q.has('uploadId')) { return 'ListParts'; }
      if (q.has('acl')) { return 'GetObjectAcl'; }
      if (q.has('objectMeta')) { return 'GetObjectMeta'; }
      if (q.has('tagging')) { return 'GetObjectTagging'; }
      if (q.has('symlink')) { return 'Unsupported'; }
      return 'GetObject';
    case 'HEAD':
      return q.has('objectMeta') ? 'GetObjectMeta' : 'HeadObject';
    case 'POST':
      if (q.has('uploads')) { return 'InitiateMultipartUpload'; }
      if (q.has('uploadId')) { return 'CompleteMultipartUpload'; }
      if (q.has('restore')) { return 'RestoreObject'; }
      return 'Unsupported';
    case 'DELETE':
      if (q.has('tagging')) { return 'DeleteObjectTagging'; }
      return q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
    default:
      return 'Unsupported';
  }
}

/** Runs the operation's handler (NotImplemented when there is none). */
export function dispatch(s: ServerContext, op: string, req: http.IncomingMessage, res: http.ServerResponse, t: Target): void | Promise<void> {
  const handler = HANDLERS[op];
  if (!handler) {
    throw new OssError(400, 'NotImplemented', 'A header or query you provided implies functionality that is not implemented.', {
      Header: `${req.method} ${t.query.map(([k]) => k).join('&')}`,
    });
  }
  return handler(s, req, res, t);
}
