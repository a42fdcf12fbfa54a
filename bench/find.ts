/**
 * `--only find`: Find Objects over a bucket of 1,000,000 keys (seeded straight into the local
 * server's store, not PUT), ours (core findObjects: a delimiter-free listing, several top-level
 * prefixes paged at once) against an ali-oss listV2 loop with the same substring filter: time to the
 * first match and to the end of the scan, and peak RSS (no full key list is held).
 * `--find-keys N` overrides the key count.
 */
import type { OssServer } from '../test/support/ossServer';
import { compare, median, round, type Comparison } from './stats';
import type { ServerInfo, Task, WorkerResult } from './worker';

export interface FindContext {
  quick: boolean;
  keys?: number;
  log: (m: string) => void;
  server: OssServer;
  info: ServerInfo;
  alternate: <K extends string>(rounds: number, tasks: Record<K, Task>, after?: (name: K, r: WorkerResult) => void) => Promise<Record<K, WorkerResult[]>>;
}

const BUCKET = 'bench-find';
const PER_TOP = 5000;
/** One key in this many holds the needle. */
const EVERY = 10_000;

/** `count` keys, 5,000 to a top-level folder, in 10 sub-folders each; one in 10,000 holds "needle". */
function seed(server: OssServer, count: number): number {
  server.createBucket(BUCKET);
  const body = 'x';
  let needles = 0;
  for (let i = 0; i < count; i++) {
    const top = `t${String(Math.floor(i / PER_TOP)).padStart(4, '0')}`;
    const hit = i % EVERY === EVERY / 2;
    if (hit) needles++;
    server.putObjectDirect(BUCKET, `${top}/d${(i % PER_TOP) % 10}/${hit ? 'needle-' : 'item-'}${String(i).padStart(7, '0')}.json`, body);
  }
  return needles;
}

export async function findRows(ctx: FindContext): Promise<Comparison[]> {
  const { server, info, log } = ctx;
  const count = ctx.keys ?? (ctx.quick ? 100_000 : 1_000_000);
  const rounds = ctx.quick ? 1 : 3;
  log(`find: seeding ${count} keys`);
  const t0 = performance.now();
  const needles = seed(server, count);
  log(`find: seeded in ${round((performance.now() - t0) / 1000, 1)} s`);
  const task = (impl: 'ours' | 'alioss'): Task => ({ task: 'find', impl, bucket: BUCKET, pattern: 'needle', server: info });
  const r = await ctx.alternate(rounds, { ours: task('ours'), ali: task('alioss') }, (name, res) => {
    if (res.count !== needles) throw new Error(`find ${name}: ${res.count} matches, expected ${needles}`);
  });
  const ms = (rs: WorkerResult[]): number => median(rs.map((x) => x.ms));
  const first = (rs: WorkerResult[]): number => median(rs.map((x) => x.firstMs ?? NaN));
  const rss = (rs: WorkerResult[]): number => median(rs.map((x) => x.maxRssMB));
  const label = `${(count / 1e6).toLocaleString('en')}M keys`;
  return [
    compare(`find in ${label}: whole scan`, 'ms', ms(r.ours), ms(r.ali), 0.5, 'lower', `ali-oss listV2 loop (1000/page) with the same substring filter; ${needles} matches`),
    compare(`find in ${label}: first match`, 'ms', first(r.ours), first(r.ali), 0.5, 'lower', 'from the start of the task to the first match'),
    compare(`find in ${label}: peak RSS`, 'MB', rss(r.ours), rss(r.ali), 1.5, 'lower', 'no full key list is held; theirs = the ali-oss loop'),
  ];
}
