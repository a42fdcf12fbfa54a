/** Object operations of the local OSS server: PutObject, GetObject/HeadObject (ranges, conditions), GetObjectMeta, deletes. */
import type * as http from 'node:http';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { requireAccess } from '../access';
import { checkContentMd5, discardBlob, receiveBody, receiveSmallBody } from '../body';
import {
  checkKey, forbidOverwrite, getBucket, malformedXml, normEtag, xmlParser,
  type Handler, type ServerContext, type Target,
} from '../context';
import { OssError, el } from '../errors';
import { headerStr, latin1Header } from '../headers';
import { sseHeaders, uploadProps } from '../props';
import { crcHeader, keyEncoder, sendEmpty, sendXml } from '../respond';
import { quotedEtag, type Blob, type BucketRecord, type ObjectRecord } from '../store';
import { deleteCurrent, deleteVersion, readTarget, versionHeader, writeVersion } from '../versionStore';
import { checkReadable, restoreHeader } from './restore';

const MAX_DELETE_BODY = 2 * 1024 * 1024;
const RESPONSE_OVERRIDES: [string, string][] = [
  ['response-content-type', 'Content-Type'],
  ['response-content-language', 'Content-Language'],
  ['response-expires', 'Expires'],
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
];

const putObject: Handler = async (s, req, res, t) => {
  const key = t.key as string;
  const b = getBucket(s, t.bucket as string);
  checkKey(key);
  forbidOverwrite(req, b, key);
  const { storageClass, ...props } = uploadProps(req);
  const blob = await receiveBody(s, req);
  try {
    checkContentMd5(req, blob);
    forbidOverwrite(req, b, key);
  } catch (e) {
    discardBlob(s, blob);
    throw e;
  }
  const rec: ObjectRecord = {
    key, blob, etag: quotedEtag(blob.md5), lastModified: s.now(), ...props, type: 'Normal',
    storageClass: storageClass ?? b.storageClass, hasCrc: true,
  };
  writeVersion(s.store, b, rec);
  versionHeader(res, b, rec);
  sseHeaders(res, rec);
  res.setHeader('ETag', rec.etag);
  res.setHeader('Content-MD5', blob.md5.toString('base64'));
  crcHeader(s, res, blob.crc);
  sendEmpty(res);
};

function objectHeaders(s: ServerContext, res: http.ServerResponse, b: BucketRecord, o: ObjectRecord): void {
  versionHeader(res, b, o);
  sseHeaders(res, o);
  restoreHeader(s, res, o);
  if (o.tags && o.tags.length > 0) {
    res.setHeader('x-oss-tagging-count', String(o.tags.length));
  }
  res.setHeader('Content-Type', o.contentType);
  res.setHeader('ETag', o.etag);
  res.setHeader('Last-Modified', o.lastModified.toUTCString());
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('x-oss-object-type', o.type);
  res.setHeader('x-oss-storage-class', o.storageClass);
  if (o.type === 'Normal') {
    res.setHeader('Content-MD5', o.blob.md5.toString('base64'));
  }
  for (const [k, v] of Object.entries(o.headers)) {
    res.setHeader(k, latin1Header(v));
  }
  for (const [k, v] of Object.entries(o.meta)) {
    res.setHeader(`x-oss-meta-${k}`, latin1Header(v));
  }
  if (o.hasCrc) {
    crcHeader(s, res, o.blob.crc);
  }
}

/** If-Match & co. (or the x-oss-copy-source- forms for copies, which fail with 412 instead of 304). */
export function checkConditions(req: http.IncomingMessage, o: ObjectRecord, prefix = ''): void {
  const ifMatch = headerStr(req, `${prefix}if-match`);
  const ifNone = headerStr(req, `${prefix}if-none-match`);
  const ifMod = headerStr(req, `${prefix}if-modified-since`);
  const ifUnmod = headerStr(req, `${prefix}if-unmodified-since`);
  const lm = Math.floor(o.lastModified.getTime() / 1000) * 1000;
  if (ifMatch !== undefined && normEtag(ifMatch) !== normEtag(o.etag)) {
    throw new OssError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.', { Condition: `${prefix}If-Match` });
  }
  if (ifUnmod !== undefined && !Number.isNaN(Date.parse(ifUnmod)) && lm > Date.parse(ifUnmod)) {
    throw new OssError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.', { Condition: `${prefix}If-Unmodified-Since` });
  }
  if (ifNone !== undefined && normEtag(ifNone) === normEtag(o.etag)) {
    if (prefix) {
      throw new OssError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.', { Condition: `${prefix}If-None-Match` });
    }
    throw new OssError(304, 'NotModified', 'Not Modified');
  }
  if (ifMod !== undefined && !Number.isNaN(Date.parse(ifMod)) && lm <= Date.parse(ifMod)) {
    if (prefix) {
      throw new OssError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.', { Condition: `${prefix}If-Modified-Since` });
    }
    throw new OssError(304, 'NotModified', 'Not Modified');
  }
}

