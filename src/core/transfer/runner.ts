/**
 * One loop for every multi-file transfer (upload and download): jobs start in order (small ones
 * several at a time, see runTransferJobs) and progress is a running byte total over the whole batch. Reports are raw (every callback from the
 * job is passed on); throttling for display is the UI's business.
 */
import { t } from '../translate';

export interface TransferJob {
  /** Bytes this job is expected to move (used for the running total). */
  size: number;
  /** Shown while the job runs (e.g. the file name), unless RunnerHooks.label says otherwise. */
  label?: string;
}

export interface RunnerHooks<J = never> {
  /** Checked before each job; an aborted signal stops the batch with an AbortError. */
  signal?: AbortSignal;
  /** A job is about to start. */
  onJobStart?(label: string, index: number): void;
  /**
   * The label onJobStart gets for a job (default: its `label`, else ''). Asked as each job starts,
   * so a batch of thousands of files need not carry a copy of every job with its label.
   */
  label?(job: J): string;
  /** Bytes done so far across the batch (never decreasing, never beyond the batch total once every size is known). */
  onBytes(loaded: number): void;
  /** The batch total changed: a job whose size was unknown (0) learnt it (JobContext.size). */
  onTotal?(total: number): void;
  /** Small jobs run at once (default 1: one after another); see runTransferJobs. */
  concurrency?: number;
}

/** What a job gets: the signal, and a callback for the bytes done within this job. */
export interface JobContext {
  signal?: AbortSignal;
  loaded(bytes: number): void;
  /**
   * The job's size, once known while it runs (a download learns it from Content-Length). A job of
   * size 0 is "unknown": its bytes are counted as they come, without a cap.
   */
  size?(bytes: number): void;
}

/**
 * `{ ...item, ...extra }` built with Object.assign. One object per file goes through these in a batch,
 * and V8 (Node 20) gives every object made by a spread followed by another property a hidden class of
 * its own: a map, a descriptor array and a property array, ~300 bytes a file that stay as long as the
 * job list (measured with heap snapshots: 10,000 files held 3.3 MB of them), and every property read
 * of the jobs turns megamorphic. Object.assign onto `{}` follows the shared transitions.
 */
export function withProps<T extends object, U extends object>(item: T, extra: U): T & U {
  return Object.assign({}, item, extra);
}

export function batchTotal(jobs: readonly TransferJob[]): number {
  return jobs.reduce((a, j) => a + j.size, 0);
}

function abortError(): Error {
  const e = new Error(t('The transfer was cancelled'));
  e.name = 'AbortError';
  return e;
}

/** Small files moved at once by the Upload and Download commands (each one request). */
export const DEFAULT_FILE_CONCURRENCY = 4;
/** Jobs up to this size may run side by side; a larger one runs alone (it has parallel parts of its own). */
export const SMALL_JOB_BYTES = 1024 * 1024;

/**
 * Runs `run` over the jobs and returns their results in job order. Jobs start in order; up to
 * `hooks.concurrency` small ones (≤ SMALL_JOB_BYTES) run at once, a larger one waits for the others
 * and runs alone. After the first failure no job starts; the running ones finish, then it throws.
 */
export async function runTransferJobs<J extends TransferJob, R>(
  jobs: readonly J[],
  run: (job: J, ctx: JobContext, index: number) => Promise<R>,
  hooks: RunnerHooks<J>,
): Promise<R[]> {
  const limit = Math.max(1, Math.floor(hooks.concurrency ?? 1));
  const results: R[] = new Array<R>(jobs.length);
  const sizes = jobs.map((j) => j.size);
  const loaded = new Map<number, number>(); // running job -> its bytes so far
  let finished = 0; // bytes of the finished jobs
  let reported = 0;
  const report = (force = false): void => {
    let n = finished;
    for (const b of loaded.values()) n += b;
    if (n <= reported && !force) return;
    reported = Math.max(reported, n);
    hooks.onBytes(reported);
  };
  let next = 0;
  let failure: { err: unknown } | undefined;
  const running = new Set<Promise<void>>();
  const start = (i: number): void => {
    const job = jobs[i];
    if (hooks.onJobStart) hooks.onJobStart(hooks.label ? hooks.label(job) : job.label ?? '', i);
    loaded.set(i, 0);
    const p = run(job, {
      signal: hooks.signal,
      loaded: (bytes) => {
        if (!loaded.has(i)) return;
        loaded.set(i, Math.max(loaded.get(i) ?? 0, Math.min(bytes, sizes[i] || bytes)));
        report();
      },
      size: (bytes) => {
        if (!loaded.has(i) || !(bytes >= 0) || bytes === sizes[i]) return;
        sizes[i] = bytes;
        hooks.onTotal?.(sizes.reduce((a, b) => a + b, 0));
      },
    }, i).then(
      (r) => {
        results[i] = r;
        finished += sizes[i] || (loaded.get(i) ?? 0);
        loaded.delete(i);
        report(true);
      },
      (err: unknown) => {
        loaded.delete(i);
        failure ??= { err };
      },
    ).finally(() => running.delete(p));
    running.add(p);
  };
  while (next < jobs.length && !failure) {
    if (hooks.signal?.aborted) {
      await Promise.all(running);
      throw abortError();
    }
    const small = jobs[next].size <= SMALL_JOB_BYTES;
    if (running.size === 0 || (small && running.size < limit && ![...loaded.keys()].some((i) => sizes[i] > SMALL_JOB_BYTES))) {
      start(next++);
      continue;
    }
    await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw failure.err;
  return results;
}
