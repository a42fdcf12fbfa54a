/** Listing operations of the local OSS server: ListObjects, ListObjectsV2 and ListMultipartUploads (keys in UTF-8 byte order). */
import type * as http from 'node:http';
import { getBucket, parseMax, type Handler, type ServerContext, type Target } from '../context';
import { OssError, el } from '../errors';
import { iso, keyEncoder, sendXml } from '../respond';
import { afterPrefix, compareKeys, keyVisits, lowerBound, type ObjectRecord, type UploadRecord } from '../store';

function listObjects(s: ServerContext, res: http.ServerResponse, t: Target, v2: boolean): void {
  const b = getBucket(s, t.bucket as string);
  const q = t.q;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const encodingType = q.get('encoding-type');
  if (encodingType !== undefined && encodingType !== '' && encodingType !== 'url') {
    throw new OssError(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request', {
      ArgumentName: 'encoding-type', ArgumentValue: encodingType,
    });
  }
  const enc = keyEncoder(encodingType === 'url');
  const maxKeys = parseMax(q.get('max-keys'), 100, 1000, 'max-keys');
  let marker = '';
  let token: string | undefined;
  let startAfter: string | undefined;
  if (v2) {
    startAfter = q.get('start-after');
    token = q.get('continuation-token');
    if (token !== undefined && token !== '') {
      const decoded = Buffer.from(token, 'base64url').toString('utf8');
      if (!decoded.startsWith('k:')) {
        throw new OssError(400, 'InvalidArgument', 'The continuation token provided is incorrect.', {
          ArgumentName: 'continuation-token', ArgumentValue: token,
        });
      }
      marker = decoded.slice(2);
    } else if (startAfter) {
      marker = startAfter;
    }
  } else {
    marker = q.get('marker') ?? '';
  }
  const keys = s.store.keysOf(b);
  let i = lowerBound(keys, prefix, true);
  if (marker) {
    let skipTo = lowerBound(keys, marker, false);
    if (delimiter && marker.startsWith(prefix)) {
      const d = marker.indexOf(delimiter, prefix.length);
      if (d >= 0) {
        skipTo = Math.max(skipTo, afterPrefix(keys, marker.slice(0, d + delimiter.length), 0));
      }
    }
    i = Math.max(i, skipTo);
  }
  const contents: ObjectRecord[] = [];
  const prefixes: string[] = [];
  let last = '';
  while (contents.length + prefixes.length < maxKeys && i < keys.length && keys[i].startsWith(prefix)) {
    const k = keys[i];
    keyVisits.count++;
    if (delimiter) {
      const d = k.indexOf(delimiter, prefix.length);
      if (d >= 0) {
        const cp = k.slice(0, d + delimiter.length);
        prefixes.push(cp);
        last = cp;
        i = afterPrefix(keys, cp, i);
        continue;
      }
    }
    contents.push(b.objects.get(k) as ObjectRecord);
    last = k;
    i++;
  }
  const truncated = i < keys.length && keys[i].startsWith(prefix);
  const fetchOwner = !v2 || q.get('fetch-owner') === 'true';
  let xml = '<ListBucketResult>' + el('Name', b.name) + el('Prefix', enc(prefix));
  if (v2) {
    if (startAfter !== undefined) {
      xml += el('StartAfter', enc(startAfter));
    }
  } else {
    xml += el('Marker', enc(marker));
  }
  xml += el('MaxKeys', maxKeys) + el('Delimiter', enc(delimiter));
  if (encodingType === 'url') {
    xml += el('EncodingType', 'url');
  }
  xml += el('IsTruncated', truncated);
  if (v2) {
    if (token !== undefined) {
      xml += el('ContinuationToken', token);
    }
    if (truncated) {
      xml += el('NextContinuationToken', Buffer.from(`k:${last}`, 'utf8').toString('base64url'));
    }
  } else if (truncated) {
    xml += el('NextMarker', enc(last));
  }
  for (const o of contents) {
    xml += '<Contents>' + el('Key', enc(o.key)) + el('LastModified', iso(o.lastModified)) + el('ETag', o.etag) +
      el('Type', o.type) + el('Size', o.blob.size) + el('StorageClass', o.storageClass) +
      (fetchOwner ? '<Owner><ID>oss-server</ID><DisplayName>oss-server</DisplayName></Owner>' : '') + '</Contents>';
  }
  for (const p of prefixes) {
    xml += '<CommonPrefixes>' + el('Prefix', enc(p)) + '</CommonPrefixes>';
  }
  if (v2) {
    xml += el('KeyCount', contents.length + prefixes.length);
  }
  xml += '</ListBucketResult>';
  sendXml(res, xml);
}

const listUploads: Handler = (s, _req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const q = t.q;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const keyMarker = q.get('key-marker') ?? '';
  const uploadIdMarker = q.get('upload-id-marker') ?? '';
  const maxUploads = parseMax(q.get('max-uploads'), 1000, 1000, 'max-uploads');
  const url = q.get('encoding-type') === 'url';
  const enc = keyEncoder(url);
  const all = [...b.uploads.values()]
    .filter((u) => u.key.startsWith(prefix))
    .filter((u) => {
      if (!keyMarker) {
        return true;
      }
      const c = compareKeys(u.key, keyMarker);
      return c > 0 || (c === 0 && uploadIdMarker !== '' && u.uploadId > uploadIdMarker);
    })
    .sort((x, y) => compareKeys(x.key, y.key) || x.initiated.getTime() - y.initiated.getTime() || (x.uploadId < y.uploadId ? -1 : 1));
  const uploads: UploadRecord[] = [];
  const prefixes: string[] = [];
  let i = 0;
  let nextKey = '';
  let nextId = '';
  for (; i < all.length && uploads.length + prefixes.length < maxUploads; i++) {
    const u = all[i];
    if (delimiter) {
      const d = u.key.indexOf(delimiter, prefix.length);
      if (d >= 0) {
        const cp = u.key.slice(0, d + delimiter.length);
        if (prefixes[prefixes.length - 1] !== cp) {
          prefixes.push(cp);
        }
        nextKey = u.key;
        nextId = u.uploadId;
        continue;
      }
    }
    uploads.push(u);
    nextKey = u.key;
    nextId = u.uploadId;
  }
  const truncated = i < all.length;
  let xml = '<ListMultipartUploadsResult>' + (url ? el('EncodingType', 'url') : '') + el('Bucket', b.name) +
    el('KeyMarker', enc(keyMarker)) + el('UploadIdMarker', uploadIdMarker) +
    el('NextKeyMarker', truncated ? enc(nextKey) : '') + el('NextUploadIdMarker', truncated ? nextId : '') +
    el('Delimiter', enc(delimiter)) + el('Prefix', enc(prefix)) + el('MaxUploads', maxUploads) + el('IsTruncated', truncated);
  for (const u of uploads) {
    xml += '<Upload>' + el('Key', enc(u.key)) + el('UploadId', u.uploadId) + el('StorageClass', u.storageClass) +
      el('Initiated', iso(u.initiated)) + '</Upload>';
  }
  for (const p of prefixes) {
    xml += '<CommonPrefixes>' + el('Prefix', enc(p)) + '</CommonPrefixes>';
  }
  xml += '</ListMultipartUploadsResult>';
  sendXml(res, xml);
};

export const listingHandlers: Record<string, Handler> = {
  ListObjects: (s, _req, res, t) => listObjects(s, res, t, false),
  ListObjectsV2: (s, _req, res, t) => listObjects(s, res, t, true),
  ListMultipartUploads: listUploads,
};
