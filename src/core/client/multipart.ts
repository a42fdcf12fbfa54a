/** Multipart uploads: initiate, upload a part, complete (CRC-checked), abort, and list parts/uploads. */
import { crc64Combine } from '../crc64';
import { contentTypeFor } from '../mime';
import type {
  CallOptions,
  CompleteMultipartOptions,
  CompleteResult,
  InitiateMultipartOptions,
  MultipartUploadInfo,
  PartInfo,
  UploadedPart,
  UploadPartOptions,
} from './options';
import { OssClientError, OssError, crcMismatch, isAbortError } from './errors';
import type { Body, OssResponse } from './http';
import { date, md5Base64, num, unquote, xmlBody, type Requester } from './common';
import { writePropertyHeaders } from './properties';
import { headObject } from './object';
import { child, escapeXml, list, queryUnescape, text } from './xml';
import { t } from '../translate';

export async function initiateMultipartUpload(c: Requester, bucket: string, key: string, opts: InitiateMultipartOptions = {}): Promise<string> {
  const headers: Record<string, string> = {};
  writePropertyHeaders({ ...opts, contentType: opts.contentType || contentTypeFor(key) }, headers);
  if (opts.forbidOverwrite) headers['x-oss-forbid-overwrite'] = 'true';
  const res = await c.request({ op: 'InitiateMultipartUpload', method: 'POST', bucket, key, query: { uploads: '' }, headers, signal: opts.signal });
  const id = text(child(xmlBody(res, 'InitiateMultipartUpload'), 'InitiateMultipartUploadResult'), 'UploadId');
  if (!id) throw new OssClientError('MalformedResponse', t('InitiateMultipartUpload returned no UploadId'), `InitiateMultipartUpload ${bucket}/${key}`);
  return id;
}

/** Uploads one part (bytes or a stream factory re-opened on retry); its CRC-64 is checked. */
export async function uploadPart(
  c: Requester,
  bucket: string,
  key: string,
  uploadId: string,
  partNumber: number,
  body: Body,
  opts: UploadPartOptions = {},
): Promise<UploadedPart> {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
    throw new OssClientError('InvalidArgument', `Part number ${partNumber} is outside 1..10000`);
  }
  const size = typeof body === 'function' ? opts.size : body.length;
  if (size === undefined) throw new OssClientError('InvalidArgument', 'uploadPart with a stream needs opts.size');
  const res = await c.request({
    op: 'UploadPart', method: 'PUT', bucket, key, query: { partNumber: String(partNumber), uploadId },
    body, bodyLength: size, checkUploadCrc: true, signal: opts.signal, response: 'none', onBodyBytes: opts.onBytes,
  });
  const etag = res.headers['etag'];
  if (!etag) throw new OssClientError('MalformedResponse', t('UploadPart {0} returned no ETag', partNumber), `UploadPart ${bucket}/${key}`);
  return { partNumber, etag, size, crc64: res.sentCrc?.toString() };
}

/** The CRC-64 and size the parts make up, when every part reported both. */
function combinedCrc(sorted: UploadedPart[]): { crc: bigint; total: number } | undefined {
  if (sorted.length === 0 || !sorted.every((p) => p.crc64 !== undefined && p.size !== undefined)) return undefined;
  let crc: bigint | undefined;
  let total = 0;
  for (const p of sorted) {
    const v = BigInt(p.crc64 as string);
    crc = crc === undefined ? v : crc64Combine(crc, v, p.size as number);
    total += p.size as number;
  }
  return { crc: crc as bigint, total };
}

