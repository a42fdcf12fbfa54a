// @ts-check
'use strict';
/**
 * `npm run test:host:isolation`: proves that host tests do not depend on each other's order.
 * Not part of `npm test` (it starts the extension host once per run, ~30 s each).
 *
 *   1. every host test file, alone           (OSS_HOST_TEST_FILES=<file>)
 *   2. a sample of single tests, alone        (OSS_HOST_TEST_GREP=<its exact title>)
 *
 * Options: --sample N (default 8 single tests, chosen with --seed S, default 1; the reveal
 * test is always in the sample), --files-only, --tests-only.
 * Prints one line per run and, last, `isolation: N passed, N failed` (runs, not tests).
 */
const cp = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const hostDir = path.join(root, 'test', 'host');

/** @param {string} name @param {string} fallback */
function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** @param {string} dir @returns {string[]} */
function testFiles(dir) {
  return /** @type {string[]} */ (fs.readdirSync(dir, { recursive: true }))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => f.replace(/\\/g, '/'))
    .sort();
}

/**
 * Full titles ("suite title test title", as mocha's grep sees them) of the tests in a file,
 * read from the source: one describe per file, its(...) with single-quoted titles.
 * @param {string} file @returns {string[]}
 */
function titlesOf(file) {
  const src = fs.readFileSync(path.join(hostDir, file), 'utf8');
  const suite = /describe\('((?:[^'\\]|\\.)*)'/.exec(src)?.[1];
  if (!suite) return [];
  return [...src.matchAll(/\bit\('((?:[^'\\]|\\.)*)'/g)].map((m) => `${suite} ${m[1]}`.replace(/\\'/g, "'"));
}

/** @param {string} s */
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** @param {string} what @param {Record<string, string>} env @returns {{ ok: boolean, line: string }} */
function runHost(what, env) {
  const started = Date.now();
  const r = cp.spawnSync(process.execPath, [path.join(__dirname, 'test-host.js'), '--no-build'], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const m = /extension host \([^)]*\): (\d+) passed, (\d+) failed/.exec(out);
  const passed = m ? Number(m[1]) : 0;
  const failed = m ? Number(m[2]) : 1;
  const ok = r.status === 0 && passed > 0 && failed === 0;
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  if (!ok) process.stdout.write(out.split('\n').slice(-40).join('\n') + '\n');
  return { ok, line: `${ok ? 'PASS' : 'FAIL'}  ${what}: ${passed} passed, ${failed} failed (${secs} s)` };
}

function main() {
  const build = cp.spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'compile-tests'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
  const wp = cp.spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (wp.status !== 0) process.exit(1);

  const files = testFiles(hostDir);
  let ok = 0;
  let bad = 0;
  const record = (/** @type {{ ok: boolean, line: string }} */ r) => {
    console.log(r.line);
    if (r.ok) ok++;
    else bad++;
  };
  if (!process.argv.includes('--tests-only')) {
    for (const f of files) record(runHost(`file ${f}`, { OSS_HOST_TEST_FILES: f.replace(/\.ts$/, '.js') }));
  }
  if (!process.argv.includes('--files-only')) {
    const all = files.flatMap(titlesOf);
    /** @type {{ mulberry32: (seed: number) => () => number }} */
    const { mulberry32 } = require(path.join(root, 'out', 'test', 'support', 'prng.js'));
    const rand = mulberry32(Number(arg('--seed', '1')));
    const n = Math.min(all.length, Number(arg('--sample', '8')));
    const sample = all.filter((t) => /reveals an object beyond/.test(t));
    while (sample.length < n) {
      const t = all[Math.floor(rand() * all.length)];
      if (!sample.includes(t)) sample.push(t);
    }
    for (const t of sample) record(runHost(`test "${t}"`, { OSS_HOST_TEST_GREP: `^${escapeRegExp(t)}$` }));
  }
  console.log(`isolation: ${ok} passed, ${bad} failed`);
  process.exit(bad > 0 ? 1 : 0);
}

main();
