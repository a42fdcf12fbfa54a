/** Multipart upload operations of the local OSS server: initiate, upload part, complete (composite blob), abort, ListParts. */
import { randomBytes } from 'node:crypto';
import { discardBlob, checkContentMd5, receiveBody, receiveSmallBody } from '../body';
import {
  checkKey, forbidOverwrite, getBucket, getUpload, malformedXml, normEtag, parseMax, xmlParser,
  type Handler, type ServerContext, type Target,
} from '../context';
import { OssError, el } from '../errors';
import { headerStr } from '../headers';
import { uploadProps } from '../props';
import { crcHeader, iso, keyEncoder, sendEmpty, sendXml, urlEncodeXml } from '../respond';
import { quotedEtag, type Blob, type ObjectRecord, type UploadRecord } from '../store';
import { versionHeader, writeVersion } from '../versionStore';

const MIN_PART_SIZE = 100 * 1024;

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const initiateUpload: Handler = async (s, req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const key = t.key as string;
  checkKey(key);
  await receiveSmallBody(s, req, 64 * 1024);
  forbidOverwrite(req, b, key);
  const uploadId = randomBytes(16).toString('hex').toUpperCase();
  const { storageClass, acl, tags, sse, ...ent } = uploadProps(req);
  b.uploads.set(uploadId, {
    uploadId, key, initiated: s.now(), ...ent, props: { acl, tags, sse },
    storageClass: storageClass ?? b.storageClass, parts: new Map(),
  });
  if (sse) {
    res.setHeader('x-oss-server-side-encryption', sse.algorithm);
  }
  const url = t.q.get('encoding-type') === 'url';
  sendXml(res, '<InitiateMultipartUploadResult>' + el('Bucket', b.name) + el('Key', url ? urlEncodeXml(key) : key) +
    el('UploadId', uploadId) + (url ? el('EncodingType', 'url') : '') + '</InitiateMultipartUploadResult>');
};

/** The partNumber query parameter (1..10000). */
export function partNumber(t: Target): number {
  const v = t.q.get('partNumber') ?? '';
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 10000) {
    throw new OssError(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive.', {
      ArgumentName: 'partNumber', ArgumentValue: v,
    });
  }
  return Number(v);
}

/** Stores (or replaces) a part of an upload. */
export function setPart(s: ServerContext, up: UploadRecord, partNumber: number, blob: Blob, etag: string): void {
  s.store.retain(blob);
  const old = up.parts.get(partNumber);
  up.parts.set(partNumber, { partNumber, blob, etag, lastModified: s.now() });
  if (old) {
    s.store.release(old.blob);
  }
}

const uploadPart: Handler = async (s, req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const pn = partNumber(t);
  getUpload(b, t.key as string, t.q.get('uploadId'));
  const blob = await receiveBody(s, req);
  let up: UploadRecord;
  try {
    checkContentMd5(req, blob);
    up = getUpload(b, t.key as string, t.q.get('uploadId'));
  } catch (e) {
    discardBlob(s, blob);
    throw e;
  }
  const etag = quotedEtag(blob.md5);
  setPart(s, up, pn, blob, etag);
  res.setHeader('ETag', etag);
  res.setHeader('Content-MD5', blob.md5.toString('base64'));
  crcHeader(s, res, blob.crc);
  sendEmpty(res);
};

