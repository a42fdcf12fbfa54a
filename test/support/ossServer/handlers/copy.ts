/** Copy operations of the local OSS server: CopyObject (shares the source blob) and UploadPartCopy (optionally a range). */
import type * as http from 'node:http';
import { receiveSmallBody } from '../body';
import {
  checkKey, forbidOverwrite, getBucket, getUpload, percentDecode,
  type Handler, type ServerContext,
} from '../context';
import { OssError, el } from '../errors';
import { headerStr } from '../headers';
import { checkObjectAcl, checkStorageClass, parseTaggingHeader, sseHeaders, uploadProps } from '../props';
import { crcHeader, iso, sendXml } from '../respond';
import { quotedEtag, type BucketRecord, type ObjectRecord } from '../store';
import { findVersion, versionHeader, writeVersion } from '../versionStore';
import { partNumber, setPart } from './multipart';
import { checkConditions } from './object';
import { checkReadable } from './restore';

/** The object named by x-oss-copy-source (`/bucket/key`, percent-encoded, optionally `?versionId=…`). */
function parseCopySource(s: ServerContext, req: http.IncomingMessage): { bucket: BucketRecord; object: ObjectRecord } {
  let src = headerStr(req, 'x-oss-copy-source') as string;
  const qi = src.indexOf('?');
  let versionId: string | undefined;
  if (qi >= 0) {
    const m = /^versionId=([^&]*)$/.exec(src.slice(qi + 1));
    if (!m) {
      throw new OssError(400, 'InvalidArgument', 'The x-oss-copy-source query may only name a versionId.', {
        ArgumentName: 'x-oss-copy-source', ArgumentValue: src,
      });
    }
    versionId = percentDecode(m[1]);
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
  const key = percentDecode(src.slice(slash + 1));
  const object = versionId !== undefined ? findVersion(bucket, key, versionId) : bucket.objects.get(key);
  if (!object) {
    throw new OssError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
  }
  if (object.deleteMarker) {
    throw new OssError(400, 'InvalidArgument', 'The version in x-oss-copy-source is a delete marker.', {
      ArgumentName: 'x-oss-copy-source', ArgumentValue: src,
    }, '0016-00000307');
  }
  checkReadable(s, object);
  return { bucket, object };
}

function directive(req: http.IncomingMessage, name: string, values: string[]): string {
  const v = headerStr(req, name) ?? values[0];
  const found = values.find((x) => x.toLowerCase() === v.toLowerCase());
  if (!found) {
    throw new OssError(400, 'InvalidArgument', `Unknown ${name}.`, { ArgumentName: name, ArgumentValue: v });
  }
  return found;
}

/**
 * CopyObject. COPY keeps the source's content headers and user metadata, REPLACE takes them from the
 * request; x-oss-tagging-directive does the same for tags. ACL and encryption are never copied: they
 * come from the request (x-oss-object-acl, x-oss-server-side-encryption), as on OSS.
 */
const copyObject: Handler = async (s, req, res, t) => {
  const key = t.key as string;
  const b = getBucket(s, t.bucket as string);
  checkKey(key);
  await receiveSmallBody(s, req, 0).catch(() => undefined);
  const { object: srcObj } = parseCopySource(s, req);
  checkConditions(req, srcObj, 'x-oss-copy-source-');
  forbidOverwrite(req, b, key);
  const meta = directive(req, 'x-oss-metadata-directive', ['COPY', 'REPLACE']);
  const tagging = directive(req, 'x-oss-tagging-directive', ['Copy', 'Replace']);
  const props = uploadProps(req);
  const ent = meta === 'REPLACE'
    ? { contentType: props.contentType, meta: props.meta, headers: props.headers }
    : { contentType: srcObj.contentType, meta: { ...srcObj.meta }, headers: { ...srcObj.headers } };
  const tags = tagging === 'Replace' ? parseTaggingHeader(headerStr(req, 'x-oss-tagging')) : srcObj.tags?.map(([k, v]): [string, string] => [k, v]);
  const now = s.now();
  const rec: ObjectRecord = {
    key, blob: srcObj.blob, etag: srcObj.etag, lastModified: now, ...ent, type: srcObj.type,
    storageClass: checkStorageClass(headerStr(req, 'x-oss-storage-class')) ?? srcObj.storageClass, hasCrc: srcObj.hasCrc,
  };
  const acl = checkObjectAcl(headerStr(req, 'x-oss-object-acl'));
  if (acl !== undefined) {
    rec.acl = acl;
  }
  if (tags !== undefined && tags.length > 0) {
    rec.tags = tags;
  }
  if (props.sse) {
    rec.sse = props.sse;
  }
  writeVersion(s.store, b, rec);
  versionHeader(res, b, rec);
  if (srcObj.versionId !== undefined) {
    res.setHeader('x-oss-copy-source-version-id', srcObj.versionId);
  }
  sseHeaders(res, rec);
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
