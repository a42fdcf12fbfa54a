/**
 * CRC-32C (Castagnoli; iSCSI, RFC 3720 §B.4), as S3 sends it in `x-amz-checksum-crc32c`: reflected
 * polynomial 0x82F63B78, init = xorout = 0xFFFFFFFF, the 4 result bytes big-endian in base64.
 * Slicing-by-8 tables. Check value of "123456789": 0xE3069283. See docs/protocol.md §11.
 */

const POLY = 0x82f63b78;
const SLICES = 8;
const T = new Uint32Array(SLICES * 256);

(function buildTables(): void {
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let b = 0; b < 8; b++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    T[n] = c >>> 0;
  }
  for (let k = 1; k < SLICES; k++) {
    for (let n = 0; n < 256; n++) {
      const p = T[(k - 1) * 256 + n];
      T[k * 256 + n] = ((p >>> 8) ^ T[p & 0xff]) >>> 0;
    }
  }
})();

/** Incremental CRC-32C. */
export class Crc32c {
  private crc = 0xffffffff;

  update(data: Uint8Array): this {
    let c = this.crc;
    let i = 0;
    const n = data.length;
    for (; i + 8 <= n; i += 8) {
      const a = (c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>> 0;
      c =
        T[7 * 256 + (a & 0xff)] ^ T[6 * 256 + ((a >>> 8) & 0xff)] ^ T[5 * 256 + ((a >>> 16) & 0xff)] ^ T[4 * 256 + (a >>> 24)] ^
        T[3 * 256 + data[i + 4]] ^ T[2 * 256 + data[i + 5]] ^ T[256 + data[i + 6]] ^ T[data[i + 7]];
    }
    for (; i < n; i++) c = (c >>> 8) ^ T[(c ^ data[i]) & 0xff];
    this.crc = c >>> 0;
    return this;
  }

  /** The CRC as an unsigned 32-bit number. */
  digest(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }

  /** The `x-amz-checksum-crc32c` form: base64 of the 4 big-endian bytes. */
  toBase64(): string {
    return crc32cBase64(this.digest());
  }
}

export function crc32c(data: Uint8Array): number {
  return new Crc32c().update(data).digest();
}

export function crc32cBase64(value: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b.toString('base64');
}