const completeUpload: Handler = async (s, req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const key = t.key as string;
  const uploadId = t.q.get('uploadId');
  const body = await receiveSmallBody(s, req, 4 * 1024 * 1024);
  const up = getUpload(b, key, uploadId);
  let list: { partNumber: number; etag: string }[];
  if ((headerStr(req, 'x-oss-complete-all') ?? '').toLowerCase() === 'yes') {
    if (body.length > 0) {
      throw new OssError(400, 'InvalidArgument', 'Should not specify both complete all header and http body.', {});
    }
    list = [...up.parts.values()].sort((x, y) => x.partNumber - y.partNumber).map((p) => ({ partNumber: p.partNumber, etag: p.etag }));
  } else {
    try {
      const doc = xmlParser.parse(body.toString('utf8'));
      const parts: unknown[] = doc?.CompleteMultipartUpload?.Part ?? [];
      if (!doc?.CompleteMultipartUpload) {
        throw new Error('missing root');
      }
      list = parts.map((p) => {
        const pp = p as { PartNumber?: unknown; ETag?: unknown };
        const n = String(pp.PartNumber ?? '').trim();
        if (!/^\d+$/.test(n)) {
          throw new Error('bad part number');
        }
        return { partNumber: Number(n), etag: String(pp.ETag ?? '') };
      });
    } catch {
      throw malformedXml();
    }
  }
  if (list.length === 0) {
    throw malformedXml();
  }
  for (let i = 1; i < list.length; i++) {
    if (list[i].partNumber <= list[i - 1].partNumber) {
      throw new OssError(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. Parts list must specified in order by part number.');
    }
  }
  const blobs: Blob[] = [];
  list.forEach((p, idx) => {
    const part = up.parts.get(p.partNumber);
    if (!part || normEtag(part.etag) !== normEtag(p.etag)) {
      throw new OssError(400, 'InvalidPart',
        'One or more of the specified parts could not be found or the specified entity tag might not have matched the part\'s entity tag.', {
          PartNumber: String(p.partNumber), ETag: p.etag,
        });
    }
    if (idx < list.length - 1 && part.blob.size < MIN_PART_SIZE) {
      throw new OssError(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size.', {
        PartNumber: String(p.partNumber), ProposedSize: String(part.blob.size), MinSizeAllowed: String(MIN_PART_SIZE),
      });
    }
    blobs.push(part.blob);
  });
  forbidOverwrite(req, b, key);
  const blob = s.store.concatBlobs(blobs);
  // The upload may have been aborted/completed meanwhile.
  if (b.uploads.get(up.uploadId) !== up) {
    discardBlob(s, blob);
    getUpload(b, key, uploadId);
  }
  const etag = `"${blob.md5.toString('hex').toUpperCase()}-${list.length}"`;
  const rec: ObjectRecord = {
    key, blob, etag, lastModified: s.now(), contentType: up.contentType, meta: up.meta, headers: up.headers,
    type: 'Multipart', storageClass: up.storageClass, hasCrc: true, ...withoutUndefined(up.props ?? {}),
  };
  writeVersion(s.store, b, rec);
  versionHeader(res, b, rec);
  s.store.abortUpload(b, up.uploadId);
  crcHeader(s, res, blob.crc);
  const url = t.q.get('encoding-type') === 'url';
  const enc = keyEncoder(url);
  sendXml(res, '<CompleteMultipartUploadResult>' + (url ? el('EncodingType', 'url') : '') +
    el('Location', `http://${b.name}.oss-${s.region}.aliyuncs.com/${enc(key)}`) + el('Bucket', b.name) +
    el('Key', enc(key)) + el('ETag', etag) + '</CompleteMultipartUploadResult>');
};

const abortUpload: Handler = (s, _req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  getUpload(b, t.key as string, t.q.get('uploadId'));
  s.store.abortUpload(b, t.q.get('uploadId') as string);
  sendEmpty(res, 204);
};

const listParts: Handler = (s, _req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const key = t.key as string;
  const up = getUpload(b, key, t.q.get('uploadId'));
  const maxParts = parseMax(t.q.get('max-parts'), 1000, 1000, 'max-parts');
  const markerRaw = t.q.get('part-number-marker') ?? '';
  const marker = /^\d+$/.test(markerRaw) ? Number(markerRaw) : 0;
  const all = [...up.parts.values()].filter((p) => p.partNumber > marker).sort((x, y) => x.partNumber - y.partNumber);
  const page = all.slice(0, maxParts);
  const truncated = all.length > page.length;
  const url = t.q.get('encoding-type') === 'url';
  let xml = '<ListPartsResult>' + (url ? el('EncodingType', 'url') : '') + el('Bucket', b.name) +
    el('Key', url ? urlEncodeXml(key) : key) + el('UploadId', up.uploadId) + el('StorageClass', up.storageClass) +
    el('PartNumberMarker', marker) + el('NextPartNumberMarker', page.length ? page[page.length - 1].partNumber : marker) +
    el('MaxParts', maxParts) + el('IsTruncated', truncated);
  for (const p of page) {
    xml += '<Part>' + el('PartNumber', p.partNumber) + el('LastModified', iso(p.lastModified)) + el('ETag', p.etag) +
      el('HashCrc64ecma', p.blob.crc.toString()) + el('Size', p.blob.size) + '</Part>';
  }
  xml += '</ListPartsResult>';
  sendXml(res, xml);
};

export const multipartHandlers: Record<string, Handler> = {
  InitiateMultipartUpload: initiateUpload,
  UploadPart: uploadPart,
  CompleteMultipartUpload: completeUpload,
  AbortMultipartUpload: abortUpload,
  ListParts: listParts,
};
