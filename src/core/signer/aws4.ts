/**
 * AWS Signature Version 4 (`AWS4-HMAC-SHA256`) canonicalization for the `s3` service.
 * See docs/protocol.md §11 and <https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html>.
 * The key chain, query encoding and string to sign are shared with OSS V4 (v4common.ts).
 *
 * S3 rules that differ from the generic SigV4 service rules:
 * - the canonical URI is the request path exactly as sent: each key byte encoded once, `/` kept,
 *   no removal of `.`/`..` or empty segments (the generic suite double-encodes and normalizes);
 * - the payload hash is the `x-amz-content-sha256` header, `UNSIGNED-PAYLOAD` or the hex SHA-256.
 */
import { compareBytes } from './encode';
import { canonicalQueryString, hmacChain, v4FamilyStringToSign } from './v4common';

export const AWS4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const AWS4_SERVICE = 's3';
/** SHA-256 of the empty string: the payload hash of a request without a body. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Headers that proxies and clients change on the way, so they are never signed (as in the AWS SDK). */
const UNSIGNABLE = new Set([
  'authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive', 'max-forwards',
  'pragma', 'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id',
]);

/** True for a header name (lower case) that is never signed. */
export function aws4Unsignable(name: string): boolean {
  return UNSIGNABLE.has(name) || name.startsWith('proxy-') || name.startsWith('sec-');
}

/** A canonical header value: CR/LF become spaces, runs of spaces and tabs become one space, trimmed. */
export function aws4HeaderValue(value: string): string {
  return value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
}

/** `<yyyymmdd>/<region>/<service>/aws4_request` */
export function aws4Scope(date8: string, region: string, service = AWS4_SERVICE): string {
  return `${date8}/${region}/${service}/aws4_request`;
}

/** kSigning = HMAC chain over ('AWS4' + secret) → date → region → service → 'aws4_request'. */
export function aws4SigningKey(secret: string, date8: string, region: string, service = AWS4_SERVICE): Buffer {
  return hmacChain('AWS4' + secret, [date8, region, service, 'aws4_request']);
}

/** CanonicalQueryString: as OSS V4, but a valueless parameter is written `name=`. */
export function aws4CanonicalQuery(query?: Record<string, string>): string {
  return canonicalQueryString(query, true);
}

export interface Aws4CanonicalHeaders {
  /** `name:value\n` lines, sorted by name. */
  block: string;
  /** Sorted names joined by `;`. */
  signedHeaders: string;
}

/**
 * Canonical headers from lower-case names: every header that is not {@link aws4Unsignable}, so
 * `host`, `content-type`, `content-md5`, `range`, every `x-amz-*`...
 */
export function aws4CanonicalHeaders(lowerHeaders: Record<string, string>): Aws4CanonicalHeaders {
  const names = Object.keys(lowerHeaders).filter((n) => !aws4Unsignable(n)).sort(compareBytes);
  let block = '';
  for (const n of names) block += `${n}:${aws4HeaderValue(lowerHeaders[n])}\n`;
  return { block, signedHeaders: names.join(';') };
}

/** Method\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\n\nSignedHeaders\nHashedPayload */
export function aws4CanonicalRequest(
  method: string,
  canonicalUri: string,
  canonicalQuery: string,
  headers: Aws4CanonicalHeaders,
  payloadHash: string,
): string {
  return `${method.toUpperCase()}\n${canonicalUri}\n${canonicalQuery}\n${headers.block}\n${headers.signedHeaders}\n${payloadHash}`;
}

/** AWS4-HMAC-SHA256\n<datetime>\n<scope>\nhex(sha256(canonicalRequest)) */
export function aws4StringToSign(dateTime: string, region: string, canonicalRequest: string, service = AWS4_SERVICE): string {
  return v4FamilyStringToSign(AWS4_ALGORITHM, dateTime, aws4Scope(dateTime.slice(0, 8), region, service), canonicalRequest);
}

/** `AWS4-HMAC-SHA256 Credential=<AK>/<scope>, SignedHeaders=a;b, Signature=<hex>` */
export function aws4Authorization(accessKeyId: string, scope: string, signedHeaders: string, signature: string): string {
  return `${AWS4_ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
