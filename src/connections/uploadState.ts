/**
 * The extension's side of resumable uploads and orphaned multipart uploads: the checkpoint store,
 * the orphaned-upload log (persisted in globalState: connection id, bucket, key, uploadId, time,
 * reason; never a secret), and the suspend signal that deactivation uses to stop running uploads
 * while keeping them resumable.
 */
import type * as vscode from 'vscode';
import { OrphanedUploadLog } from '../core/orphans';
import type { CheckpointStore } from '../core/transfer';
import type { UploadEnvironment } from './ossApi';

export const ORPHANS_KEY = 'ossExplorer.orphanedUploads';

export class UploadState implements UploadEnvironment, vscode.Disposable {
  readonly orphans: OrphanedUploadLog;
  private suspender = new AbortController();
  private readonly running = new Set<Promise<unknown>>();
  /** The clean-up offer made after the last credentials update (tests wait on it). */
  cleanUpOffer?: Promise<unknown>;
  /** Called when a tracked upload fails (not when it is cancelled or suspended): its checkpoint may be resumable. */
  onFailure?: (where?: { connectionId: string; bucket: string }) => void;
  /** The resume offer made after the last failure (tests wait on it). */
  failureOffer?: Promise<unknown>;
  /** Checkpoints being resumed now (a second resume of the same upload is refused). */
  private readonly resuming = new Set<string>();

  constructor(
    private readonly memento: vscode.Memento,
    readonly checkpoints: CheckpointStore,
    private readonly onOrphan?: (message: string) => void,
  ) {
    this.orphans = OrphanedUploadLog.fromJSON(memento.get(ORPHANS_KEY), {
      onRecord: (e) => {
        this.onOrphan?.(`Could not abort the multipart upload ${e.uploadId} of ${e.bucket}/${e.key} (${e.reason}); recorded for a clean-up.`);
        void this.saveOrphans();
      },
    });
  }

  /** Writes the orphan log to globalState (after a clean-up removed entries). */
  saveOrphans(): Thenable<void> {
    return this.memento.update(ORPHANS_KEY, this.orphans.toJSON());
  }

  options(connectionId: string): ReturnType<UploadEnvironment['options']> {
    return { connectionId, orphans: this.orphans, checkpoints: { store: this.checkpoints, suspend: this.suspender.signal } };
  }

  track<T>(p: Promise<T>, where?: { connectionId: string; bucket: string }): Promise<T> {
    this.running.add(p);
    p.then(
      () => this.running.delete(p),
      (err: unknown) => {
        this.running.delete(p);
        if (!(err instanceof Error && err.name === 'AbortError')) this.onFailure?.(where);
      },
    );
    return p;
  }

  /** Marks a checkpoint as being resumed; false when it already is. Release with `release`. */
  claim(checkpointId: string): boolean {
    if (this.resuming.has(checkpointId)) return false;
    this.resuming.add(checkpointId);
    return true;
  }

  release(checkpointId: string): void {
    this.resuming.delete(checkpointId);
  }

  /** Uploads running now. */
  get runningCount(): number {
    return this.running.size;
  }

  /**
   * Stops every running upload without aborting it (its checkpoint stays, so it can be resumed
   * after the restart) and waits, at most `timeoutMs`, until they have written their checkpoints.
   * Later uploads are not affected.
   */
  async suspendAll(timeoutMs = 4000): Promise<void> {
    const running = [...this.running];
    this.suspender.abort();
    this.suspender = new AbortController();
    if (running.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(running),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    if (timer) clearTimeout(timer);
  }

  dispose(): void {
    void this.suspendAll();
  }
}
