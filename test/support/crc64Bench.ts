/* Quick CRC-64 throughput print (not a test). Run: npm run compile-tests && node out/test/support/crc64Bench.js */
import { randomBytes } from 'node:crypto';
import { Crc64 } from '../../src/core/crc64';

const chunk = randomBytes(4 << 20);
const total = 1 << 30;
for (let warm = 0; warm < 3; warm++) {
  new Crc64().update(chunk);
}
const c = new Crc64();
const t0 = process.hrtime.bigint();
for (let done = 0; done < total; done += chunk.length) {
  c.update(chunk);
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(`crc64: ${(total / 1e6 / (ms / 1000)).toFixed(0)} MB/s (${(total / 2 ** 20 / (ms / 1000)).toFixed(0)} MiB/s), ${c.toString()}`);