/** Parses a single `bytes=` range; undefined = invalid/unsatisfiable. */
function parseRange(h: string, size: number): { start: number; end: number } | undefined {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(h);
  if (!m || (m[1] === '' && m[2] === '')) {
    return undefined;
  }
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n <= 0 || size === 0) {
      return undefined;
    }
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || start > end) {
    return undefined;
  }
  return { start, end };
}

async function getObjectOp(s: ServerContext, req: http.IncomingMessage, res: http.ServerResponse, t: Target, head: boolean): Promise<void> {
  const b = getBucket(s, t.bucket as string);
  const o = readTarget(b, t.key as string, t.q.get('versionId'), res);
  checkConditions(req, o);
  if (!head) {
    checkReadable(s, o);
  }
  const size = o.blob.size;
  let range: { start: number; end: number } | undefined;
  const rangeHeader = headerStr(req, 'range');
  if (rangeHeader !== undefined) {
    range = parseRange(rangeHeader, size);
    if (!range && (headerStr(req, 'x-oss-range-behavior') ?? '').toLowerCase() === 'standard') {
      throw new OssError(416, 'InvalidRange', 'The requested range cannot be satisfied', {
        RangeRequested: rangeHeader, ActualObjectSize: String(size), ObjectSize: String(size),
      });
    }
  }
  objectHeaders(s, res, b, o);
  for (const [param, hdr] of RESPONSE_OVERRIDES) {
    const v = t.q.get(param);
    if (v !== undefined) {
      res.setHeader(hdr, latin1Header(v));
    }
  }
  const start = range ? range.start : 0;
  const endExcl = range ? range.end + 1 : size;
  if (range) {
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
  } else {
    res.statusCode = 200;
  }
  if (!head && s.faults.chunkedResponses > 0 && s.faults.chunkedResponses--) res.setHeader('Transfer-Encoding', 'chunked');
  else res.setHeader('Content-Length', String(endExcl - start));
  if (head) {
    res.end();
    return;
  }
  await sendBlob(s, res, o.blob, start, endExcl);
}

/** Sends [start, endExcl) of the blob (cut short by a response-reset fault when one is pending). */
async function sendBlob(s: ServerContext, res: http.ServerResponse, blob: Blob, start: number, endExcl: number): Promise<void> {
  const limit = s.faults.takeResponseReset(endExcl - start) ?? Infinity;
  let src = s.store.readBlob(blob, start, endExcl);
  const corrupt = endExcl > start && s.faults.takeBodyCorruption();
  const drip = s.faults.takeDrip();
  if (corrupt || drip) {
    const bytes = Buffer.from(Buffer.isBuffer(src) ? src : await readAllOf(src as Readable));
    if (corrupt) bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    if (drip && limit === Infinity) return dripOut(res, bytes, drip);
    src = bytes;
  }
  if (limit === Infinity) {
    if (Buffer.isBuffer(src)) {
      res.end(src);
      return;
    }
    await new Promise<void>((resolve) => {
      const rs = src as Readable;
      rs.on('error', () => {
        res.destroy();
        resolve();
      });
      res.on('close', () => {
        rs.destroy();
        resolve();
      });
      rs.pipe(res);
    });
    return;
  }
  // Send exactly `limit` bytes, then destroy the socket.
  const kill = (): void => {
    res.socket?.destroy();
    res.destroy();
  };
  if (Buffer.isBuffer(src)) {
    if (limit === 0) {
      res.flushHeaders();
      setImmediate(kill);
      return;
    }
    res.write(src.subarray(0, limit), () => setImmediate(kill));
    return;
  }
  const rs = src as Readable;
  let sent = 0;
  res.flushHeaders();
  for await (const chunk of rs) {
    const c = chunk as Buffer;
    const take = Math.min(c.length, limit - sent);
    if (take > 0) {
      const ok = res.write(c.subarray(0, take));
      sent += take;
      if (!ok) {
        await new Promise((r) => res.once('drain', r));
      }
    }
    if (sent >= limit) {
      break;
    }
  }
  rs.destroy();
  await new Promise<void>((r) => setImmediate(r));
  kill();
}

