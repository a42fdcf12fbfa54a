/**
 * Where the small-files section's memory goes (a profiling tool, not part of `npm run bench`):
 * `node out/bench/smallMem.js [N,N,...] [--trace-gc]` runs each contender once per file count (and
 * with N = 0, a worker that loads the client and makes one listing), both ways, and prints peak RSS
 * with the peaks of process.memoryUsage() sampled in the worker. With --trace-gc each worker runs
 * under node --trace-gc and the largest heap left after a mark-compact (the live set) is printed too.
 */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startOssServer } from '../test/support/ossServer';
import { DEFAULT_FILE_CONCURRENCY } from '../src/core/transfer';
import { makeTree } from './small';
import { round } from './stats';
import type { SmallTask } from './smallWorker';
import type { ServerInfo, WorkerResult } from './worker';

const args = process.argv.slice(2);
const traceGc = args.includes('--trace-gc');
const counts = (args.find((a) => /^[\d,]+$/.test(a)) ?? '0,1000,2500,5000,10000').split(',').map(Number);
const impls = (process.env.SMALLMEM_IMPLS ?? 'ours,alioss,raw').split(',') as SmallTask['impl'][];

function run(task: SmallTask): Promise<WorkerResult & { liveMB?: number; gcs?: number }> {
  const flags = traceGc ? ['--trace-gc'] : [];
  return new Promise((resolve, reject) => {
    const child = cp.spawn(process.execPath, [...flags, path.join(__dirname, 'worker.js'), JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`worker exit ${code}`));
      const lines = out.trim().split('\n');
      const r = JSON.parse(lines.filter((l) => l.startsWith('{')).pop() ?? '') as WorkerResult & { liveMB?: number; gcs?: number };
      // "Mark-Compact 40.1 (45.0) -> 30.2 (46.0) MB": the heap after a full GC.
      const after = lines.map((l) => /Mark-Compact[^>]*-> ([\d.]+) \(/.exec(l)).filter((m) => m !== null).map((m) => Number(m[1]));
      if (traceGc) {
        r.liveMB = after.length ? Math.max(...after) : undefined;
        r.gcs = lines.filter((l) => /Scavenge|Mark-Compact|Mark-sweep/.test(l)).length;
      }
      resolve(r);
    });
  });
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'oss-smallmem-'));
  const server = await startOssServer({ tmpDir: tmp });
  const info: ServerInfo = { endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret };
  try {
    server.createBucket('mem-down');
    server.createBucket('mem-up');
    process.stdout.write('N\tway\timpl\tms\tpeakRSS\tstartRSS\theapUsed\theapTotal\texternal\tarrayBuf' + (traceGc ? '\tlive\tgcs' : '') + '\n');
    for (const n of counts) {
      const src = path.join(tmp, `src-${n}`);
      fs.mkdirSync(src, { recursive: true });
      makeTree(src, n, server, 'mem-down', `n${n}`);
      for (const way of ['small-up', 'small-down'] as const) {
        for (const impl of impls) {
          const dir = way === 'small-up' ? src : path.join(tmp, `down-${n}-${impl}`);
          const r = await run({ task: way, impl, bucket: way === 'small-up' ? 'mem-up' : 'mem-down', name: `n${n}`, dir, concurrency: DEFAULT_FILE_CONCURRENCY, server: info });
          const m = r.mem;
          process.stdout.write([n, way, impl, round(r.ms), round(r.maxRssMB, 1), round(m?.startRssMB ?? 0, 1), round(m?.heapUsedMB ?? 0, 1), round(m?.heapTotalMB ?? 0, 1), round(m?.externalMB ?? 0, 1), round(m?.arrayBuffersMB ?? 0, 1),
            ...(traceGc ? [r.liveMB ?? '-', r.gcs ?? '-'] : [])].join('\t') + '\n');
          if (way === 'small-up') for (const k of server.listKeys('mem-up', `n${n}/`)) server.deleteObjectDirect('mem-up', k);
          else fs.rmSync(dir, { recursive: true, force: true });
        }
      }
      fs.rmSync(src, { recursive: true, force: true });
      for (const k of server.listKeys('mem-down', `n${n}/`)) server.deleteObjectDirect('mem-down', k);
    }
  } finally {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`smallMem failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
