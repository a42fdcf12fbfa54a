/** Copy operations of the local OSS server: CopyObject (shares the source blob) and UploadPartCopy (optionally a range). */
import type * as http from 'node:http';
import { receiveSmallBody } from '../body';
import {
  checkKey, entityFromHeaders, forbidOverwrite, getBucket, getObject, getUpload, percentDecode,
  type Handler, type ServerContext,
} from '../context';
import { OssError, el } from '../errors';
import { headerStr } from '../headers';
import { crcHeader, iso, sendXml } from '../respond';
import { quotedEtag, type BucketRecord, type ObjectRecord } from '../store';
import { partNumber, setPart } from './multipart';
import { checkConditions } from './object';

/** The object named by x-oss-copy-source (`/bucket/key`, percent-encoded; a `?versionId` part is ignored). */
function parseCopySource(s: ServerContext, req: http.IncomingMessage): { bucket: BucketRecord; object: ObjectRecord } {
  let src = headerStr(req, 'x-oss-copy-source') as string;
  const qi = src.indexOf('?');
  if (qi >= 0) {
    src = src.slice(0, qi);
  }
  src = src.replace(/^\//, '');
  const slash = src.indexOf('/');
  if (slash <= 0 || slash === src.length - 1) {
    throw new OssError(400, 'InvalidArgument', 'Copy Source must mention the source bucket and key: /sourcebucket/sourcekey.', {
      ArgumentName: 'x-oss-copy-source', ArgumentValue: src,
    });
  }
  const bucket = getBucket(s, percentDecode(src.slice(0, slash)));
  const object = getObject(bucket, percentDecode(src.slice(slash + 1)));
  return { bucket, object };
}

const copyObject: Handler = async (s, req, res, t) => {
  const key = t.key as string;
  const b = getBucket(s, t.bucket as string);
  checkKey(key);
  await receiveSmallBody(s, req, 0).catch(() => undefined);
  const { object: srcObj } = parseCopySource(s, req);
  checkConditions(req, srcObj, 'x-oss-copy-source-');
  forbidOverwrite(req, b, key);
  const directive = (headerStr(req, 'x-oss-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw new OssError(400, 'InvalidArgument', 'Unknown metadata directive.', {
      ArgumentName: 'x-oss-metadata-directive', ArgumentValue: directive,
    });
  }
  const ent = directive === 'REPLACE'
    ? entityFromHeaders(req)
    : { contentType: srcObj.contentType, meta: { ...srcObj.meta }, headers: { ...srcObj.headers } };
  const now = s.now();
  const rec: ObjectRecord = {
    key, blob: srcObj.blob, etag: srcObj.etag, lastModified: now, ...ent, type: srcObj.type,
    storageClass: headerStr(req, 'x-oss-storage-class') ?? srcObj.storageClass, hasCrc: srcObj.hasCrc,
  };
  s.store.putObject(b, rec);
  if (rec.hasCrc) {
    crcHeader(s, res, rec.blob.crc);
  }
  sendXml(res, '<CopyObjectResult>' + el('ETag', rec.etag) + el('LastModified', iso(now)) + '</CopyObjectResult>');
};

const uploadPartCopy: Handler = async (s, req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const pn = partNumber(t);
  const up = getUpload(b, t.key as string, t.q.get('uploadId'));
  await receiveSmallBody(s, req, 0).catch(() => undefined);
  const { object: src } = parseCopySource(s, req);
  checkConditions(req, src, 'x-oss-copy-source-');
  const size = src.blob.size;
  let start = 0;
  let endExcl = size;
  const rh = headerStr(req, 'x-oss-copy-source-range');
  if (rh !== undefined) {
    const m = /^\s*bytes=(\d+)-(\d*)\s*$/.exec(rh);
    if (!m || Number(m[1]) >= size || (m[2] !== '' && Number(m[2]) < Number(m[1]))) {
      throw new OssError(400, 'InvalidArgument', 'The x-oss-copy-source-range value is invalid.', {
        ArgumentName: 'x-oss-copy-source-range', ArgumentValue: rh,
      });
    }
    start = Number(m[1]);
    endExcl = m[2] === '' ? size : Math.min(size, Number(m[2]) + 1);
  }
  const blob = start === 0 && endExcl === size ? src.blob : await s.store.sliceBlob(src.blob, start, endExcl);
  const etag = quotedEtag(blob.md5);
  setPart(s, up, pn, blob, etag);
  crcHeader(s, res, blob.crc);
  sendXml(res, '<CopyPartResult>' + el('LastModified', iso(s.now())) + el('ETag', etag) + '</CopyPartResult>');
};

export const copyHandlers: Record<string, Handler> = {
  CopyObject: copyObject,
  UploadPartCopy: uploadPartCopy,
};
