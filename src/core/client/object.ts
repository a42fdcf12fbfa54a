/** Single-object operations: HeadObject, PutObject, DeleteObject(s), folder markers. */
import { contentTypeFor } from '../mime';
import type { DeleteObjectsResult, HeadObjectResult } from './types';
import type { CallOptions, PutObjectOptions, PutObjectResult, VersionOptions } from './options';
import { validateBucketName, validateObjectKey } from './options';
import { OssClientError, OssError } from './errors';
import type { Body } from './http';
import { GiB, MiB, date, md5Base64, num, readMeta, unquote, xmlBody, type Requester } from './common';
import { parseRestoreHeader, readSse, writePropertyHeaders } from './properties';
import { child, escapeXml, isXmlSafe, list, queryUnescape, text } from './xml';
import { t } from '../translate';

/** `?versionId=…` when a version is named. */
export function versionQuery(versionId: string | undefined, query: Record<string, string> = {}): Record<string, string> {
  if (versionId !== undefined) {
    if (versionId === '') throw new OssClientError('InvalidArgument', t('An empty versionId names no version'));
    query.versionId = versionId;
  }
  return query;
}

/** Every property a HEAD reports: content headers, metadata, storage class, CRC, version, SSE, tag count, restore state. */
export async function headObject(c: Requester, bucket: string, key: string, opts: VersionOptions = {}): Promise<HeadObjectResult> {
  const res = await c.request({
    op: 'HeadObject', method: 'HEAD', bucket, key, query: versionQuery(opts.versionId), signal: opts.signal, response: 'none',
  });
  const h = res.headers;
  return {
    size: num(h['content-length']),
    contentType: h['content-type'],
    contentEncoding: h['content-encoding'],
    cacheControl: h['cache-control'],
    contentDisposition: h['content-disposition'],
    expires: h['expires'],
    etag: unquote(h['etag']),
    lastModified: date(h['last-modified']),
    storageClass: h['x-oss-storage-class'],
    objectType: h['x-oss-object-type'],
    crc64: h['x-oss-hash-crc64ecma'],
    meta: readMeta(h),
    versionId: h['x-oss-version-id'],
    sse: readSse(h),
    taggingCount: num(h['x-oss-tagging-count']),
    restore: parseRestoreHeader(h['x-oss-restore']),
  };
}

/** True when `head` succeeds; false on NoSuchKey / 404 (not NoSuchBucket). Other errors are thrown. */
export async function existsBy(head: () => Promise<unknown>): Promise<boolean> {
  try {
    await head();
    return true;
  } catch (err) {
    if (err instanceof OssError && err.status === 404 && err.code !== 'NoSuchBucket') return false;
    throw err;
  }
}

/** True if the key exists; false on NoSuchKey / 404. Other errors are thrown. */
export async function objectExists(c: Requester, bucket: string, key: string, opts: CallOptions = {}): Promise<boolean> {
  return existsBy(() => headObject(c, bucket, key, opts));
}

/** PutObject from bytes or a replayable stream factory; verifies the CRC-64 the server computed. */
export async function putObject(c: Requester, bucket: string, key: string, body: Body, opts: PutObjectOptions = {}): Promise<PutObjectResult> {
  const headers: Record<string, string> = {};
  writePropertyHeaders({ ...opts, contentType: opts.contentType || contentTypeFor(key) }, headers);
  let size: number;
  if (typeof body === 'function') {
    if (opts.size === undefined || !(opts.size >= 0)) throw new OssClientError('InvalidArgument', 'putObject with a stream needs opts.size');
    size = opts.size;
  } else {
    size = body.length;
    if (opts.contentMd5 ?? size <= 5 * MiB) headers['content-md5'] = md5Base64(body);
  }
  if (size > 5 * GiB) throw new OssClientError('EntityTooLarge', t('PutObject is limited to 5 GiB (got {0} bytes); use a multipart upload', size));
  if (opts.forbidOverwrite) headers['x-oss-forbid-overwrite'] = 'true';
  const res = await c.request({
    op: 'PutObject', method: 'PUT', bucket, key, headers, body, bodyLength: size,
    checkUploadCrc: true, signal: opts.signal, response: 'none', onBodyBytes: opts.onBytes,
  });
  return {
    etag: unquote(res.headers['etag']), crc64: res.headers['x-oss-hash-crc64ecma'] ?? res.sentCrc?.toString(), requestId: res.requestId,
    versionId: res.headers['x-oss-version-id'],
  };
}

