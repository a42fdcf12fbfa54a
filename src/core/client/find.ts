/**
 * Find Objects: keys below a folder that match a substring or a glob, streamed as listing pages
 * arrive. The folder's top level is listed with a delimiter; each top-level prefix is then listed
 * without one (every key below it, 1000 a page), several prefixes at a time. Only the pages in
 * flight and the queue of top-level prefixes are held, never the full key list.
 */
import type { ListObjectsParams, ObjectInfo } from './types';
import { OssAbortError, OssClientError } from './errors';
import type { ObjectLister } from './list';
import { t } from '../translate';

export interface FindOptions {
  bucket: string;
  /** The folder searched ('' for the whole bucket, else ending with '/'). */
  prefix: string;
  /** A substring, or a glob when it has `*` or `?` (see keyMatcher). */
  pattern: string;
  /** Stop after this many matches (default: no limit). */
  limit?: number;
  signal?: AbortSignal;
  /** Listings in flight at once (default 4). */
  parallel?: number;
  caseSensitive?: boolean;
  /** After every page: keys looked at and matches found so far. */
  onProgress?: (p: { scanned: number; matched: number }) => void;
}

const SPECIAL = /[\\^$.|+()[\]{}]/g;

/** Whether the pattern is a glob (has `*` or `?`) rather than a substring. */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** A glob as an anchored regex: `**` any characters, `*` any but '/', `?` one but '/'. */
export function globToRegExp(glob: string, caseSensitive = false): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        re += '(?:.*/)?'; // "**/" also matches no folder at all
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(SPECIAL, '\\$&');
  }
  return new RegExp(`^${re}$`, caseSensitive ? 'su' : 'siu');
}

/**
 * The test for a key's part below the searched folder. A substring matches anywhere in it; a glob
 * with a '/' matches the whole of it; a glob without one matches the last segment (the name), at
 * any depth: `*.png` finds every PNG below the folder, `img/*.png` only those directly in img/.
 */
export function keyMatcher(pattern: string, caseSensitive = false): (rel: string) => boolean {
  if (!isGlob(pattern)) {
    if (caseSensitive) return (rel) => rel.includes(pattern);
    const p = pattern.toLowerCase();
    return (rel) => rel.toLowerCase().includes(p);
  }
  const re = globToRegExp(pattern, caseSensitive);
  if (pattern.includes('/')) return (rel) => re.test(rel);
  return (rel) => re.test(rel.slice(rel.lastIndexOf('/') + 1));
}

interface Stream {
  prefix: string;
  /** 'split': list with a delimiter and queue the prefixes found; 'flat': every key below. */
  mode: 'split' | 'flat';
  depth: number;
  token?: string;
  pages: number;
  seen: Set<string>;
}

/** How deep a folder holding only one subfolder is followed down before it is listed flat. */
const MAX_SPLIT_DEPTH = 4;
/** Top-level prefixes queued before the top-level listing waits for workers to take some. */
const MAX_QUEUED = 2000;

/** Every object below `opts.prefix` whose key matches, as pages arrive (not in key order). */
export async function* findObjects(lister: ObjectLister, opts: FindOptions): AsyncGenerator<ObjectInfo, void, undefined> {
  const { bucket, prefix } = opts;
  const limit = opts.limit ?? Infinity;
  const parallel = Math.max(1, opts.parallel ?? 4);
  const match = keyMatcher(opts.pattern, opts.caseSensitive);
  const op = `Find ${bucket}/${prefix}`;
  const inner = new AbortController();
  const onAbort = (): void => inner.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const inFlight = new Map<Stream, Promise<{ s: Stream; page: Awaited<ReturnType<ObjectLister['listObjects']>> }>>();
  const queue: Stream[] = [];
  let scanned = 0;
  let matched = 0;
  const fetch = (s: Stream): void => {
    const params: ListObjectsParams = { bucket, prefix: s.prefix, maxKeys: 1000, continuationToken: s.token, signal: inner.signal };
    if (s.mode === 'split') params.delimiter = '/';
    const p = lister.listObjects(params).then((page) => ({ s, page }));
    p.catch(() => undefined); // seen through Promise.race; never an unhandled rejection
    inFlight.set(s, p);
  };
  const fill = (): void => {
    while (inFlight.size < parallel && queue.length > 0) fetch(queue.shift() as Stream);
  };
  try {
    if (opts.signal?.aborted) throw new OssAbortError(op);
    fetch({ prefix, mode: 'split', depth: 0, pages: 0, seen: new Set() });
    while (inFlight.size > 0) {
      if (opts.signal?.aborted) throw new OssAbortError(op);
      let got;
      try {
        got = await Promise.race(inFlight.values());
      } catch (err) {
        if (opts.signal?.aborted) throw new OssAbortError(op);
        throw err;
      }
      const { s, page } = got;
      inFlight.delete(s);
      s.pages++;
      scanned += page.objects.length + page.prefixes.length;
      const token = page.isTruncated ? page.nextContinuationToken : undefined;
      if (token !== undefined) {
        if (s.seen.has(token)) throw new OssClientError('MalformedResponse', t('The server sent the same continuation token twice: the search stops here instead of looping'), op);
        s.seen.add(token);
      }
      if (s.mode === 'split') {
        // A folder that holds nothing but one subfolder is followed down, so its parts page in parallel.
        const only = s.pages === 1 && !token && page.objects.length === 0 && page.prefixes.length === 1 && s.depth < MAX_SPLIT_DEPTH;
        for (const p of page.prefixes) queue.push({ prefix: p, mode: only ? 'split' : 'flat', depth: s.depth + 1, pages: 0, seen: new Set() });
      }
      const found: ObjectInfo[] = [];
      for (const o of page.objects) {
        if (!o.key.endsWith('/') && match(o.key.slice(prefix.length))) found.push(o);
      }
      if (token) {
        s.token = token;
        // The top level waits while many prefixes are queued: the queue stays bounded.
        if (s.mode === 'split' && queue.length > MAX_QUEUED) queue.push(s);
        else fetch(s);
      }
      fill();
      for (const o of found) {
        matched++;
        yield o;
        if (matched >= limit) return;
      }
      opts.onProgress?.({ scanned, matched });
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    inner.abort();
  }
}
