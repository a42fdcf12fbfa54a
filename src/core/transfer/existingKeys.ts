/**
 * Which of a batch's keys already exist, asked of the bucket with as few requests as it takes:
 * one delimiter-free listing of the keys' common prefix answers a whole folder in n/1000 pages,
 * where a HEAD per key costs n requests. The listing gives way to HEADs when they are cheaper:
 * for a handful of keys, when only a few keys remain undecided, or when the listing has already
 * cost more pages than HEADing every key would have.
 */
import { mapLimit } from '../concurrency';
import { OssAbortError, OssClientError } from '../client/errors';
import type { ListObjectsPage, ListObjectsParams } from '../client/types';
import { t } from '../translate';

export interface ExistenceSource {
  /** One ListObjectsV2 page (no delimiter is passed). */
  listObjects(params: ListObjectsParams): Promise<ListObjectsPage>;
  /** HEAD of one key. */
  exists(key: string, signal?: AbortSignal): Promise<boolean>;
}

export interface ExistingKeysOptions {
  signal?: AbortSignal;
  /** HEADs in flight at once (default 8). */
  headConcurrency?: number;
  /** How many HEADs one listing page is worth (default 16); sets when listing gives way to HEADs. */
  headsPerPage?: number;
}

export interface ExistingKeysResult {
  existing: Set<string>;
  /** Requests made, for tests and benchmarks. */
  pages: number;
  heads: number;
}

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

/** The longest common prefix of `keys` (UTF-16 units, never splitting a surrogate pair). */
export function commonPrefix(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  let lo = keys[0];
  let hi = keys[0];
  for (const k of keys) {
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  let n = 0;
  while (n < lo.length && n < hi.length && lo.charCodeAt(n) === hi.charCodeAt(n)) n++;
  const c = lo.charCodeAt(n - 1);
  if (n > 0 && c >= 0xd800 && c <= 0xdbff) n--;
  return lo.slice(0, n);
}

/**
 * The keys of `keys` that exist in `bucket`. A listing answers in the server's order (UTF-8 bytes):
 * once a page ends at key L, every wanted key up to L that the pages did not show is absent.
 */
export async function findExistingByListing(
  bucket: string,
  keys: readonly string[],
  source: ExistenceSource,
  opts: ExistingKeysOptions = {},
): Promise<ExistingKeysResult> {
  const headConcurrency = opts.headConcurrency ?? 8;
  const headsPerPage = opts.headsPerPage ?? 16;
  const signal = opts.signal;
  const existing = new Set<string>();
  const result: ExistingKeysResult = { existing, pages: 0, heads: 0 };
  // Wanted keys in the server's order; `next` is the first undecided one.
  const wanted = [...new Set(keys)].sort(compareCodePoints);
  let next = 0;
  const headRest = async (): Promise<void> => {
    const rest = wanted.slice(next);
    next = wanted.length;
    await mapLimit(rest, headConcurrency, async (k) => {
      result.heads++;
      if (await source.exists(k, signal)) existing.add(k);
    }, { signal });
  };
  if (wanted.length <= headsPerPage) {
    await headRest();
    return result;
  }
  const prefix = commonPrefix(wanted);
  const op = `ListObjectsV2 ${bucket}/${prefix}`;
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    if (signal?.aborted) throw new OssAbortError(op);
    const page = await source.listObjects({ bucket, prefix, maxKeys: 1000, continuationToken: token, signal });
    result.pages++;
    for (const o of page.objects) {
      // Wanted keys before this one were not listed: absent. This one, if wanted, exists.
      while (next < wanted.length && compareCodePoints(wanted[next], o.key) < 0) next++;
      if (next < wanted.length && compareCodePoints(wanted[next], o.key) === 0) {
        existing.add(wanted[next]);
        next++;
      }
    }
    token = page.isTruncated ? page.nextContinuationToken : undefined;
    if (!token) {
      next = wanted.length; // the listing is complete: the rest is absent
      return result;
    }
    if (seen.has(token)) throw new OssClientError('MalformedResponse', t('The server sent the same continuation token twice: the listing stops here instead of looping'), op);
    seen.add(token);
    const undecided = wanted.length - next;
    if (undecided === 0) return result;
    // HEADs win once few keys remain, or once the pages so far cost more than HEADing them all.
    if (undecided <= headsPerPage || result.pages * headsPerPage >= wanted.length) {
      await headRest();
      return result;
    }
  }
}
