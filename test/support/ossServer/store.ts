/**
 * In-memory metadata + blob storage for the local OSS server.
 * Small blobs live in memory (unless a dataDir is given); large ones are always
 * streamed to files and never held whole in memory.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Crc64, crc64Combine } from '../../../src/core/crc64';
import { HashPool, type HashJob } from './hashWorker';

/** Bodies up to this size stay in memory when no dataDir is configured. */
export const MEMORY_LIMIT = 4 * 1024 * 1024;

export interface Blob {
  size: number;
  md5: Buffer;
  crc: bigint;
  mem?: Buffer;
  file?: string;
  /**
   * Composite blob (completed multipart upload): the part blobs in order, referenced rather
   * than copied, so CompleteMultipartUpload costs O(parts), not O(bytes).
   */
  segments?: Blob[];
  /** Reference count: a blob can be shared by copies / composites. */
  refs: number;
}

export interface ObjectRecord {
  key: string;
  blob: Blob;
  etag: string; // quoted
  lastModified: Date;
  contentType: string;
  meta: Record<string, string>; // lower-case names without the x-oss-meta- prefix
  /** Other stored entity headers: cache-control, content-disposition, content-encoding, content-language, expires. */
  headers: Record<string, string>;
  type: 'Normal' | 'Multipart' | 'Appendable';
  storageClass: string;
  /** CRC absent (e.g. after UploadPartCopy-only uploads this is still known; kept for future use). */
  hasCrc: boolean;
  /** Object ACL: default (inherit the bucket's), private, public-read or public-read-write. Absent = default. */
  acl?: string;
  /** Object tags in the order given. */
  tags?: [string, string][];
  /** Server-side encryption as requested on upload (x-oss-server-side-encryption & co.). */
  sse?: { algorithm: string; keyId?: string; dataEncryption?: string };
  /** RestoreObject state of an Archive / ColdArchive object (epoch ms, server clock). */
  restore?: { readyAt: number; expiresAt: number };
  /** Set on versioned buckets ('null' for versions written while versioning was off or suspended). */
  versionId?: string;
  /** A delete marker (lives only in the bucket's version history). */
  deleteMarker?: boolean;
}

export interface PartRecord {
  partNumber: number;
  blob: Blob;
  etag: string;
  lastModified: Date;
}

export interface UploadRecord {
  uploadId: string;
  key: string;
  initiated: Date;
  contentType: string;
  meta: Record<string, string>;
  headers: Record<string, string>;
  storageClass: string;
  /** ACL, tags and encryption given at initiation, applied on completion. */
  props?: Pick<ObjectRecord, 'acl' | 'tags' | 'sse'>;
  parts: Map<number, PartRecord>;
}

export interface BucketRecord {
  name: string;
  created: Date;
  storageClass: string;
  objects: Map<string, ObjectRecord>;
  /** Keys in UTF-8 byte order (read through Store.keysOf(), which merges `pending` first). */
  keys: string[];
  /** New keys not yet merged into `keys` (out-of-order inserts are batched: O(N) per merge, not per insert). */
  pending: string[];
  uploads: Map<string, UploadRecord>;
  /** Versioning status; absent until versioning was first enabled (it can then only be suspended). */
  versioning?: 'Enabled' | 'Suspended';
  /** Every version of each key, newest first, delete markers included (versioned buckets only; see versions.ts). */
  history?: Map<string, ObjectRecord[]>;
}

/**
 * Compares two JS strings in UTF-8 byte order (== code point order). Plain `<`
 * compares UTF-16 code units, which puts U+E000..U+FFFF after astral chars.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && x <= 0xdfff) {
        x += 0x10000;
      }
      if (y >= 0xd800 && y <= 0xdfff) {
        y += 0x10000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/**
 * How many keys the listing code has looked at (binary-search probes and keys walked), so a test
 * can show that a page costs O(page + log n) without timing anything.
 */
export const keyVisits = { count: 0 };

