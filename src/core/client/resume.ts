/**
 * Resuming a multipart upload from its checkpoint. The local file must still have the size and
 * mtime it had; each recorded part is checked against ListParts (number, size, ETag, and CRC-64
 * when the server lists one) and against the file itself (the CRC-64 of its bytes), and parts that
 * do not match are uploaded again. The object's CRC-64 is checked on completion against what the
 * parts make up, which is the file's.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { Crc64 } from '../crc64';
import type { OrphanedUploadLog } from '../orphans';
import { CheckpointWriter, type CheckpointStore, type UploadCheckpoint } from '../transfer/checkpoint';
import { OssAbortError, OssClientError, OssError } from './errors';
import { t } from '../translate';
import { ProgressReporter, READ_HIGH_WATER_MARK, type FileSnapshot } from './fileRange';
import { discardUpload, runMultipart } from './multipartFile';
import type { PartInfo, UploadedPart } from './options';
import { DEFAULT_PARALLEL, type TransferClient } from './transfer';
import type { TransferProgress, UploadResult } from './types';

/** What resuming needs from a client beyond a normal upload. */
export interface ResumeClient extends TransferClient {
  listParts(bucket: string, key: string, uploadId: string, opts?: { signal?: AbortSignal }): Promise<PartInfo[]>;
}

export interface ResumeUploadOptions {
  checkpoint: UploadCheckpoint;
  store: CheckpointStore;
  /** Cancel: stops and aborts the upload. */
  signal?: AbortSignal;
  /** Stops but keeps the upload and its checkpoint (see CheckpointOptions.suspend). */
  suspend?: AbortSignal;
  parallel?: number;
  orphans?: OrphanedUploadLog;
  onProgress?: (p: TransferProgress) => void;
  intervalMs?: number;
}

export interface ResumeResult extends UploadResult {
  /** Parts that were already on the server and verified. */
  keptParts: number;
  /** Recorded parts that did not match and were uploaded again. */
  replacedParts: number[];
}

const unquote = (s: string): string => s.replace(/^"|"$/g, '');

async function crcOfRange(file: string, start: number, length: number): Promise<string> {
  const crc = new Crc64();
  if (length > 0) {
    for await (const c of createReadStream(file, { start, end: start + length - 1, highWaterMark: READ_HIGH_WATER_MARK })) crc.update(c as Buffer);
  }
  return crc.toString();
}

/**
 * Why a checkpoint cannot be resumed because of the local file (undefined when it can): the file
 * is gone, is no longer a file, or has another size or mtime than when the upload started.
 */
export async function checkpointFileProblem(cp: UploadCheckpoint): Promise<string | undefined> {
  return (await checkpointFileTexts(cp))?.problem;
}

/** The problem with the local file, alone and as the whole message of the discarded upload (each one text, so that it translates whole). */
async function checkpointFileTexts(cp: UploadCheckpoint): Promise<{ problem: string; discarded: string } | undefined> {
  const st = await fsp.stat(cp.file).catch(() => undefined);
  if (!st || !st.isFile()) {
    return {
      problem: t('{0} no longer exists', cp.file),
      discarded: t('{0} no longer exists; the incomplete upload was discarded. Upload the file again.', cp.file),
    };
  }
  if (st.size !== cp.fileSize) {
    return {
      problem: t('{0} changed since the upload was interrupted (its size is now {1} bytes, not {2})', cp.file, st.size, cp.fileSize),
      discarded: t('{0} changed since the upload was interrupted (its size is now {1} bytes, not {2}); the incomplete upload was discarded. Upload the file again.', cp.file, st.size, cp.fileSize),
    };
  }
  if (st.mtimeMs !== cp.mtimeMs) {
    return {
      problem: t('{0} was modified since the upload was interrupted', cp.file),
      discarded: t('{0} was modified since the upload was interrupted; the incomplete upload was discarded. Upload the file again.', cp.file),
    };
  }
  return undefined;
}

