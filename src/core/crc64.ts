/**
 * CRC-64/XZ (a.k.a. Go's crc64.ECMA, OSS's `x-oss-hash-crc64ecma`):
 * reflected polynomial 0xC96C5795D7870F42, init = xorout = 0xFFFFFFFFFFFFFFFF.
 *
 * The hot loop is a WebAssembly slicing-by-16 kernel on i64 words (src/core/crc64Wasm.ts,
 * assembled by scripts/build-crc64-wasm.js): about 2-3x the JS kernel. The JS kernel (two
 * unsigned 32-bit halves, Uint32Array tables, slicing-by-16, no BigInt) is the fallback when
 * WebAssembly is missing or fails its self-check, and handles short inputs, where copying into
 * the module's memory costs more than it saves. BigInt is only used at the API boundary and in
 * crc64Combine(), which is O(log n) matrix work per call.
 *
 * No VS Code imports: shared by the client and the local test server.
 */

import { CRC64_WASM_BASE64, CRC64_WASM_LAYOUT } from './crc64Wasm';
import { buildCrc64Tables } from './crc64Tables';

const POLY_LO = 0xd7870f42;
const POLY_HI = 0xc96c5795;
const SLICES = 16;

const { lo: T_LO, hi: T_HI } = buildCrc64Tables(POLY_LO, POLY_HI, SLICES);

const EMPTY_WORDS = new Int32Array(0);

/**
 * The JS kernel: advances the *raw* (pre-xorout) register by the bytes buf[start..end).
 * Returns the new register through `out` to avoid allocations.
 */
