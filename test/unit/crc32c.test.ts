import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Crc32c, crc32c, crc32cBase64 } from '../../src/core/crc32c';

/** Bit-by-bit reference. */
function refCrc32c(buf: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32c (CRC-32C / Castagnoli)', () => {
  it('check value of "123456789" is 0xE3069283', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  });

  it('the RFC 3720 B.4 iSCSI vectors', () => {
    assert.equal(crc32c(Buffer.alloc(32, 0)), 0x8a9136aa);
    assert.equal(crc32c(Buffer.alloc(32, 0xff)), 0x62a8ab43);
    assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i))), 0x46dd794e);
    assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i))), 0x113fdb5c);
  });

  it('the empty input is 0, and the header form is base64 of 4 big-endian bytes', () => {
    assert.equal(crc32c(Buffer.alloc(0)), 0);
    assert.equal(crc32cBase64(0xe3069283), '4waSgw==');
    assert.equal(new Crc32c().update(Buffer.from('123456789')).toBase64(), '4waSgw==');
  });

  it('matches the bit-by-bit reference for random data fed in random chunks', () => {
    for (let t = 0; t < 50; t++) {
      const data = randomBytes(Math.floor(Math.random() * 3000));
      const c = new Crc32c();
      for (let i = 0; i < data.length; ) {
        const n = 1 + Math.floor(Math.random() * 40);
        c.update(data.subarray(i, i + n));
        i += n;
      }
      assert.equal(c.digest(), refCrc32c(data), `length ${data.length}`);
    }
  });
});