/** Completes with the given parts (sorted by part number here). */
export async function completeMultipartUpload(
  c: Requester,
  bucket: string,
  key: string,
  uploadId: string,
  parts: UploadedPart[],
  opts: CompleteMultipartOptions = {},
): Promise<CompleteResult> {
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  const xml = `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>${sorted
    .map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escapeXml(p.etag)}</ETag></Part>`)
    .join('')}</CompleteMultipartUpload>`;
  const body = Buffer.from(xml, 'utf8');
  const headers: Record<string, string> = { 'content-type': 'application/xml', 'content-md5': md5Base64(body) };
  if (opts.forbidOverwrite) headers['x-oss-forbid-overwrite'] = 'true';
  const combined = combinedCrc(sorted) ?? expectedOf(opts.expected);
  let res: OssResponse;
  try {
    res = await c.request({
      op: 'CompleteMultipartUpload', method: 'POST', bucket, key, query: { uploadId }, headers, body, signal: opts.signal,
    });
  } catch (err) {
    // The upload may be complete although no answer said so: a lost response whose retry found
    // NoSuchUpload, or retries that ran out after the server had carried the request out.
    // Accept it only if the object is exactly what the parts make up.
    const head = !isAbortError(err) && combined !== undefined ? await reconcile(c, bucket, key, combined, opts.signal) : undefined;
    if (head) {
      // The object is right; if the upload is somehow still there (the same content was already
      // stored), it must not stay behind.
      if (!(err instanceof OssError && err.code === 'NoSuchUpload')) {
        await abortMultipartUpload(c, bucket, key, uploadId).catch(() => undefined);
      }
      return { etag: head.etag, crc64: head.crc64 };
    }
    throw err;
  }
  let etag = unquote(res.headers['etag']);
  let location: string | undefined;
  if (res.body.length) {
    const root = child(xmlBody(res, 'CompleteMultipartUpload'), 'CompleteMultipartUploadResult');
    etag = unquote(text(root, 'ETag')) ?? etag;
    location = text(root, 'Location');
  }
  const crc = res.headers['x-oss-hash-crc64ecma'];
  if (crc !== undefined && combined !== undefined && combined.crc.toString() !== crc) {
    // A damaged header or a damaged object: the object itself decides.
    const head = await reconcile(c, bucket, key, combined, opts.signal);
    if (head) return { etag, crc64: head.crc64, location };
    throw crcMismatch('multipart object', combined.crc.toString(), crc, `CompleteMultipartUpload ${bucket}/${key}`);
  }
  return { etag, crc64: crc, location };
}

function expectedOf(e: CompleteMultipartOptions['expected']): { crc: bigint; total: number } | undefined {
  return e && /^\d+$/.test(e.crc64) ? { crc: BigInt(e.crc64), total: e.size } : undefined;
}

/**
 * The object at `key` when it has exactly the expected size and CRC-64. Looked at twice before
 * saying no, so that one damaged or failed HEAD does not turn a complete upload into a failure.
 */
async function reconcile(
  c: Requester, bucket: string, key: string, want: { crc: bigint; total: number }, signal?: AbortSignal,
): Promise<{ etag?: string; crc64?: string } | undefined> {
  for (let look = 0; look < 2; look++) {
    const head = await headObject(c, bucket, key, { signal }).catch(() => undefined);
    if (head && head.size === want.total && head.crc64 === want.crc.toString()) return head;
  }
  return undefined;
}

export async function abortMultipartUpload(c: Requester, bucket: string, key: string, uploadId: string, opts: CallOptions = {}): Promise<void> {
  await c.request({ op: 'AbortMultipartUpload', method: 'DELETE', bucket, key, query: { uploadId }, signal: opts.signal, response: 'none' });
}

/** All uploaded parts of an upload (follows pages). */
export async function listParts(c: Requester, bucket: string, key: string, uploadId: string, opts: CallOptions = {}): Promise<PartInfo[]> {
  const out: PartInfo[] = [];
  let marker: string | undefined;
  for (;;) {
    const query: Record<string, string> = { uploadId, 'max-parts': '1000' };
    if (marker) query['part-number-marker'] = marker;
    const res = await c.request({ op: 'ListParts', method: 'GET', bucket, key, query, signal: opts.signal });
    const root = child(xmlBody(res, 'ListParts'), 'ListPartsResult');
    for (const p of list(root, 'Part')) {
      out.push({
        partNumber: num(text(p, 'PartNumber')),
        etag: text(p, 'ETag') ?? '',
        size: num(text(p, 'Size')),
        lastModified: date(text(p, 'LastModified')),
        crc64: text(p, 'HashCrc64ecma') || undefined,
      });
    }
    const next = text(root, 'NextPartNumberMarker');
    if (text(root, 'IsTruncated') !== 'true' || !next || next === marker) return out;
    marker = next;
  }
}

export interface MultipartUploadsPage {
  uploads: MultipartUploadInfo[];
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
}

/** One page of in-progress multipart uploads (keys url-decoded). */
export async function listMultipartUploadsPage(
  c: Requester,
  bucket: string,
  opts: { prefix?: string; keyMarker?: string; uploadIdMarker?: string; maxUploads?: number } & CallOptions = {},
): Promise<MultipartUploadsPage> {
  const query: Record<string, string> = { uploads: '', 'max-uploads': String(Math.min(1000, Math.max(1, opts.maxUploads ?? 1000))), 'encoding-type': 'url' };
  if (opts.prefix) query.prefix = opts.prefix;
  if (opts.keyMarker) query['key-marker'] = opts.keyMarker;
  if (opts.uploadIdMarker) query['upload-id-marker'] = opts.uploadIdMarker;
  const res = await c.request({ op: 'ListMultipartUploads', method: 'GET', bucket, query, signal: opts.signal });
  const root = child(xmlBody(res, 'ListMultipartUploads'), 'ListMultipartUploadsResult');
  const enc = text(root, 'EncodingType') === 'url';
  const dec = (s: string | undefined): string => (enc ? queryUnescape(s ?? '') : (s ?? ''));
  const uploads = list(root, 'Upload').map((u) => ({ key: dec(text(u, 'Key')), uploadId: text(u, 'UploadId') ?? '', initiated: date(text(u, 'Initiated')) }));
  const isTruncated = text(root, 'IsTruncated') === 'true';
  return { uploads, isTruncated, nextKeyMarker: isTruncated ? dec(text(root, 'NextKeyMarker')) : undefined, nextUploadIdMarker: isTruncated ? (text(root, 'NextUploadIdMarker') ?? '') : undefined };
}

/** In-progress multipart uploads of a bucket (follows pages). */
export async function listMultipartUploads(c: Requester, bucket: string, opts: { prefix?: string } & CallOptions = {}): Promise<MultipartUploadInfo[]> {
  const out: MultipartUploadInfo[] = [];
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (;;) {
    const page = await listMultipartUploadsPage(c, bucket, { ...opts, keyMarker, uploadIdMarker });
    out.push(...page.uploads);
    if (!page.isTruncated) return out;
    if (page.nextKeyMarker === keyMarker && page.nextUploadIdMarker === uploadIdMarker) return out;
    keyMarker = page.nextKeyMarker;
    uploadIdMarker = page.nextUploadIdMarker;
  }
}
