/**
 * `--only small`: a folder of many small files (1–16 KiB, in nested folders like a static site)
 * uploaded and downloaded back, in objects per second: ours (the Upload/Download commands' core
 * calls with their defaults) against ali-oss in a promise pool of the same concurrency, and against
 * a raw keep-alive PUT/GET loop (the server's limit). Also the planning requests ours made (one
 * listing, no HEAD per file) and its peak RSS against the same contenders on a tenth of the files
 * (flat memory: ≤ 1.2×). `--small-files N` overrides the file count.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_FILE_CONCURRENCY } from '../src/core/transfer';
import type { OssServer } from '../test/support/ossServer';
import { compare, median, round, type Comparison } from './stats';
import type { SmallTask } from './smallWorker';
import type { ServerInfo, Task, WorkerResult } from './worker';

export interface SmallContext {
  quick: boolean;
  files?: number;
  log: (m: string) => void;
  server: OssServer;
  info: ServerInfo;
  tmp: string;
  /** bench/run.ts's alternate(), with a callback after every run (for clean-up and request counts). */
  alternate: <K extends string>(rounds: number, tasks: Record<K, Task>, after?: (name: K, r: WorkerResult) => void) => Promise<Record<K, WorkerResult[]>>;
}

const KiB = 1024;
const UP_BUCKET = 'bench-small-up';
const DOWN_BUCKET = 'bench-small';
const NAME = 'site';

/** `count` files of 1–16 KiB below `dir`, 100 to a folder, two levels deep, also put as `<name>/...` in `bucket`; returns their total size. */
export function makeTree(dir: string, count: number, server: OssServer, bucket = DOWN_BUCKET, name = NAME): number {
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const block = crypto.randomBytes(16 * KiB);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const rel = `s${String(Math.floor(i / 1000)).padStart(2, '0')}/d${String(Math.floor(i / 100) % 10)}/f-${String(i).padStart(5, '0')}.html`;
    const size = KiB + Math.floor(rand() * 15 * KiB);
    block.writeUInt32LE(i, 0);
    const body = block.subarray(0, size);
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    server.putObjectDirect(bucket, `${name}/${rel}`, body);
    total += size;
  }
  return total;
}

function emptyPrefix(server: OssServer, bucket: string, prefix: string): void {
  for (const k of server.listKeys(bucket, prefix)) server.deleteObjectDirect(bucket, k);
}

