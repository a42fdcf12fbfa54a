/**
 * Reading a local file for an upload: ranges streamed with a change check (size and mtime against
 * a snapshot taken at the start), and the raw progress reporter shared by uploads and downloads.
 */
import { createReadStream, promises as fsp, type Stats } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import type { TransferProgress } from './types';
import { OssClientError } from './errors';
import { t } from '../translate';

export const READ_HIGH_WATER_MARK = 1024 * 1024;

/** What the file looked like when the upload started; every range read checks against it. */
export interface FileSnapshot {
  file: string;
  size: number;
  mtimeMs: number;
  op: string;
  /** Set by the first read that saw a change; later attempts fail at once with it. */
  changed?: OssClientError;
}

/** How the file changed; each one gives a whole message of its own, so that it translates whole. */
export type FileChange =
  | 'it was modified'
  | 'it grew'
  | 'it can no longer be read'
  | 'between its parts'
  | { endedAfter: number; of: number }
  | { sizeNow: number; not: number };

function fileChangedMessage(file: string, how: FileChange): string {
  if (typeof how === 'object') {
    return 'endedAfter' in how
      ? t('{0} changed while it was being uploaded (it ended after {1} of {2} bytes); nothing was stored. Upload it again once it is no longer being written.', file, how.endedAfter, how.of)
      : t('{0} changed while it was being uploaded (its size is now {1} bytes, not {2}); nothing was stored. Upload it again once it is no longer being written.', file, how.sizeNow, how.not);
  }
  switch (how) {
    case 'it was modified':
      return t('{0} changed while it was being uploaded (it was modified); nothing was stored. Upload it again once it is no longer being written.', file);
    case 'it grew':
      return t('{0} changed while it was being uploaded (it grew); nothing was stored. Upload it again once it is no longer being written.', file);
    case 'it can no longer be read':
      return t('{0} changed while it was being uploaded (it can no longer be read); nothing was stored. Upload it again once it is no longer being written.', file);
    case 'between its parts':
      return t('{0} changed while it was being uploaded (between its parts); nothing was stored. Upload it again once it is no longer being written.', file);
  }
}

export function fileChanged(snap: FileSnapshot, how: FileChange): OssClientError {
  snap.changed ??= new OssClientError('FileChangedDuringUpload', fileChangedMessage(snap.file, how), snap.op);
  return snap.changed;
}

/**
 * A body factory for bytes [start, start + length) of the file. The stream fails (instead of
 * ending) when the file ended early, or when its size or mtime differ from the snapshot once the
 * range is read: the request then never completes, so no object or part holds mixed content.
 */
export function rangeStream(snap: FileSnapshot, start: number, length: number, onOpen: () => void): () => Readable {
  return () => {
    if (snap.changed) throw snap.changed;
    onOpen();
    let seen = 0;
    const check = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        seen += chunk.length;
        cb(null, chunk);
      },
      flush(cb) {
        if (seen < length) {
          cb(fileChanged(snap, { endedAfter: start + seen, of: snap.size }));
          return;
        }
        fsp.stat(snap.file).then(
          (st) => cb(st.size !== snap.size || st.mtimeMs !== snap.mtimeMs ? fileChanged(snap, st.size !== snap.size ? { sizeNow: st.size, not: snap.size } : 'it was modified') : null),
          () => cb(fileChanged(snap, 'it can no longer be read')),
        );
      },
    });
    if (length === 0) return Readable.from([]).pipe(check);
    const src = createReadStream(snap.file, { start, end: start + length - 1, highWaterMark: READ_HIGH_WATER_MARK });
    src.on('error', (e) => check.destroy(e));
    return src.pipe(check);
  };
}

/** The file-changed error when a read saw one (the transport may have reported it as a network error). */
export async function preferChange<T>(snap: FileSnapshot, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw snap.changed ?? err;
  }
}

/** Files up to this size are read whole in one go for a PutObject (see readSmallFile). */
export const SMALL_FILE_READ_BYTES = 1024 * 1024;

function localError(file: string, op: string, err: unknown): OssClientError {
  const code = (err as { code?: string }).code;
  return new OssClientError(
    code === 'ENOENT' ? 'FileNotFound' : 'LocalFileError',
    code === 'ENOENT' ? t('File not found: {0}', file) : t('Cannot read {0}: {1}', file, code ?? String(err)),
    op,
  );
}

/**
 * A file of at most `max` bytes read whole through one handle (open, fstat, read, fstat, close):
 * for many small files this is far cheaper than a stat, a read stream and a second stat. Fails
 * like rangeStream when the file changed while it was read (size or mtime, or a short read).
 * Resolves to undefined, having read nothing, when the file is larger than `max`.
 */
export async function readSmallFile(file: string, op: string, max = SMALL_FILE_READ_BYTES): Promise<{ body: Buffer; st: Stats } | undefined> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(file, 'r');
  } catch (err) {
    throw localError(file, op, err);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new OssClientError('LocalFileError', t('Not a regular file: {0}', file), op);
    if (st.size > max) return undefined;
    const snap: FileSnapshot = { file, size: st.size, mtimeMs: st.mtimeMs, op };
    // One byte more than expected shows a file that grew. The read stops once the expected size is
    // in (no second read just to see the end): a file that grows later shows in the fstat below.
    const body = Buffer.allocUnsafe(st.size + 1);
    let got = 0;
    do {
      const { bytesRead } = await fh.read(body, got, body.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    } while (got < st.size);
    if (got !== st.size) throw fileChanged(snap, got < st.size ? { endedAfter: got, of: st.size } : 'it grew');
    const after = await fh.stat();
    if (after.size !== st.size || after.mtimeMs !== st.mtimeMs) throw fileChanged(snap, 'it was modified');
    return { body: body.subarray(0, got), st };
  } catch (err) {
    throw err instanceof OssClientError ? err : localError(file, op, err);
  } finally {
    // Not awaited: everything is read and checked by now, and the close is one more thread-pool
    // round trip that would delay the request of every small file.
    void fh.close().catch(() => undefined);
  }
}

export async function statFile(file: string, op: string): Promise<Stats> {
  let st;
  try {
    st = await fsp.stat(file);
  } catch (err) {
    throw localError(file, op, err);
  }
  if (!st.isFile()) throw new OssClientError('LocalFileError', t('Not a regular file: {0}', file), op);
  return st;
}

/**
 * Raw progress: every change is passed on as it happens (display throttling is the UI's job,
 * src/ui/progress.ts), plus one call at the end when nothing was reported yet (a 0-byte file).
 */
export class ProgressReporter {
  private emitted = false;
  loaded = 0;
  /** `total` undefined = unknown (a response without Content-Length): reported as the bytes so far. */
  constructor(private readonly total: number | undefined, private readonly cb?: (p: TransferProgress) => void) {}
  add(n: number): void {
    this.set(this.loaded + n);
  }
  set(loaded: number): void {
    this.loaded = loaded;
    this.emit();
  }
  final(): void {
    if (!this.emitted) this.emit();
  }
  private emit(): void {
    if (!this.cb) return;
    this.emitted = true;
    try {
      const total = this.total ?? this.loaded;
      this.cb({ loaded: Math.min(this.loaded, total), total });
    } catch {
      /* a progress callback must not break the transfer */
    }
  }
}
