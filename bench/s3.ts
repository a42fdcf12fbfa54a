/**
 * `--only s3`: the S3 client against the AWS SDK for JavaScript v3, each contender in a child
 * process of its own, alternately, on one local moto server (IAM authentication on, so every
 * request's SigV4 signature is checked):
 * - presigning GET URLs vs @aws-sdk/s3-request-presigner (target ≥ 2×);
 * - listing 100k keys, 1000 a page, vs a @aws-sdk/client-s3 ListObjectsV2 loop (target ≤ 0.5× the time);
 * - uploading 1 GiB vs @aws-sdk/lib-storage's Upload (target ≥ 1.2×).
 *
 * Why moto: @20minutes/s3rver fails every truncated ListObjectsV2 page (so it cannot list 100k
 * keys at all) and keeps each object as files; moto keeps them in memory. moto is slow (Python, one
 * request at a time per thread), so its time is part of every row: see the notes, and docs/protocol.md §12 for where a listing page
 * spends its time on moto (scripts/moto-list-cost.py).
 *
 * Sizes: S3_BENCH_KEYS (default 100000; 10000 with --quick), S3_BENCH_MIB (1024; 64), S3_BENCH_ROUNDS (3; 1);
 * S3_BENCH_ROWS=presign,list,upload picks rows (default all).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startMoto } from '../test/support/s3Servers';
import { S3Client } from '../src/core/s3';
import { StaticAccessKeyProvider } from '../src/core/credentials';
import { alternateRuns, makeFile, runChild, type WorkerResult } from './child';
import { compare, median, round, type Comparison } from './stats';
import type { S3ServerInfo, S3Task } from './s3Worker';

const MiB = 1024 * 1024;

export interface S3BenchOptions {
  quick: boolean;
  log: (msg: string) => void;
}

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, not ${JSON.stringify(v)}`);
  return n;
}

export async function s3Rows(opts: S3BenchOptions): Promise<Comparison[]> {
  const keys = envInt('S3_BENCH_KEYS', opts.quick ? 10_000 : 100_000);
  const mib = envInt('S3_BENCH_MIB', opts.quick ? 64 : 1024);
  const rounds = envInt('S3_BENCH_ROUNDS', opts.quick ? 1 : 3);
  const log = opts.log;
  const picked = new Set((process.env.S3_BENCH_ROWS || 'presign,list,upload').split(','));
  const scratch = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const tmp = fs.mkdtempSync(path.join(scratch, 's3-bench-'));
  const server = await startMoto({ seedable: true });
  const info: S3ServerInfo = { endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
  const setup = new S3Client({ endpoint: info.endpoint, region: info.region, pathStyle: true, credentials: new StaticAccessKeyProvider(info.accessKeyId, info.secretAccessKey) });
  const worker = path.join(__dirname, 's3Worker.js');
  const run = (name: string, task: S3Task, r: number): Promise<WorkerResult> => runChild(worker, task, `s3 ${task.task}/${name} round ${r + 1}`, log);
  const rows: Comparison[] = [];
  const cpu = (rs: WorkerResult[]): number => round(median(rs.map((r) => r.cpuMs ?? 0)));
  log(`s3: moto at ${info.endpoint}; load average ${os.loadavg().map((l) => round(l, 1)).join(' ')}`);
  try {
    // 1. Presigning (no request is made; moto answers 500 to any presigned GET, see the S3 tests).
    if (picked.has('presign')) {
    const p = await alternateRuns(rounds, ['ours', 'sdk'] as const, (n, r) => run(n, { task: 'presign', impl: n, seconds: 1, server: info }, r));
    const rate = (rs: WorkerResult[]): number => median(rs.map((r) => (r.count / r.ms) * 1000));
    rows.push(compare('S3 presign (URLs/s)', 'URLs/s', rate(p.ours), rate(p.sdk), 2, 'higher', '@aws-sdk/s3-request-presigner getSignedUrl, both warmed up first'));
    }

    // 2. Listing.
    if (picked.has('list')) {
    await setup.createBucket('bench-list');
    log(`s3: seeding ${keys} keys into moto`);
    await server.seed!('bench-list', 'item-', keys);
    const l = await alternateRuns(rounds, ['ours', 'sdk'] as const, (n, r) => run(n, { task: 'list', impl: n, bucket: 'bench-list', server: info }, r));
    for (const r of [...l.ours, ...l.sdk]) if (r.count !== keys) throw new Error(`S3 listing returned ${r.count} keys, expected ${keys}`);
    const ms = (rs: WorkerResult[]): number => median(rs.map((r) => r.ms));
    rows.push(compare(`S3 list ${round(keys / 1000, 1)}k keys, 1000/page`, 'ms', ms(l.ours), ms(l.sdk), 0.5, 'lower',
      `@aws-sdk/client-s3 ListObjectsV2 loop on moto; client CPU ${cpu(l.ours)} ms vs ${cpu(l.sdk)} ms`));
    }

    // 3. Upload.
    if (picked.has('upload')) {
    await setup.createBucket('bench-upload');
    const file = path.join(tmp, 'payload.bin');
    log(`s3: writing a ${mib} MiB file`);
    makeFile(file, mib * MiB);
    const u = await alternateRuns(rounds, ['ours', 'sdk'] as const, (n, r) => run(n, { task: 'upload', impl: n, bucket: 'bench-upload', key: `up-${n}.bin`, file, server: info }, r));
    const mbps = (rs: WorkerResult[]): number => median(rs.map((r) => r.count / MiB / (r.ms / 1000)));
    rows.push(compare(`S3 upload ${mib >= 1024 ? `${round(mib / 1024, 2)} GiB` : `${mib} MiB`}`, 'MB/s', mbps(u.ours), mbps(u.sdk), 1.2, 'higher',
      `@aws-sdk/lib-storage Upload, its defaults (5 MiB parts, 4 at a time) vs ours (16 MiB, 4); client CPU ${cpu(u.ours)} ms vs ${cpu(u.sdk)} ms; on moto`));
    }
  } finally {
    setup.destroy();
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}
