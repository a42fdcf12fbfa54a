/**
 * The parts of a multipart file upload: uploads the parts not yet finished (all of them for a new
 * upload, the missing ones on resume), in parallel, then completes. With a checkpoint writer every
 * finished part is recorded, and an upload that is suspended (window reload, deactivation) or that
 * fails in a way a later attempt may overcome (network, 5xx, expired credentials) is kept on the
 * server with its checkpoint so it can be resumed. Otherwise, and always on cancel, it is aborted.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { mapLimit } from '../concurrency';
import { abortOrRecord, type OrphanedUploadLog } from '../orphans';
import { CheckpointWriter, checkpointId, CHECKPOINT_VERSION, type CheckpointStore } from '../transfer/checkpoint';
import { OssAbortError, OssClientError, OssError, isAbortError, isRetryable } from './errors';
import { fileChanged, rangeStream, type FileSnapshot, type ProgressReporter } from './fileRange';
import type { CompleteResult, UploadedPart } from './options';
import type { TransferClient } from './transfer';

/** Where the checkpoints of resumable uploads go, and how to stop one without aborting it. */
export interface CheckpointOptions {
  store: CheckpointStore;
  /**
   * Aborting this stops the upload but keeps the multipart upload and its checkpoint (a window
   * reload, the extension being deactivated). The caller's `signal` still cancels for good.
   */
  suspend?: AbortSignal;
  /** Minimum time between two checkpoint writes (default 1000 ms). */
  intervalMs?: number;
}

export interface MultipartRun {
  bucket: string;
  key: string;
  uploadId: string;
  partSize: number;
  parallel: number;
  snap: FileSnapshot;
  /** Parts already on the server (resume); each with size and CRC-64. */
  done: UploadedPart[];
  forbidOverwrite?: boolean;
  /** Cancel: stops and aborts the upload. */
  signal?: AbortSignal;
  suspend?: AbortSignal;
  writer?: CheckpointWriter;
  orphans?: OrphanedUploadLog;
  connectionId?: string;
  progress: ProgressReporter;
  op: string;
}

const KEEP_STATUSES = new Set([401, 403, 408, 429]);

/** Whether an upload that failed with `err` is worth keeping for a later resume. */
export function keepForResume(err: unknown): boolean {
  if (err instanceof OssError) return err.status >= 500 || KEEP_STATUSES.has(err.status) || err.code === 'RequestTimeTooSkewed';
  if (err instanceof OssClientError) return isRetryable(err);
  return true; // network failures, credential providers that could not refresh, …
}

/** Starts the checkpoint of a new multipart upload and writes it once. */
export async function startCheckpoint(
  cp: CheckpointOptions,
  u: { connectionId?: string; bucket: string; key: string; file: string; uploadId: string; partSize: number; size: number; mtimeMs: number; contentType?: string; forbidOverwrite?: boolean },
): Promise<CheckpointWriter> {
  const now = new Date().toISOString();
  const writer = new CheckpointWriter(cp.store, {
    version: CHECKPOINT_VERSION,
    id: checkpointId(u.uploadId),
    ...(u.connectionId !== undefined ? { connectionId: u.connectionId } : {}),
    bucket: u.bucket,
    key: u.key,
    file: path.resolve(u.file),
    uploadId: u.uploadId,
    partSize: u.partSize,
    fileSize: u.size,
    mtimeMs: u.mtimeMs,
    ...(u.contentType ? { contentType: u.contentType } : {}),
    ...(u.forbidOverwrite ? { forbidOverwrite: true } : {}),
    created: now,
    updated: now,
    parts: [],
  }, cp.intervalMs);
  await writer.flush();
  return writer;
}

