/**
 * What OSS Signature V4 (`OSS4-HMAC-SHA256`, v4.ts) and AWS Signature V4 (`AWS4-HMAC-SHA256`,
 * aws4.ts) share: the HMAC-SHA256 key chain, the SHA-256 of the canonical request, the
 * canonical query encoding, the ISO 8601 basic time stamp and the string to sign. The two differ
 * only in names, header selection and the valueless-parameter rule. See docs/protocol.md §3 and §11.
 */
import * as crypto from 'node:crypto';
import { createHash, createHmac } from 'node:crypto';
import { compareBytes, uriEncode } from './encode';

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'hex') => string;
/** `crypto.hash` (Node ≥ 20.12 / 21.7) when available: a one-shot digest without a Hash object (UTF-8 input). */
const oneShotHash: OneShotHash | undefined = (crypto as unknown as { hash?: OneShotHash }).hash;

/** Lower-case hex SHA-256 of the UTF-8 bytes of `s`. */
export function sha256Hex(s: string): string {
  return oneShotHash ? oneShotHash('sha256', s, 'hex') : createHash('sha256').update(s, 'utf8').digest('hex');
}

/** HMAC-SHA256 chain: key = seed, then key = HMAC(key, part) for every part. */
export function hmacChain(seed: string, parts: readonly string[]): Buffer {
  let key: Buffer | string = seed;
  for (const part of parts) key = createHmac('sha256', key).update(part, 'utf8').digest();
  return key as Buffer;
}

/** Lower-case hex HMAC-SHA256(key, stringToSign). */
export function hmacHex(key: Buffer, stringToSign: string): string {
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

/**
 * Canonical query string: names and values RFC 3986-encoded ('/' too), sorted by encoded name
 * (then value) in byte order. A valueless parameter ('') is written `name` (OSS) or `name=` (AWS,
 * `valuelessWithEquals`).
 */
export function canonicalQueryString(query: Record<string, string> | undefined, valuelessWithEquals: boolean): string {
  const parts: Array<[string, string]> = Object.entries(query ?? {}).map(([k, v]) => [uriEncode(k), uriEncode(v ?? '')]);
  parts.sort((a, b) => compareBytes(a[0], b[0]) || compareBytes(a[1], b[1]));
  return parts.map(([k, v]) => (v === '' && !valuelessWithEquals ? k : `${k}=${v}`)).join('&');
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

/** `<algorithm>\n<datetime>\n<scope>\nhex(sha256(canonicalRequest))` */
export function v4FamilyStringToSign(algorithm: string, dateTime: string, scope: string, canonicalRequest: string): string {
  return `${algorithm}\n${dateTime}\n${scope}\n${sha256Hex(canonicalRequest)}`;
}
