#!/usr/bin/env node
'use strict';
/**
 * The host benchmarks for `npm run bench`: runs test/host/**\/*.bench.ts (compiled to out/) in one
 * real VS Code host (code-server 1.100.3 here) against the production bundle already in dist/
 * (--no-build), and writes their rows to bench/host.json for bench/run.ts. Each row holds the
 * samples of ours and of its contender, measured in the same host run (test/host/benchRecord.ts).
 * Options: --grep <title> runs only matching benchmarks.
 */
const cp = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const hasBench = (/** @type {string} */ dir) => fs.existsSync(dir) && fs.readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.bench.js'));
if (!hasBench(path.join(root, 'out', 'test', 'host'))) {
  console.error('bench-host: no host benchmarks compiled (out/test/host/**/*.bench.js); nothing to run');
  fs.writeFileSync(path.join(root, 'bench', 'host.json'), JSON.stringify({ date: new Date().toISOString(), rows: [] }, null, 2) + '\n');
  process.exit(0);
}
const out = path.join(os.tmpdir(), `oss-explorer-host-bench-${process.pid}.jsonl`);
fs.rmSync(out, { force: true });
const gi = process.argv.indexOf('--grep');
/** @type {NodeJS.ProcessEnv} */
const env = { ...process.env, OSS_HOST_BENCH: '1', OSS_HOST_BENCH_OUT: out, HOST_TEST_TIMEOUT_MS: process.env.HOST_TEST_TIMEOUT_MS || '900000', OSS_HOST_TEST_TIMEOUT_MS: '600000' };
if (gi > 0) env.OSS_HOST_TEST_GREP = process.argv[gi + 1];
const res = cp.spawnSync(process.execPath, [path.join(root, 'scripts', 'test-host.js'), '--no-build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
const rows = fs.existsSync(out)
  ? fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  : [];
fs.rmSync(out, { force: true });
fs.writeFileSync(path.join(root, 'bench', 'host.json'), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2) + '\n');
console.error(`bench-host: ${rows.length} row(s) written to bench/host.json${res.status === 0 ? '' : ` (host run exit ${res.status})`}`);
if (res.status !== 0) process.exit(1);
