/**
 * One loop for every multi-file transfer (upload and download): jobs run one after another and
 * progress is a running byte total over the whole batch. Reports are raw (every callback from the
 * job is passed on); throttling for display is the UI's business.
 */

export interface TransferJob {
  /** Bytes this job is expected to move (used for the running total). */
  size: number;
  /** Shown while the job runs (e.g. the file name). */
  label: string;
}

export interface RunnerHooks {
  /** Checked before each job; an aborted signal stops the batch with an AbortError. */
  signal?: AbortSignal;
  /** A job is about to start. */
  onJobStart?(label: string, index: number): void;
  /** Bytes done so far across the batch (never decreasing, never beyond the batch total). */
  onBytes(loaded: number): void;
}

/** What a job gets: the signal, and a callback for the bytes done within this job. */
export interface JobContext {
  signal?: AbortSignal;
  loaded(bytes: number): void;
}

export function batchTotal(jobs: readonly TransferJob[]): number {
  return jobs.reduce((a, j) => a + j.size, 0);
}

function abortError(): Error {
  const e = new Error('The transfer was cancelled');
  e.name = 'AbortError';
  return e;
}

/** Runs `run` over the jobs in order and returns their results. Stops at the first failure. */
export async function runTransferJobs<J extends TransferJob, R>(
  jobs: readonly J[],
  run: (job: J, ctx: JobContext) => Promise<R>,
  hooks: RunnerHooks,
): Promise<R[]> {
  const results: R[] = [];
  let before = 0;
  let reported = 0;
  const report = (n: number, force = false): void => {
    if (n <= reported && !force) return;
    reported = Math.max(reported, n);
    hooks.onBytes(reported);
  };
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i];
    if (hooks.signal?.aborted) throw abortError();
    hooks.onJobStart?.(job.label, i);
    const start = before;
    results.push(
      await run(job, {
        signal: hooks.signal,
        loaded: (bytes) => report(start + Math.max(0, Math.min(bytes, job.size))),
      }),
    );
    before += job.size;
    report(before, true);
  }
  return results;
}
