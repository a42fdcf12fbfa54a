/** S3 single-object operations: HeadObject, GetObject, PutObject, DeleteObject, CopyObject (+ UploadPartCopy). */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { encodeKey } from '../signer';
import { contentTypeFor } from '../mime';
import { Crc32c } from '../crc32c';
import { Crc64 } from '../crc64';
import { mapLimit } from '../concurrency';
import type { HeadObjectResult } from '../client/types';
import type { CallOptions, CopyObjectOptions, CopyObjectResult, GetObjectOptions, GetObjectResult, PutObjectOptions, PutObjectResult, UploadedPart, VersionOptions } from '../client/options';
import { OssClientError, OssError } from '../client/errors';
import { t } from '../translate';
import type { Body } from '../client/http';
import { GiB, MiB, date, md5Base64, readMeta, unquote, xmlBody, type Requester } from '../client/common';
import { bodySizes, checkedBody } from '../client/getObject';
import { child, text } from '../client/xml';
import { existsBy, versionQuery, type DeleteObjectResult } from '../client/object';
import { bodyVerify, checksumMismatch, md5Etag } from './checks';
import { abortMultipartUpload, completeMultipartUpload, initiateMultipartUpload } from './multipart';
import { AMZ_META, readS3Head, writeS3PropertyHeaders } from './props';

export { AMZ_META };

export async function headObject(c: Requester, bucket: string, key: string, opts: VersionOptions = {}): Promise<HeadObjectResult & { crc32c?: string }> {
  const res = await c.request({
    op: 'HeadObject', method: 'HEAD', bucket, key, query: versionQuery(opts.versionId), headers: { 'x-amz-checksum-mode': 'ENABLED' }, signal: opts.signal, response: 'none',
  });
  return readS3Head(res.headers);
}

export async function objectExists(c: Requester, bucket: string, key: string, opts: CallOptions = {}): Promise<boolean> {
  return existsBy(() => headObject(c, bucket, key, opts));
}

/** Streams an object; a whole-object read is checked against x-amz-checksum-crc32c, else the MD5 ETag. */
export async function getObject(c: Requester, bucket: string, key: string, opts: GetObjectOptions = {}): Promise<GetObjectResult> {
  const headers: Record<string, string> = { 'x-amz-checksum-mode': 'ENABLED' };
  if (opts.range) {
    const { start, end } = opts.range;
    if (!(start >= 0) || (end !== undefined && end < start)) throw new OssClientError('InvalidArgument', `Invalid range ${start}-${end ?? ''}`);
    headers['range'] = `bytes=${start}-${end ?? ''}`;
  }
  if (opts.ifMatch) headers['if-match'] = `"${opts.ifMatch.replace(/^"|"$/g, '')}"`;
  const op = `GetObject ${bucket}/${key}`;
  const res = await c.request({ op: 'GetObject', method: 'GET', bucket, key, query: versionQuery(opts.versionId), headers, signal: opts.signal, response: 'stream' });
  const h = res.headers;
  const { size, totalSize } = bodySizes(h);
  const verify = res.status === 200 && opts.verifyCrc !== false ? bodyVerify(h, op) : undefined;
  return {
    stream: checkedBody(res, verify, size, op, opts.onData),
    size,
    totalSize,
    contentType: h['content-type'],
    etag: unquote(h['etag']),
    lastModified: date(h['last-modified']),
    meta: readMeta(h, AMZ_META),
    status: res.status,
    versionId: h['x-amz-version-id'],
  };
}

/** CRC-32C (base64) and CRC-64 (decimal) of a body, in one pass; a stream factory is read once for them. */
export async function bodyChecksums(body: Body): Promise<{ crc32c: string; crc64: string }> {
  const c32 = new Crc32c();
  const c64 = new Crc64();
  if (typeof body !== 'function') return { crc32c: c32.update(body).toBase64(), crc64: c64.update(body).toString() };
  const src: Readable = body();
  for await (const chunk of src) {
    c32.update(chunk as Buffer);
    c64.update(chunk as Buffer);
  }
  return { crc32c: c32.toBase64(), crc64: c64.toString() };
}

/** CRC-32C (base64) of a body; a stream factory is read once for it before the upload. */
export async function bodyCrc32c(body: Body): Promise<string> {
  const crc = new Crc32c();
  if (typeof body !== 'function') return crc.update(body).toBase64();
  const src: Readable = body();
  for await (const chunk of src) crc.update(chunk as Buffer);
  return crc.toBase64();
}

