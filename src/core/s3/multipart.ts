/**
 * S3 multipart uploads under S3's rules: part numbers 1–10,000, every part but the last at least
 * 5 MiB (checked before CompleteMultipartUpload, so the error names the part), CRC-32C per part.
 */
import { contentTypeFor } from '../mime';
import type {
  CallOptions,
  CompleteMultipartOptions,
  CompleteResult,
  InitiateMultipartOptions,
  PartInfo,
  UploadedPart,
  UploadPartOptions,
} from '../client/options';
import { OssClientError } from '../client/errors';
import { t } from '../translate';
import type { Body } from '../client/http';
import { MiB, date, num, unquote, xmlBody, type Requester } from '../client/common';
import { child, escapeXml, list, text } from '../client/xml';
import { checksumMismatch, rootOf, s3Root } from './checks';
import { writeS3PropertyHeaders } from './props';
import { crc32c, crc32cBase64 } from '../crc32c';

export const S3_MIN_PART_SIZE = 5 * MiB;
export const S3_MAX_PARTS = 10000;

export type S3UploadedPart = UploadedPart & { crc32c?: string };

/** CreateMultipartUpload; with `checksum`, the parts carry CRC-32C (x-amz-checksum-algorithm). */
export async function initiateMultipartUpload(c: Requester, bucket: string, key: string, opts: InitiateMultipartOptions = {}, checksum = true): Promise<string> {
  const headers: Record<string, string> = {};
  writeS3PropertyHeaders({ ...opts, contentType: opts.contentType || contentTypeFor(key) }, headers);
  if (checksum) headers['x-amz-checksum-algorithm'] = 'CRC32C';
  const res = await c.request({ op: 'CreateMultipartUpload', method: 'POST', bucket, key, query: { uploads: '' }, headers, signal: opts.signal });
  const id = text(child(xmlBody(res, 'CreateMultipartUpload'), 'InitiateMultipartUploadResult'), 'UploadId');
  if (!id) throw new OssClientError('MalformedResponse', 'CreateMultipartUpload returned no UploadId', `CreateMultipartUpload ${bucket}/${key}`);
  return id;
}

function checkPartNumber(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > S3_MAX_PARTS) {
    throw new OssClientError('InvalidArgument', t('S3 part numbers are 1-{0} (got {1}); use larger parts', S3_MAX_PARTS, n));
  }
}

export async function uploadPart(
  c: Requester,
  bucket: string,
  key: string,
  uploadId: string,
  partNumber: number,
  body: Body,
  opts: UploadPartOptions & { crc32c: string },
): Promise<S3UploadedPart> {
  checkPartNumber(partNumber);
  const size = typeof body === 'function' ? opts.size : body.length;
  if (size === undefined) throw new OssClientError('InvalidArgument', 'uploadPart with a stream needs opts.size');
  const op = `UploadPart ${bucket}/${key}`;
  const res = await c.request({
    op: 'UploadPart', method: 'PUT', bucket, key, query: { partNumber: String(partNumber), uploadId },
    headers: { 'x-amz-checksum-crc32c': opts.crc32c, 'x-amz-sdk-checksum-algorithm': 'CRC32C' }, body, bodyLength: size, signal: opts.signal, response: 'none', onBodyBytes: opts.onBytes,
  });
  const echoed = res.headers['x-amz-checksum-crc32c'];
  if (echoed !== undefined && echoed !== opts.crc32c) throw checksumMismatch(`part ${partNumber}`, 'CRC-32C', opts.crc32c, echoed, op);
  const etag = res.headers['etag'];
  if (!etag) throw new OssClientError('MalformedResponse', `UploadPart ${partNumber} returned no ETag`, op);
  return { partNumber, etag, size, crc32c: opts.crc32c };
}

