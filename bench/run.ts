/**
 * `npm run bench`: our client against ali-oss and against raw node:http, on one machine in one run,
 * against the local OSS server started here (in this process; every contender runs in a child
 * process of its own, alternately, several times; medians are reported).
 *
 * Writes bench/results.json and prints a table; with --update-readme it also rewrites the table
 * between the bench markers in README.md.
 */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startOssServer } from '../test/support/ossServer';
import { DEFAULT_PARALLEL, choosePartSize } from '../src/core/client';
import { compare, formatTable, median, round, type Comparison } from './stats';
import { crcRows } from './crc';
import { s3Rows } from './s3';
import { alternateRuns, makeFile, runChild } from './child';
import { smallRows } from './small';
import { findRows } from './find';
import type { ServerInfo, Task, WorkerResult } from './worker';

const ROOT = path.resolve(__dirname, '..', '..');
const MiB = 1024 * 1024;
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick'); // smaller sizes, for checking the harness itself
// --only a,b runs only those sections (presign, list, transfer, extension, host, and the ones
// added below); the README is then left alone.
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : undefined;
const want = (section: string): boolean => !only || only.has(section);
/** `--small-files N`: the small-files section's file count (default 10,000; 1,000 with --quick). */
const numberArg = (name: string): number | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
};
const TRANSFER_BYTES = quick ? 64 * MiB : 1024 * MiB;
const LIST_KEYS = quick ? 10_000 : 100_000;
const FOLDER_KEYS = quick ? 5_000 : 50_000;
const ROUNDS_TRANSFER = quick ? 1 : 3;
const ROUNDS_LIST = quick ? 2 : 5;
const ROUNDS_PRESIGN = 3;
const TREE_PAGE = 100; // the default ossExplorer.pageSize

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** Runs one contender in a child process (asynchronously: the server lives in this process). */
function runWorker(task: Task): Promise<WorkerResult> {
  return runChild<WorkerResult>(path.join(__dirname, 'worker.js'), task, `${task.task}/${task.impl}`);
}

