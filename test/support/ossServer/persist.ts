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

function blobFromJson(store: Store, j: BlobJson, byFile: Map<string, Blob>): Blob {
  if (j.segments) {
    const segments = j.segments.map((sj) => blobFromJson(store, sj, byFile));
    segments.forEach((seg) => seg.refs++);
    return { size: j.size, md5: Buffer.from(j.md5, 'base64'), crc: BigInt(j.crc), refs: 0, segments };
  }
  if (j.mem !== undefined) {
    return { size: j.size, md5: Buffer.from(j.md5, 'base64'), crc: BigInt(j.crc), refs: 0, mem: Buffer.from(j.mem, 'base64') };
  }
  // Copies and composites share blobs: one Blob object per file keeps the reference counts right.
  const file = path.join(store.blobDir, j.file as string);
  let b = byFile.get(file);
  if (!b) {
    b = { size: j.size, md5: Buffer.from(j.md5, 'base64'), crc: BigInt(j.crc), refs: 0, file };
    byFile.set(file, b);
  }
  return b;
}

export function saveMetadata(store: Store, dataDir: string): void {
  const out = [...store.buckets.values()].map((b) => ({
    name: b.name,
    created: b.created.toISOString(),
    storageClass: b.storageClass,
    objects: store.keysOf(b).map((k) => {
      const o = b.objects.get(k) as ObjectRecord;
      return { ...o, blob: blobToJson(store, o.blob), lastModified: o.lastModified.toISOString() } as ObjectJson;
    }),
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
    buckets: { name: string; created: string; storageClass: string; objects: ObjectJson[] }[];
  };
  const byFile = new Map<string, Blob>();
  for (const bj of doc.buckets) {
    const b = store.createBucket(bj.name, new Date(bj.created), bj.storageClass);
    for (const oj of bj.objects) {
      const blob = blobFromJson(store, oj.blob, byFile);
      const files = (x: Blob): string[] => (x.segments ? x.segments.flatMap(files) : x.file ? [x.file] : []);
      if (!files(blob).every((f) => fs.existsSync(f))) {
        continue;
      }
      store.putObject(b, { ...oj, blob, lastModified: new Date(oj.lastModified) });
    }
  }
}
