import * as vscode from 'vscode';
import { DEFAULT_FILE_CONCURRENCY, batchTotal, runListedJobs, runTransferJobs, type JobContext, type ListedBatch, type TransferJob, type TransferRegistry, type TransferSpec } from '../core/transfer';
import { formatTransfer } from './format';
import type { Prompter } from './prompter';

export interface TaskContext {
  /** Aborted when the user presses Cancel on the notification. */
  signal: AbortSignal;
  /** Free text under the title (e.g. the current file). */
  status(message: string): void;
}

export interface TransferContext extends TaskContext {
  /**
   * Total bytes done so far across the whole task. Callers pass every raw value; this is the one
   * place that throttles them for display (one report per ~200 ms, plus the final one).
   */
  bytes(loaded: number): void;
  /** Change the expected total (e.g. once sizes are known). */
  setTotal(total: number): void;
}

export const PROGRESS_INTERVAL_MS = 200;

/**
 * The extension host passes progress reports on at most once per 100 ms and drops the one still
 * held when the task ends. A transfer's final report often comes right after the previous one (a
 * small file: "0 B / 32 B", then "32 B / 32 B"), so before ending, the task waits out that window:
 * otherwise the notification would stay at "0 B / 32 B" for the workbench's minimum display time,
 * beside the "Uploaded" message.
 */
const HOST_REPORT_THROTTLE_MS = 100;

/** A cancellable notification; cancellation aborts `signal`. */
export async function withCancellableProgress<T>(p: Prompter, title: string, task: (ctx: TaskContext) => Promise<T>): Promise<T> {
  return p.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await task({ signal: controller.signal, status: (message) => progress.report({ message }) });
      } finally {
        sub.dispose();
      }
    },
  );
}

/**
 * A cancellable transfer notification with percent, bytes and speed:
 * "file.bin — 12.3 MB / 40.0 MB · 8.1 MB/s".
 */
export async function withTransferProgress<T>(
  p: Prompter,
  title: string,
  totalBytes: number,
  task: (ctx: TransferContext) => Promise<T>,
): Promise<T> {
  return p.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      const started = Date.now();
      let total = totalBytes;
      let lastReport = 0;
      let reportedPercent = 0;
      let label = '';
      let loadedNow = 0;
      let lastLoaded = -1;
      let lastLabel = '';
      // The host's throttle, mirrored: when it last passed a report on, and when the one it holds goes out (0 = none).
      let hostSentAt = -Infinity;
      let heldUntil = 0;
      const flush = (force: boolean): void => {
        const now = Date.now();
        if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
        lastReport = now;
        const elapsed = (now - started) / 1000;
        const speed = elapsed > 0.05 ? loadedNow / elapsed : 0;
        const percent = total > 0 ? Math.min(100, (loadedNow / total) * 100) : 0;
        const increment = Math.max(0, percent - reportedPercent);
        reportedPercent = Math.max(reportedPercent, percent);
        const text = formatTransfer(loadedNow, total, speed);
        const message = label ? `${label} — ${text}` : text;
        // Completion is reported once: a second report at 100 % would only change the speed figure.
        if (loadedNow >= total && loadedNow === lastLoaded && label === lastLabel) return;
        lastLoaded = loadedNow;
        lastLabel = label;
        if (heldUntil && now >= heldUntil) [hostSentAt, heldUntil] = [heldUntil, 0];
        if (!heldUntil && now >= hostSentAt + HOST_REPORT_THROTTLE_MS) hostSentAt = now;
        else if (!heldUntil) heldUntil = hostSentAt + HOST_REPORT_THROTTLE_MS;
        progress.report({ increment, message });
      };
      try {
        const result = await task({
          signal: controller.signal,
          status: (message) => {
            label = message;
            flush(true);
          },
          setTotal: (t) => {
            total = t;
          },
          bytes: (loaded) => {
            loadedNow = loaded;
            // While the total is unknown (0) only the throttle reports: no "complete" to force.
            flush(total > 0 && loaded >= total);
          },
        });
        const wait = heldUntil + 20 - Date.now();
        if (heldUntil && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        return result;
      } finally {
        sub.dispose();
      }
    },
  );
}

/** Where a batch is listed: the Transfers view's registry and what each row shows. */
export interface TransferListing<J, R> extends ListedBatch<J, R> {
  registry: TransferRegistry;
  /** What the notification shows while a job runs (default: the job's `label`). */
  label?(job: J): string;
}

/**
 * Runs transfer jobs one after another under one cancellable notification ("Uploading 3 files"),
 * with the running byte total of the batch as progress. With a listing, each job is also a row of
 * the Transfers view: Cancel there skips that job, Cancel on the notification cancels them all.
 */
export async function runTransfersWithProgress<J extends TransferJob, R>(
  p: Prompter,
  title: string,
  jobs: readonly J[],
  run: (job: J, ctx: JobContext) => Promise<R>,
  listing?: NoInfer<TransferListing<J, R>>,
): Promise<R[]> {
  return withTransferProgress(p, title, batchTotal(jobs), (ctx) => {
    const hooks = {
      signal: ctx.signal,
      onJobStart: (label: string) => ctx.status(label),
      label: listing?.label?.bind(listing),
      onBytes: (n: number) => ctx.bytes(n),
      onTotal: (t: number) => ctx.setTotal(t),
      concurrency: DEFAULT_FILE_CONCURRENCY,
    };
    return listing ? runListedJobs(listing.registry, jobs, run, listing, hooks) : runTransferJobs(jobs, run, hooks);
  });
}

/** One transfer listed as a row of the Transfers view: what the row shows, and what follows a Retry. */
export interface ListedTransfer<R> {
  registry: TransferRegistry;
  spec: TransferSpec;
  afterRetry?(result: R): void;
}

/**
 * Runs one transfer under a cancellable notification and as one row of the Transfers view (Cancel
 * there or on the notification aborts it; Retry runs `run` again, so it must read what it needs
 * afresh each time).
 */
export async function runListedTransfer<R>(p: Prompter, title: string, listed: ListedTransfer<R>, run: (ctx: JobContext) => Promise<R>): Promise<R> {
  const job = { size: listed.spec.size, label: listed.spec.key };
  const [result] = await runTransfersWithProgress(p, title, [job], (_j, ctx) => run(ctx), {
    registry: listed.registry,
    describe: () => listed.spec,
    afterRetry: (_j, r) => listed.afterRetry?.(r),
  });
  return result;
}
