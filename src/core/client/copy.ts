/** Server-side copy: CopyObject below the threshold, parallel UploadPartCopy at or above it. */
import { encodeKey } from '../signer';
import type { CopyObjectOptions, UploadedPart } from './options';
import { validateBucketName, validateObjectKey } from './options';
import { GiB, MiB, unquote, xmlBody, type Requester } from './common';
import { headObject } from './object';
import { abortMultipartUpload, completeMultipartUpload, initiateMultipartUpload } from './multipart';
import { child, text } from './xml';
import { mapLimit } from '../concurrency';
import { abortOrRecord } from '../orphans';

/** Server-side copy; sources ≥ 1 GiB (or opts.multipartThreshold) use UploadPartCopy. */
export async function copyObject(
  c: Requester,
  srcBucket: string,
  srcKey: string,
  dstBucket: string,
  dstKey: string,
  opts: CopyObjectOptions = {},
): Promise<{ etag?: string }> {
  validateBucketName(srcBucket);
  validateObjectKey(srcKey);
  const source = `/${srcBucket}/${encodeKey(srcKey)}`;
  const head = await headObject(c, srcBucket, srcKey, opts);
  const threshold = opts.multipartThreshold ?? GiB;
  if (head.size < threshold) {
    const headers: Record<string, string> = { 'x-oss-copy-source': source };
    if (opts.forbidOverwrite) headers['x-oss-forbid-overwrite'] = 'true';
    const res = await c.request({ op: 'CopyObject', method: 'PUT', bucket: dstBucket, key: dstKey, headers, signal: opts.signal });
    const root = child(xmlBody(res, 'CopyObject'), 'CopyObjectResult');
    return { etag: unquote(text(root, 'ETag') ?? res.headers['etag']) };
  }
  const partSize = Math.max(opts.partSize ?? 256 * MiB, Math.ceil(head.size / 10000), 100 * 1024);
  const uploadId = await initiateMultipartUpload(c, dstBucket, dstKey, {
    contentType: head.contentType, meta: head.meta, forbidOverwrite: opts.forbidOverwrite, signal: opts.signal,
  });
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
    return { etag: done.etag };
  } catch (err) {
    // An abort that fails too is recorded (when the caller keeps a log), never silently dropped.
    const ref = { bucket: dstBucket, key: dstKey, uploadId };
    if (opts.orphans) await abortOrRecord({ abortMultipartUpload: (b, k, u) => abortMultipartUpload(c, b, k, u) }, opts.orphans, ref);
    else await abortMultipartUpload(c, dstBucket, dstKey, uploadId).catch(() => undefined);
    throw err;
  }
}
