/** S3 single-object operations: HeadObject, GetObject, PutObject, CopyObject (+ UploadPartCopy). */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { encodeKey } from '../signer';
import { contentTypeFor } from '../mime';
import { Crc32c } from '../crc32c';
import { mapLimit } from '../concurrency';
import type { HeadObjectResult } from '../client/types';
import type { CallOptions, CopyObjectOptions, GetObjectOptions, GetObjectResult, PutObjectOptions, PutObjectResult, UploadedPart } from '../client/options';
import { OssClientError } from '../client/errors';
import type { Body } from '../client/http';
import { GiB, MiB, date, md5Base64, metaHeaders, readMeta, unquote, xmlBody, type Requester } from '../client/common';
import { bodySizes, checkedBody } from '../client/getObject';
import { child, text } from '../client/xml';
import { existsBy } from '../client/object';
import { bodyVerify, checksumMismatch, md5Etag } from './checks';
import { abortMultipartUpload, completeMultipartUpload, initiateMultipartUpload } from './multipart';

export const AMZ_META = 'x-amz-meta-';

export async function headObject(c: Requester, bucket: string, key: string, opts: CallOptions = {}): Promise<HeadObjectResult & { crc32c?: string }> {
  const res = await c.request({
    op: 'HeadObject', method: 'HEAD', bucket, key, headers: { 'x-amz-checksum-mode': 'ENABLED' }, signal: opts.signal, response: 'none',
  });
  const h = res.headers;
  return {
    size: Number(h['content-length'] ?? 0),
    contentType: h['content-type'],
    etag: unquote(h['etag']),
    lastModified: date(h['last-modified']),
    storageClass: h['x-amz-storage-class'] ?? 'STANDARD',
    objectType: /-\d+"?$/.test(h['etag'] ?? '') ? 'Multipart' : 'Normal',
    crc32c: h['x-amz-checksum-crc32c'],
    meta: readMeta(h, AMZ_META),
  };
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
  const res = await c.request({ op: 'GetObject', method: 'GET', bucket, key, headers, signal: opts.signal, response: 'stream' });
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
  };
}

/** CRC-32C (base64) of a body; a stream factory is read once for it before the upload. */
export async function bodyCrc32c(body: Body): Promise<string> {
  const crc = new Crc32c();
  if (typeof body !== 'function') return crc.update(body).toBase64();
  const src: Readable = body();
  for await (const chunk of src) crc.update(chunk as Buffer);
  return crc.toBase64();
}

/** Refuses to go on when `key` exists (the server may ignore If-None-Match, so it is asked first). */
async function assertAbsent(c: Requester, bucket: string, key: string, signal?: AbortSignal): Promise<void> {
  if (await objectExists(c, bucket, key, { signal })) {
    throw new OssClientError('FileAlreadyExists', `The object ${key} already exists; choose another name or allow overwriting`, `PutObject ${bucket}/${key}`);
  }
}

/**
 * PutObject from bytes or a replayable stream factory. Sends x-amz-checksum-crc32c (and
 * Content-MD5 for buffers ≤ 5 MiB); checks the checksum the server echoes, else the MD5 ETag.
 */
export async function putObject(c: Requester, bucket: string, key: string, body: Body, opts: PutObjectOptions = {}): Promise<PutObjectResult & { crc32c?: string }> {
  const headers: Record<string, string> = { 'content-type': opts.contentType || contentTypeFor(key) };
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
  if (size > 5 * GiB) throw new OssClientError('EntityTooLarge', `PutObject is limited to 5 GiB (got ${size} bytes); use a multipart upload`);
  if (opts.forbidOverwrite) {
    await assertAbsent(c, bucket, key, opts.signal);
    headers['if-none-match'] = '*';
  }
  metaHeaders(opts.meta, headers, AMZ_META);
  const crc32c = await bodyCrc32c(body);
  headers['x-amz-checksum-crc32c'] = crc32c;
  const op = `PutObject ${bucket}/${key}`;
  const res = await c.request({
    op: 'PutObject', method: 'PUT', bucket, key, headers, body, bodyLength: size, signal: opts.signal, response: 'none', onBodyBytes: opts.onBytes,
  });
  const echoed = res.headers['x-amz-checksum-crc32c'];
  if (echoed !== undefined && echoed !== crc32c) throw checksumMismatch('uploaded body', 'CRC-32C', crc32c, echoed, op);
  const etag = md5Etag(res.headers);
  if (echoed === undefined && md5Hex !== undefined && etag !== undefined && etag !== md5Hex) throw checksumMismatch('uploaded body', 'MD5', md5Hex, etag, op);
  return { etag: unquote(res.headers['etag']), crc32c, requestId: res.requestId };
}

/** Server-side copy; sources ≥ 5 GiB (or opts.multipartThreshold) use UploadPartCopy. */
export async function copyObject(
  c: Requester,
  srcBucket: string,
  srcKey: string,
  dstBucket: string,
  dstKey: string,
  opts: CopyObjectOptions = {},
): Promise<{ etag?: string }> {
  const source = `/${srcBucket}/${encodeKey(srcKey)}`;
  const head = await headObject(c, srcBucket, srcKey, opts);
  if (opts.forbidOverwrite) await assertAbsent(c, dstBucket, dstKey, opts.signal);
  if (head.size < (opts.multipartThreshold ?? 5 * GiB)) {
    const res = await c.request({ op: 'CopyObject', method: 'PUT', bucket: dstBucket, key: dstKey, headers: { 'x-amz-copy-source': source }, signal: opts.signal });
    return { etag: unquote(text(child(xmlBody(res, 'CopyObject'), 'CopyObjectResult'), 'ETag') ?? res.headers['etag']) };
  }
  const partSize = Math.max(opts.partSize ?? 256 * MiB, Math.ceil(head.size / 10000), 5 * MiB);
  const uploadId = await initiateMultipartUpload(c, dstBucket, dstKey, { contentType: head.contentType, meta: head.meta, signal: opts.signal }, false);
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
      return { partNumber: n, etag: etag ?? '', size: end - start + 1 };
    }, { signal: opts.signal });
    return { etag: (await completeMultipartUpload(c, dstBucket, dstKey, uploadId, parts, { signal: opts.signal })).etag };
  } catch (err) {
    await abortMultipartUpload(c, dstBucket, dstKey, uploadId).catch(() => undefined);
    throw err;
  }
}