function updateRawJs(lo: number, hi: number, buf: Uint8Array, start: number, end: number, out: Uint32Array): void {
  const tl = T_LO;
  const th = T_HI;
  let i = start;
  // Byte-wise until the absolute offset is 4-aligned, so whole words can be read
  // through an Int32Array view (all Node platforms are little-endian).
  while (i < end && ((buf.byteOffset + i) & 3) !== 0) {
    const idx = (lo ^ buf[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ tl[idx];
    hi = (hi >>> 8) ^ th[idx];
    i++;
  }
  const nWords = ((end - i) >>> 4) << 2;
  const words = nWords > 0 ? new Int32Array(buf.buffer, buf.byteOffset + i, nWords) : EMPTY_WORDS;
  for (let w = 0; w < nWords; w += 4) {
    const a = words[w] ^ lo;
    const b = words[w + 1] ^ hi;
    const c = words[w + 2];
    const d = words[w + 3];
    lo =
      tl[3840 + (a & 0xff)] ^ tl[3584 + ((a >>> 8) & 0xff)] ^ tl[3328 + ((a >>> 16) & 0xff)] ^ tl[3072 + (a >>> 24)] ^
      tl[2816 + (b & 0xff)] ^ tl[2560 + ((b >>> 8) & 0xff)] ^ tl[2304 + ((b >>> 16) & 0xff)] ^ tl[2048 + (b >>> 24)] ^
      tl[1792 + (c & 0xff)] ^ tl[1536 + ((c >>> 8) & 0xff)] ^ tl[1280 + ((c >>> 16) & 0xff)] ^ tl[1024 + (c >>> 24)] ^
      tl[768 + (d & 0xff)] ^ tl[512 + ((d >>> 8) & 0xff)] ^ tl[256 + ((d >>> 16) & 0xff)] ^ tl[d >>> 24];
    hi =
      th[3840 + (a & 0xff)] ^ th[3584 + ((a >>> 8) & 0xff)] ^ th[3328 + ((a >>> 16) & 0xff)] ^ th[3072 + (a >>> 24)] ^
      th[2816 + (b & 0xff)] ^ th[2560 + ((b >>> 8) & 0xff)] ^ th[2304 + ((b >>> 16) & 0xff)] ^ th[2048 + (b >>> 24)] ^
      th[1792 + (c & 0xff)] ^ th[1536 + ((c >>> 8) & 0xff)] ^ th[1280 + ((c >>> 16) & 0xff)] ^ th[1024 + (c >>> 24)] ^
      th[768 + (d & 0xff)] ^ th[512 + ((d >>> 8) & 0xff)] ^ th[256 + ((d >>> 16) & 0xff)] ^ th[d >>> 24];
  }
  i += nWords << 2;
  while (i < end) {
    const idx = (lo ^ buf[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ tl[idx];
    hi = (hi >>> 8) ^ th[idx];
    i++;
  }
  out[0] = lo;
  out[1] = hi;
}

/** Advances the raw register (lo, hi) by buf[start..end), writing it to out[0..1]. */
export type Crc64Kernel = (lo: number, hi: number, buf: Uint8Array, start: number, end: number, out: Uint32Array) => void;

/** The part of the WebAssembly JS API used here (the ES2022 lib has no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { mem: { buffer: ArrayBuffer }; update: WasmUpdate } };
}
type WasmUpdate = (lo: number, hi: number, ptr: number, len: number) => void;

/**
 * Instantiates a CRC-64 WebAssembly kernel module (the shipped one, or a bench variant with the
 * same exports and layout); undefined when WebAssembly is unavailable or the module is wrong.
 */
export function crc64WasmKernel(bytes: Uint8Array): Crc64Kernel | undefined {
  let update: WasmUpdate;
  let mem8: Uint8Array;
  let result: Uint32Array;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) return undefined;
    const exports = new wasm.Instance(new wasm.Module(bytes), {}).exports;
    update = exports.update;
    // The module never grows its memory, so these views stay attached.
    mem8 = new Uint8Array(exports.mem.buffer);
    result = new Uint32Array(exports.mem.buffer, CRC64_WASM_LAYOUT.result, 2);
    // Tables: entry i as one little-endian i64 (lo, hi) at byte 8 * i.
    const tables = new Uint32Array(exports.mem.buffer, 0, T_LO.length * 2);
    for (let i = 0; i < T_LO.length; i++) {
      tables[2 * i] = T_LO[i];
      tables[2 * i + 1] = T_HI[i];
    }
  } catch {
    return undefined;
  }
  const { input, chunk } = CRC64_WASM_LAYOUT;
  const kernel: Crc64Kernel = (lo, hi, buf, start, end, out) => {
    for (let i = start; i < end; ) {
      const n = Math.min(chunk, end - i);
      mem8.set(buf.subarray(i, i + n), input);
      update(lo, hi, input, n);
      lo = result[0];
      hi = result[1];
      i += n;
    }
    out[0] = lo;
    out[1] = hi;
  };
  // Self-check against the JS kernel on every path of the module (blocks and tail bytes).
  const probe = new Uint8Array(1000);
  for (let i = 0; i < probe.length; i++) probe[i] = (i * 131 + 7) & 0xff;
  const a = new Uint32Array(2);
  const b = new Uint32Array(2);
  kernel(0xffffffff, 0xffffffff, probe, 3, probe.length, a);
  updateRawJs(0xffffffff, 0xffffffff, probe, 3, probe.length, b);
  return a[0] === b[0] && a[1] === b[1] ? kernel : undefined;
}

/** Below this many bytes the JS kernel is faster than a copy into WebAssembly memory and a call. */
const WASM_MIN_BYTES = 256;

/** Instantiated on first use, not at import: the module loads with the extension. */
let wasmState: { kernel: Crc64Kernel | undefined } | undefined;
function wasmKernel(): Crc64Kernel | undefined {
  wasmState ??= { kernel: crc64WasmKernel(Buffer.from(CRC64_WASM_BASE64, 'base64')) };
  return wasmState.kernel;
}

/** Slicing tables, entry n of table k at k * 256 + n, in lo and hi halves (for the bench's variants). */
export const crc64Tables: { readonly lo: Uint32Array; readonly hi: Uint32Array; readonly slices: number } = { lo: T_LO, hi: T_HI, slices: SLICES };

/** The kernels, for the fuzz tests and the bench (wasm is undefined when it could not load). */
export const crc64Kernels: { readonly js: Crc64Kernel; readonly wasm: Crc64Kernel | undefined } = {
  js: updateRawJs,
  get wasm() {
    return wasmKernel();
  },
};

function updateRaw(lo: number, hi: number, buf: Uint8Array, start: number, end: number, out: Uint32Array): void {
  const wasm = end - start >= WASM_MIN_BYTES ? wasmKernel() : undefined;
  if (wasm !== undefined) wasm(lo, hi, buf, start, end, out);
  else updateRawJs(lo, hi, buf, start, end, out);
}

const MASK64 = (1n << 64n) - 1n;

function toBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Incremental CRC-64/XZ. */
export class Crc64 {
  // Raw register (already xor'ed with init); digest = ~register.
  private readonly reg = new Uint32Array([0xffffffff, 0xffffffff]);
  private _length = 0;

  /** @param initial a previous *final* CRC value to continue from (default: fresh). */
  constructor(initial?: bigint | string) {
    if (initial !== undefined) {
      const v = ~BigInt(initial) & MASK64;
      this.reg[0] = Number(v & 0xffffffffn);
      this.reg[1] = Number(v >> 32n);
    }
  }

  update(buf: Uint8Array): this {
    if (buf.length > 0) {
      updateRaw(this.reg[0], this.reg[1], buf, 0, buf.length, this.reg);
      this._length += buf.length;
    }
    return this;
  }

  /** Bytes fed so far (only those given to update()). */
  get length(): number {
    return this._length;
  }

  digest(): bigint {
    return toBig(~this.reg[0], ~this.reg[1]);
  }

  /** Unsigned decimal, as in the x-oss-hash-crc64ecma header. */
  toString(): string {
    return this.digest().toString();
  }

  reset(): this {
    this.reg[0] = 0xffffffff;
    this.reg[1] = 0xffffffff;
    this._length = 0;
    return this;
  }
}

const scratch = new Uint32Array(2);

/**
 * One-shot CRC-64 of buf; with `prev` (a final CRC of preceding data) continues it,
 * so crc64(b, crc64(a)) === crc64(concat(a, b)).
 */
export function crc64(buf: Uint8Array, prev?: bigint | string): bigint {
  let lo = 0xffffffff;
  let hi = 0xffffffff;
  if (prev !== undefined) {
    const v = ~BigInt(prev) & MASK64;
    lo = Number(v & 0xffffffffn);
    hi = Number(v >> 32n);
  }
  updateRaw(lo, hi, buf, 0, buf.length, scratch);
  return toBig(~scratch[0], ~scratch[1]);
}

/** crc64() as the unsigned decimal header string. */
export function crc64String(buf: Uint8Array, prev?: bigint | string): string {
  return crc64(buf, prev).toString();
}

// ---- combine (zlib crc32_combine_gen style, GF(2) polynomial arithmetic) ----
// In the reflected representation x^0 is the top bit (1 << 63).
const POLY = 0xc96c5795d7870f42n;
const TOP = 1n << 63n;

/** a * b mod p in the reflected bit order. */
function multModP(a: bigint, b: bigint): bigint {
  let m = TOP;
  let p = 0n;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) {
        break;
      }
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ POLY : b >> 1n;
  }
  return p;
}

/** X2N[k] = x^(2^k) mod p. */
const X2N: bigint[] = (() => {
  const t: bigint[] = [];
  let p = TOP >> 1n; // x^1
  for (let k = 0; k < 64; k++) {
    t.push(p);
    p = multModP(p, p);
  }
  return t;
})();

/** x^(n * 2^k) mod p. */
function x2nModP(n: bigint, k: number): bigint {
  let p = TOP; // x^0
  while (n) {
    if (n & 1n) {
      p = multModP(X2N[k & 63], p);
    }
    n >>= 1n;
    k++;
  }
  return p;
}

/**
 * Given crc1 = CRC(A) and crc2 = CRC(B) (final values), returns CRC(A ‖ B)
 * where len2 = |B| in bytes. Zero-length B returns crc1.
 */
export function crc64Combine(crc1: bigint, crc2: bigint, len2: number | bigint): bigint {
  const n = BigInt(len2);
  if (n < 0n) {
    throw new RangeError('len2 must be >= 0');
  }
  if (n === 0n) {
    return BigInt.asUintN(64, crc1);
  }
  return multModP(x2nModP(n, 3), BigInt.asUintN(64, crc1)) ^ BigInt.asUintN(64, crc2);
}
