/** Server-side copy: CopyObject below the threshold, parallel UploadPartCopy at or above it. */
import { encodeKey } from '../signer';
import type { CopyObjectOptions, CopyObjectResult, InitiateMultipartOptions, UploadedPart } from './options';
import { validateBucketName, validateObjectKey } from './options';
import { OssClientError } from './errors';
import { GiB, MiB, unquote, xmlBody, type Requester } from './common';
import { headObject } from './object';
import { writePropertyHeaders, type ObjectWriteProperties } from './properties';
import type { HeadObjectResult } from './types';
import { getObjectTagging } from './objectAttributes';
import { abortMultipartUpload, completeMultipartUpload, initiateMultipartUpload } from './multipart';
import { child, text } from './xml';
import { mapLimit } from '../concurrency';
import { abortOrRecord } from '../orphans';
import { t } from '../translate';

/** The headers of a single CopyObject request for `opts` (directives, and the properties they let through). */
function copyHeaders(source: string, opts: CopyObjectOptions): Record<string, string> {
  const headers: Record<string, string> = { 'x-oss-copy-source': source };
  const replaceMeta = opts.metadataDirective === 'REPLACE';
  const replaceTags = opts.taggingDirective === 'Replace';
  if (opts.metadataDirective && opts.metadataDirective !== 'COPY' && !replaceMeta) {
    throw new OssClientError('InvalidArgument', `Unknown metadata directive ${JSON.stringify(opts.metadataDirective)}: use COPY or REPLACE`);
  }
  if (opts.taggingDirective && opts.taggingDirective !== 'Copy' && !replaceTags) {
    throw new OssClientError('InvalidArgument', `Unknown tagging directive ${JSON.stringify(opts.taggingDirective)}: use Copy or Replace`);
  }
  const props: ObjectWriteProperties = { storageClass: opts.storageClass, acl: opts.acl, sse: opts.sse };
  if (replaceMeta) {
    Object.assign(props, {
      contentType: opts.contentType, contentEncoding: opts.contentEncoding, cacheControl: opts.cacheControl,
      contentDisposition: opts.contentDisposition, expires: opts.expires, meta: opts.meta ?? {},
    });
    headers['x-oss-metadata-directive'] = 'REPLACE';
  }
  if (replaceTags) {
    props.tags = opts.tags ?? {};
    headers['x-oss-tagging-directive'] = 'Replace';
  }
  writePropertyHeaders(props, headers);
  if (opts.forbidOverwrite) headers['x-oss-forbid-overwrite'] = 'true';
  return headers;
}

/** What an UploadPartCopy destination is initiated with: the source's properties unless replaced. */
async function multipartCopyProps(c: Requester, srcBucket: string, srcKey: string, head: HeadObjectResult, opts: CopyObjectOptions): Promise<InitiateMultipartOptions> {
  const props: InitiateMultipartOptions = { storageClass: opts.storageClass, acl: opts.acl, sse: opts.sse, forbidOverwrite: opts.forbidOverwrite, signal: opts.signal };
  if (opts.metadataDirective === 'REPLACE') {
    Object.assign(props, {
      contentType: opts.contentType, contentEncoding: opts.contentEncoding, cacheControl: opts.cacheControl,
      contentDisposition: opts.contentDisposition, expires: opts.expires, meta: opts.meta,
    });
  } else {
    Object.assign(props, {
      contentType: head.contentType, contentEncoding: head.contentEncoding, cacheControl: head.cacheControl,
      contentDisposition: head.contentDisposition, expires: head.expires, meta: head.meta,
    });
  }
  if (opts.taggingDirective === 'Replace') props.tags = opts.tags;
  else if ((head.taggingCount ?? 0) > 0) props.tags = await getObjectTagging(c, srcBucket, srcKey, { versionId: opts.sourceVersionId, signal: opts.signal });
  return props;
}

/** Server-side copy; sources ≥ 1 GiB (or opts.multipartThreshold) use UploadPartCopy. */
export async function copyObject(
  c: Requester,
  srcBucket: string,
  srcKey: string,
  dstBucket: string,
  dstKey: string,
  opts: CopyObjectOptions = {},
): Promise<CopyObjectResult> {
  validateBucketName(srcBucket);
  validateObjectKey(srcKey);
  if (opts.sourceVersionId === '') throw new OssClientError('InvalidArgument', t('An empty sourceVersionId names no version'));
  const source = `/${srcBucket}/${encodeKey(srcKey)}${opts.sourceVersionId !== undefined ? `?versionId=${encodeURIComponent(opts.sourceVersionId)}` : ''}`;
  const head = await headObject(c, srcBucket, srcKey, { versionId: opts.sourceVersionId, signal: opts.signal });
  const threshold = opts.multipartThreshold ?? GiB;
  if (head.size < threshold) {
    const headers = copyHeaders(source, opts);
    const res = await c.request({ op: 'CopyObject', method: 'PUT', bucket: dstBucket, key: dstKey, headers, signal: opts.signal });
    const root = child(xmlBody(res, 'CopyObject'), 'CopyObjectResult');
    return { etag: unquote(text(root, 'ETag') ?? res.headers['etag']), versionId: res.headers['x-oss-version-id'], crc64: res.headers['x-oss-hash-crc64ecma'] };
  }
  const partSize = Math.max(opts.partSize ?? 256 * MiB, Math.ceil(head.size / 10000), 100 * 1024);
  const uploadId = await initiateMultipartUpload(c, dstBucket, dstKey, await multipartCopyProps(c, srcBucket, srcKey, head, opts));
  try {
    const count = Math.ceil(head.size / partSize);
    const numbers = Array.from({ length: count }, (_, i) => i + 1);
    const parts = await mapLimit(numbers, opts.parallel ?? 4, async (n): Promise<UploadedPart> => {
      const start = (n - 1) * partSize;
      const end = Math.min(head.size, start + partSize) - 1;
      const res = await c.request({
        op: 'UploadPartCopy', method: 'PUT', bucket: dstBucket, key: dstKey,
        query: { partNumber: String(n), uploadId },
        headers: { 'x-oss-copy-source': source, 'x-oss-copy-source-range': `bytes=${start}-${end}` },
        signal: opts.signal,
      });
      const etag = text(child(xmlBody(res, 'UploadPartCopy'), 'CopyPartResult'), 'ETag') ?? res.headers['etag'];
      return { partNumber: n, etag: etag ?? '', size: end - start + 1 };
    }, { signal: opts.signal });
    const done = await completeMultipartUpload(c, dstBucket, dstKey, uploadId, parts, {
      forbidOverwrite: opts.forbidOverwrite, signal: opts.signal, expected: head.crc64 ? { size: head.size, crc64: head.crc64 } : undefined,
    });
    return { etag: done.etag, crc64: done.crc64 };
  } catch (err) {
    // An abort that fails too is recorded (when the caller keeps a log), never silently dropped.
    const ref = { bucket: dstBucket, key: dstKey, uploadId };
    if (opts.orphans) await abortOrRecord({ abortMultipartUpload: (b, k, u) => abortMultipartUpload(c, b, k, u) }, opts.orphans, ref);
    else await abortMultipartUpload(c, dstBucket, dstKey, uploadId).catch(() => undefined);
    throw err;
  }
}
