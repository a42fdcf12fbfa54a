/**
 * Alibaba Cloud POP "RPC" signature (used by STS AssumeRole). See docs/protocol.md §5.
 */
import { createHmac } from 'node:crypto';
import { compareBytes, popEncode } from './encode';

/** All params except `Signature`, sorted by name (byte order), `enc(k)=enc(v)` joined with '&'. */
export function popCanonicalizedQuery(params: Record<string, string>): string {
  const entries = Object.entries(params).filter(([k]) => k !== 'Signature');
  entries.sort((a, b) => compareBytes(a[0], b[0]));
  return entries.map(([k, v]) => `${popEncode(k)}=${popEncode(String(v))}`).join('&');
}

/** `METHOD&%2F&enc(CanonicalizedQueryString)` */
export function popStringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${popEncode('/')}&${popEncode(popCanonicalizedQuery(params))}`;
}

/** base64(HMAC-SHA1(secret + '&', StringToSign)); NOT URL-encoded. */
export function popSign(method: string, params: Record<string, string>, accessKeySecret: string): string {
  return createHmac('sha1', accessKeySecret + '&').update(popStringToSign(method, params), 'utf8').digest('base64');
}