/** First index i with keys[i] > key (strictly), or >= key when inclusive. */
export function lowerBound(keys: string[], key: string, inclusive: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    keyVisits.count++;
    const c = compareKeys(keys[mid], key);
    if (inclusive ? c < 0 : c <= 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Smallest string greater than every string starting with prefix (for skipping a common prefix). */
export function afterPrefix(keys: string[], prefix: string, from: number): number {
  // Binary search for the first key that does not start with prefix, starting at `from`.
  let lo = from;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    keyVisits.count++;
    const k = keys[mid];
    if (k.startsWith(prefix) || compareKeys(k, prefix) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

export function quotedEtag(md5: Buffer): string {
  return `"${md5.toString('hex').toUpperCase()}"`;
}

/** Bodies above this size are hashed (MD5 + CRC-64) on a worker thread. */
export const WORKER_MD5_THRESHOLD = 2 * 1024 * 1024;

/** Streams bytes into memory or a file while computing MD5 and CRC-64. */
export class BlobWriter {
  private readonly md5?: Hash;
  private readonly hashJob?: HashJob;
  readonly crc = new Crc64();
  size = 0;
  private chunks: Buffer[] = [];
  private memBytes = 0;
  private ws?: fs.WriteStream;
  private filePath?: string;
  private failed?: Error;

  constructor(
    private readonly store: Store,
    expectedSize: number | undefined,
  ) {
    if (expectedSize !== undefined && expectedSize > WORKER_MD5_THRESHOLD) {
      this.hashJob = store.hashPool.begin();
    } else {
      this.md5 = createHash('md5');
    }
    if (store.alwaysFile || (expectedSize !== undefined && expectedSize > MEMORY_LIMIT)) {
      this.openFile();
    }
  }

  private openFile(): void {
    this.filePath = this.store.newBlobPath();
    this.ws = fs.createWriteStream(this.filePath, { highWaterMark: 4 * 1024 * 1024 });
    this.ws.on('error', (e) => {
      this.failed = e;
    });
    if (this.chunks.length) {
      this.ws.write(Buffer.concat(this.chunks));
      this.chunks = [];
    }
  }

  /** Returns false when the caller should wait for 'drain' (see waitDrain). */
  write(chunk: Buffer): boolean {
    let ok = true;
    if (this.hashJob) {
      ok = this.hashJob.update(chunk);
    } else {
      (this.md5 as Hash).update(chunk);
      this.crc.update(chunk);
    }
    this.size += chunk.length;
    if (!this.ws) {
      this.chunks.push(chunk);
      this.memBytes += chunk.length;
      if (this.memBytes > MEMORY_LIMIT) {
        this.openFile();
      }
      return ok;
    }
    return this.ws.write(chunk) && ok;
  }

  /** Calls cb once both the file stream and the MD5 worker have room again. */
  waitDrain(cb: () => void): void {
    const waitWorker = (): void => {
      if (this.hashJob) {
        this.hashJob.onDrain(cb);
      } else {
        cb();
      }
    };
    if (this.ws && this.ws.writableNeedDrain) {
      this.ws.once('drain', waitWorker);
    } else {
      waitWorker();
    }
  }

  async finish(): Promise<Blob> {
    const { md5, crc } = this.hashJob
      ? await this.hashJob.digest()
      : { md5: (this.md5 as Hash).digest(), crc: this.crc.digest() };
    if (this.ws) {
      const ws = this.ws;
      await new Promise<void>((resolve, reject) => {
        if (this.failed) {
          reject(this.failed);
          return;
        }
        ws.end(() => (this.failed ? reject(this.failed) : resolve()));
      });
      return { size: this.size, md5, crc, file: this.filePath, refs: 0 };
    }
    return { size: this.size, md5, crc, mem: Buffer.concat(this.chunks, this.memBytes), refs: 0 };
  }

  /** Discards everything (aborted request). */
  abort(): void {
    this.chunks = [];
    this.hashJob?.abort();
    if (this.ws) {
      const p = this.filePath;
      this.ws.destroy();
      if (p) {
        fs.rm(p, { force: true }, () => undefined);
      }
    }
  }
}

export class Store {
  readonly buckets = new Map<string, BucketRecord>();
  readonly blobDir: string;
  readonly alwaysFile: boolean;
  readonly hashPool = new HashPool();
  private readonly ownsDir: boolean;
  private seq = 0;

  constructor(dataDir?: string, tmpDir?: string) {
    if (dataDir) {
      this.blobDir = path.join(path.resolve(dataDir), 'blobs');
      this.alwaysFile = true;
      this.ownsDir = false;
    } else {
      this.blobDir = fs.mkdtempSync(path.join(tmpDir ?? os.tmpdir(), 'oss-server-'));
      this.alwaysFile = false;
      this.ownsDir = true;
    }
    fs.mkdirSync(this.blobDir, { recursive: true });
  }

  newBlobPath(): string {
    return path.join(this.blobDir, `${Date.now().toString(36)}-${(this.seq++).toString(36)}-${randomBytes(4).toString('hex')}`);
  }

  /** Synchronously makes a blob from bytes (used by seeding and direct helpers). */
  blobFromBytes(bytes: Uint8Array): Blob {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const md5 = createHash('md5').update(buf).digest();
    const crc = new Crc64().update(buf).digest();
    if (this.alwaysFile || buf.length > MEMORY_LIMIT) {
      const file = this.newBlobPath();
      fs.writeFileSync(file, buf);
      return { size: buf.length, md5, crc, file, refs: 0 };
    }
    return { size: buf.length, md5, crc, mem: Buffer.from(buf), refs: 0 };
  }

  retain(blob: Blob): Blob {
    blob.refs++;
    return blob;
  }

  release(blob: Blob | undefined): void {
    if (!blob) {
      return;
    }
    blob.refs--;
    if (blob.refs <= 0) {
      if (blob.file) {
        fs.rm(blob.file, { force: true }, () => undefined);
      }
      if (blob.segments) {
        for (const seg of blob.segments) {
          this.release(seg);
        }
      }
    }
  }

  /** The pieces of [start, end) of a composite blob: [segment, segStart, segEnd][]. */
  private pieces(blob: Blob, start: number, endExclusive: number): [Blob, number, number][] {
    const out: [Blob, number, number][] = [];
    let base = 0;
    for (const seg of blob.segments as Blob[]) {
      const s = Math.max(start, base);
      const e = Math.min(endExclusive, base + seg.size);
      if (s < e) {
        out.push([seg, s - base, e - base]);
      }
      base += seg.size;
      if (base >= endExclusive) {
        break;
      }
    }
    return out;
  }

  private async *readPieces(pieces: [Blob, number, number][]): AsyncGenerator<Buffer> {
    for (const [seg, s, e] of pieces) {
      const src = this.readBlob(seg, s, e);
      if (Buffer.isBuffer(src)) {
        yield src;
      } else {
        for await (const chunk of src) {
          yield chunk as Buffer;
        }
      }
    }
  }

  readBlob(blob: Blob, start = 0, endExclusive = blob.size): NodeJS.ReadableStream | Buffer {
    if (blob.mem) {
      return blob.mem.subarray(start, endExclusive);
    }
    if (endExclusive <= start) {
      return Buffer.alloc(0);
    }
    if (blob.segments) {
      return Readable.from(this.readPieces(this.pieces(blob, start, endExclusive)), { objectMode: false, highWaterMark: 1024 * 1024 });
    }
    return fs.createReadStream(blob.file as string, { start, end: endExclusive - 1, highWaterMark: 1024 * 1024 });
  }

  async readBlobBytes(blob: Blob, start = 0, endExclusive = blob.size): Promise<Buffer> {
    if (blob.mem) {
      return Buffer.from(blob.mem.subarray(start, endExclusive));
    }
    if (blob.segments) {
      const parts: Buffer[] = [];
      for (const [seg, s, e] of this.pieces(blob, start, endExclusive)) {
        parts.push(await this.readBlobBytes(seg, s, e));
      }
      return Buffer.concat(parts);
    }
    const fh = await fsp.open(blob.file as string, 'r');
    try {
      const out = Buffer.alloc(endExclusive - start);
      let off = 0;
      while (off < out.length) {
        const { bytesRead } = await fh.read(out, off, out.length - off, start + off);
        if (bytesRead === 0) {
          break;
        }
        off += bytesRead;
      }
      return out;
    } finally {
      await fh.close();
    }
  }

  /**
   * Concatenates blobs into a new blob: CRC combined from the parts (crc64Combine), MD5 of the
   * part MD5s (multipart ETag). Small all-in-memory results are copied; otherwise the result
   * references the parts (composite), so no bytes are copied.
   */
  concatBlobs(parts: Blob[]): Blob {
    let size = 0;
    let crc = 0n;
    for (const p of parts) {
      crc = crc64Combine(crc, p.crc, p.size);
      size += p.size;
    }
    const md5 = createHash('md5');
    for (const p of parts) {
      md5.update(p.md5);
    }
    if (!this.alwaysFile && size <= MEMORY_LIMIT && parts.every((p) => p.mem)) {
      return { size, crc, md5: md5.digest(), mem: Buffer.concat(parts.map((p) => p.mem as Buffer), size), refs: 0 };
    }
    for (const p of parts) {
      this.retain(p);
    }
    return { size, crc, md5: md5.digest(), segments: [...parts], refs: 0 };
  }

  /** Sub-range of a blob as a new blob (UploadPartCopy). */
  async sliceBlob(blob: Blob, start: number, endExclusive: number): Promise<Blob> {
    if (blob.mem || endExclusive - start <= MEMORY_LIMIT) {
      return this.blobFromBytes(await this.readBlobBytes(blob, start, endExclusive));
    }
    const w = new BlobWriter(this, endExclusive - start);
    const rs = this.readBlob(blob, start, endExclusive) as NodeJS.ReadableStream;
    for await (const chunk of rs) {
      if (!w.write(chunk as Buffer)) {
        await new Promise<void>((r) => w.waitDrain(r));
      }
    }
    return w.finish();
  }

  // ---- buckets / objects ----

  createBucket(name: string, now: Date, storageClass = 'Standard'): BucketRecord {
    const b: BucketRecord = { name, created: now, storageClass, objects: new Map(), keys: [], pending: [], uploads: new Map() };
    this.buckets.set(name, b);
    return b;
  }

  putObject(bucket: BucketRecord, rec: ObjectRecord): void {
    this.retain(rec.blob);
    const old = bucket.objects.get(rec.key);
    bucket.objects.set(rec.key, rec);
    if (old) {
      this.release(old.blob);
    } else {
      const keys = bucket.keys;
      const n = keys.length;
      if (bucket.pending.length === 0 && (n === 0 || compareKeys(keys[n - 1], rec.key) < 0)) {
        keys.push(rec.key);
      } else {
        bucket.pending.push(rec.key);
      }
    }
  }

  /** The bucket's keys in byte order (merges pending inserts first). */
  keysOf(bucket: BucketRecord): string[] {
    if (bucket.pending.length > 0) {
      const add = bucket.pending.sort(compareKeys);
      bucket.pending = [];
      const old = bucket.keys;
      const out: string[] = new Array(old.length + add.length);
      let i = 0;
      let j = 0;
      let o = 0;
      while (i < old.length && j < add.length) {
        out[o++] = compareKeys(old[i], add[j]) <= 0 ? old[i++] : add[j++];
      }
      while (i < old.length) {
        out[o++] = old[i++];
      }
      while (j < add.length) {
        out[o++] = add[j++];
      }
      bucket.keys = out;
    }
    return bucket.keys;
  }

  deleteObject(bucket: BucketRecord, key: string): boolean {
    const old = bucket.objects.get(key);
    if (!old) {
      return false;
    }
    bucket.objects.delete(key);
    this.keysOf(bucket);
    const i = lowerBound(bucket.keys, key, true);
    if (bucket.keys[i] === key) {
      bucket.keys.splice(i, 1);
    }
    this.release(old.blob);
    return true;
  }

  abortUpload(bucket: BucketRecord, uploadId: string): void {
    const up = bucket.uploads.get(uploadId);
    if (!up) {
      return;
    }
    bucket.uploads.delete(uploadId);
    for (const p of up.parts.values()) {
      this.release(p.blob);
    }
  }

  /** Removes temp blobs (only when the directory was created by us). */
  async dispose(): Promise<void> {
    await this.hashPool.close();
    if (this.ownsDir) {
      await fsp.rm(this.blobDir, { recursive: true, force: true });
    }
  }
}
