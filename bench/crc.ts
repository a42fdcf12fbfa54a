/**
 * `--only crc`: CRC-64 kernel throughput (GB/s) of every variant in bench/crcVariants.ts and of the
 * shipped Crc64 class, on the same buffers in one process, alternating the order each round.
 */
import { randomBytes } from 'node:crypto';
import { Crc64 } from '../src/core/crc64';
import { crcVariants, type KernelVariant } from './crcVariants';
import { compare, median, type Comparison } from './stats';

const MiB = 1024 * 1024;

export interface CrcBenchOptions {
  quick: boolean;
  log: (msg: string) => void;
}

/** Hashes every buffer `passes` times; returns GB/s (10^9 bytes per second). */
function measure(update: (b: Uint8Array) => void, buffers: Uint8Array[], passes: number): number {
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  for (let p = 0; p < passes; p++) {
    for (const b of buffers) {
      update(b);
      bytes += b.length;
    }
  }
  const ns = Number(process.hrtime.bigint() - t0);
  return bytes / ns;
}

export async function crcRows(opts: CrcBenchOptions): Promise<Comparison[]> {
  // 16 buffers of 1 MiB, half of them at an odd offset (as stream chunks can be), plus stream-sized
  // 64 KiB pieces: the sizes a download hands to the kernel.
  const pool = randomBytes(17 * MiB);
  const buffers: Uint8Array[] = [];
  for (let i = 0; i < 16; i++) buffers.push(pool.subarray(i * MiB + (i % 2), (i + 1) * MiB + (i % 2)));
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < 64; i++) pieces.push(pool.subarray(i * 65536 + 3, (i + 1) * 65536 + 3));
  const passes = opts.quick ? 2 : 8; // 128 MiB + 32 MiB a measurement
  const rounds = opts.quick ? 3 : 7;

  const out = new Uint32Array(2);
  const contenders: Array<{ name: string; what: string; update: (b: Uint8Array) => void }> = crcVariants().map((v: KernelVariant) => ({
    name: v.name, what: v.what, update: (b: Uint8Array) => v.kernel(0xffffffff, 0xffffffff, b, 0, b.length, out),
  }));
  const shipped = new Crc64();
  contenders.push({ name: 'ours', what: 'Crc64.update (shipped)', update: (b) => shipped.update(b) });

  const gbps: Record<string, number[]> = {};
  for (const c of contenders) {
    gbps[c.name] = [];
    measure(c.update, buffers, 1); // warm-up: JIT and tables
  }
  for (let r = 0; r < rounds; r++) {
    for (const c of r % 2 ? [...contenders].reverse() : contenders) {
      const big = measure(c.update, buffers, passes);
      const small = measure(c.update, pieces, passes);
      // Bytes are equal per pass (16 MiB + 4 MiB): combine as total bytes over total time.
      gbps[c.name].push(20 / (16 / big + 4 / small));
      await new Promise((resolve) => setImmediate(resolve));
    }
    opts.log(`crc round ${r + 1}: ${contenders.map((c) => `${c.name} ${gbps[c.name][r].toFixed(2)}`).join(', ')} GB/s`);
  }
  const m = (name: string) => median(gbps[name]);
  const rows: Comparison[] = [
    compare('CRC-64 kernel vs crc64-ecma182.js', 'GB/s', m('ours'), m('ecma182'), 1.5, 'higher', 'crc64-ecma182.js 2.0.2 (emscripten) crc64(buf, prev); 1 MiB and 64 KiB buffers, half unaligned'),
    compare('CRC-64 kernel vs previous JS kernel', 'GB/s', m('ours'), m('js16'), 1.5, 'higher', 'shipped: WebAssembly slicing-by-16 on i64; previous: JS slicing-by-16 on 32-bit halves'),
  ];
  for (const c of contenders) {
    if (c.name === 'ours' || c.name === 'js16' || c.name === 'ecma182') continue;
    rows.push(compare(`CRC-64 variant ${c.name} vs previous JS kernel`, 'GB/s', m(c.name), m('js16'), 1, 'higher', `${c.what}; the record of what was tried`));
  }
  return rows;
}