async function readAllOf(rs: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of rs) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** A slow drip: the body in small slices with a pause between them (stops when the client leaves). */
async function dripOut(res: http.ServerResponse, bytes: Buffer, d: { chunkBytes: number; intervalMs: number }): Promise<void> {
  res.flushHeaders();
  // At most ~40 slices drip; the rest follows at once (a drip is slow, not endless).
  const step = Math.max(d.chunkBytes, Math.ceil(bytes.length / 40));
  for (let off = 0; off < bytes.length; off += step) {
    if (res.destroyed) return;
    res.write(bytes.subarray(off, off + step));
    await new Promise((r) => setTimeout(r, d.intervalMs));
  }
  res.end();
}

const getObjectMeta: Handler = (s, _req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const o = readTarget(b, t.key as string, t.q.get('versionId'), res);
  versionHeader(res, b, o);
  res.setHeader('ETag', o.etag);
  res.setHeader('Last-Modified', o.lastModified.toUTCString());
  res.setHeader('x-oss-last-access-time', o.lastModified.toUTCString());
  if (o.hasCrc) {
    crcHeader(s, res, o.blob.crc);
  }
  res.statusCode = 200;
  res.setHeader('Content-Length', String(o.blob.size));
  res.end();
};

const deleteMultiple: Handler = async (s, req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const md5 = headerStr(req, 'content-md5');
  const body = await receiveSmallBody(s, req, MAX_DELETE_BODY);
  if (md5 === undefined) {
    throw new OssError(400, 'MissingArgument', 'Missing Some Required Arguments.', { ArgumentName: 'Content-MD5' });
  }
  const given = Buffer.from(md5.trim(), 'base64');
  if (given.length !== 16 || !given.equals(createHash('md5').update(body).digest())) {
    throw new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.', { 'Content-MD5': md5 });
  }
  let keys: string[];
  let quiet: boolean;
  try {
    const doc = xmlParser.parse(body.toString('utf8'));
    const del = doc?.Delete;
    if (!del || typeof del !== 'object') {
      throw new Error('no Delete');
    }
    quiet = String(del.Quiet ?? 'false').trim().toLowerCase() === 'true';
    const objs: unknown[] = del.Object ?? [];
    keys = objs.map((o) => {
      const k = (o as { Key?: unknown }).Key;
      if (typeof k !== 'string' || k === '') {
        throw new Error('bad key');
      }
      return k;
    });
  } catch {
    throw malformedXml();
  }
  if (keys.length === 0 || keys.length > 1000) {
    throw malformedXml();
  }
  for (const k of keys) {
    requireAccess(req, 'oss:DeleteObject', b.name, k); // every key before any is deleted
  }
  const url = t.q.get('encoding-type') === 'url';
  const enc = keyEncoder(url);
  let xml = '<DeleteResult>';
  if (url) {
    xml += el('EncodingType', 'url');
  }
  for (const k of keys) {
    const d = deleteCurrent(s.store, b, k, s.now());
    if (!quiet) {
      xml += '<Deleted>' + el('Key', enc(k)) + (d.deleteMarker ? el('DeleteMarker', true) + el('DeleteMarkerVersionId', d.versionId ?? 'null') : '') + '</Deleted>';
    }
  }
  xml += '</DeleteResult>';
  sendXml(res, xml);
};

export const objectHandlers: Record<string, Handler> = {
  PutObject: putObject,
  GetObject: (s, req, res, t) => getObjectOp(s, req, res, t, false),
  HeadObject: (s, req, res, t) => getObjectOp(s, req, res, t, true),
  GetObjectMeta: getObjectMeta,
  DeleteObject: (s, _req, res, t) => {
    const b = getBucket(s, t.bucket as string);
    const versionId = t.q.get('versionId');
    const d = versionId !== undefined
      ? { ...deleteVersion(s.store, b, t.key as string, versionId), versionId }
      : deleteCurrent(s.store, b, t.key as string, s.now());
    if (d.deleteMarker) {
      res.setHeader('x-oss-delete-marker', 'true');
    }
    if (d.versionId !== undefined) {
      res.setHeader('x-oss-version-id', d.versionId);
    }
    sendEmpty(res, 204);
  },
  DeleteMultipleObjects: deleteMultiple,
};
