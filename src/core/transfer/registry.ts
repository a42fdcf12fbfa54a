/**
 * The list of transfers the Transfers view and the status bar show (pure, vscode-free). Each row
 * is one upload or download with its own AbortController and the closure that runs it, so a row
 * can be cancelled on its own and retried after it failed or was cancelled. Progress reports are
 * throttled per row; state changes are announced at once.
 */
import { OssAbortError } from '../errorBase';
import { runTransferJobs, withProps, type JobContext, type RunnerHooks, type TransferJob } from './runner';

export type TransferDirection = 'up' | 'down';
/**
 * What started the transfer, beyond a plain upload or download: a resumed multipart upload, a
 * transfer through a signed URL (no connection), the save of an edited object, a server-side copy
 * or move (direction 'up': the bytes end up on the server).
 */
export type TransferKind = 'resume' | 'signedUrl' | 'save' | 'copy' | 'move';
export type TransferState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** What a transfer moves, and between where. */
export interface TransferSpec {
  direction: TransferDirection;
  connectionId: string;
  bucket: string;
  key: string;
  /** The local file (missing for in-memory bodies such as an untitled editor). */
  localPath?: string;
  /** Expected bytes (0 when unknown). */
  size: number;
  kind?: TransferKind;
  /** A signed-URL transfer: the host it went to ('' connectionId). */
  host?: string;
  /** Retry cannot run it again (a save: the editor holds what is to be saved, so Save is the retry). */
  final?: boolean;
}

/** A snapshot of one row. */
export interface TransferRow extends TransferSpec {
  readonly id: string;
  readonly state: TransferState;
  readonly loaded: number;
  /** Smoothed bytes per second while running (0 when unknown). */
  readonly speed: number;
  /** The error's text when failed. */
  readonly error?: string;
  /** ms since the epoch: when the current (or last) run started, and when it ended. */
  readonly started?: number;
  readonly ended?: number;
  /** Retry can run it again (failed or cancelled, with a closure to run). */
  readonly retryable: boolean;
}

/**
 * Runs the transfer: `loaded` takes the bytes done within it; `size` the expected total once known
 * (a row added with size 0); `signal` aborts it.
 */
export type TransferRun = (signal: AbortSignal, loaded: (bytes: number) => void, size: (bytes: number) => void) => Promise<unknown>;

export interface TransferSummary {
  /** Queued and running rows. */
  active: number;
  /** Overall percent of the active rows (bytes done / bytes expected), 0–100. */
  percent: number;
  /** Which way the active rows go ('mixed' when both). */
  direction: TransferDirection | 'mixed' | undefined;
}

export interface TransferRegistryOptions {
  /** Rows that changed (undefined: rows were added or removed). */
  onChange(ids: readonly string[] | undefined): void;
  /** The text a row shows for its error. */
  describeError(err: unknown): string;
  /** Minimum time between two progress announcements of one row (default 250 ms: ≤ 4/s). */
  intervalMs?: number;
  /**
   * How many finished (done, failed or cancelled) rows stay listed; past it the oldest finished
   * ones are dropped (read at each finish, so a changed setting applies to the next one). Default: no cap.
   */
  keepFinished?: () => number;
  now?: () => number;
}

/** Weight of the newest sample in the smoothed speed. */
const SPEED_WEIGHT = 0.3;

interface Entry {
  id: string;
  spec: TransferSpec;
  state: TransferState;
  loaded: number;
  speed: number;
  error?: string;
  started?: number;
  ended?: number;
  run: TransferRun;
  /** Called after a run started by Retry succeeded. */
  afterRetry?: (result: unknown) => void;
  controller?: AbortController;
  /** The last announced sample (for the speed) and whether a later one waits. */
  sampleAt: number;
  sampleLoaded: number;
  timer?: ReturnType<typeof setTimeout>;
}

function isActive(s: TransferState): boolean {
  return s === 'queued' || s === 'running';
}

