/**
 * Fault soak: `npm run soak -- [--seconds N] [--seed S] [--rate P] [--workers W] [--check]`.
 *
 * Drives core's upload, download, copy, move and delete on mixed sizes against the local OSS
 * server while it injects seeded random faults (test/support/ossServer/chaos.ts), checks every
 * outcome against the server's true state, and at the end that nothing is partial, no multipart
 * upload is left, the download folder is clean and the log holds no secret. The last stdout line
 * is one JSON object; it is also written to soak/results.json. With --check the exit code is 1
 * when a required zero is not zero.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUCKET, createWorld, leakyLines, truthOf, type World } from './world';
import { Judge, type OpKind, type Tally } from './ops';
import { cleanUpOrphanedUploads } from '../../src/core/orphans';

interface Args {
  seconds: number;
  seed: number;
  rate: number;
  workers: number;
  keys: number;
  check: boolean;
  verbose: boolean;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { seconds: 120, seed: 1, rate: 0.08, workers: 4, keys: 24, check: false, verbose: false, out: 'soak/results.json' };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${name} needs a non-negative number`);
      return v;
    };
    if (name === '--seconds') a.seconds = num();
    else if (name === '--seed') a.seed = Math.floor(num());
    else if (name === '--rate') a.rate = Math.min(1, num());
    else if (name === '--workers') a.workers = Math.max(1, Math.floor(num()));
    else if (name === '--keys') a.keys = Math.max(2, Math.floor(num()));
    else if (name === '--out') a.out = String(argv[++i]);
    else if (name === '--check') a.check = true;
    else if (name === '--verbose') a.verbose = true;
    else throw new Error(`unknown option ${name} (use --seconds N --seed S [--rate P --workers W --keys K --out FILE --check --verbose])`);
  }
  return a;
}

const MIX: [OpKind, number][] = [['upload', 0.34], ['download', 0.26], ['copy', 0.14], ['move', 0.14], ['delete', 0.12]];
/** Time kept at the end of a run for operations in flight and the final checks. */
const FINISH_RESERVE_MS = 2000;
/** An operation that has not settled by then is a hang (counted as unexpected). */
const OP_DEADLINE_MS = 60_000;

function pickKind(rng: () => number): OpKind {
  let r = rng();
  for (const [k, p] of MIX) {
    if ((r -= p) < 0) return k;
  }
  return 'upload';
}

async function worker(w: World, judge: Judge, keys: string[], busy: Set<string>, state: Map<string, string | null>, until: number): Promise<void> {
  while (Date.now() < until) {
    let kind = pickKind(w.rng);
    const free = keys.filter((k) => !busy.has(k));
    const present = free.filter((k) => state.get(k) !== null);
    if (kind !== 'upload' && present.length === 0) kind = 'upload';
    const pick = (xs: string[]): string => xs[Math.floor(w.rng() * xs.length)];
    const first = kind === 'upload' ? pick(free) : pick(present);
    if (first === undefined) {
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    const chosen = [first];
    if (kind === 'copy' || kind === 'move') {
      const second = pick(free.filter((k) => k !== first));
      if (second === undefined) continue;
      chosen.push(second);
    }
    for (const k of chosen) busy.add(k);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), OP_DEADLINE_MS)));
    const done = judge.run(kind, chosen, state).then(() => 'done' as const);
    const r = await Promise.race([done, deadline]);
    clearTimeout(timer);
    if (r === 'hung') {
      judge.tally.unexpected++;
      judge.tally.problems.push(`unexpected: ${kind} ${chosen.join(' -> ')} did not settle within ${OP_DEADLINE_MS} ms`);
      continue; // its keys stay busy
    }
    for (const k of chosen) busy.delete(k);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const w = await createWorld(args.seed, args.rate);
  const tally: Tally = { operations: 0, failedClean: 0, unexpected: 0, corrupt: 0, byKind: {}, problems: [] };
  const judge = new Judge(w, tally, args.verbose);
  const keys = Array.from({ length: args.keys }, (_, i) => `soak/${String(i).padStart(2, '0')}/obj-${i}.bin`);
  const state = new Map<string, string | null>(keys.map((k) => [k, null]));
  const busy = new Set<string>();
  // --seconds is the whole run, start-up (module loading) and final checks included: new
  // operations start until a short reserve before the end, for those in flight to settle.
  const until = Math.max(started + 1000, performance.timeOrigin + args.seconds * 1000 - FINISH_RESERVE_MS);
  await Promise.all(Array.from({ length: args.workers }, () => worker(w, judge, keys, busy, state, until)));
  w.stopChaos();
  const faults = w.server.faults.firedTotal;

  // Final checks, with the faults off.
  for (const k of keys) {
    if (busy.has(k)) continue; // a hung operation was already counted
    const truth = await truthOf(w, k);
    if (truth !== state.get(k)) {
      tally.corrupt++;
      tally.problems.push(`corrupt: ${k} changed after its last operation: ${truth} instead of ${state.get(k)}`);
    }
  }
  for (const k of w.server.listKeys(BUCKET)) {
    if (!state.has(k)) {
      tally.corrupt++;
      tally.problems.push(`corrupt: stray object ${k}`);
    }
  }
  // What the product offers once the service answers again: clean up the recorded orphans.
  // Anything still listed after that was left behind without a trace.
  const recorded = w.orphans.list().length;
  await cleanUpOrphanedUploads(w.client, w.orphans);
  const uploads = await w.client.listMultipartUploads(BUCKET);
  const partialFiles = (fs.readdirSync(w.downDir, { recursive: true }) as string[]).length;
  const leaks = leakyLines(w.log, w.secrets());
  const result = {
    seed: args.seed,
    seconds: args.seconds,
    operations: tally.operations,
    faults,
    corrupt: tally.corrupt,
    orphanedUploads: uploads.length,
    partialFiles,
    secretsInLog: leaks.length,
    failedClean: tally.failedClean,
    unexpected: tally.unexpected,
  };
  const details = {
    ...result,
    elapsedSeconds: (Date.now() - performance.timeOrigin) / 1000,
    byKind: tally.byKind,
    faultsByKind: w.server.faults.fired,
    stsTokensIssued: w.sts.issued.length,
    orphansRecorded: recorded,
    leftoverUploads: uploads.map((u) => u.key),
    problems: tally.problems.slice(0, 50),
    leakSamples: leaks.slice(0, 5).map((l) => l.slice(0, 200)),
  };
  await w.close();
  fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(details, null, 2) + '\n');
  fs.writeFileSync(args.out.replace(/\.json$/, '') + '.log', w.log.join('\n') + '\n');
  if (tally.problems.length || leaks.length || uploads.length) {
    console.error(JSON.stringify({ problems: details.problems, leftoverUploads: details.leftoverUploads, leakSamples: details.leakSamples }, null, 2));
  }
  console.error(`[soak] ${JSON.stringify({ byKind: tally.byKind, faultsByKind: details.faultsByKind, elapsedSeconds: details.elapsedSeconds })}`);
  console.log(JSON.stringify(result));
  const bad = result.corrupt + result.orphanedUploads + result.partialFiles + result.secretsInLog + result.unexpected;
  process.exit(args.check && bad > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
