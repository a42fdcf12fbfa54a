/** The one worker pool of the extension: run async work over items with a bounded number in flight. */
import { OssAbortError } from './client/errors';

export interface MapLimitOptions {
  /** Once aborted, no new item is started; the call then rejects with an AbortError (after in-flight items settle). */
  signal?: AbortSignal;
  /** Stop starting new items after the first failure (default true). The first error is what the call rejects with. */
  stopOnError?: boolean;
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight and resolves with the results in
 * item order. It settles only after every started call has settled, so nothing keeps running
 * behind the caller's back; it rejects with the first error thrown by `fn`.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  opts: MapLimitOptions = {},
): Promise<R[]> {
  const { signal } = opts;
  const stopOnError = opts.stopOnError ?? true;
  if (signal?.aborted) throw new OssAbortError();
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length && !(failed && stopOnError) && !signal?.aborted) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (err) {
        if (!failed) {
          failed = true;
          firstError = err;
        }
      }
    }
  };
  const width = Math.min(items.length, Math.max(1, Math.floor(limit) || 1));
  await Promise.all(Array.from({ length: width }, worker));
  if (failed) throw firstError;
  if (next < items.length) throw new OssAbortError();
  return out;
}
