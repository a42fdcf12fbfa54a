/**
 * String order by UTF-8 bytes, the order OSS and S3 list keys in and the signers sort names in,
 * computed from the strings themselves (no Buffer per comparison).
 */

const isHigh = (u: number): boolean => u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number): boolean => u >= 0xdc00 && u <= 0xdfff;

/** The code point at `i` (two units when above U+FFFF); a lone surrogate reads as U+FFFD, as UTF-8 encodes it. */
function codePointAt(s: string, i: number): number {
  const u = s.charCodeAt(i);
  if (isHigh(u) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) return (u - 0xd800) * 0x400 + (s.charCodeAt(i + 1) - 0xdc00) + 0x10000;
  return isHigh(u) || isLow(u) ? 0xfffd : u;
}

/**
 * `a` against `b` in the order of their UTF-8 bytes (the order a listing comes in), without
 * encoding them: the sign of `Buffer.compare(Buffer.from(a), Buffer.from(b))`. UTF-8 byte order is
 * code point order; JS `<` compares UTF-16 units, which differs only where a surrogate meets a unit
 * ≥ U+E000 (or a lone surrogate, which UTF-8 writes as U+FFFD). Equal units are skipped as units;
 * from the first difference the strings are read as code points.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n && a.length === b.length) return 0;
  // A high surrogate always starts a code point (paired or lone): the difference may be in its pair.
  if (i > 0 && isHigh(a.charCodeAt(i - 1))) i--;
  let j = i;
  while (i < a.length && j < b.length) {
    const x = codePointAt(a, i);
    const y = codePointAt(b, j);
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}