export async function smallRows(ctx: SmallContext): Promise<Comparison[]> {
  const { server, info, tmp, log } = ctx;
  const count = ctx.files ?? (ctx.quick ? 1000 : 10_000);
  const rounds = ctx.quick ? 1 : 3;
  const concurrency = DEFAULT_FILE_CONCURRENCY;
  const src = path.join(tmp, 'small-src');
  server.createBucket(UP_BUCKET);
  server.createBucket(DOWN_BUCKET);
  log(`small: writing ${count} files of 1–16 KiB`);
  const bytes = makeTree(src, count, server);
  const task = (kind: SmallTask['task'], impl: SmallTask['impl']): SmallTask => ({
    task: kind, impl, bucket: kind === 'small-up' ? UP_BUCKET : DOWN_BUCKET, name: NAME,
    dir: kind === 'small-up' ? src : path.join(tmp, `small-down-${impl}`), concurrency, server: info,
  });
  const planning: { lists: number; heads: number }[] = [];
  const countOps = (): { lists: number; heads: number } => ({
    lists: server.requests.filter((r) => r.op === 'ListObjectsV2').length,
    heads: server.requests.filter((r) => r.op === 'HeadObject').length,
  });
  const check = (name: string, r: WorkerResult): void => {
    if (r.count !== count) throw new Error(`small ${name}: ${r.count} objects moved, expected ${count}`);
  };
  server.clearRequests();
  const up = await ctx.alternate(rounds, { ours: task('small-up', 'ours'), ali: task('small-up', 'alioss'), raw: task('small-up', 'raw') }, (name, r) => {
    check(`upload ${name}`, r);
    if (server.listKeys(UP_BUCKET, `${NAME}/`).length !== count) throw new Error(`small upload ${name}: the bucket does not hold ${count} objects`);
    if (name === 'ours') planning.push(countOps());
    emptyPrefix(server, UP_BUCKET, `${NAME}/`);
    server.clearRequests();
  });
  const down = await ctx.alternate(rounds, { ours: task('small-down', 'ours'), ali: task('small-down', 'alioss'), raw: task('small-down', 'raw') }, (name, r) => {
    check(`download ${name}`, r);
    const dir = path.join(tmp, `small-down-${name === 'ali' ? 'alioss' : name}`);
    const got = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    if (got !== count) throw new Error(`small download ${name}: ${got} files on disk, expected ${count}`);
    if (name === 'ours') planning.push(countOps());
    fs.rmSync(dir, { recursive: true, force: true });
    server.clearRequests();
  });
  const rate = (rs: WorkerResult[]): number => median(rs.map((r) => (r.count / r.ms) * 1000));
  const [upPlan, downPlan] = [planning[0], planning[rounds]];
  const label = `${count.toLocaleString('en')} files of 1–16 KiB`;
  const size = `${round(bytes / 1024 / 1024, 1)} MiB in all`;
  const rows = [
    compare(`upload ${label} vs ali-oss pool`, 'objects/s', rate(up.ours), rate(up.ali), 1.5, 'higher', `ali-oss put() in a promise pool of ${concurrency} (ours: its default of ${concurrency} files at a time); ${size}`),
    compare(`upload ${label} vs raw PUT loop`, 'objects/s', rate(up.ours), rate(up.raw), 0.8, 'higher', `presigned keep-alive PUTs, ${concurrency} at a time, no planning or CRC; ours planned with ${upPlan.lists} listing(s) and ${upPlan.heads} HEAD`),
    compare(`download ${label} vs ali-oss pool`, 'objects/s', rate(down.ours), rate(down.ali), 1.5, 'higher', `ali-oss listV2 + get() to a file in a promise pool of ${concurrency}`),
    compare(`download ${label} vs raw GET loop`, 'objects/s', rate(down.ours), rate(down.raw), 0.8, 'higher', `one listing + presigned keep-alive GETs written to files, ${concurrency} at a time, no CRC; ours planned with ${downPlan.lists} listing(s) and ${downPlan.heads} HEAD, checks CRC-64 and renames`),
  ];
  // Flatness: the same contenders once more on a tenth of the files (the first folder of the tree),
  // so the peak RSS at `count` files is compared with the peak at `base` files measured in this run.
  const base = count / 10;
  if (base === 100 || base === 1000) {
    const sub = base === 1000 ? 's00' : path.join('s00', 'd0');
    const subName = `${NAME}/${sub.split(path.sep).join('/')}`;
    const baseTask = (kind: SmallTask['task'], impl: SmallTask['impl']): SmallTask => kind === 'small-up'
      ? { ...task(kind, impl), dir: path.join(src, sub) }
      : { ...task(kind, impl), name: subName };
    const checkBase = (name: string, r: WorkerResult): void => {
      if (r.count !== base) throw new Error(`small ${name} (${base} files): ${r.count} objects moved, expected ${base}`);
    };
    log(`small: peak RSS at ${base} files`);
    const upBase = await ctx.alternate(1, { ours: baseTask('small-up', 'ours'), ali: baseTask('small-up', 'alioss'), raw: baseTask('small-up', 'raw') }, (name, r) => {
      checkBase(`upload ${name}`, r);
      emptyPrefix(server, UP_BUCKET, `${NAME}/`);
      server.clearRequests();
    });
    const downBase = await ctx.alternate(1, { ours: baseTask('small-down', 'ours'), ali: baseTask('small-down', 'alioss'), raw: baseTask('small-down', 'raw') }, (name, r) => {
      checkBase(`download ${name}`, r);
      fs.rmSync(path.join(tmp, `small-down-${name === 'ali' ? 'alioss' : name}`), { recursive: true, force: true });
      server.clearRequests();
    });
    const rss = (rs: WorkerResult[]): number => median(rs.map((r) => r.maxRssMB));
    const idle = median([...up.ours, ...down.ours].map((r) => r.mem?.startRssMB ?? 0));
    const who = (big: WorkerResult[], small: WorkerResult[]): string => `${round(rss(big))} / ${round(rss(small))} MB = ${round(rss(big) / rss(small), 2)}×`;
    const flat = (way: 'upload' | 'download', at: typeof up, at0: typeof up): Comparison => compare(
      `small files peak RSS, ${way}: ${count.toLocaleString('en')} vs ${base.toLocaleString('en')} files`, 'MB', rss(at.ours), rss(at0.ours), 1.2, 'lower',
      `ours ${who(at.ours, at0.ours)} (median of ${rounds} vs 1 run; a worker that has only loaded the client: ${round(idle)} MB); ` +
      `ali-oss ${who(at.ali, at0.ali)}; raw ${who(at.raw, at0.raw)}`);
    rows.push(flat('upload', up, upBase), flat('download', down, downBase));
  }
  fs.rmSync(src, { recursive: true, force: true });
  return rows;
}
