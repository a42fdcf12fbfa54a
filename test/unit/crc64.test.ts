import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Crc64, crc64, crc64Combine, crc64String } from '../../src/core/crc64';

/** Bit-by-bit BigInt reference (slow, obviously correct). */
function refCrc64(buf: Uint8Array): bigint {
  const poly = 0xc96c5795d7870f42n;
  let crc = 0xffffffffffffffffn;
  for (const byte of buf) {
    crc ^= BigInt(byte);
    for (let i = 0; i < 8; i++) {
      crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
    }
  }
  return crc ^ 0xffffffffffffffffn;
}

function randInt(n: number): number {
  return Math.floor(Math.random() * n);
}

describe('crc64 (CRC-64/XZ)', () => {
  it('check value "123456789"', () => {
    const b = Buffer.from('123456789');
    assert.equal(crc64(b), 0x995dc9bbdf1939fan);
    assert.equal(crc64String(b), '11051210869376104954');
    assert.equal(new Crc64().update(b).toString(), '11051210869376104954');
    assert.equal(new Crc64().update(b).digest(), 0x995dc9bbdf1939fan);
  });

  it('Go SDK vector (emergency broadcast)', () => {
    const b = Buffer.from('This is a test of the emergency broadcast system.');
    assert.equal(crc64(b), 0x27db187fc15bbc72n);
  });

  it('empty input is 0', () => {
    assert.equal(crc64(new Uint8Array(0)), 0n);
    assert.equal(new Crc64().digest(), 0n);
    assert.equal(new Crc64().toString(), '0');
    assert.equal(new Crc64().update(new Uint8Array(0)).digest(), 0n);
  });

  it('matches a bit-by-bit BigInt reference on random data of many lengths', () => {
    for (const len of [1, 2, 7, 8, 15, 16, 17, 31, 32, 33, 100, 255, 256, 1000, 4099]) {
      const b = randomBytes(len);
      assert.equal(crc64(b), refCrc64(b), `len ${len}`);
    }
    // Sub-array views with odd offsets.
    const big = randomBytes(3000);
    const view = big.subarray(3, 2001);
    assert.equal(crc64(view), refCrc64(view));
  });

  it('incremental == one-shot across random split points', () => {
    for (let round = 0; round < 30; round++) {
      const b = randomBytes(1 + randInt(20000));
      const expected = crc64(b);
      const c = new Crc64();
      let pos = 0;
      while (pos < b.length) {
        const n = Math.min(b.length - pos, randInt(300) * (round % 3 === 0 ? 37 : 1));
        c.update(b.subarray(pos, pos + n));
        pos += n;
      }
      assert.equal(c.digest(), expected);
      assert.equal(c.length, b.length);
      // prev-chaining helper
      const cut = randInt(b.length + 1);
      assert.equal(crc64(b.subarray(cut), crc64(b.subarray(0, cut))), expected);
      assert.equal(new Crc64(crc64(b.subarray(0, cut))).update(b.subarray(cut)).digest(), expected);
    }
  });

  it('crc64Combine == CRC of the concatenation (incl. zero-length parts)', () => {
    for (let round = 0; round < 30; round++) {
      const parts: Buffer[] = [];
      const n = 1 + randInt(6);
      for (let i = 0; i < n; i++) {
        parts.push(randomBytes(randInt(4) === 0 ? 0 : randInt(5000)));
      }
      let combined = crc64(new Uint8Array(0));
      for (const p of parts) {
        combined = crc64Combine(combined, crc64(p), p.length);
      }
      assert.equal(combined, crc64(Buffer.concat(parts)));
    }
    const a = randomBytes(100);
    assert.equal(crc64Combine(crc64(a), 0n, 0), crc64(a));
    assert.equal(crc64Combine(0n, crc64(a), a.length), crc64(a));
    assert.equal(crc64Combine(crc64(a), crc64(a), BigInt(a.length)), crc64(Buffer.concat([a, a])));
  });

  it('combine works for large lengths without materializing data', () => {
    // 1 MiB of zeros split in two halves.
    const z = new Uint8Array(1 << 20);
    const half = z.subarray(0, 1 << 19);
    assert.equal(crc64Combine(crc64(half), crc64(half), half.length), crc64(z));
  });
});
