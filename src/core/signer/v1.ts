/**
 * OSS Signature V1 (`Authorization: OSS <AccessKeyId>:<Signature>`) canonicalization.
 * See docs/protocol.md §2.
 */
import { createHmac } from 'node:crypto';
import { compareBytes, lowerCaseHeaders } from './encode';
import { t } from '../translate';

/**
 * Query parameters that are signed as V1 sub-resources: the oss2 `_subresource_key_set` superset,
 * plus the names Go SDK v2 requires (`regionList`, `cloudboxes`, `cleanRestoredObject`) and
 * `resourceGroup`. Any name starting with `x-oss-` is signed too (see {@link isV1SubResource}).
 */
export const V1_SIGNED_SUBRESOURCES: ReadonlySet<string> = new Set([
  'acl', 'append', 'asyncFetch', 'bucketInfo', 'callback', 'callback-var', 'cleanRestoredObject', 'cloudboxes',
  'cname', 'comp', 'continuation-token', 'cors', 'delete', 'encryption', 'endTime', 'group', 'inventory',
  'inventoryId', 'lifecycle', 'link', 'live', 'location', 'logging', 'metaQuery', 'objectInfo', 'objectMeta',
  'partNumber', 'policy', 'position', 'qos', 'qosInfo', 'referer', 'regionList', 'replication',
  'replicationLocation', 'replicationProgress', 'requestPayment', 'resourceGroup', 'response-cache-control',
  'response-content-disposition', 'response-content-encoding', 'response-content-language',
  'response-content-type', 'response-expires', 'restore', 'security-token', 'sequential', 'startTime', 'stat',
  'status', 'symlink', 'tagging', 'transferAcceleration', 'uploadId', 'uploads', 'versionId', 'versioning',
  'versions', 'vod', 'website', 'worm', 'wormExtend', 'wormId', 'x-oss-process', 'x-oss-request-payer',
  'x-oss-traffic-limit',
]);

/** True when a query parameter name is part of the V1 CanonicalizedResource. */
export function isV1SubResource(name: string): boolean {
  return V1_SIGNED_SUBRESOURCES.has(name) || name.startsWith('x-oss-');
}

/**
 * CanonicalizedResource: `/`, `/<bucket>/` or `/<bucket>/<raw key>`, then the signed
 * sub-resources sorted by name (byte order) with RAW values; valueless ones without '='.
 */
export function v1CanonicalizedResource(bucket?: string, key?: string, query?: Record<string, string>): string {
  let resource = '/';
  if (bucket) resource += `${bucket}/${key ?? ''}`;
  else if (key) throw new Error(t('An object key needs a bucket'));
  const subs = Object.entries(query ?? {}).filter(([k]) => isV1SubResource(k));
  if (subs.length === 0) return resource;
  subs.sort((a, b) => compareBytes(a[0], b[0]));
  return resource + '?' + subs.map(([k, v]) => (v === '' || v == null ? k : `${k}=${v}`)).join('&');
}

/** CanonicalizedOSSHeaders: every `x-oss-*` header, `name:trimmed value\n`, sorted by name. */
export function v1CanonicalizedOssHeaders(headers: Record<string, string>): string {
  const h = lowerCaseHeaders(headers);
  const names = Object.keys(h).filter((k) => k.startsWith('x-oss-'));
  names.sort(compareBytes);
  return names.map((n) => `${n}:${h[n].trim()}\n`).join('');
}

export interface V1StringToSignInput {
  method: string;
  /** All headers that will be sent (any case); content-md5, content-type and x-oss-* are used. */
  headers: Record<string, string>;
  /** The Date line: the RFC 1123 date (header mode) or the absolute expiry in unix seconds (URL mode). */
  date: string;
  /** From {@link v1CanonicalizedResource}. */
  resource: string;
}

/** VERB\nContent-MD5\nContent-Type\nDate\nCanonicalizedOSSHeaders + CanonicalizedResource */
export function v1StringToSign(i: V1StringToSignInput): string {
  const h = lowerCaseHeaders(i.headers);
  return (
    `${i.method.toUpperCase()}\n${h['content-md5'] ?? ''}\n${h['content-type'] ?? ''}\n${i.date}\n` +
    v1CanonicalizedOssHeaders(h) +
    i.resource
  );
}

/** base64(HMAC-SHA1(secret, stringToSign)) */
export function v1Signature(accessKeySecret: string, stringToSign: string): string {
  return createHmac('sha1', accessKeySecret).update(stringToSign, 'utf8').digest('base64');
}

/** `OSS <AccessKeyId>:<Signature>` */
export function v1Authorization(accessKeyId: string, signature: string): string {
  return `OSS ${accessKeyId}:${signature}`;
}
