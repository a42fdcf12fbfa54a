import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Crc64, crc64, crc64Combine, crc64Kernels, crc64String, crc64WasmKernel, type Crc64Kernel } from '../../src/core/crc64';
import { crcVariants } from '../../bench/crcVariants';

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

describe('crc64 kernels, fuzzed against the previous JS kernel', () => {
  const variants = crcVariants();
  const reference = variants[0];
  const data = randomBytes(4096 + 16 + 64);
  const run = (k: Crc64Kernel, lo: number, hi: number, buf: Uint8Array, start: number, end: number): [number, number] => {
    const out = new Uint32Array(2);
    k(lo, hi, buf, start, end, out);
    return [out[0], out[1]];
  };

  it('the previous JS kernel is the reference and the shipped WebAssembly kernel loaded', () => {
    assert.equal(reference.kernel, crc64Kernels.js);
    assert.ok(crc64Kernels.wasm, 'WebAssembly kernel did not load');
    assert.ok(variants.some((v) => v.kernel === crc64Kernels.wasm));
  });

  for (const v of variants.slice(1)) {
    it(`${v.name}: every length 0..4096 at every alignment 0..15`, function () {
      this.timeout(120_000);
      // crc64-ecma182.js converts to and from decimal strings per call: sample its lengths.
      const step = v.name === 'ecma182' ? 7 : 1;
      for (let align = 0; align < 16; align++) {
        for (let len = 0; len <= 4096; len += step) {
          // A random register in, so every table entry and the carry between calls are exercised.
          const lo = data[len] * 0x1010101 + align;
          const hi = (data[len + 1] << 24) | (len << 4) | align;
          const want = run(reference.kernel, lo >>> 0, hi >>> 0, data, align, align + len);
          const got = run(v.kernel, lo >>> 0, hi >>> 0, data, align, align + len);
          if (got[0] !== want[0] || got[1] !== want[1]) assert.fail(`${v.name}: length ${len}, alignment ${align}: ${got} != ${want}`);
        }
      }
    });

    it(`${v.name}: random chunk splits chain to the one-shot value`, () => {
      for (let round = 0; round < 40; round++) {
        const b = randomBytes(1 + randInt(300_000)).subarray(randInt(16));
        const want = run(reference.kernel, 0xffffffff, 0xffffffff, b, 0, b.length);
        let reg: [number, number] = [0xffffffff, 0xffffffff];
        for (let pos = 0; pos < b.length; ) {
          const n = Math.min(b.length - pos, randInt(4) === 0 ? randInt(16) : randInt(70_000));
          reg = run(v.kernel, reg[0], reg[1], b, pos, pos + n);
          pos += n;
        }
        assert.deepEqual(reg, want, `${v.name} round ${round}, ${b.length} bytes`);
      }
    });
  }

  it('crc64 / Crc64 (wasm above a threshold, JS below) match the reference on every length and alignment, and combine', () => {
    for (let align = 0; align < 16; align++) {
      for (let len = 0; len <= 4096; len += 1 + (align % 3)) {
        const view = data.subarray(align, align + len);
        const [lo, hi] = run(reference.kernel, 0xffffffff, 0xffffffff, view, 0, len);
        const want = BigInt.asUintN(64, ~((BigInt(hi) << 32n) | BigInt(lo)));
        assert.equal(crc64(view), want, `length ${len}, alignment ${align}`);
        const cut = len === 0 ? 0 : randInt(len + 1);
        const a = view.subarray(0, cut);
        const b = view.subarray(cut);
        assert.equal(new Crc64().update(a).update(b).digest(), want);
        assert.equal(crc64Combine(crc64(a), crc64(b), b.length), want, `combine at ${cut} of ${len}`);
      }
    }
  });
});

describe('crc64 WebAssembly module', () => {
  it('src/core/crc64Wasm.ts is what scripts/build-crc64-wasm.js writes', () => {
    const { source } = require('../../../scripts/build-crc64-wasm.js') as { source: () => string };
    const file = path.join(__dirname, '..', '..', '..', 'src', 'core', 'crc64Wasm.ts');
    assert.equal(fs.readFileSync(file, 'utf8'), source(), 'run node scripts/build-crc64-wasm.js');
  });

  it('a module that fails the self-check or does not compile is refused (the JS kernel stays)', () => {
    assert.equal(crc64WasmKernel(new Uint8Array([0, 1, 2, 3])), undefined);
    // A valid module with the right exports whose tables are wrong: corrupt one table offset byte.
    const { crc64WasmModule } = require('../../../scripts/lib/crc64Wasm.js') as { crc64WasmModule: (s: 8 | 16) => Uint8Array };
    const good = crc64WasmModule(16);
    assert.ok(crc64WasmKernel(good));
    const bad = Uint8Array.from(good);
    bad[bad.length - 2] = 8; // the final i64.store's offset: the result lands elsewhere
    assert.equal(crc64WasmKernel(bad), undefined);
  });
});
