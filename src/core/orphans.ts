/**
 * Multipart uploads that could not be aborted. When an upload fails, the transfer aborts it so that
 * no billed parts stay behind; but the abort can fail too (typically the same expired STS token
 * that broke the upload answers 403). Such an upload is recorded here, with no secret, so that it
 * can be shown and cleaned up later with fresh credentials, instead of being silently orphaned.
 */

export interface OrphanedUpload {
  connectionId?: string;
  bucket: string;
  key: string;
  uploadId: string;
  /** ISO time of the failed abort. */
  time: string;
  /** Operation, error code and HTTP status only: never the error message (it may echo request data). */
  reason: string;
}

/** The two client calls a clean-up needs (OssClient has both). */
export interface MultipartCleaner {
  listMultipartUploads(bucket: string, opts?: { prefix?: string }): Promise<Array<{ key: string; uploadId: string }>>;
  abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void>;
}

export interface UploadRef {
  connectionId?: string;
  bucket: string;
  key: string;
  uploadId: string;
}

export interface OrphanedUploadLogOptions {
  /** Entries kept; the oldest are dropped first. Default 200. */
  max?: number;
  now?: () => Date;
  /** Called for every new entry (e.g. to write a warning to the output channel, or persist). */
  onRecord?: (entry: OrphanedUpload) => void;
}

const SAFE_CODE = /^[A-Za-z0-9._-]{1,64}$/;

/** "<op> failed: <code> (HTTP <status>)" from an error's code and status fields only. */
export function failureReason(op: string, error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; status?: unknown };
  const code = typeof e.code === 'string' && SAFE_CODE.test(e.code) ? e.code : undefined;
  const status = typeof e.status === 'number' && Number.isInteger(e.status) ? e.status : undefined;
  if (code === undefined && status === undefined) return `${op} failed`;
  return `${op} failed: ${[code, status !== undefined ? `(HTTP ${status})` : undefined].filter(Boolean).join(' ')}`;
}

function same(a: UploadRef, b: UploadRef): boolean {
  return a.bucket === b.bucket && a.key === b.key && a.uploadId === b.uploadId && a.connectionId === b.connectionId;
}

export class OrphanedUploadLog {
  private entries: OrphanedUpload[] = [];
  private readonly max: number;
  private readonly now: () => Date;
  private readonly onRecord?: (entry: OrphanedUpload) => void;

  constructor(opts: OrphanedUploadLogOptions = {}) {
    this.max = Math.max(1, opts.max ?? 200);
    this.now = opts.now ?? (() => new Date());
    this.onRecord = opts.onRecord;
  }

  /** Records an upload whose abort failed with `error` (only its code and status are kept). */
  record(ref: UploadRef & { error: unknown; operation?: string }): OrphanedUpload {
    const entry: OrphanedUpload = {
      ...(ref.connectionId !== undefined ? { connectionId: ref.connectionId } : {}),
      bucket: ref.bucket,
      key: ref.key,
      uploadId: ref.uploadId,
      time: this.now().toISOString(),
      reason: failureReason(ref.operation ?? 'AbortMultipartUpload', ref.error),
    };
    this.add(entry);
    this.onRecord?.(entry);
    return entry;
  }

  /** Entries (copies), optionally of one connection and/or bucket, oldest first. */
  list(filter: { connectionId?: string; bucket?: string } = {}): OrphanedUpload[] {
    return this.entries
      .filter((e) => (filter.connectionId === undefined || e.connectionId === filter.connectionId) && (filter.bucket === undefined || e.bucket === filter.bucket))
      .map((e) => ({ ...e }));
  }

  remove(ref: UploadRef): void {
    this.entries = this.entries.filter((e) => !same(e, ref));
  }

  toJSON(): OrphanedUpload[] {
    return this.list();
  }

  /** Rebuilds a log from {@link toJSON} output (e.g. from extension state); unknown rows and fields are dropped. */
  static fromJSON(data: unknown, opts: OrphanedUploadLogOptions = {}): OrphanedUploadLog {
    const log = new OrphanedUploadLog(opts);
    if (!Array.isArray(data)) return log;
    const str = (v: unknown): v is string => typeof v === 'string';
    for (const row of data as unknown[]) {
      const r = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
      if (!str(r.bucket) || !str(r.key) || !str(r.uploadId) || !str(r.time) || !str(r.reason)) continue;
      log.add({
        ...(str(r.connectionId) ? { connectionId: r.connectionId } : {}),
        bucket: r.bucket, key: r.key, uploadId: r.uploadId, time: r.time, reason: r.reason,
      });
    }
    return log;
  }

  private add(entry: OrphanedUpload): void {
    this.entries = this.entries.filter((e) => !same(e, entry));
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
  }
}

/**
 * Aborts a multipart upload; when the abort fails, records it in `log` and returns the entry
 * (an upload that no longer exists, NoSuchUpload, is not an orphan). Never throws: the caller is already handling the error that made it abort.
 */
export async function abortOrRecord(client: Pick<MultipartCleaner, 'abortMultipartUpload'>, log: OrphanedUploadLog, ref: UploadRef): Promise<OrphanedUpload | undefined> {
  try {
    await client.abortMultipartUpload(ref.bucket, ref.key, ref.uploadId);
    return undefined;
  } catch (error) {
    // NoSuchUpload: nothing is left behind (completed after all, or aborted by an earlier attempt
    // whose answer was lost), so there is nothing to clean up.
    if ((error as { code?: unknown } | null)?.code === 'NoSuchUpload') return undefined;
    return log.record({ ...ref, error });
  }
}

export interface CleanUpResult {
  /** Still in progress on the server, now aborted. */
  aborted: OrphanedUpload[];
  /** No longer in progress (completed or aborted since): forgotten. */
  gone: OrphanedUpload[];
  /** Could not be checked or aborted; kept in the log. */
  failed: Array<{ entry: OrphanedUpload; reason: string }>;
}

/**
 * Retries the recorded aborts with `client` (give it fresh credentials): for each entry (of
 * `connectionId`, if given) lists the in-progress uploads of its key (ListMultipartUploads with
 * prefix = key) and aborts the recorded upload id if it is still there. Only recorded upload ids are
 * ever aborted, never another upload of the same key.
 */
export async function cleanUpOrphanedUploads(
  client: MultipartCleaner,
  log: OrphanedUploadLog,
  filter: { connectionId?: string; bucket?: string } = {},
): Promise<CleanUpResult> {
  const result: CleanUpResult = { aborted: [], gone: [], failed: [] };
  for (const entry of log.list(filter)) {
    let present: boolean;
    try {
      const uploads = await client.listMultipartUploads(entry.bucket, { prefix: entry.key });
      present = uploads.some((u) => u.key === entry.key && u.uploadId === entry.uploadId);
    } catch (error) {
      result.failed.push({ entry, reason: failureReason('ListMultipartUploads', error) });
      continue;
    }
    if (!present) {
      log.remove(entry);
      result.gone.push(entry);
      continue;
    }
    try {
      await client.abortMultipartUpload(entry.bucket, entry.key, entry.uploadId);
      log.remove(entry);
      result.aborted.push(entry);
    } catch (error) {
      result.failed.push({ entry, reason: failureReason('AbortMultipartUpload', error) });
    }
  }
  return result;
}
