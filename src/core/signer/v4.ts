/**
 * OSS Signature V4 (`OSS4-HMAC-SHA256`) canonicalization. See docs/protocol.md §3.
 */
import * as crypto from 'node:crypto';
import { createHash, createHmac } from 'node:crypto';
import { compareBytes, lowerCaseHeaders, uriEncode } from './encode';

export const V4_ALGORITHM = 'OSS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** Longest validity of a V4 presigned URL: 7 days. */
export const V4_MAX_EXPIRES_SECONDS = 604800;

/** Strip an `oss-` prefix: 'oss-cn-hangzhou' → 'cn-hangzhou'. */
export function standardRegion(region: string): string {
  return region.startsWith('oss-') ? region.slice(4) : region;
}

/** `YYYYMMDDTHHMMSSZ` (UTC, ISO 8601 basic). */
export function v4DateTime(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (second === lastDateTimeSecond) return lastDateTime;
  const text = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  lastDateTimeSecond = second;
  lastDateTime = text;
  return text;
}
/** One-entry cache of {@link v4DateTime}: signing bursts happen within the same second. */
let lastDateTimeSecond = NaN;
let lastDateTime = '';

/** CanonicalURI: uriEncode('/' + bucket + '/' + key) keeping '/'; '/' without a bucket. */
export function v4CanonicalUri(bucket?: string, key?: string): string {
  if (!bucket) {
    if (key) throw new Error('An object key needs a bucket');
    return '/';
  }
  return uriEncode(`/${bucket}/${key ?? ''}`, true);
}

/** CanonicalQueryString: names and values encoded ('/' too), sorted by encoded name, valueless without '='. */
export function v4CanonicalQuery(query?: Record<string, string>): string {
  const parts: Array<[string, string]> = Object.entries(query ?? {}).map(([k, v]) => [uriEncode(k), uriEncode(v ?? '')]);
  parts.sort((a, b) => compareBytes(a[0], b[0]) || compareBytes(a[1], b[1]));
  return parts.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join('&');
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
  const hash = oneShotHash
    ? oneShotHash('sha256', canonicalRequest, 'hex')
    : createHash('sha256').update(canonicalRequest, 'utf8').digest('hex');
  return `${V4_ALGORITHM}\n${dateTime}\n${v4Scope(dateTime.slice(0, 8), region, product)}\n${hash}`;
}

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'hex') => string;
/** `crypto.hash` (Node ≥ 20.12 / 21.7) when available: a one-shot digest without a Hash object (UTF-8 input). */
const oneShotHash: OneShotHash | undefined = (crypto as unknown as { hash?: OneShotHash }).hash;

/** kSigning = HMAC chain over ('aliyun_v4' + secret) → date → region → product → 'aliyun_v4_request'. */
export function v4SigningKey(accessKeySecret: string, date8: string, region: string, product = 'oss'): Buffer {
  const kDate = createHmac('sha256', 'aliyun_v4' + accessKeySecret).update(date8).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kProduct = createHmac('sha256', kRegion).update(product).digest();
  return createHmac('sha256', kProduct).update('aliyun_v4_request').digest();
}

/** Lower-case hex HMAC-SHA256(kSigning, stringToSign). */
export function v4Signature(accessKeySecret: string, dateTime: string, region: string, stringToSign: string, product = 'oss'): string {
  const key = v4SigningKey(accessKeySecret, dateTime.slice(0, 8), region, product);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

/** `OSS4-HMAC-SHA256 Credential=<AK>/<scope>[,AdditionalHeaders=a;b],Signature=<hex>` */
export function v4Authorization(accessKeyId: string, scope: string, additional: string[], signature: string): string {
  const ah = additional.length > 0 ? `,AdditionalHeaders=${additional.join(';')}` : '';
  return `${V4_ALGORITHM} Credential=${accessKeyId}/${scope}${ah},Signature=${signature}`;
}
