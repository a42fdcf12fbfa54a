/**
 * recordBench(): a host benchmark (test/host/**\/*.bench.ts, run by scripts/bench-host.js with
 * OSS_HOST_BENCH=1) hands one comparison row to `npm run bench`. Rows are appended as JSON lines
 * to OSS_HOST_BENCH_OUT; bench/run.ts adds them to its table. Both sides must be measured in the
 * same host run: give the raw samples, the bench reports their medians and the ratio.
 */
import * as fs from 'fs';
import { report } from './report';

export interface HostBenchRow {
  name: string;
  unit: string;
  /** Samples of ours and of the contender, in `unit`. */
  ours: number[];
  theirs: number[];
  target: number;
  better: 'higher' | 'lower';
  note?: string;
}

export function recordBench(row: HostBenchRow): void {
  if (row.ours.length === 0 || row.theirs.length === 0) throw new Error(`bench row "${row.name}" has no samples`);
  report(`      bench ${row.name}: ours ${row.ours.map((x) => x.toFixed(1)).join(', ')}; theirs ${row.theirs.map((x) => x.toFixed(1)).join(', ')} ${row.unit}`);
  const out = process.env.OSS_HOST_BENCH_OUT;
  if (out) fs.appendFileSync(out, JSON.stringify(row) + '\n');
}

/** Times `fn` (ms, performance.now()). */
export async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
