import * as vscode from 'vscode';
import { formatTransfer } from './format';

export interface TaskContext {
  /** Aborted when the user presses Cancel on the notification. */
  signal: AbortSignal;
  /** Free text under the title (e.g. the current file). */
  status(message: string): void;
}

export interface TransferContext extends TaskContext {
  /** Total bytes done so far across the whole task; throttled to one report per ~200 ms. */
  bytes(loaded: number): void;
  /** Change the expected total (e.g. once sizes are known). */
  setTotal(total: number): void;
}

export const PROGRESS_INTERVAL_MS = 200;

/** A cancellable notification; cancellation aborts `signal`. */
export async function withCancellableProgress<T>(title: string, task: (ctx: TaskContext) => Promise<T>): Promise<T> {
  return vscode.window.withProgress(
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
  title: string,
  totalBytes: number,
  task: (ctx: TransferContext) => Promise<T>,
): Promise<T> {
  return vscode.window.withProgress(
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
        progress.report({ increment, message: label ? `${label} — ${text}` : text });
      };
      try {
        return await task({
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
            flush(loaded >= total);
          },
        });
      } finally {
        sub.dispose();
      }
    },
  );
}
