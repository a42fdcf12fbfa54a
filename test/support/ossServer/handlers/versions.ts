/** Versioning operations of the local OSS server: Put/GetBucketVersioning and ListObjectVersions (GET /?versions). */
import { receiveSmallBody } from '../body';
import { getBucket, malformedXml, parseMax, xmlParser, type Handler } from '../context';
import { OssError, el } from '../errors';
import { iso, keyEncoder, sendEmpty, sendXml } from '../respond';
import { compareKeys, type ObjectRecord } from '../store';
import { setVersioning, versionedKeys, versionsOf } from '../versionStore';
import { OWNER } from './acl';

const putBucketVersioning: Handler = async (s, req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const body = await receiveSmallBody(s, req, 64 * 1024);
  let status: unknown;
  try {
    status = (xmlParser.parse(body.toString('utf8')) as { VersioningConfiguration?: { Status?: unknown } }).VersioningConfiguration?.Status;
  } catch {
    throw malformedXml();
  }
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw malformedXml();
  }
  setVersioning(s.store, b, status);
  sendEmpty(res);
};

const getBucketVersioning: Handler = (s, _req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  sendXml(res, '<VersioningConfiguration>' + (b.versioning ? el('Status', b.versioning) : '') + '</VersioningConfiguration>');
};

type Entry = { cp: string } | { v: ObjectRecord; latest: boolean };

const listObjectVersions: Handler = (s, _req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const q = t.q;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const keyMarker = q.get('key-marker') ?? '';
  const vidMarker = q.get('version-id-marker') ?? '';
  const encodingType = q.get('encoding-type');
  if (encodingType !== undefined && encodingType !== '' && encodingType !== 'url') {
    throw new OssError(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type', ArgumentValue: encodingType });
  }
  if (vidMarker && !keyMarker) {
    throw new OssError(400, 'InvalidArgument', 'A version-id marker cannot be specified without a key marker.', {
      ArgumentName: 'version-id-marker', ArgumentValue: vidMarker,
    });
  }
  const enc = keyEncoder(encodingType === 'url');
  const maxKeys = parseMax(q.get('max-keys'), 100, 1000, 'max-keys');
  const out: Entry[] = [];
  let truncated = false;
  let lastPrefix = '';
  const skipPrefix = delimiter && keyMarker.startsWith(prefix) && keyMarker.endsWith(delimiter) && keyMarker.length > prefix.length ? keyMarker : '';
  for (const key of versionedKeys(s.store, b)) {
    if (!key.startsWith(prefix) || (skipPrefix && key.startsWith(skipPrefix))) {
      continue;
    }
    if (keyMarker && compareKeys(key, keyMarker) < 0) {
      continue;
    }
    let versions = versionsOf(b, key);
    if (keyMarker && key === keyMarker) {
      if (!vidMarker) {
        continue;
      }
      const i = versions.findIndex((v) => v.versionId === vidMarker);
      versions = i < 0 ? [] : versions.slice(i + 1);
    }
    if (delimiter) {
      const d = key.indexOf(delimiter, prefix.length);
      if (d >= 0) {
        const cp = key.slice(0, d + delimiter.length);
        if (cp !== lastPrefix) {
          if (out.length >= maxKeys) {
            truncated = true;
            break;
          }
          out.push({ cp });
          lastPrefix = cp;
        }
        continue;
      }
    }
    const all = versionsOf(b, key);
    for (const v of versions) {
      if (out.length >= maxKeys) {
        truncated = true;
        break;
      }
      out.push({ v, latest: v === all[0] });
    }
    if (truncated) {
      break;
    }
  }
  let xml = '<ListVersionsResult>' + el('Name', b.name) + el('Prefix', enc(prefix)) + el('KeyMarker', enc(keyMarker)) +
    el('VersionIdMarker', vidMarker) + el('MaxKeys', maxKeys) + el('Delimiter', enc(delimiter)) + el('IsTruncated', truncated);
  if (encodingType === 'url') {
    xml += el('EncodingType', 'url');
  }
  if (truncated) {
    const last = out[out.length - 1];
    xml += 'cp' in last
      ? el('NextKeyMarker', enc(last.cp)) + el('NextVersionIdMarker', '')
      : el('NextKeyMarker', enc(last.v.key)) + el('NextVersionIdMarker', last.v.versionId ?? 'null');
  }
  for (const e of out) {
    if ('cp' in e) {
      continue;
    }
    const v = e.v;
    const common = el('Key', enc(v.key)) + el('VersionId', v.versionId ?? 'null') + el('IsLatest', e.latest) + el('LastModified', iso(v.lastModified));
    xml += v.deleteMarker
      ? `<DeleteMarker>${common}${OWNER}</DeleteMarker>`
      : `<Version>${common}${el('ETag', v.etag)}${el('Type', v.type)}${el('Size', v.blob.size)}${el('StorageClass', v.storageClass)}${OWNER}</Version>`;
  }
  for (const e of out) {
    if ('cp' in e) {
      xml += '<CommonPrefixes>' + el('Prefix', enc(e.cp)) + '</CommonPrefixes>';
    }
  }
  xml += '</ListVersionsResult>';
  sendXml(res, xml);
};

export const versionHandlers: Record<string, Handler> = {
  PutBucketVersioning: putBucketVersioning,
  GetBucketVersioning: getBucketVersioning,
  ListObjectVersions: listObjectVersions,
};
