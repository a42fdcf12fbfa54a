/**
 * Slicing-by-N lookup tables for a reflected 64-bit CRC, kept as two unsigned 32-bit halves so the
 * kernels run without BigInt: entry n of table k is at k * 256 + n in `lo` and `hi`. Shared by
 * CRC-64/XZ (crc64.ts, OSS) and CRC-64/NVME (crc64nvme.ts, S3).
 *
 * No VS Code imports.
 */
export interface Crc64Tables {
  readonly lo: Uint32Array;
  readonly hi: Uint32Array;
}

/** The tables of the reflected polynomial `polyHi:polyLo`, `slices` of them. */
export function buildCrc64Tables(polyLo: number, polyHi: number, slices: number): Crc64Tables {
  const lo = new Uint32Array(slices * 256);
  const hi = new Uint32Array(slices * 256);
  for (let n = 0; n < 256; n++) {
    let l = n;
    let h = 0;
    for (let b = 0; b < 8; b++) {
      const carry = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h = h >>> 1;
      if (carry) {
        l = (l ^ polyLo) >>> 0;
        h = (h ^ polyHi) >>> 0;
      }
    }
    lo[n] = l;
    hi[n] = h;
  }
  for (let k = 1; k < slices; k++) {
    for (let n = 0; n < 256; n++) {
      const plo = lo[(k - 1) * 256 + n];
      const phi = hi[(k - 1) * 256 + n];
      const idx = plo & 0xff;
      lo[k * 256 + n] = (((plo >>> 8) | (phi << 24)) ^ lo[idx]) >>> 0;
      hi[k * 256 + n] = ((phi >>> 8) ^ hi[idx]) >>> 0;
    }
  }
  return { lo, hi };
}