/** Aborts the upload (recording it when the abort fails) and forgets its checkpoint. */
export async function discardUpload(client: TransferClient, run: Pick<MultipartRun, 'bucket' | 'key' | 'uploadId' | 'orphans' | 'connectionId' | 'writer'>): Promise<void> {
  const ref = { bucket: run.bucket, key: run.key, uploadId: run.uploadId, ...(run.connectionId !== undefined ? { connectionId: run.connectionId } : {}) };
  if (run.orphans) await abortOrRecord(client, run.orphans, ref);
  else await client.abortMultipartUpload(run.bucket, run.key, run.uploadId).catch(() => undefined);
  await run.writer?.delete().catch(() => undefined);
}

/** Uploads the missing parts and completes; see the module comment for what a failure leaves. */
export async function runMultipart(client: TransferClient, run: MultipartRun): Promise<CompleteResult> {
  const { snap, partSize, progress } = run;
  const size = snap.size;
  const count = Math.max(1, Math.ceil(size / partSize));
  const finished = new Map<number, UploadedPart>(run.done.map((p) => [p.partNumber, p]));
  const todo = Array.from({ length: count }, (_, i) => i).filter((i) => !finished.has(i + 1));
  const inner = new AbortController();
  const onAbort = (): void => inner.abort();
  for (const s of [run.signal, run.suspend]) s?.addEventListener('abort', onAbort, { once: true });
  if (run.signal?.aborted || run.suspend?.aborted) inner.abort();
  const partLoaded = new Float64Array(count);
  let done = run.done.reduce((a, p) => a + (p.size ?? 0), 0); // bytes of finished parts
  let inflight = 0;
  const report = (): void => progress.set(done + inflight);
  if (done > 0) report();

  const uploadOne = async (i: number): Promise<void> => {
    const start = i * partSize;
    const len = Math.min(partSize, size - start);
    try {
      const part = await client.uploadPart(
        run.bucket, run.key, run.uploadId, i + 1,
        rangeStream(snap, start, len, () => {
          inflight -= partLoaded[i];
          partLoaded[i] = 0;
        }),
        {
          size: len, signal: inner.signal,
          onBytes: (n) => {
            partLoaded[i] += n;
            inflight += n;
            report();
          },
        },
      );
      inflight -= partLoaded[i];
      partLoaded[i] = 0;
      done += len;
      finished.set(part.partNumber, part);
      if (part.crc64 !== undefined) run.writer?.partDone({ partNumber: part.partNumber, etag: part.etag, size: len, crc64: part.crc64 });
      report();
    } catch (err) {
      inner.abort(); // the parts in flight stop too
      throw err;
    }
  };

  try {
    await mapLimit(todo, run.parallel, uploadOne, { signal: inner.signal });
    if (run.signal?.aborted || run.suspend?.aborted) throw new OssAbortError(run.op);
    const now = await fsp.stat(snap.file).catch(() => undefined);
    if (!now || now.size !== snap.size || now.mtimeMs !== snap.mtimeMs) throw fileChanged(snap, 'between its parts');
    const parts = [...finished.values()].sort((a, b) => a.partNumber - b.partNumber);
    const res = await client.completeMultipartUpload(run.bucket, run.key, run.uploadId, parts, {
      forbidOverwrite: run.forbidOverwrite, signal: run.signal,
    });
    await run.writer?.delete().catch(() => undefined);
    progress.set(size);
    progress.final();
    return res;
  } catch (err) {
    const cancelled = run.signal?.aborted === true;
    const suspended = !cancelled && run.suspend?.aborted === true;
    if (run.writer && !cancelled && !snap.changed && (suspended || keepForResume(err))) {
      // Kept for a resume: the parts stay on the server, the checkpoint says which.
      await run.writer.flush();
      if (suspended) throw new OssAbortError(run.op);
      throw err;
    }
    // Never leave orphan parts behind (not even on cancel).
    await discardUpload(client, run);
    if (snap.changed) throw snap.changed;
    if (cancelled || suspended || isAbortError(err)) throw new OssAbortError(run.op);
    throw err;
  } finally {
    for (const s of [run.signal, run.suspend]) s?.removeEventListener('abort', onAbort);
  }
}
