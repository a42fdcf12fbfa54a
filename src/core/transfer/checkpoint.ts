/**
 * Checkpoints of resumable multipart uploads: what an interrupted upload needs to carry on later
 * (connection id, bucket, key, local path, uploadId, part size, the finished parts with their ETag
 * and CRC-64, the file's size and mtime). Never a secret: no credential, token or signed URL.
 *
 * Core defines the record and the store interface; the VS Code side stores them as JSON files in
 * the extension's global storage. `CheckpointWriter` throttles and serialises the writes of one
 * upload.
 */

export const CHECKPOINT_VERSION = 1;

export interface CheckpointPart {
  partNumber: number;
  etag: string;
  size: number;
  /** Decimal CRC-64 of the part as sent and confirmed by the server. */
  crc64: string;
}

export interface UploadCheckpoint {
  version: typeof CHECKPOINT_VERSION;
  /** Stable file name of the checkpoint (see {@link checkpointId}). */
  id: string;
  connectionId?: string;
  bucket: string;
  key: string;
  /** Local path of the file being uploaded. */
  file: string;
  uploadId: string;
  partSize: number;
  fileSize: number;
  mtimeMs: number;
  contentType?: string;
  forbidOverwrite?: boolean;
  /** ISO times. */
  created: string;
  updated: string;
  /** Finished parts, sorted by part number. */
  parts: CheckpointPart[];
}

/** Where checkpoints live. Implementations must write atomically (a reader never sees half a file). */
export interface CheckpointStore {
  list(): Promise<UploadCheckpoint[]>;
  get(id: string): Promise<UploadCheckpoint | undefined>;
  save(checkpoint: UploadCheckpoint): Promise<void>;
  delete(id: string): Promise<void>;
}

/** The id of an upload's checkpoint: safe as a file name, unique per multipart upload. */
export function checkpointId(uploadId: string): string {
  const safe = uploadId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
  let h = 0x811c9dc5;
  for (let i = 0; i < uploadId.length; i++) h = Math.imul(h ^ uploadId.charCodeAt(i), 0x01000193) >>> 0;
  return `upload-${safe}-${h.toString(16).padStart(8, '0')}`;
}

/** Bytes the finished parts hold. */
export function checkpointDone(cp: UploadCheckpoint): number {
  return cp.parts.reduce((a, p) => a + p.size, 0);
}

