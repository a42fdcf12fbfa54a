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
import { compareCodePoints } from '../utf8Order';

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