/** Runs every contender `rounds` times, alternating, and returns each one's results. */
async function alternate<K extends string>(rounds: number, tasks: Record<K, Task>, after?: (name: K, r: WorkerResult) => void): Promise<Record<K, WorkerResult[]>> {
  return alternateRuns(rounds, Object.keys(tasks) as K[], async (n, r) => {
    const result = await runWorker(tasks[n]);
    log(`${n} round ${r + 1}: ${round(result.ms)} ms, count ${result.count}, peak RSS ${round(result.maxRssMB)} MB${result.cpuMs === undefined ? '' : `, CPU ${round(result.cpuMs)} ms`}`);
    after?.(n, result);
    return result;
  });
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${round(os.totalmem() / 1024 ** 3, 1)} GiB RAM, ` +
    `${os.type()} ${os.release()}, Node ${process.version}`;
}

/** scripts/bench-activation.js: medians of our activation and of a minimal extension's, in the same host runs. */
function readActivation(): { activationMs: number; baselineMs: number; runs: number } | undefined {
  const file = path.join(ROOT, 'bench', 'activation.json');
  if (!fs.existsSync(file)) return undefined;
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { activationMs?: number; baselineMs?: number; runs?: unknown[] };
  // An activation.json from before the minimal-extension baseline has no ratio to report.
  if (typeof data.activationMs !== 'number' || typeof data.baselineMs !== 'number') return undefined;
  return { activationMs: data.activationMs, baselineMs: data.baselineMs, runs: data.runs?.length ?? 0 };
}

function readHostRows(): Comparison[] {
  const file = path.join(ROOT, 'bench', 'host.json');
  if (!fs.existsSync(file)) {
    log('no bench/host.json: host rows not measured (scripts/bench-host.js)');
    return [];
  }
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { rows: Array<{ name: string; unit: string; ours: number[]; theirs: number[]; target: number; better: 'higher' | 'lower'; note?: string }> };
  return data.rows.map((r) => compare(r.name, r.unit, median(r.ours), median(r.theirs), r.target, r.better, `${r.note ? r.note + '; ' : ''}in the VS Code host, median of ${r.ours.length}`));
}

/** This run's rows in place of the same-named rows of bench/results.json; the others kept, in order. */
function mergeRows(fresh: Comparison[]): Comparison[] {
  const file = path.join(ROOT, 'bench', 'results.json');
  let earlier: Comparison[] = [];
  try {
    const prev = JSON.parse(fs.readFileSync(file, 'utf8')) as { quick?: boolean; comparisons?: Comparison[] };
    if (!prev.quick && Array.isArray(prev.comparisons)) earlier = prev.comparisons;
  } catch {
    earlier = [];
  }
  const byName = new Map(fresh.map((r) => [r.name, r]));
  const out = earlier.map((r) => byName.get(r.name) ?? r);
  for (const r of fresh) if (!earlier.some((e) => e.name === r.name)) out.push(r);
  return out;
}

function updateReadme(table: string, machineText: string, when: string): void {
  const readme = path.join(ROOT, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) {
    log('README.md has no bench markers; not updated');
    return;
  }
  const block = `${start}\nMeasured ${when} on ${machineText}.\n\n${table}\n${end}`;
  fs.writeFileSync(readme, text.slice(0, a) + block + text.slice(b + end.length));
  log('README.md benchmark table updated');
}

async function main(): Promise<void> {
  const started = Date.now();
  // This VM's disk writes at ~250 MB/s, which would make every transfer row measure the disk.
  // Keep the payload, the downloads and the server's blobs in memory-backed /dev/shm when there is one.
  const scratch = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const tmp = fs.mkdtempSync(path.join(scratch, 'oss-bench-'));
  const server = await startOssServer({ tmpDir: tmp });
  const info: ServerInfo = {
    endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret,
  };
  const rows: Comparison[] = [];
  try {
    const ms = (rs: WorkerResult[]) => median(rs.map((r) => r.ms));
    const mbps = (rs: WorkerResult[]) => median(rs.map((r) => r.count / MiB / (r.ms / 1000)));
    // 1. Presign throughput.
    if (want('presign')) {
    log('presign');
    const p = await alternate(ROUNDS_PRESIGN, {
      oursV4: { task: 'presign', impl: 'ours-v4', seconds: 1, server: info },
      aliV4: { task: 'presign', impl: 'alioss-v4', seconds: 1, server: info },
      oursV1: { task: 'presign', impl: 'ours-v1', seconds: 1, server: info },
      aliV1: { task: 'presign', impl: 'alioss-v1', seconds: 1, server: info },
    });
    const rate = (rs: WorkerResult[]) => median(rs.map((r) => (r.count / r.ms) * 1000));
    rows.push(compare('presign V4 (URLs/s)', 'URLs/s', rate(p.oursV4), rate(p.aliV4), 2, 'higher', 'ali-oss signatureUrlV4'));
    rows.push(compare('presign V1 (URLs/s)', 'URLs/s', rate(p.oursV1), rate(p.aliV1), 1, 'higher', 'ali-oss signatureUrl; no target set, shown for completeness'));

    }
    // 2. Listing.
    if (want('list')) {
    log(`seeding ${LIST_KEYS} + ${FOLDER_KEYS} keys`);
    server.createBucket('bench-list');
    for (let i = 0; i < LIST_KEYS; i++) server.putObjectDirect('bench-list', `item-${String(i).padStart(6, '0')}.json`, 'x');
    server.createBucket('bench-folder');
    for (let i = 0; i < FOLDER_KEYS; i++) server.putObjectDirect('bench-folder', `big/file-${String(i).padStart(6, '0')}.txt`, 'x');
    const l = await alternate(ROUNDS_LIST, {
      ours: { task: 'list', impl: 'ours', bucket: 'bench-list', prefix: '', maxKeys: 1000, firstPageOnly: false, server: info },
      ali: { task: 'list', impl: 'alioss', bucket: 'bench-list', prefix: '', maxKeys: 1000, firstPageOnly: false, server: info },
    });
    for (const r of [...l.ours, ...l.ali]) if (r.count !== LIST_KEYS) throw new Error(`listing returned ${r.count} keys, expected ${LIST_KEYS}`);
    rows.push(compare(`list ${LIST_KEYS / 1000}k keys, 1000/page`, 'ms', ms(l.ours), ms(l.ali), 0.5, 'lower', 'ali-oss listV2 loop; whole process incl. start-up'));
    const f = await alternate(ROUNDS_LIST, {
      ours: { task: 'list', impl: 'ours', bucket: 'bench-folder', prefix: 'big/', maxKeys: TREE_PAGE, firstPageOnly: true, server: info },
      ali: { task: 'list', impl: 'alioss', bucket: 'bench-folder', prefix: 'big/', maxKeys: TREE_PAGE, firstPageOnly: true, server: info },
    });
    rows.push(compare(`first tree page of a ${FOLDER_KEYS / 1000}k folder`, 'ms', ms(f.ours), ms(f.ali), 1, 'lower', 'ali-oss listV2 first page; no target set'));

    }
    // CRC-64 kernel throughput (bench/crc.ts).
    if (want('crc')) rows.push(...(await crcRows({ quick, log })));
    // S3: ours against the AWS SDK on a local moto (bench/s3.ts).
    if (want('s3')) rows.push(...(await s3Rows({ quick, log })));
    // 3. Upload, 4. download.
    if (want('transfer')) {
    const file = path.join(tmp, 'payload.bin');
    log(`writing a ${TRANSFER_BYTES / MiB} MiB file`);
    makeFile(file, TRANSFER_BYTES);
    server.createBucket('bench-transfer');
    const partSize = choosePartSize(TRANSFER_BYTES);
    const parallel = DEFAULT_PARALLEL;
    const up = (impl: Extract<Task, { task: 'upload' }>['impl']): Task => ({
      task: 'upload', impl, bucket: 'bench-transfer', key: `upload-${impl}.bin`, file, partSize, parallel, server: info,
    });
    const u = await alternate(ROUNDS_TRANSFER, { ours: up('ours'), aliDefault: up('alioss-default'), aliTuned: up('alioss-tuned'), raw: up('raw') });
    rows.push(compare('upload 1 GiB vs ali-oss default', 'MB/s', mbps(u.ours), mbps(u.aliDefault), 1.5, 'higher', 'ali-oss multipartUpload, its defaults (1 MiB parts, parallel 5)'));
    rows.push(compare('upload 1 GiB vs ali-oss tuned', 'MB/s', mbps(u.ours), mbps(u.aliTuned), 1.2, 'higher', `ali-oss multipartUpload with our part size ${partSize / MiB} MiB and parallel ${parallel}`));
    rows.push(compare('upload 1 GiB vs raw PUT', 'MB/s', mbps(u.ours), mbps(u.raw), 1, 'higher', 'one streaming node:http PUT, no CRC'));
    const rssLimit = 64 + (parallel * partSize) / MiB;
    rows.push(compare('upload peak RSS', 'MB', median(u.ours.map((r) => r.maxRssMB)), rssLimit, 1, 'lower', `limit 64 MB + parallel × part size; ali-oss default peaked at ${round(median(u.aliDefault.map((r) => r.maxRssMB)))} MB, raw at ${round(median(u.raw.map((r) => r.maxRssMB)))} MB`));

    server.putObjectDirect('bench-transfer', 'download.bin', ''); // replaced below by a real upload
    await runWorker({ ...up('ours'), key: 'download.bin' } as Task);
    const down = (impl: 'ours' | 'raw'): Task => ({ task: 'download', impl, bucket: 'bench-transfer', key: 'download.bin', file: path.join(tmp, `down-${impl}.bin`), server: info });
    const d = await alternate(ROUNDS_TRANSFER, { ours: down('ours'), raw: down('raw') });
    rows.push(compare('download 1 GiB vs raw GET', 'MB/s', mbps(d.ours), mbps(d.raw), 0.9, 'higher', 'one node:http GET piped to disk, no CRC; ours checks CRC-64 and renames'));

    }
    // Many small files, both ways (bench/small.ts).
    if (want('small')) rows.push(...(await smallRows({ quick, files: numberArg('--small-files'), log, server, info, tmp, alternate })));
    // Find Objects over a million keys (bench/find.ts).
    if (want('find')) rows.push(...(await findRows({ quick, keys: numberArg('--find-keys'), log, server, info, alternate })));
    // 5. The extension.
    if (want('extension')) {
    // scripts/check-bundle.js measures dist/ (the production build npm run bench made) and checks the packaging.
    const check = cp.spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'check-bundle.js'), '--json'], { encoding: 'utf8' });
    const bundle = JSON.parse(check.stdout) as { main: number; total: number; budget: number; chunks: unknown[] };
    rows.push(compare('production bundle: main chunk', 'KB', bundle.main / 1024, bundle.budget / 1024, 1, 'lower',
      `theirs = the ${bundle.budget / 1024} KB budget; dist/extension.js, loaded at activation; ${bundle.chunks.length} lazy chunks, ${round(bundle.total / 1024)} KB in all`));
    const activation = readActivation();
    if (activation !== undefined) {
      rows.push(compare('activation vs a minimal extension', 'ms', activation.activationMs, activation.baselineMs, 1.5, 'lower',
        `theirs = an extension registering one view and one command, in the same host run (code-server 1.100.3); ext.activate() wall time, median of ${activation.runs}, order alternated`));
    } else {
      log('no bench/activation.json with a baseline: activation not measured (node scripts/bench-activation.js)');
    }
    }
    // 6. Rows measured inside the VS Code host (scripts/bench-host.js -> bench/host.json).
    if (want('host')) rows.push(...readHostRows());
  } finally {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const m = machine();
  const today = new Date().toISOString().slice(0, 10);
  for (const r of rows) r.measured ??= today;
  // --merge: keep the rows of earlier runs that this run did not measure (each keeps its date), so
  // sections can be measured one at a time and the table still shows every row.
  const all = args.has('--merge') ? mergeRows(rows) : rows;
  const results = { machine: m, date: new Date().toISOString(), quick, comparisons: all };
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const table = formatTable(all);
  process.stdout.write(`\nMachine: ${m}\n\n${table}\n\nbench: ${all.filter((r) => r.met).length} of ${all.length} targets met in ${round((Date.now() - started) / 1000, 1)} s\n`);
  if (args.has('--update-readme') && !quick && (!only || args.has('--merge'))) updateReadme(table, m, today);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