/** The error a forbidden overwrite gives, whichever way it was found (our HEAD, or the server's 412). */
function alreadyExists(bucket: string, key: string, op: string, status = 409): OssError {
  return new OssError({
    status, code: 'FileAlreadyExists', operation: op,
    serverMessage: `The object ${key} already exists in ${bucket}; choose another name or allow overwriting`,
  });
}

/** Refuses to go on when `key` exists (the server may ignore If-None-Match, so it is asked first). */
async function assertAbsent(c: Requester, bucket: string, key: string, op: string, signal?: AbortSignal): Promise<void> {
  if (await objectExists(c, bucket, key, { signal })) throw alreadyExists(bucket, key, op);
}

export interface S3PutObjectOptions extends PutObjectOptions {
  /** Write only if the object's ETag is still this one (conditional PUT; 412 when it is not). */
  ifMatch?: string;
  /** Extra request headers (e.g. x-amz-grant-* to keep an ACL, or a raw x-amz-storage-class). */
  extraHeaders?: Record<string, string>;
}

export type S3PutObjectResult = PutObjectResult & { crc32c: string };

/**
 * PutObject from bytes or a replayable stream factory, with every write property. Sends
 * x-amz-checksum-crc32c (and Content-MD5 for buffers ≤ 5 MiB); checks the checksum the server
 * echoes, else the MD5 ETag.
 */
export async function putObject(c: Requester, bucket: string, key: string, body: Body, opts: S3PutObjectOptions = {}): Promise<S3PutObjectResult> {
  const op = `PutObject ${bucket}/${key}`;
  const headers: Record<string, string> = {};
  writeS3PropertyHeaders({ ...opts, contentType: opts.contentType || contentTypeFor(key) }, headers);
  Object.assign(headers, opts.extraHeaders);
  let size: number;
  let md5Hex: string | undefined;
  if (typeof body === 'function') {
    if (opts.size === undefined || !(opts.size >= 0)) throw new OssClientError('InvalidArgument', 'putObject with a stream needs opts.size');
    size = opts.size;
  } else {
    size = body.length;
    md5Hex = createHash('md5').update(body).digest('hex');
    if (opts.contentMd5 ?? size <= 5 * MiB) headers['content-md5'] = md5Base64(body);
  }
  if (size > 5 * GiB) throw new OssClientError('EntityTooLarge', t('PutObject is limited to 5 GiB (got {0} bytes); use a multipart upload', size));
  if (opts.forbidOverwrite) {
    await assertAbsent(c, bucket, key, op, opts.signal);
    headers['if-none-match'] = '*';
  }
  if (opts.ifMatch !== undefined) headers['if-match'] = `"${opts.ifMatch.replace(/^"|"$/g, '')}"`;
  const crc32c = await bodyCrc32c(body);
  headers['x-amz-checksum-crc32c'] = crc32c;
  // moto stores the checksum only when told the algorithm too, as the AWS SDK does.
  headers['x-amz-sdk-checksum-algorithm'] = 'CRC32C';
  let res;
  try {
    res = await c.request({
      op: 'PutObject', method: 'PUT', bucket, key, headers, body, bodyLength: size, signal: opts.signal, response: 'none', onBodyBytes: opts.onBytes,
    });
  } catch (err) {
    // If-None-Match: * refused by a server that honours it (another writer got there between the HEAD and the PUT).
    if (opts.forbidOverwrite && err instanceof OssError && err.status === 412) throw alreadyExists(bucket, key, op, 412);
    throw err;
  }
  const echoed = res.headers['x-amz-checksum-crc32c'];
  if (echoed !== undefined && echoed !== crc32c) throw checksumMismatch('uploaded body', 'CRC-32C', crc32c, echoed, op);
  const etag = md5Etag(res.headers);
  if (echoed === undefined && md5Hex !== undefined && etag !== undefined && etag !== md5Hex) throw checksumMismatch('uploaded body', 'MD5', md5Hex, etag, op);
  return { etag: unquote(res.headers['etag']), crc32c, requestId: res.requestId, versionId: res.headers['x-amz-version-id'] };
}

/** DeleteObject; with opts.versionId that version is removed for good (no delete marker). */
export async function deleteObject(c: Requester, bucket: string, key: string, opts: VersionOptions = {}): Promise<DeleteObjectResult> {
  const res = await c.request({ op: 'DeleteObject', method: 'DELETE', bucket, key, query: versionQuery(opts.versionId), signal: opts.signal, response: 'none' });
  return { versionId: res.headers['x-amz-version-id'], deleteMarker: res.headers['x-amz-delete-marker'] === 'true' };
}