export class TransferRegistry {
  private readonly entries = new Map<string, Entry>();
  private seq = 0;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: TransferRegistryOptions) {
    this.intervalMs = opts.intervalMs ?? 250;
    this.now = opts.now ?? Date.now;
  }

  /** Adds a queued row; `start` runs it. */
  add(spec: TransferSpec, run: TransferRun, afterRetry?: (result: unknown) => void): string {
    const id = `t${++this.seq}`;
    this.entries.set(id, { id, spec: withProps(spec, {}), state: 'queued', loaded: 0, speed: 0, run, afterRetry, sampleAt: 0, sampleLoaded: 0 });
    this.opts.onChange(undefined);
    return id;
  }

  /**
   * Runs a queued row and resolves with its result. A row cancelled before it started rejects
   * with an AbortError without running; a run aborted by `cancel` ends 'cancelled', one that
   * throws otherwise ends 'failed'; both reject with the error. `observe` also gets every byte
   * count (the notification's running total), `observeSize` a size learnt while running.
   */
  async start(id: string, observe?: (bytes: number) => void, observeSize?: (bytes: number) => void): Promise<unknown> {
    const e = this.entry(id);
    if (e.state === 'cancelled') throw new OssAbortError('transfer');
    if (e.state !== 'queued') throw new Error(`Transfer ${id} is ${e.state}, not queued`);
    const controller = new AbortController();
    Object.assign(e, { controller, state: 'running', loaded: 0, speed: 0, error: undefined, started: this.now(), ended: undefined });
    e.sampleAt = e.started ?? 0;
    e.sampleLoaded = 0;
    this.changed(e);
    try {
      const result = await e.run(
        controller.signal,
        (bytes) => {
          if (e.controller !== controller) return;
          e.loaded = Math.max(0, Math.min(bytes, e.spec.size || bytes));
          observe?.(bytes);
          this.progress(e);
        },
        (size) => {
          if (e.controller !== controller || !(size >= 0) || size === e.spec.size) return;
          e.spec.size = size;
          observeSize?.(size);
          this.changed(e);
        },
      );
      e.loaded = e.spec.size || e.loaded;
      this.finish(e, 'done');
      return result;
    } catch (err) {
      if (controller.signal.aborted) this.finish(e, 'cancelled');
      else this.finish(e, 'failed', this.opts.describeError(err));
      throw err;
    }
  }

  /** Cancels a queued or running row; false when it is neither. */
  cancel(id: string): boolean {
    const e = this.entries.get(id);
    if (!e || !isActive(e.state)) return false;
    if (e.state === 'running') e.controller?.abort();
    else this.finish(e, 'cancelled');
    return true;
  }

  /** Runs a failed or cancelled row again. */
  async retry(id: string): Promise<unknown> {
    const e = this.entry(id);
    if (e.state !== 'failed' && e.state !== 'cancelled') throw new Error(`Transfer ${id} is ${e.state}: only failed or cancelled transfers can be retried`);
    if (e.spec.final) throw new Error(`Transfer ${id} cannot be retried`);
    e.state = 'queued';
    const result = await this.start(id);
    e.afterRetry?.(result);
    return result;
  }

  /** Removes done, failed and cancelled rows; returns how many. */
  clearFinished(): number {
    let n = 0;
    for (const e of [...this.entries.values()]) {
      if (isActive(e.state)) continue;
      this.entries.delete(e.id);
      n++;
    }
    if (n > 0) this.opts.onChange(undefined);
    return n;
  }

  /** Every row, oldest first. */
  rows(): TransferRow[] {
    return [...this.entries.values()].map((e) => this.snapshot(e));
  }

  get(id: string): TransferRow | undefined {
    const e = this.entries.get(id);
    return e && this.snapshot(e);
  }

  summary(): TransferSummary {
    let active = 0;
    let loaded = 0;
    let total = 0;
    const dirs = new Set<TransferDirection>();
    for (const e of this.entries.values()) {
      if (!isActive(e.state)) continue;
      active++;
      // A row whose size is not known (yet) has no share in the percent.
      if (e.spec.size > 0) {
        loaded += e.loaded;
        total += e.spec.size;
      }
      dirs.add(e.spec.direction);
    }
    const percent = total > 0 ? Math.min(100, (loaded / total) * 100) : 0;
    const direction = dirs.size === 0 ? undefined : dirs.size > 1 ? 'mixed' : [...dirs][0];
    return { active, percent, direction };
  }

  /** Stops pending announcements (running transfers are left to their owners). */
  dispose(): void {
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
  }

  private entry(id: string): Entry {
    const e = this.entries.get(id);
    if (!e) throw new Error(`No transfer ${id} (cleared?)`);
    return e;
  }

  private snapshot(e: Entry): TransferRow {
    const retryable = (e.state === 'failed' || e.state === 'cancelled') && !e.spec.final;
    return withProps(e.spec, { id: e.id, state: e.state, loaded: e.loaded, speed: e.speed, error: e.error, started: e.started, ended: e.ended, retryable });
  }

  /** A progress report: announced at most every intervalMs, the last one of a burst after the interval. */
  private progress(e: Entry): void {
    const wait = e.sampleAt + this.intervalMs - this.now();
    if (wait <= 0) {
      if (e.timer) clearTimeout(e.timer);
      e.timer = undefined;
      this.sample(e);
      return;
    }
    if (e.timer) return;
    e.timer = setTimeout(() => {
      e.timer = undefined;
      if (e.state === 'running') this.sample(e);
    }, wait);
  }

  private sample(e: Entry): void {
    const now = this.now();
    const dt = (now - e.sampleAt) / 1000;
    if (dt > 0) {
      const instant = Math.max(0, e.loaded - e.sampleLoaded) / dt;
      e.speed = e.speed === 0 ? instant : SPEED_WEIGHT * instant + (1 - SPEED_WEIGHT) * e.speed;
    }
    e.sampleAt = now;
    e.sampleLoaded = e.loaded;
    this.changed(e);
  }

  private finish(e: Entry, state: TransferState, error?: string): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = undefined;
    e.state = state;
    e.error = error;
    e.speed = 0;
    e.ended = this.now();
    this.changed(e);
    this.capFinished();
  }

  /** Drops the oldest finished rows beyond keepFinished (by when they ended; active rows stay). */
  private capFinished(): void {
    const keep = this.opts.keepFinished?.();
    if (keep === undefined || !Number.isFinite(keep)) return;
    const finished = [...this.entries.values()].filter((x) => !isActive(x.state)).sort((a, b) => (a.ended ?? 0) - (b.ended ?? 0));
    const drop = finished.slice(0, Math.max(0, finished.length - Math.max(0, Math.floor(keep))));
    if (drop.length === 0) return;
    for (const x of drop) this.entries.delete(x.id);
    this.opts.onChange(undefined);
  }

  private changed(e: Entry): void {
    this.opts.onChange([e.id]);
  }
}