/** Whole percent of the file the finished parts hold (0..100). */
export function checkpointPercent(cp: UploadCheckpoint): number {
  if (cp.fileSize <= 0) return 0;
  return Math.min(100, Math.floor((checkpointDone(cp) / cp.fileSize) * 100));
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const DECIMAL = /^\d{1,20}$/;

function parsePart(v: unknown): CheckpointPart | undefined {
  const p = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (!isCount(p.partNumber) || p.partNumber < 1 || p.partNumber > 10000) return undefined;
  if (!isStr(p.etag) || !isCount(p.size) || !isStr(p.crc64) || !DECIMAL.test(p.crc64)) return undefined;
  return { partNumber: p.partNumber, etag: p.etag, size: p.size, crc64: p.crc64 };
}

/**
 * A checkpoint from stored JSON, or undefined when it is not one (unknown version, missing or
 * malformed fields). Unknown fields are dropped, so nothing but the known ones is ever kept.
 */
export function parseCheckpoint(data: unknown): UploadCheckpoint | undefined {
  const r = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (r.version !== CHECKPOINT_VERSION) return undefined;
  if (!isStr(r.id) || !isStr(r.bucket) || !isStr(r.key) || !isStr(r.file) || !isStr(r.uploadId)) return undefined;
  if (!isCount(r.partSize) || r.partSize < 1 || !isCount(r.fileSize) || typeof r.mtimeMs !== 'number' || !Number.isFinite(r.mtimeMs)) return undefined;
  if (!isStr(r.created) || !isStr(r.updated) || !Array.isArray(r.parts)) return undefined;
  const parts: CheckpointPart[] = [];
  for (const p of r.parts as unknown[]) {
    const part = parsePart(p);
    if (!part) return undefined;
    parts.push(part);
  }
  parts.sort((a, b) => a.partNumber - b.partNumber);
  return {
    version: CHECKPOINT_VERSION,
    id: r.id,
    ...(isStr(r.connectionId) ? { connectionId: r.connectionId } : {}),
    bucket: r.bucket,
    key: r.key,
    file: r.file,
    uploadId: r.uploadId,
    partSize: r.partSize,
    fileSize: r.fileSize,
    mtimeMs: r.mtimeMs,
    ...(isStr(r.contentType) ? { contentType: r.contentType } : {}),
    ...(r.forbidOverwrite === true ? { forbidOverwrite: true } : {}),
    created: r.created,
    updated: r.updated,
    parts,
  };
}

/** Default minimum time between two writes of one upload's checkpoint. */
export const CHECKPOINT_INTERVAL_MS = 1000;

/**
 * Keeps one upload's checkpoint up to date: `partDone` records a finished part and writes at most
 * once per interval (the last state is always written by a later write or by `flush`); writes
 * never overlap. Write failures are remembered (`lastError`) and never break the upload.
 */
export class CheckpointWriter {
  private timer?: ReturnType<typeof setTimeout>;
  private writing: Promise<void> = Promise.resolve();
  private lastWrite = 0;
  private dirty = false;
  private deleted = false;
  lastError?: unknown;

  constructor(
    private readonly store: CheckpointStore,
    readonly checkpoint: UploadCheckpoint,
    private readonly intervalMs = CHECKPOINT_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  partDone(part: CheckpointPart): void {
    const parts = this.checkpoint.parts.filter((p) => p.partNumber !== part.partNumber);
    parts.push(part);
    parts.sort((a, b) => a.partNumber - b.partNumber);
    this.checkpoint.parts = parts;
    this.dirty = true;
    if (this.timer) return;
    const wait = Math.max(0, this.lastWrite + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, wait);
    this.timer.unref?.();
  }

  /** Forgets the recorded parts in `drop` (e.g. parts the server no longer has). */
  dropParts(drop: ReadonlySet<number>): void {
    this.checkpoint.parts = this.checkpoint.parts.filter((p) => !drop.has(p.partNumber));
    this.dirty = true;
  }

  /** Writes the current state now (after any write in progress). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = true;
    await this.write();
  }

  /** Stops writing and deletes the checkpoint. */
  async delete(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.deleted = true;
    await this.writing;
    await this.store.delete(this.checkpoint.id);
  }

  private write(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (!this.dirty || this.deleted) return;
      this.dirty = false;
      this.lastWrite = this.now();
      const snapshot: UploadCheckpoint = { ...this.checkpoint, parts: [...this.checkpoint.parts], updated: new Date(this.lastWrite).toISOString() };
      try {
        await this.store.save(snapshot);
      } catch (err) {
        this.lastError = err;
      }
    });
    return this.writing;
  }
}

/** A store in memory (tests, and callers that want resume within one process only). */
export class MemoryCheckpointStore implements CheckpointStore {
  private readonly rows = new Map<string, string>();
  list(): Promise<UploadCheckpoint[]> {
    return Promise.resolve([...this.rows.values()].map((s) => parseCheckpoint(JSON.parse(s))).filter((c): c is UploadCheckpoint => c !== undefined));
  }
  get(id: string): Promise<UploadCheckpoint | undefined> {
    const s = this.rows.get(id);
    return Promise.resolve(s === undefined ? undefined : parseCheckpoint(JSON.parse(s)));
  }
  save(cp: UploadCheckpoint): Promise<void> {
    this.rows.set(cp.id, JSON.stringify(cp));
    return Promise.resolve();
  }
  delete(id: string): Promise<void> {
    this.rows.delete(id);
    return Promise.resolve();
  }
}
