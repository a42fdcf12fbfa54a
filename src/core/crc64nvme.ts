/**
 * CRC-64/NVME, S3's `x-amz-checksum-crc64nvme` (the checksum AWS S3 computes for every new object
 * written without one, since December 2024): reflected polynomial 0x9A6C9329AC4BC9B5 (normal form
 * 0xAD93D23594C93659), init = xorout = 0xFFFFFFFFFFFFFFFF; check("123456789") = 0xAE8B14860A799888.
 * The header holds base64 of the 8 big-endian bytes. This is another polynomial than OSS's
 * CRC-64/XZ (crc64.ts). A JS slicing-by-8 kernel on two unsigned 32-bit halves, no BigInt in
 * the loop; it checks downloads that have neither a CRC-32C nor an MD5 ETag (a multipart object
 * someone else wrote).
 *
 * No VS Code imports.
 */

import { buildCrc64Tables } from './crc64Tables';

const POLY_LO = 0xac4bc9b5;
const POLY_HI = 0x9a6c9329;
const SLICES = 8;
const { lo: T_LO, hi: T_HI } = buildCrc64Tables(POLY_LO, POLY_HI, SLICES);

/** Incremental CRC-64/NVME. */
export class Crc64Nvme {
  // Raw register (init already applied); the digest is its complement.
  private lo = 0xffffffff;
  private hi = 0xffffffff;

  update(buf: Uint8Array): this {
    const tl = T_LO;
    const th = T_HI;
    let lo = this.lo;
    let hi = this.hi;
    let i = 0;
    const n = buf.length;
    for (; i + 8 <= n; i += 8) {
      const a = (lo ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24))) >>> 0;
      const b = (hi ^ (buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24))) >>> 0;
      lo =
        tl[1792 + (a & 0xff)] ^ tl[1536 + ((a >>> 8) & 0xff)] ^ tl[1280 + ((a >>> 16) & 0xff)] ^ tl[1024 + (a >>> 24)] ^
        tl[768 + (b & 0xff)] ^ tl[512 + ((b >>> 8) & 0xff)] ^ tl[256 + ((b >>> 16) & 0xff)] ^ tl[b >>> 24];
      hi =
        th[1792 + (a & 0xff)] ^ th[1536 + ((a >>> 8) & 0xff)] ^ th[1280 + ((a >>> 16) & 0xff)] ^ th[1024 + (a >>> 24)] ^
        th[768 + (b & 0xff)] ^ th[512 + ((b >>> 8) & 0xff)] ^ th[256 + ((b >>> 16) & 0xff)] ^ th[b >>> 24];
    }
    for (; i < n; i++) {
      const idx = (lo ^ buf[i]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ tl[idx];
      hi = (hi >>> 8) ^ th[idx];
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    return this;
  }

  /** The CRC as an unsigned 64-bit value. */
  digest(): bigint {
    return (BigInt(~this.hi >>> 0) << 32n) | BigInt(~this.lo >>> 0);
  }

  /** The `x-amz-checksum-crc64nvme` form: base64 of the 8 big-endian bytes. */
  toBase64(): string {
    const b = Buffer.alloc(8);
    b.writeUInt32BE(~this.hi >>> 0, 0);
    b.writeUInt32BE(~this.lo >>> 0, 4);
    return b.toString('base64');
  }

  /** As toBase64(), so a BodyVerify hasher compares the header text. */
  toString(): string {
    return this.toBase64();
  }
}

/** One-shot CRC-64/NVME as the header's base64. */
export function crc64NvmeBase64(data: Uint8Array): string {
  return new Crc64Nvme().update(data).toBase64();
}
