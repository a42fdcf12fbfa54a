/** Saves/loads the server's metadata (buckets, objects, uploads) for `--data <dir>` runs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Blob, ObjectRecord, Store } from './store';

interface BlobJson { size: number; md5: string; crc: string; file?: string; mem?: string; segments?: BlobJson[] }
interface ObjectJson extends Omit<ObjectRecord, 'blob' | 'lastModified'> { blob: BlobJson; lastModified: string }

function blobToJson(store: Store, b: Blob): BlobJson {
  if (b.segments) {
    return { size: b.size, md5: b.md5.toString('base64'), crc: b.crc.toString(), segments: b.segments.map((s) => blobToJson(store, s)) };
  }
  if (b.mem) {
    // dataDir mode always uses files; keep tiny in-memory ones inline just in case.
    return { size: b.size, md5: b.md5.toString('base64'), crc: b.crc.toString(), mem: b.mem.toString('base64') };
  }
  return { size: b.size, md5: b.md5.toString('base64'), crc: b.crc.toString(), file: path.relative(store.blobDir, b.file as string) };
}

/** A metadata entry that is refused on load (the message says why). */
class BadEntry extends Error {}

/**
 * The blob file a metadata path names, which must be a relative path inside the blob folder:
 * no absolute path, no `..` segment, and (for an existing file) no symlink leading out of it.
 * metadata.json is input: a crafted one must not make the server serve or delete other files.
 */
function confinedBlobFile(blobDir: string, realBlobDir: string, rel: unknown): string {
  if (typeof rel !== 'string' || rel === '' || rel.includes('\0')) {
    throw new BadEntry('blob path missing or not a plain string');
  }
  const outside = `blob path ${JSON.stringify(rel)} is outside the blob folder`;
  if (path.isAbsolute(rel) || path.win32.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) {
    throw new BadEntry(outside);
  }
  const inside = (dir: string, p: string): boolean => {
    const r = path.relative(dir, p);
    return r !== '' && !r.startsWith('..') && !path.isAbsolute(r);
  };
  const file = path.resolve(blobDir, rel);
  if (!inside(blobDir, file)) {
    throw new BadEntry(outside);
  }
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return file; // missing: the caller skips the object
  }
  if (!inside(realBlobDir, real)) {
    throw new BadEntry(`${outside} (symlink to ${JSON.stringify(real)})`);
  }
  return file;
}

interface LoadContext {
  store: Store;
  realBlobDir: string;
  /** Copies and composites share blobs: one Blob object per file keeps the reference counts right. */
  byFile: Map<string, Blob>;
}

function blobFromJson(ctx: LoadContext, j: BlobJson): Blob {
  if (j.segments) {
    const segments = j.segments.map((sj) => blobFromJson(ctx, sj));
    segments.forEach((seg) => seg.refs++);
    return { size: j.size, md5: Buffer.from(j.md5, 'base64'), crc: BigInt(j.crc), refs: 0, segments };
  }
  if (j.mem !== undefined) {
    return { size: j.size, md5: Buffer.from(j.md5, 'base64'), crc: BigInt(j.crc), refs: 0, mem: Buffer.from(j.mem, 'base64') };
  }
  const file = confinedBlobFile(ctx.store.blobDir, ctx.realBlobDir, j.file);
  let b = ctx.byFile.get(file);
  if (!b) {
    b = { size: j.size, md5: Buffer.from(j.md5, 'base64'), crc: BigInt(j.crc), refs: 0, file };
    ctx.byFile.set(file, b);
  }
  return b;
}

function objectToJson(store: Store, o: ObjectRecord): ObjectJson {
  return { ...o, blob: blobToJson(store, o.blob), lastModified: o.lastModified.toISOString() };
}

/**
 * Versioned buckets are saved as their history (every version, newest first, delete markers
 * included); the current objects are rebuilt from it on load, sharing the same records.
 */
export function saveMetadata(store: Store, dataDir: string): void {
  const out = [...store.buckets.values()].map((b) => ({
    name: b.name,
    created: b.created.toISOString(),
    storageClass: b.storageClass,
    versioning: b.versioning,
    objects: b.history ? [] : store.keysOf(b).map((k) => objectToJson(store, b.objects.get(k) as ObjectRecord)),
    history: b.history ? [...b.history.entries()].map(([key, list]) => ({ key, versions: list.map((o) => objectToJson(store, o)) })) : undefined,
  }));
  const file = path.join(dataDir, 'metadata.json');
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ version: 1, buckets: out }));
  fs.renameSync(`${file}.tmp`, file);
}

export function loadMetadata(store: Store, dataDir: string): void {
  const file = path.join(dataDir, 'metadata.json');
  if (!fs.existsSync(file)) {
    return;
  }
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    buckets: {
      name: string; created: string; storageClass: string; objects: ObjectJson[];
      versioning?: 'Enabled' | 'Suspended'; history?: { key: string; versions: ObjectJson[] }[];
    }[];
  };
  const ctx: LoadContext = { store, realBlobDir: fs.realpathSync(store.blobDir), byFile: new Map() };
  const load = (bucket: string, oj: ObjectJson): ObjectRecord | undefined => {
    let blob: Blob;
    try {
      blob = blobFromJson(ctx, oj.blob);
    } catch (e) {
      if (!(e instanceof BadEntry)) {
        throw e;
      }
      console.warn(`[oss-server] ${file}: skipping object ${bucket}/${oj.key}: ${e.message}`);
      return undefined;
    }
    const files = (x: Blob): string[] => (x.segments ? x.segments.flatMap(files) : x.file ? [x.file] : []);
    if (!files(blob).every((f) => fs.existsSync(f))) {
      return undefined;
    }
    return { ...oj, blob, lastModified: new Date(oj.lastModified) };
  };
  for (const bj of doc.buckets) {
    const b = store.createBucket(bj.name, new Date(bj.created), bj.storageClass);
    for (const oj of bj.objects) {
      const rec = load(bj.name, oj);
      if (rec) {
        store.putObject(b, rec);
      }
    }
    if (bj.history) {
      b.versioning = bj.versioning ?? 'Enabled';
      b.history = new Map();
      for (const { key, versions } of bj.history) {
        const list = versions.map((oj) => load(bj.name, oj)).filter((r): r is ObjectRecord => r !== undefined);
        if (list.length === 0) {
          continue;
        }
        list.forEach((r) => store.retain(r.blob));
        b.history.set(key, list);
        if (!list[0].deleteMarker) {
          store.putObject(b, list[0]);
        }
      }
    }
  }
}
