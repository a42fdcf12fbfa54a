/**
 * Reading a local file for an upload: ranges streamed with a change check (size and mtime against
 * a snapshot taken at the start), and the raw progress reporter shared by uploads and downloads.
 */
import { createReadStream, promises as fsp, type Stats } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import type { TransferProgress } from './types';
import { OssClientError } from './errors';

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

export function fileChanged(snap: FileSnapshot, how: string): OssClientError {
  snap.changed ??= new OssClientError(
    'FileChangedDuringUpload',
    `${snap.file} changed while it was being uploaded (${how}); nothing was stored. Upload it again once it is no longer being written.`,
    snap.op,
  );
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
          cb(fileChanged(snap, `it ended after ${start + seen} of ${snap.size} bytes`));
          return;
        }
        fsp.stat(snap.file).then(
          (st) => cb(st.size !== snap.size || st.mtimeMs !== snap.mtimeMs ? fileChanged(snap, st.size !== snap.size ? `its size is now ${st.size} bytes, not ${snap.size}` : 'it was modified') : null),
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

export async function statFile(file: string, op: string): Promise<Stats> {
  let st;
  try {
    st = await fsp.stat(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new OssClientError(
      code === 'ENOENT' ? 'FileNotFound' : 'LocalFileError',
      code === 'ENOENT' ? `File not found: ${file}` : `Cannot read ${file}: ${code ?? String(err)}`,
      op,
    );
  }
  if (!st.isFile()) throw new OssClientError('LocalFileError', `Not a regular file: ${file}`, op);
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
