/** Bucket versioning: Get/PutBucketVersioning and ListObjectVersions (one page, or every entry as an async iterator). */
import type { CallOptions } from './options';
import { OssAbortError, OssClientError } from './errors';
import { date, num, unquote, xmlBody, type Requester } from './common';
import { child, list, queryUnescape, text } from './xml';
import { t } from '../translate';
import { compareCodePoints } from '../utf8Order';

/** 'Off' = versioning was never enabled on the bucket. */
export type VersioningStatus = 'Off' | 'Enabled' | 'Suspended';

export async function getBucketVersioning(c: Requester, bucket: string, opts: CallOptions = {}): Promise<VersioningStatus> {
  const res = await c.request({ op: 'GetBucketVersioning', method: 'GET', bucket, query: { versioning: '' }, signal: opts.signal });
  const status = text(child(xmlBody(res, 'GetBucketVersioning'), 'VersioningConfiguration'), 'Status');
  return status === 'Enabled' || status === 'Suspended' ? status : 'Off';
}

export async function putBucketVersioning(c: Requester, bucket: string, status: 'Enabled' | 'Suspended', opts: CallOptions = {}): Promise<void> {
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new OssClientError('InvalidArgument', t('Versioning status must be Enabled or Suspended, not {0}', JSON.stringify(status)));
  }
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><VersioningConfiguration><Status>${status}</Status></VersioningConfiguration>`, 'utf8');
  await c.request({
    op: 'PutBucketVersioning', method: 'PUT', bucket, query: { versioning: '' }, headers: { 'content-type': 'application/xml' }, body, signal: opts.signal, response: 'none',
  });
}

/** One entry of ListObjectVersions: a version with data, or a delete marker. */
export interface ObjectVersion {
  key: string;
  versionId: string;
  isLatest: boolean;
  deleteMarker: boolean;
  lastModified?: Date;
  /** Versions only (0 for delete markers). */
  size: number;
  etag?: string;
  storageClass?: string;
  type?: string;
}

export interface ListObjectVersionsParams extends CallOptions {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  /** 1..1000 */
  maxKeys?: number;
  keyMarker?: string;
  /** Only with keyMarker: continue after this version of keyMarker. */
  versionIdMarker?: string;
}

export interface ListObjectVersionsPage {
  /** Versions and delete markers in the server's order (by key, newest version first). */
  versions: ObjectVersion[];
  prefixes: string[];
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

export async function listObjectVersionsPage(c: Requester, p: ListObjectVersionsParams): Promise<ListObjectVersionsPage> {
  if (p.versionIdMarker !== undefined && p.keyMarker === undefined) {
    throw new OssClientError('InvalidArgument', 'A version-id marker needs a key marker');
  }
  const query: Record<string, string> = { versions: '', 'encoding-type': 'url' };
  if (p.prefix) query.prefix = p.prefix;
  if (p.delimiter) query.delimiter = p.delimiter;
  if (p.maxKeys !== undefined) query['max-keys'] = String(Math.max(1, Math.min(1000, Math.floor(p.maxKeys))));
  if (p.keyMarker !== undefined) query['key-marker'] = p.keyMarker;
  if (p.versionIdMarker !== undefined) query['version-id-marker'] = p.versionIdMarker;
  const res = await c.request({ op: 'ListObjectVersions', method: 'GET', bucket: p.bucket, query, signal: p.signal });
  const root = child(xmlBody(res, 'ListObjectVersions'), 'ListVersionsResult');
  const enc = text(root, 'EncodingType') === 'url';
  const dec = (s: string | undefined): string => (enc ? queryUnescape(s ?? '') : (s ?? ''));
  const entry = (n: Parameters<typeof text>[0], deleteMarker: boolean): ObjectVersion => ({
    key: dec(text(n, 'Key')),
    versionId: text(n, 'VersionId') ?? 'null',
    isLatest: text(n, 'IsLatest') === 'true',
    deleteMarker,
    lastModified: date(text(n, 'LastModified')),
    size: deleteMarker ? 0 : num(text(n, 'Size')),
    etag: deleteMarker ? undefined : unquote(text(n, 'ETag')),
    storageClass: deleteMarker ? undefined : text(n, 'StorageClass') || undefined,
    type: deleteMarker ? undefined : text(n, 'Type') || undefined,
  });
  const versions = [...list(root, 'Version').map((v) => entry(v, false)), ...list(root, 'DeleteMarker').map((d) => entry(d, true))];
  // Versions and markers come as separate element lists: restore the order (key, then newest first).
  versions.sort((a, b) => compareCodePoints(a.key, b.key) ||
    Number(b.isLatest) - Number(a.isLatest) || (b.lastModified?.getTime() ?? 0) - (a.lastModified?.getTime() ?? 0));
  const isTruncated = text(root, 'IsTruncated') === 'true';
  return {
    versions,
    prefixes: list(root, 'CommonPrefixes').map((cp) => dec(text(cp, 'Prefix'))),
    isTruncated,
    nextKeyMarker: isTruncated ? dec(text(root, 'NextKeyMarker')) : undefined,
    nextVersionIdMarker: isTruncated ? text(root, 'NextVersionIdMarker') || undefined : undefined,
  };
}

/** Every version and delete marker (and common prefix page by page), following the markers; fails instead of looping. */
export async function* listObjectVersions(c: Requester, p: ListObjectVersionsParams): AsyncGenerator<ListObjectVersionsPage> {
  let keyMarker = p.keyMarker;
  let versionIdMarker = p.versionIdMarker;
  const seen = new Set<string>();
  const op = `ListObjectVersions ${p.bucket}/${p.prefix ?? ''}`;
  for (;;) {
    if (p.signal?.aborted) throw new OssAbortError(op);
    const page = await listObjectVersionsPage(c, { ...p, keyMarker, versionIdMarker });
    yield page;
    if (!page.isTruncated) return;
    const mark = `${page.nextKeyMarker ?? ''}\n${page.nextVersionIdMarker ?? ''}`;
    if (!page.nextKeyMarker || seen.has(mark)) {
      throw new OssClientError('MalformedResponse', t('The server repeated a version marker: the listing stops here instead of looping'), op);
    }
    seen.add(mark);
    keyMarker = page.nextKeyMarker;
    versionIdMarker = page.nextVersionIdMarker;
  }
}
