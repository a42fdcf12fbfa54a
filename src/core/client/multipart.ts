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
import { OssClientError, OssError, crcMismatch } from './errors';
import type { Body, OssResponse } from './http';
import { date, md5Base64, num, unquote, xmlBody, type Requester } from './common';
import { writePropertyHeaders } from './properties';
import { headObject } from './object';
import { child, escapeXml, list, queryUnescape, text } from './xml';

export async function initiateMultipartUpload(c: Requester, bucket: string, key: string, opts: InitiateMultipartOptions = {}): Promise<string> {
  const headers: Record<string, string> = {};
  writePropertyHeaders({ ...opts, contentType: opts.contentType || contentTypeFor(key) }, headers);
  if (opts.forbidOverwrite) headers['x-oss-forbid-overwrite'] = 'true';
  const res = await c.request({ op: 'InitiateMultipartUpload', method: 'POST', bucket, key, query: { uploads: '' }, headers, signal: opts.signal });
  const id = text(child(xmlBody(res, 'InitiateMultipartUpload'), 'InitiateMultipartUploadResult'), 'UploadId');
  if (!id) throw new OssClientError('MalformedResponse', 'InitiateMultipartUpload returned no UploadId', `InitiateMultipartUpload ${bucket}/${key}`);
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
  if (!etag) throw new OssClientError('MalformedResponse', `UploadPart ${partNumber} returned no ETag`, `UploadPart ${bucket}/${key}`);
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
  const combined = combinedCrc(sorted);
  let res: OssResponse;
  try {
    res = await c.request({
      op: 'CompleteMultipartUpload', method: 'POST', bucket, key, query: { uploadId }, headers, body, signal: opts.signal,
    });
  } catch (err) {
    // A Complete whose response was lost is retried by the transport and then finds no upload:
    // the object may be complete already. Accept it only if it is exactly what the parts make up.
    if (err instanceof OssError && err.code === 'NoSuchUpload' && combined !== undefined) {
      const head = await headObject(c, bucket, key, { signal: opts.signal }).catch(() => undefined);
      if (head && head.size === combined.total && head.crc64 === combined.crc.toString()) return { etag: head.etag, crc64: head.crc64 };
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
    throw crcMismatch('multipart object', combined.crc.toString(), crc, `CompleteMultipartUpload ${bucket}/${key}`);
  }
  return { etag, crc64: crc, location };
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

/** In-progress multipart uploads of a bucket (follows pages). */
export async function listMultipartUploads(c: Requester, bucket: string, opts: { prefix?: string } & CallOptions = {}): Promise<MultipartUploadInfo[]> {
  const out: MultipartUploadInfo[] = [];
  let keyMarker: string | undefined;
  let idMarker: string | undefined;
  for (;;) {
    const query: Record<string, string> = { uploads: '', 'max-uploads': '1000', 'encoding-type': 'url' };
    if (opts.prefix) query.prefix = opts.prefix;
    if (keyMarker) query['key-marker'] = keyMarker;
    if (idMarker) query['upload-id-marker'] = idMarker;
    const res = await c.request({ op: 'ListMultipartUploads', method: 'GET', bucket, query, signal: opts.signal });
    const root = child(xmlBody(res, 'ListMultipartUploads'), 'ListMultipartUploadsResult');
    const enc = text(root, 'EncodingType') === 'url';
    const dec = (s: string | undefined): string => (enc ? queryUnescape(s ?? '') : (s ?? ''));
    for (const u of list(root, 'Upload')) {
      out.push({ key: dec(text(u, 'Key')), uploadId: text(u, 'UploadId') ?? '', initiated: date(text(u, 'Initiated')) });
    }
    if (text(root, 'IsTruncated') !== 'true') return out;
    const nk = dec(text(root, 'NextKeyMarker'));
    const ni = text(root, 'NextUploadIdMarker') ?? '';
    if (nk === keyMarker && ni === idMarker) return out;
    keyMarker = nk;
    idMarker = ni;
  }
}