/** Resumes the upload of a checkpoint; the checkpoint is deleted when it completes or cannot be resumed. */
export async function resumeUpload(client: ResumeClient, opts: ResumeUploadOptions): Promise<ResumeResult> {
  const cp = opts.checkpoint;
  const op = `ResumeUpload ${cp.bucket}/${cp.key}`;
  if (opts.signal?.aborted) throw new OssAbortError(op);
  const writer = new CheckpointWriter(opts.store, { ...cp, parts: [...cp.parts] }, opts.intervalMs);
  const ref = { bucket: cp.bucket, key: cp.key, uploadId: cp.uploadId, orphans: opts.orphans, connectionId: cp.connectionId, writer };

  const problem = await checkpointFileTexts(cp);
  if (problem) {
    await discardUpload(client, ref);
    throw new OssClientError('CheckpointDiscarded', problem.discarded, op);
  }
  let listed: PartInfo[];
  try {
    listed = await client.listParts(cp.bucket, cp.key, cp.uploadId, { signal: opts.signal });
  } catch (err) {
    if (err instanceof OssError && err.code === 'NoSuchUpload') {
      await writer.delete().catch(() => undefined);
      throw new OssClientError('CheckpointDiscarded', t('The incomplete upload of {0} no longer exists in {1} (it was completed or aborted); its checkpoint was discarded.', cp.key, cp.bucket), op);
    }
    throw err;
  }

  // Which parts can stay: on the server with the recorded size and ETag, and still the file's bytes.
  const count = Math.max(1, Math.ceil(cp.fileSize / cp.partSize));
  const expectedSize = (n: number): number => Math.min(cp.partSize, cp.fileSize - (n - 1) * cp.partSize);
  const onServer = new Map(listed.map((p) => [p.partNumber, p]));
  const recorded = new Map(cp.parts.map((p) => [p.partNumber, p]));
  const kept: UploadedPart[] = [];
  const replaced: number[] = [];
  for (let n = 1; n <= count; n++) {
    const server = onServer.get(n);
    const rec = recorded.get(n);
    if (!server || server.size !== expectedSize(n)) {
      if (rec) replaced.push(n);
      continue;
    }
    const crc = rec?.crc64 ?? server.crc64;
    const matchesServer = rec ? unquote(rec.etag) === unquote(server.etag) && rec.size === server.size && (server.crc64 === undefined || server.crc64 === rec.crc64) : crc !== undefined;
    if (!matchesServer || crc === undefined || (await crcOfRange(cp.file, (n - 1) * cp.partSize, server.size)) !== crc) {
      if (rec) replaced.push(n);
      continue;
    }
    // A part the checkpoint missed (written after its last save) is adopted once its CRC matches the file.
    kept.push({ partNumber: n, etag: rec?.etag ?? server.etag, size: server.size, crc64: crc });
    if (!rec) writer.partDone({ partNumber: n, etag: server.etag, size: server.size, crc64: crc });
  }
  if (replaced.length > 0) writer.dropParts(new Set(replaced));
  await writer.flush();

  const snap: FileSnapshot = { file: cp.file, size: cp.fileSize, mtimeMs: cp.mtimeMs, op };
  const res = await runMultipart(client, {
    bucket: cp.bucket, key: cp.key, uploadId: cp.uploadId, partSize: cp.partSize, snap, done: kept,
    parallel: Math.max(1, opts.parallel ?? DEFAULT_PARALLEL), forbidOverwrite: cp.forbidOverwrite,
    signal: opts.signal, suspend: opts.suspend, writer, orphans: opts.orphans, connectionId: cp.connectionId,
    progress: new ProgressReporter(cp.fileSize, opts.onProgress), op,
  });
  return {
    bucket: cp.bucket, key: cp.key, size: cp.fileSize, etag: res.etag, crc64: res.crc64, multipart: true,
    keptParts: kept.length, replacedParts: replaced,
  };
}
