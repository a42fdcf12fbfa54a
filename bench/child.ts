/** Running benchmark contenders in child processes of their own, alternately (shared by run.ts and the topic benches). */
import * as cp from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { round } from './stats';

const MiB = 1024 * 1024;

export interface WorkerResult {
  /** Wall time of the measured section. */
  ms: number;
  /** Operations (presign), keys (list) or bytes (transfers). */
  count: number;
  /** Peak resident set size of this process, MB. */
  maxRssMB: number;
  /** CPU time (user + system) of the measured section, when the worker reports it. */
  cpuMs?: number;
  /** Milliseconds to the first result, where a task has one (find). */
  firstMs?: number;
  /** Memory, MB: RSS when the task starts (modules loaded) and peaks of process.memoryUsage() sampled during it. */
  mem?: MemoryPeaks;
}

export interface MemoryPeaks {
  startRssMB: number;
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
  arrayBuffersMB: number;
  samples: number;
}

/** Extra node flags for every worker, from `BENCH_WORKER_FLAGS` (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, to profile one side). */
const workerFlags = (process.env.BENCH_WORKER_FLAGS ?? '').split(/\s+/).filter(Boolean);

/** Runs `script` with one JSON task argument and returns the JSON line it prints last. */
export function runChild<T extends WorkerResult>(script: string, task: unknown, label: string, log: (m: string) => void = () => undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = cp.spawn(process.execPath, [...workerFlags, script, JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`worker ${label} failed (exit ${code}): ${stderr}`));
      const result = JSON.parse(stdout.trim().split('\n').pop() ?? '') as T;
      log(`${label}: ${round(result.ms)} ms, count ${result.count}, peak RSS ${round(result.maxRssMB)} MB${result.cpuMs === undefined ? '' : `, CPU ${round(result.cpuMs)} ms`}`);
      resolve(result);
    });
  });
}

/** Runs every contender `rounds` times, alternating the order each round, and returns each one's results. */
export async function alternateRuns<K extends string, T extends WorkerResult>(rounds: number, names: K[], run: (name: K, round: number) => Promise<T>): Promise<Record<K, T[]>> {
  const out = {} as Record<K, T[]>;
  for (const n of names) out[n] = [];
  for (let r = 0; r < rounds; r++) {
    for (const n of r % 2 ? [...names].reverse() : names) out[n].push(await run(n, r));
  }
  return out;
}

/** A file of `bytes` random bytes (16 MiB blocks, each varied a little so no two parts are identical). */
export function makeFile(file: string, bytes: number): void {
  const block = crypto.randomBytes(16 * MiB);
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      const n = Math.min(block.length, bytes - written);
      // Vary each block a little so no two parts are identical.
      block.writeUInt32LE(written / MiB, 0);
      fs.writeSync(fd, block, 0, n);
      written += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}