export interface ListedBatch<J, R> {
  /** What each job's row shows. */
  describe(job: J): TransferSpec;
  /** After Retry ran a job of this batch again successfully. */
  afterRetry?(job: J, result: R): void;
}

/** What runListedJobs' run gives back for a job cancelled from its row (not a result of the batch). */
const SKIPPED: unique symbol = Symbol('skipped');

/**
 * Runs a batch through `runTransferJobs` with one registry row per job. Cancelling the batch
 * (hooks.signal) cancels every row; cancelling one row skips that job and the batch goes on (when
 * every job was cancelled that way the batch rejects with an AbortError, as if it were cancelled
 * as a whole). A failure stops the batch and leaves the jobs not yet run cancelled. Resolves with
 * the results of the jobs that ran, in order.
 */
export async function runListedJobs<J extends TransferJob, R>(
  registry: TransferRegistry,
  jobs: readonly J[],
  run: (job: J, ctx: JobContext) => Promise<R>,
  batch: ListedBatch<J, R>,
  hooks: RunnerHooks<J>,
): Promise<R[]> {
  const ids = jobs.map((job) =>
    registry.add(
      batch.describe(job),
      (signal, loaded, size) => run(job, { signal, loaded, size }),
      (r) => batch.afterRetry?.(job, r as R),
    ),
  );
  const cancelAll = (): void => ids.forEach((id) => registry.cancel(id));
  const signal = hooks.signal;
  signal?.addEventListener('abort', cancelAll);
  if (signal?.aborted) cancelAll();
  let skipped = 0;
  try {
    // The jobs themselves go through the runner (their sizes and labels); the row runs each one.
    const out = await runTransferJobs(
      jobs,
      async (_job, ctx, index): Promise<R | typeof SKIPPED> => {
        const id = ids[index];
        try {
          return (await registry.start(id, (n) => ctx.loaded(n), (n) => ctx.size?.(n))) as R;
        } catch (err) {
          if (!signal?.aborted && registry.get(id)?.state === 'cancelled') {
            skipped++;
            return SKIPPED;
          }
          throw err;
        }
      },
      hooks,
    );
    if (jobs.length > 0 && skipped === jobs.length) throw new OssAbortError('transfer');
    return skipped === 0 ? (out as R[]) : out.filter((x): x is R => x !== SKIPPED);
  } catch (err) {
    cancelAll();
    throw err;
  } finally {
    signal?.removeEventListener('abort', cancelAll);
  }
}
