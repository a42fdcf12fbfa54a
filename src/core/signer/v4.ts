/**
 * OSS Signature V4 (`OSS4-HMAC-SHA256`) canonicalization. See docs/protocol.md §3.
 */
import { compareBytes, lowerCaseHeaders, uriEncode } from './encode';
import { t } from '../translate';
import { canonicalQueryString, hmacChain, hmacHex, v4DateTime, v4FamilyStringToSign } from './v4common';

export { v4DateTime };

export const V4_ALGORITHM = 'OSS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** Longest validity of a V4 presigned URL: 7 days. */
export const V4_MAX_EXPIRES_SECONDS = 604800;

/** Strip an `oss-` prefix: 'oss-cn-hangzhou' → 'cn-hangzhou'. */
export function standardRegion(region: string): string {
  return region.startsWith('oss-') ? region.slice(4) : region;
}

/** CanonicalURI: uriEncode('/' + bucket + '/' + key) keeping '/'; '/' without a bucket. */
export function v4CanonicalUri(bucket?: string, key?: string): string {
  if (!bucket) {
    if (key) throw new Error(t('An object key needs a bucket'));
    return '/';
  }
  return uriEncode(`/${bucket}/${key ?? ''}`, true);
}

/** CanonicalQueryString: names and values encoded ('/' too), sorted by encoded name, valueless without '='. */
export function v4CanonicalQuery(query?: Record<string, string>): string {
  return canonicalQueryString(query, false);
}

function isDefaultSigned(name: string): boolean {
  return name === 'content-type' || name === 'content-md5' || name.startsWith('x-oss-');
}

/**
 * Normalizes the additional-header list: lower-case, de-duplicated, default-signed names
 * (content-type, content-md5, x-oss-*) dropped, names absent from `headers` dropped (when
 * `headers` is given), sorted.
 */
export function v4AdditionalHeaders(additional?: string[], headers?: Record<string, string>): string[] {
  if (!additional || additional.length === 0) return [];
  const present = headers ? lowerCaseHeaders(headers) : undefined;
  const names = [...new Set(additional.map((n) => n.trim().toLowerCase()))].filter(
    (n) => n !== '' && !isDefaultSigned(n) && (!present || Object.prototype.hasOwnProperty.call(present, n)),
  );
  return names.sort(compareBytes);
}

/** CanonicalHeaders: content-type, content-md5, x-oss-* and the additional headers; each line ends in '\n'. */
export function v4CanonicalHeaders(headers: Record<string, string>, additional: string[] = []): string {
  return canonicalHeadersLower(lowerCaseHeaders(headers), additional);
}

/** {@link v4CanonicalHeaders} for a map whose names are already lower-case. */
function canonicalHeadersLower(h: Record<string, string>, additional: string[]): string {
  const names: string[] = [];
  for (const n of Object.keys(h)) if (isDefaultSigned(n) || additional.includes(n)) names.push(n);
  if (names.length > 1) names.sort(compareBytes);
  let out = '';
  for (const n of names) out += `${n}:${h[n].trim()}\n`;
  return out;
}

export interface V4CanonicalRequestInput {
  method: string;
  bucket?: string;
  key?: string;
  query?: Record<string, string>;
  /** Every header that will be sent (any case). */
  headers: Record<string, string>;
  /** Additional header names to sign (normalized by {@link v4AdditionalHeaders}). */
  additionalHeaders?: string[];
}

/** Method\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\nAdditionalHeaders\nHashedPayload */
export function v4CanonicalRequest(i: V4CanonicalRequestInput): string {
  const h = lowerCaseHeaders(i.headers);
  const additional = v4AdditionalHeaders(i.additionalHeaders, h);
  return v4CanonicalRequestFromParts(i.method, v4CanonicalUri(i.bucket, i.key), v4CanonicalQuery(i.query), h, additional);
}

/**
 * {@link v4CanonicalRequest} from parts the caller has already computed: `canonicalUri` as
 * {@link v4CanonicalUri} gives it, `canonicalQuery` as {@link v4CanonicalQuery} gives it,
 * `lowerHeaders` with lower-case names only, and `additional` normalized by {@link v4AdditionalHeaders}
 * against those headers. Used by the signer's hot paths to avoid encoding and copying twice.
 */
export function v4CanonicalRequestFromParts(
  method: string,
  canonicalUri: string,
  canonicalQuery: string,
  lowerHeaders: Record<string, string>,
  additional: string[],
): string {
  return (
    `${method.toUpperCase()}\n${canonicalUri}\n${canonicalQuery}\n${canonicalHeadersLower(lowerHeaders, additional)}\n` +
    `${additional.join(';')}\n${lowerHeaders['x-oss-content-sha256'] ?? UNSIGNED_PAYLOAD}`
  );
}

/** `<yyyymmdd>/<region>/<product>/aliyun_v4_request` */
export function v4Scope(date8: string, region: string, product = 'oss'): string {
  return `${date8}/${region}/${product}/aliyun_v4_request`;
}

/** OSS4-HMAC-SHA256\n<datetime>\n<scope>\nhex(sha256(canonicalRequest)) */
export function v4StringToSign(dateTime: string, region: string, canonicalRequest: string, product = 'oss'): string {
  return v4FamilyStringToSign(V4_ALGORITHM, dateTime, v4Scope(dateTime.slice(0, 8), region, product), canonicalRequest);
}

/** kSigning = HMAC chain over ('aliyun_v4' + secret) → date → region → product → 'aliyun_v4_request'. */
export function v4SigningKey(accessKeySecret: string, date8: string, region: string, product = 'oss'): Buffer {
  return hmacChain('aliyun_v4' + accessKeySecret, [date8, region, product, 'aliyun_v4_request']);
}

/** Lower-case hex HMAC-SHA256(kSigning, stringToSign). */
export function v4Signature(accessKeySecret: string, dateTime: string, region: string, stringToSign: string, product = 'oss'): string {
  return hmacHex(v4SigningKey(accessKeySecret, dateTime.slice(0, 8), region, product), stringToSign);
}

/** `OSS4-HMAC-SHA256 Credential=<AK>/<scope>[,AdditionalHeaders=a;b],Signature=<hex>` */
export function v4Authorization(accessKeyId: string, scope: string, additional: string[], signature: string): string {
  const ah = additional.length > 0 ? `,AdditionalHeaders=${additional.join(';')}` : '';
  return `${V4_ALGORITHM} Credential=${accessKeyId}/${scope}${ah},Signature=${signature}`;
}
