/**
 * Percent-encoding and ordering helpers shared by V1, V4 and POP signing.
 * Pure functions, no dependencies beyond node:buffer and the shared UTF-8 order (../utf8Order).
 */

import { compareCodePoints } from '../utf8Order';

const HEX = '0123456789ABCDEF';

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || // A-Z
    (b >= 0x61 && b <= 0x7a) || // a-z
    (b >= 0x30 && b <= 0x39) || // 0-9
    b === 0x2d || // -
    b === 0x2e || // .
    b === 0x5f || // _
    b === 0x7e // ~
  );
}

/**
 * RFC 3986 percent-encoding of the UTF-8 bytes of `s`: `A-Z a-z 0-9 - . _ ~` are kept, every
 * other byte becomes `%XX` with upper-case hex. With `keepSlash`, `/` is kept as well (paths).
 * Space becomes `%20` (never `+`), `*` becomes `%2A`.
 */
export function uriEncode(s: string, keepSlash = false): string {
  // Fast path: nothing to encode.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c < 0x80 && (isUnreserved(c) || (keepSlash && c === 0x2f)))) {
      plain = false;
      break;
    }
  }
  if (plain) return s;
  // Native encodeURIComponent is RFC 3986 except that it keeps ! ' ( ) * and encodes '/'; it throws
  // on lone surrogates, which the byte loop encodes as U+FFFD (like Buffer.from).
  let out: string;
  try {
    out = encodeURIComponent(s);
  } catch {
    return uriEncodeBytes(s, keepSlash);
  }
  if (SUB_DELIMS.test(out)) out = out.replace(SUB_DELIMS_G, encodeSubDelim);
  // '%' only ever starts an escape in encodeURIComponent output, so '%2F' is always an encoded '/'.
  if (keepSlash && out.includes('%2F')) out = out.replace(SLASH_G, '/');
  return out;
}

const SUB_DELIMS = /[!'()*]/;
const SUB_DELIMS_G = /[!'()*]/g;
const SLASH_G = /%2F/g;
function encodeSubDelim(c: string): string {
  const b = c.charCodeAt(0);
  return '%' + HEX[b >> 4] + HEX[b & 15];
}

/** Reference implementation over the UTF-8 bytes (lone surrogates become EF BF BD). */
function uriEncodeBytes(s: string, keepSlash: boolean): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  for (const b of bytes) {
    if (isUnreserved(b) || (keepSlash && b === 0x2f)) out += String.fromCharCode(b);
    else out += '%' + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

/** Encode an object key (or any path) for a URL path: RFC 3986, `/` kept, upper-case hex. */
export function encodeKey(key: string): string {
  return uriEncode(key, true);
}

/** POP (RPC) percentEncode: identical to the strict RFC 3986 rule (`/` IS encoded). */
export function popEncode(s: string): string {
  return uriEncode(s, false);
}

/** Byte-order comparison of the UTF-8 encodings of two strings (never localeCompare). */
export const compareBytes = compareCodePoints;

/** Lower-cases header names; later duplicates (case-insensitively) override earlier ones. */
export function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = String(v);
  }
  return out;
}

/**
 * Render a query map into a URL query string (no leading '?'): names and values RFC 3986
 * encoded, sorted by encoded name (byte order), valueless ('') params rendered without '='.
 */
export function renderQuery(query: Record<string, string>): string {
  const parts: Array<[string, string]> = Object.entries(query).map(([k, v]) => [uriEncode(k), uriEncode(v)]);
  parts.sort((x, y) => compareBytes(x[0], y[0]) || compareBytes(x[1], y[1]));
  return parts.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join('&');
}
