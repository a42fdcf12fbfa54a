/** `seed: 'demo'`: a few buckets with realistic and awkward content. Must stay fast (< 1 s). */
import * as zlib from 'node:zlib';
import { quotedEtag, type Store, type BucketRecord, type ObjectRecord, type Blob } from './store';

function crc32(buf: Buffer): number {
  return zlib.crc32(buf) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A real RGB PNG drawn by `pixel(x, y) => [r, g, b]`. */
export function makePng(w: number, h: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  let o = 0;
  for (let y = 0; y < h; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < w; x++) {
      const [r, g, b] = pixel(x, y);
      raw[o++] = r;
      raw[o++] = g;
      raw[o++] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- a tiny baseline JPEG encoder (grayscale, DC-only blocks: each 8x8 block one flat shade) ----

const DC_LUM_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_LUM_VALS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// AC table with a single symbol (EOB = 0x00) coded as '0'.
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALS = [0x00];

function huffCodes(bits: number[], vals: number[]): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < bits[len - 1]; i++) {
      out.set(vals[k++], [code, len]);
      code++;
    }
    code <<= 1;
  }
  return out;
}

/** A real (if blocky) grayscale JPEG; `shade(bx, by)` gives each 8x8 block's 0..255 level. */
export function makeJpeg(blocksW: number, blocksH: number, shade: (bx: number, by: number) => number): Buffer {
  const w = blocksW * 8;
  const h = blocksH * 8;
  const seg = (marker: number, data: number[]): number[] => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
  const head: number[] = [0xff, 0xd8];
  head.push(...seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  head.push(...seg(0xdb, [0, ...new Array(64).fill(1)])); // all-ones quant table
  head.push(...seg(0xc0, [8, h >> 8, h & 0xff, w >> 8, w & 0xff, 1, 1, 0x11, 0]));
  head.push(...seg(0xc4, [0x00, ...DC_LUM_BITS, ...DC_LUM_VALS]));
  head.push(...seg(0xc4, [0x10, ...AC_BITS, ...AC_VALS]));
  head.push(...seg(0xda, [1, 1, 0x00, 0, 63, 0]));
  const dc = huffCodes(DC_LUM_BITS, DC_LUM_VALS);
  const ac = huffCodes(AC_BITS, AC_VALS);
  const out: number[] = [];
  let acc = 0;
  let nbits = 0;
  const put = (code: number, len: number): void => {
    for (let i = len - 1; i >= 0; i--) {
      acc = (acc << 1) | ((code >> i) & 1);
      nbits++;
      if (nbits === 8) {
        out.push(acc);
        if (acc === 0xff) {
          out.push(0);
        }
        acc = 0;
        nbits = 0;
      }
    }
  };
  let prev = 0;
  for (let by = 0; by < blocksH; by++) {
    for (let bx = 0; bx < blocksW; bx++) {
      // DC coefficient of a flat block with level L: 8 * (L - 128) with an all-ones quant table.
      const v = Math.round(8 * (Math.max(0, Math.min(255, shade(bx, by))) - 128));
      const diff = v - prev;
      prev = v;
      const mag = Math.abs(diff);
      const size = mag === 0 ? 0 : Math.floor(Math.log2(mag)) + 1;
      const [c, l] = dc.get(size) as [number, number];
      put(c, l);
      if (size > 0) {
        put(diff > 0 ? diff : diff + (1 << size) - 1, size);
      }
      const [ec, el] = ac.get(0) as [number, number];
      put(ec, el);
    }
  }
  if (nbits > 0) {
    put((1 << (8 - nbits)) - 1, 8 - nbits); // pad with ones
  }
  return Buffer.from([...head, ...out, 0xff, 0xd9]);
}

function put(store: Store, b: BucketRecord, key: string, body: Buffer | string, contentType: string, when: Date, meta: Record<string, string> = {}): void {
  const blob: Blob = store.blobFromBytes(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  const rec: ObjectRecord = {
    key, blob, etag: quotedEtag(blob.md5), lastModified: when, contentType, meta, headers: {}, type: 'Normal',
    storageClass: 'Standard', hasCrc: true,
  };
  store.putObject(b, rec);
}

export const DEMO_BUCKETS = ['demo-assets', 'demo-logs', 'demo-empty'];

export function seedDemo(store: Store, now: Date): void {
  const day = 86_400_000;
  const get = (name: string, created: Date): BucketRecord => store.buckets.get(name) ?? store.createBucket(name, created);
  const assets = get('demo-assets', new Date(now.getTime() - 30 * day));
  get('demo-logs', new Date(now.getTime() - 20 * day));
  get('demo-empty', new Date(now.getTime() - 10 * day));
  const logs = store.buckets.get('demo-logs') as BucketRecord;

  // images/
  put(store, assets, 'images/logo.png', makePng(64, 64, (x, y) => {
    const d = Math.hypot(x - 31.5, y - 31.5);
    return d < 28 ? [255, 106 + (x * 2), 0] : [255, 255, 255];
  }), 'image/png', new Date(now.getTime() - 5 * day), { author: 'oss-explorer' });
  put(store, assets, 'images/banner.png', makePng(240, 60, (x, y) => [x, (y * 4) & 255, 255 - x]), 'image/png', new Date(now.getTime() - 4 * day));
  put(store, assets, 'images/photo.jpg', makeJpeg(12, 8, (bx, by) => 40 + bx * 15 + by * 5), 'image/jpeg', new Date(now.getTime() - 3 * day));
  put(store, assets, 'images/icons/check.png', makePng(16, 16, (x, y) => (Math.abs(x - y) < 2 || Math.abs(x + y - 15) < 2 ? [0, 160, 0] : [255, 255, 255])), 'image/png', now);

  // docs/
  put(store, assets, 'docs/README.md', '# Demo assets\n\nThis bucket is seeded by the local OSS server.\n\n* images/\n* docs/\n* odd names/\n* big-folder/\n', 'text/markdown', now);
  put(store, assets, 'docs/notes.txt', 'Plain text notes.\nLine two.\n中文内容 and emoji 🎉\n', 'text/plain', now);
  put(store, assets, 'docs/config.json', `${JSON.stringify({ name: 'demo', version: 1, tags: ['a', 'b'], nested: { ok: true } }, null, 2)}\n`, 'application/json', now);
  put(store, assets, 'docs/nested/deep/file.txt', 'deep file\n', 'text/plain', now);
  put(store, assets, 'docs/empty.txt', '', 'text/plain', now);
  put(store, assets, 'index.html', '<!doctype html><title>demo</title><h1>demo-assets</h1>\n', 'text/html', now);

  // odd names/
  const odd = [
    'odd names/hello world.txt',
    'odd names/中文文件.txt',
    'odd names/emoji 🎉 party.txt',
    'odd names/a+b=c.txt',
    'odd names/100% done.txt',
    'odd names/hash#tag.txt',
    'odd names/question?.txt',
    'odd names/amp&lt;.txt',
    'odd names/quote\'s "double".txt',
    'odd names//double-slash.txt',
    'odd names/trailing space .txt',
    'odd names/./dot-segment.txt',
    'odd names/../dotdot-segment.txt',
    'odd names/tab\there.txt',
    'odd names/folder with space/inner.txt',
  ];
  for (const k of odd) {
    put(store, assets, k, `content of ${k}\n`, 'text/plain', now);
  }
  const longPrefix = 'odd names/long-';
  put(store, assets, longPrefix + 'k'.repeat(1023 - Buffer.byteLength(longPrefix)), 'the longest allowed key (1023 bytes)\n', 'text/plain', now);

  // big-folder/ with 5,000 small keys (inserted in order: O(1) each)
  for (let i = 0; i < 5000; i++) {
    put(store, assets, `big-folder/file-${String(i).padStart(5, '0')}.txt`, `file ${i}\n`, 'text/plain', now);
  }

  // demo-logs
  for (let d = 0; d < 3; d++) {
    const date = new Date(now.getTime() - d * day).toISOString().slice(0, 10).replace(/-/g, '/');
    for (let i = 0; i < 4; i++) {
      const lines = Array.from({ length: 20 }, (_, n) => `${new Date(now.getTime() - d * day + n * 1000).toISOString()} INFO app-${i} request ${n} ok`).join('\n');
      put(store, logs, `logs/${date}/app-${i}.log`, `${lines}\n`, 'text/plain', new Date(now.getTime() - d * day));
    }
  }
  put(store, logs, 'access.log', 'GET / 200\n', 'text/plain', now);
}