/** The headers of a CopyObject: source (and version), directives, and the properties to write. */
function copyHeaders(source: string, opts: CopyObjectOptions): Record<string, string> {
  const headers: Record<string, string> = { 'x-amz-copy-source': source };
  const replace = opts.metadataDirective === 'REPLACE';
  if (replace) {
    headers['x-amz-metadata-directive'] = 'REPLACE';
    writeS3PropertyHeaders({ ...opts, tags: undefined }, headers);
  } else {
    // With COPY only the storage class, the ACL and the encryption can be set.
    writeS3PropertyHeaders({ storageClass: opts.storageClass, acl: opts.acl, sse: opts.sse }, headers);
  }
  if (opts.taggingDirective === 'Replace') {
    headers['x-amz-tagging-directive'] = 'REPLACE';
    writeS3PropertyHeaders({ tags: opts.tags ?? {} }, headers);
  }
  return headers;
}

/**
 * Server-side copy (of opts.sourceVersionId when given). metadataDirective REPLACE rewrites the
 * headers, metadata and storage class (a copy onto itself must change something: S3 refuses a
 * plain self-copy). Sources ≥ 5 GiB (or opts.multipartThreshold) use UploadPartCopy.
 */
export async function copyObject(
  c: Requester,
  srcBucket: string,
  srcKey: string,
  dstBucket: string,
  dstKey: string,
  opts: CopyObjectOptions = {},
): Promise<CopyObjectResult> {
  const source = `/${srcBucket}/${encodeKey(srcKey)}${opts.sourceVersionId !== undefined ? `?versionId=${encodeURIComponent(opts.sourceVersionId)}` : ''}`;
  const head = await headObject(c, srcBucket, srcKey, { versionId: opts.sourceVersionId, signal: opts.signal });
  const op = `CopyObject ${dstBucket}/${dstKey}`;
  if (opts.forbidOverwrite) await assertAbsent(c, dstBucket, dstKey, op, opts.signal);
  if (head.size < (opts.multipartThreshold ?? 5 * GiB)) {
    const headers = copyHeaders(source, opts);
    if (opts.forbidOverwrite) headers['if-none-match'] = '*';
    const res = await c.request({ op: 'CopyObject', method: 'PUT', bucket: dstBucket, key: dstKey, headers, signal: opts.signal });
    // Like CompleteMultipartUpload, CopyObject can answer 200 with an <Error> document.
    const doc = xmlBody(res, 'CopyObject');
    const error = child(doc, 'Error');
    if (error) throw new OssError({ status: 200, code: text(error, 'Code') ?? 'InternalError', serverMessage: text(error, 'Message'), operation: op });
    return { etag: unquote(text(child(doc, 'CopyObjectResult'), 'ETag') ?? res.headers['etag']), versionId: res.headers['x-amz-version-id'] };
  }
  // Part by part: the properties come from the source unless REPLACE gives them.
  const props = opts.metadataDirective === 'REPLACE'
    ? { ...opts, tags: undefined }
    : { contentType: head.contentType, contentEncoding: head.contentEncoding, cacheControl: head.cacheControl, contentDisposition: head.contentDisposition, expires: head.expires, meta: head.meta, storageClass: opts.storageClass, acl: opts.acl, sse: opts.sse };
  const partSize = Math.max(opts.partSize ?? 256 * MiB, Math.ceil(head.size / 10000), 5 * MiB);
  const uploadId = await initiateMultipartUpload(c, dstBucket, dstKey, { ...props, signal: opts.signal }, false);
  try {
    const numbers = Array.from({ length: Math.ceil(head.size / partSize) }, (_, i) => i + 1);
    const parts = await mapLimit(numbers, opts.parallel ?? 4, async (n): Promise<UploadedPart> => {
      const start = (n - 1) * partSize;
      const end = Math.min(head.size, start + partSize) - 1;
      const res = await c.request({
        op: 'UploadPartCopy', method: 'PUT', bucket: dstBucket, key: dstKey, query: { partNumber: String(n), uploadId },
        headers: { 'x-amz-copy-source': source, 'x-amz-copy-source-range': `bytes=${start}-${end}` }, signal: opts.signal,
      });
      const etag = text(child(xmlBody(res, 'UploadPartCopy'), 'CopyPartResult'), 'ETag') ?? res.headers['etag'];
      if (!etag) throw new OssClientError('MalformedResponse', `UploadPartCopy ${n} returned no ETag`, op);
      return { partNumber: n, etag, size: end - start + 1 };
    }, { signal: opts.signal });
    const done = await completeMultipartUpload(c, dstBucket, dstKey, uploadId, parts, { signal: opts.signal });
    return { etag: done.etag, versionId: done.versionId };
  } catch (err) {
    await abortMultipartUpload(c, dstBucket, dstKey, uploadId).catch(() => undefined);
    throw err;
  }
}
