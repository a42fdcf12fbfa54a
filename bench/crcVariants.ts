/**
 * CRC-64/XZ kernel variants measured by `--only crc` and fuzzed by test/unit/crc64.test.ts against
 * the JS kernel we shipped before the WebAssembly one. Only `wasm16` (src/core/crc64Wasm.ts) ships;
 * the others stay here as the record of what was tried.
 */
import { crc64Kernels, crc64Tables, crc64WasmKernel, type Crc64Kernel } from '../src/core/crc64';

/** Slicing-by-8 on 32-bit halves: half the tables of the previous kernel (8 KiB each), two words a step. */
function jsSlice8(): Crc64Kernel {
  // The first 8 of the shipped 16 tables (same layout).
  const tl = crc64Tables.lo.slice(0, 8 * 256);
  const th = crc64Tables.hi.slice(0, 8 * 256);
  return (lo, hi, buf, start, end, out) => {
    let i = start;
    while (i < end && ((buf.byteOffset + i) & 3) !== 0) {
      const idx = (lo ^ buf[i++]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ tl[idx];
      hi = (hi >>> 8) ^ th[idx];
    }
    const nWords = ((end - i) >>> 3) << 1;
    const words = nWords > 0 ? new Int32Array(buf.buffer, buf.byteOffset + i, nWords) : new Int32Array(0);
    for (let w = 0; w < nWords; w += 2) {
      const a = words[w] ^ lo;
      const b = words[w + 1] ^ hi;
      lo = tl[1792 + (a & 0xff)] ^ tl[1536 + ((a >>> 8) & 0xff)] ^ tl[1280 + ((a >>> 16) & 0xff)] ^ tl[1024 + (a >>> 24)] ^
        tl[768 + (b & 0xff)] ^ tl[512 + ((b >>> 8) & 0xff)] ^ tl[256 + ((b >>> 16) & 0xff)] ^ tl[b >>> 24];
      hi = th[1792 + (a & 0xff)] ^ th[1536 + ((a >>> 8) & 0xff)] ^ th[1280 + ((a >>> 16) & 0xff)] ^ th[1024 + (a >>> 24)] ^
        th[768 + (b & 0xff)] ^ th[512 + ((b >>> 8) & 0xff)] ^ th[256 + ((b >>> 16) & 0xff)] ^ th[b >>> 24];
    }
    i += nWords << 2;
    while (i < end) {
      const idx = (lo ^ buf[i++]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ tl[idx];
      hi = (hi >>> 8) ^ th[idx];
    }
    out[0] = lo;
    out[1] = hi;
  };
}

/** Slicing-by-16 with one Int32Array table, lo and hi of an entry side by side (one cache line holds both). */
function jsInterleaved16(): Crc64Kernel {
  const { lo: l16, hi: h16 } = crc64Tables;
  const t = new Int32Array(16 * 256 * 2);
  for (let i = 0; i < l16.length; i++) {
    t[2 * i] = l16[i];
    t[2 * i + 1] = h16[i];
  }
  return (lo, hi, buf, start, end, out) => {
    let i = start;
    while (i < end && ((buf.byteOffset + i) & 3) !== 0) {
      const j = ((lo ^ buf[i++]) & 0xff) << 1;
      lo = ((lo >>> 8) | (hi << 24)) ^ t[j];
      hi = (hi >>> 8) ^ t[j + 1];
    }
    const nWords = ((end - i) >>> 4) << 2;
    const words = nWords > 0 ? new Int32Array(buf.buffer, buf.byteOffset + i, nWords) : new Int32Array(0);
    for (let w = 0; w < nWords; w += 4) {
      const a = words[w] ^ lo;
      const b = words[w + 1] ^ hi;
      const c = words[w + 2];
      const d = words[w + 3];
      // Index of table k, byte v: 2 * (k * 256 + v) = 512 * k + 2 * v.
      const j0 = 7680 + ((a & 0xff) << 1), j1 = 7168 + ((a >>> 7) & 0x1fe), j2 = 6656 + ((a >>> 15) & 0x1fe), j3 = 6144 + ((a >>> 23) & 0x1fe);
      const j4 = 5632 + ((b & 0xff) << 1), j5 = 5120 + ((b >>> 7) & 0x1fe), j6 = 4608 + ((b >>> 15) & 0x1fe), j7 = 4096 + ((b >>> 23) & 0x1fe);
      const j8 = 3584 + ((c & 0xff) << 1), j9 = 3072 + ((c >>> 7) & 0x1fe), ja = 2560 + ((c >>> 15) & 0x1fe), jb = 2048 + ((c >>> 23) & 0x1fe);
      const jc = 1536 + ((d & 0xff) << 1), jd = 1024 + ((d >>> 7) & 0x1fe), je = 512 + ((d >>> 15) & 0x1fe), jf = (d >>> 23) & 0x1fe;
      lo = t[j0] ^ t[j1] ^ t[j2] ^ t[j3] ^ t[j4] ^ t[j5] ^ t[j6] ^ t[j7] ^ t[j8] ^ t[j9] ^ t[ja] ^ t[jb] ^ t[jc] ^ t[jd] ^ t[je] ^ t[jf];
      hi = t[j0 + 1] ^ t[j1 + 1] ^ t[j2 + 1] ^ t[j3 + 1] ^ t[j4 + 1] ^ t[j5 + 1] ^ t[j6 + 1] ^ t[j7 + 1] ^
        t[j8 + 1] ^ t[j9 + 1] ^ t[ja + 1] ^ t[jb + 1] ^ t[jc + 1] ^ t[jd + 1] ^ t[je + 1] ^ t[jf + 1];
    }
    i += nWords << 2;
    while (i < end) {
      const j = ((lo ^ buf[i++]) & 0xff) << 1;
      lo = ((lo >>> 8) | (hi << 24)) ^ t[j];
      hi = (hi >>> 8) ^ t[j + 1];
    }
    out[0] = lo >>> 0;
    out[1] = hi >>> 0;
  };
}

/** The WebAssembly module with one i64 word a step (slicing-by-8), assembled by the same script. */
function wasm8(): Crc64Kernel {
  const { crc64WasmModule } = require('../../scripts/lib/crc64Wasm.js') as { crc64WasmModule: (slices: 8 | 16) => Uint8Array };
  const k = crc64WasmKernel(crc64WasmModule(8));
  if (!k) throw new Error('the slicing-by-8 WebAssembly kernel did not load');
  return k;
}

/** crc64-ecma182.js (emscripten): its API takes and returns the final CRC as a decimal string. */
function ecma182(): Crc64Kernel {
  const { crc64 } = require('crc64-ecma182.js') as { crc64: (b: Buffer, prev?: string) => string };
  return (lo, hi, buf, start, end, out) => {
    const prev = (~((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)) & 0xffffffffffffffffn).toString();
    const view = Buffer.from(buf.buffer, buf.byteOffset + start, end - start);
    const reg = ~BigInt(crc64(view, prev)) & 0xffffffffffffffffn;
    out[0] = Number(reg & 0xffffffffn);
    out[1] = Number(reg >> 32n);
  };
}

export interface KernelVariant {
  name: string;
  what: string;
  kernel: Crc64Kernel;
}

/** Every variant, the previous JS kernel first (the reference for the fuzz tests). */
export function crcVariants(): KernelVariant[] {
  const shipped = crc64Kernels.wasm;
  if (!shipped) throw new Error('the shipped WebAssembly kernel did not load');
  return [
    { name: 'js16', what: 'previous JS kernel: slicing-by-16, 32-bit halves in two Uint32Array tables', kernel: crc64Kernels.js },
    { name: 'js8', what: 'JS slicing-by-8, 32-bit halves', kernel: jsSlice8() },
    { name: 'js16i', what: 'JS slicing-by-16, one interleaved Int32Array table', kernel: jsInterleaved16() },
    { name: 'wasm8', what: 'WebAssembly slicing-by-8 on i64', kernel: wasm8() },
    { name: 'wasm16', what: 'WebAssembly slicing-by-16 on i64 (shipped)', kernel: shipped },
    { name: 'ecma182', what: 'crc64-ecma182.js 2.0.2 (emscripten)', kernel: ecma182() },
  ];
}