export interface DeleteObjectResult {
  /** The delete marker's version (plain DELETE on a versioned bucket) or the version removed. */
  versionId?: string;
  /** A delete marker was created (plain DELETE) or removed (DELETE of a marker's version). */
  deleteMarker: boolean;
}

/** DeleteObject; with opts.versionId that version is removed for good (no delete marker). */
export async function deleteObject(c: Requester, bucket: string, key: string, opts: VersionOptions = {}): Promise<DeleteObjectResult> {
  const res = await c.request({
    op: 'DeleteObject', method: 'DELETE', bucket, key, query: versionQuery(opts.versionId), signal: opts.signal, response: 'none',
  });
  return { versionId: res.headers['x-oss-version-id'], deleteMarker: res.headers['x-oss-delete-marker'] === 'true' };
}

/** Deletes keys in batches of ≤ 1000 (quiet mode). Keys XML cannot carry are deleted one by one. */
export async function deleteObjects(
  c: Requester,
  bucket: string,
  keys: string[],
  opts: CallOptions = {},
  /** S3 passes { delete: '' } and its own key check. */
  dialect: { query: Record<string, string>; checkBucket: (b: string) => void } = { query: { delete: '', 'encoding-type': 'url' }, checkBucket: validateBucketName },
): Promise<DeleteObjectsResult> {
  dialect.checkBucket(bucket);
  const result: DeleteObjectsResult = { deleted: [], errors: [] };
  const xmlKeys: string[] = [];
  for (const k of keys) {
    validateObjectKey(k);
    if (isXmlSafe(k)) xmlKeys.push(k);
    else {
      try {
        await deleteObject(c, bucket, k, opts);
        result.deleted.push(k);
      } catch (err) {
        if (err instanceof OssError) result.errors.push({ key: k, code: err.code, message: err.serverMessage });
        else throw err;
      }
    }
  }
  for (let i = 0; i < xmlKeys.length; i += 1000) {
    const batch = xmlKeys.slice(i, i + 1000);
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>true</Quiet>${batch
      .map((k) => `<Object><Key>${escapeXml(k)}</Key></Object>`)
      .join('')}</Delete>`;
    const body = Buffer.from(xml, 'utf8');
    const res = await c.request({
      op: 'DeleteMultipleObjects', method: 'POST', bucket, query: dialect.query,
      headers: { 'content-type': 'application/xml', 'content-md5': md5Base64(body) }, body, signal: opts.signal,
    });
    const failed = new Set<string>();
    if (res.body.length) {
      const root = child(xmlBody(res, 'DeleteMultipleObjects'), 'DeleteResult');
      const enc = text(root, 'EncodingType') === 'url';
      const dec = (s: string | undefined): string => (enc ? queryUnescape(s ?? '') : (s ?? ''));
      for (const e of list(root, 'Error')) {
        const key = dec(text(e, 'Key'));
        failed.add(key);
        result.errors.push({ key, code: text(e, 'Code') ?? 'Unknown', message: text(e, 'Message') ?? '' });
      }
    }
    for (const k of batch) if (!failed.has(k)) result.deleted.push(k);
  }
  return result;
}

/** Creates a zero-byte "folder" key ending in '/'; fails with FileAlreadyExists if it is there. */
export async function createFolder(c: Requester, bucket: string, prefix: string, opts: CallOptions = {}): Promise<void> {
  const key = prefix.endsWith('/') ? prefix : `${prefix}/`;
  await putObject(c, bucket, key, Buffer.alloc(0), {
    forbidOverwrite: true, contentType: 'application/x-directory', signal: opts.signal,
  });
}