/** Checks S3's part rules on what is about to be completed; the error says which part breaks them. */
export function checkParts(parts: S3UploadedPart[]): S3UploadedPart[] {
  if (parts.length === 0) throw new OssClientError('InvalidArgument', t('A multipart upload needs at least one part'));
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  sorted.forEach((p, i) => {
    checkPartNumber(p.partNumber);
    if (i > 0 && sorted[i - 1].partNumber === p.partNumber) throw new OssClientError('InvalidArgument', t('Part {0} is given twice', p.partNumber));
    if (i < sorted.length - 1 && p.size !== undefined && p.size < S3_MIN_PART_SIZE) {
      throw new OssClientError('EntityTooSmall', t('Part {0} has {1} bytes; S3 parts other than the last need at least 5 MiB', p.partNumber, p.size));
    }
  });
  return sorted;
}

/** S3's composite checksum of a multipart object: the CRC-32C of the parts' CRC-32Cs (raw bytes), then -<parts>. */
export function compositeCrc32c(parts: string[]): string {
  const raw = Buffer.concat(parts.map((b64) => Buffer.from(b64, 'base64')));
  return `${crc32cBase64(crc32c(raw))}-${parts.length}`;
}

export async function completeMultipartUpload(
  c: Requester,
  bucket: string,
  key: string,
  uploadId: string,
  parts: S3UploadedPart[],
  opts: CompleteMultipartOptions = {},
): Promise<CompleteResult & { versionId?: string }> {
  const sorted = checkParts(parts);
  const xml = `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>${sorted
    .map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escapeXml(p.etag)}</ETag>${p.crc32c ? `<ChecksumCRC32C>${p.crc32c}</ChecksumCRC32C>` : ''}</Part>`)
    .join('')}</CompleteMultipartUpload>`;
  const res = await c.request({
    op: 'CompleteMultipartUpload', method: 'POST', bucket, key, query: { uploadId },
    headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml, 'utf8'), signal: opts.signal,
  });
  // S3 can answer 200 with an <Error> document once the work is done.
  const doc = xmlBody(res, 'CompleteMultipartUpload');
  const error = child(doc, 'Error');
  if (error) throw new OssClientError(text(error, 'Code') ?? 'InternalError', text(error, 'Message') ?? 'CompleteMultipartUpload failed', `CompleteMultipartUpload ${bucket}/${key}`);
  const root = rootOf(doc, 'CompleteMultipartUploadResult');
  const composite = text(root, 'ChecksumCRC32C');
  if (composite && /-\d+$/.test(composite) && sorted.every((p) => p.crc32c)) {
    const mine = compositeCrc32c(sorted.map((p) => p.crc32c as string));
    if (mine !== composite) throw checksumMismatch('multipart object', 'CRC-32C (composite of the parts)', mine, composite, `CompleteMultipartUpload ${bucket}/${key}`);
  }
  return { etag: unquote(text(root, 'ETag') ?? res.headers['etag']), location: text(root, 'Location'), versionId: res.headers['x-amz-version-id'] };
}

export async function abortMultipartUpload(c: Requester, bucket: string, key: string, uploadId: string, opts: CallOptions = {}): Promise<void> {
  await c.request({ op: 'AbortMultipartUpload', method: 'DELETE', bucket, key, query: { uploadId }, signal: opts.signal, response: 'none' });
}

export async function listParts(c: Requester, bucket: string, key: string, uploadId: string, opts: CallOptions = {}): Promise<Array<PartInfo & { crc32c?: string }>> {
  const out: Array<PartInfo & { crc32c?: string }> = [];
  let marker: string | undefined;
  for (;;) {
    const query: Record<string, string> = { uploadId, 'max-parts': '1000' };
    if (marker) query['part-number-marker'] = marker;
    const root = s3Root(await c.request({ op: 'ListParts', method: 'GET', bucket, key, query, signal: opts.signal }), 'ListParts', 'ListPartsResult');
    for (const p of list(root, 'Part')) {
      out.push({
        partNumber: num(text(p, 'PartNumber')), etag: text(p, 'ETag') ?? '', size: num(text(p, 'Size')),
        lastModified: date(text(p, 'LastModified')), crc32c: text(p, 'ChecksumCRC32C'),
      });
    }
    const next = text(root, 'NextPartNumberMarker');
    if (text(root, 'IsTruncated') !== 'true' || !next || next === marker) return out;
    marker = next;
  }
}
