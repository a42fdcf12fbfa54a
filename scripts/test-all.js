// @ts-check
'use strict';
/**
 * `npm test`: every check, in order, then one summary line.
 *
 *   0. system      scripts/lib/systemPackages.js: Chromium & co. present, or installed (root + apt),
 *                  or stop at once with the command to run (not with SKIP_HOST_TESTS=1 outside CI)
 *   1. typecheck   tsc --noEmit (fails on any type error anywhere)
 *   2. lint        eslint
 *   3. unit        tsc -> out/ (emits despite type errors), mocha in plain Node on
 *                  out/test/unit/**\/*.test.js (.mocharc.json)
 *   3b. soak       a 20-second fault soak with a fixed seed (out/bench/soak/run.js --check):
 *                  fails when anything is corrupt, orphaned, partial, leaked or unexpected;
 *                  counted as one test
 *   4. build       webpack (development) -> dist/extension.js, for the host and UI stages
 *   5. host        scripts/test-host.js: mocha inside a real VS Code extension host
 *   6. ui          only when test/ui/*.test.(ts|js) exist: mocha in plain Node driving the
 *                  workbench with Playwright (code-server + Chromium via scripts/lib/codeServer.js)
 *
 * Every stage runs even when an earlier one failed (so one run shows all problems); the exit
 * code is non-zero when any stage failed. The last line is always
 *   tests: N passed, N failed
 * totalling unit + host + UI tests (a stage that crashed before counting adds 1 failed).
 *
 * Environment: CI, SKIP_HOST_TESTS, VSCODE_EXECUTABLE_PATH, CHROMIUM_PATH, HOST_TEST_TIMEOUT_MS
 * (see scripts/test-host.js); SKIP_UI_TESTS=1 skips the UI stage (not under CI).
 */

const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const isCI = process.env.CI === 'true' || process.env.CI === '1';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-test-')), 'stage.json');

/** @type {{ name: string, ok: boolean, seconds: number, note: string, failures?: Array<{ title: string, message: string }> }[]} */
const stages = [];
/** Failing tests listed by name under their stage's summary line. */
const MAX_FAILURES_SHOWN = 8;
let passed = 0;
let failed = 0;
/** @type {cp.ChildProcess | undefined} */
let current;
let interrupted = false;

for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM'])) {
  process.on(sig, () => {
    // The child got the same SIGINT from the terminal; forward SIGTERM otherwise, then wait for it.
    interrupted = true;
    if (current && current.pid && sig === 'SIGTERM') current.kill('SIGTERM');
  });
}

/** @param {string} title */
function banner(title) {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(3, 70 - title.length))}`);
}

/**
 * @param {string} cmd @param {string[]} args @param {{ env?: NodeJS.ProcessEnv, quiet?: boolean }} [o]
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(cmd, args, o = {}) {
  return new Promise((resolve) => {
    const child = cp.spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...(o.env || {}) },
      stdio: o.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    current = child;
    let output = '';
    if (o.quiet) {
      child.stdout?.on('data', (b) => (output += b));
      child.stderr?.on('data', (b) => (output += b));
    }
    child.on('error', (e) => resolve({ code: 127, output: String(e) }));
    child.on('close', (code, signal) => {
      current = undefined;
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

function readSummary() {
  try {
    const s = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
    fs.rmSync(summaryFile, { force: true });
    return /** @type {{ passed: number, failed: number, skipped?: boolean, failures?: Array<{ title: string, message: string }> }} */ (s);
  } catch {
    return null;
  }
}

/**
 * Runs a stage that reports test counts through OSS_STAGE_SUMMARY.
 * @param {string} name @param {string} cmd @param {string[]} args
 */
async function countedStage(name, cmd, args) {
  const t0 = Date.now();
  fs.rmSync(summaryFile, { force: true });
  const r = await run(cmd, args, { env: { OSS_STAGE_SUMMARY: summaryFile } });
  const s = readSummary();
  let note;
  let ok;
  if (!s) {
    failed += 1;
    ok = false;
    note = `crashed before reporting counts (exit ${r.code}); counted as 1 failed`;
  } else {
    passed += s.passed;
    failed += s.failed;
    ok = r.code === 0 && s.failed === 0;
    note = s.skipped ? 'skipped' : `${s.passed} passed, ${s.failed} failed`;
    if (r.code !== 0 && s.failed === 0) {
      failed += 1;
      note += ` but exit ${r.code}; counted as 1 failed`;
    }
  }
  stages.push({ name, ok, seconds: (Date.now() - t0) / 1000, note, failures: s?.failures || [] });
}

/** @param {string} name @param {string} script */
async function npmStage(name, script) {
  const t0 = Date.now();
  const r = await run(npm, ['run', '--silent', script]);
  stages.push({ name, ok: r.code === 0, seconds: (Date.now() - t0) / 1000, note: r.code === 0 ? 'ok' : `exit ${r.code}` });
  return r.code === 0;
}

/**
 * The short fault soak: its last stdout line is the JSON summary; exit 1 when a required zero is
 * not zero (--check). Killed after 60 s (it is meant to take about 22).
 */
async function soakStage() {
  const t0 = Date.now();
  const script = path.join(root, 'out', 'bench', 'soak', 'run.js');
  const out = path.join(path.dirname(summaryFile), 'soak.json');
  const watchdog = setTimeout(() => current?.kill('SIGKILL'), 60_000);
  const r = fs.existsSync(script)
    ? await run(process.execPath, [script, '--seconds', '20', '--seed', '7', '--check', '--out', out], { quiet: true })
    : { code: 1, output: `${script} missing (compile-tests failed?)` };
  clearTimeout(watchdog);
  const last = r.output.split('\n').filter((l) => l.startsWith('{"seed"')).pop() ?? '';
  console.log(r.code === 0 ? last : r.output);
  const ok = r.code === 0;
  if (ok) passed += 1;
  else failed += 1;
  stages.push({ name: 'soak', ok, seconds: (Date.now() - t0) / 1000, note: ok ? 'nothing lost, orphaned, partial or leaked' : `exit ${r.code}; counted as 1 failed` });
}

/** @param {string} dir @param {RegExp} re */
function listFiles(dir, re) {
  if (!fs.existsSync(dir)) return [];
  return /** @type {string[]} */ (fs.readdirSync(dir, { recursive: true }))
    .filter((f) => re.test(f))
    .map((f) => path.join(dir, f))
    .sort();
}

async function main() {
  const started = Date.now();

  // The host and UI stages need Chromium and a few Debian packages: installed here when this runs
  // as root with apt-get, otherwise npm test stops at once with the one command to run.
  if (!(process.env.SKIP_HOST_TESTS === '1' && !isCI)) {
    banner('system packages');
    try {
      const { installed } = require('./lib/systemPackages').ensureSystemPackages();
      console.log(installed.length ? `installed: ${installed.join(' ')}` : 'present: chromium, ripgrep, libkrb5-dev, pkg-config');
    } catch (e) {
      console.error(e instanceof Error ? e.message : String(e));
      console.log('tests: 0 passed, 1 failed');
      process.exit(1);
    }
  }

  banner('typecheck (tsc --noEmit)');
  await npmStage('typecheck', 'typecheck');

  banner('lint (eslint)');
  await npmStage('lint', 'lint');

  banner('unit tests (mocha, plain Node)');
  {
    const t0 = Date.now();
    // compile-tests empties out/ first, so a deleted test cannot run from a stale .js file.
    const tsc = await run(npm, ['run', '--silent', 'compile-tests'], { quiet: true });
    if (tsc.code !== 0) console.log('note: tsc reported type errors (see the typecheck stage); running the emitted JavaScript anyway');
    const unitFiles = listFiles(path.join(root, 'out', 'test', 'unit'), /\.test\.js$/);
    if (unitFiles.length === 0) {
      console.log('no unit tests found (out/test/unit/**/*.test.js)');
      stages.push({ name: 'unit', ok: true, seconds: (Date.now() - t0) / 1000, note: 'no unit tests yet' });
    } else {
      await countedStage('unit', process.execPath, [
        path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
        '--reporter', path.join(root, 'scripts', 'lib', 'countingReporter.js'),
      ]);
    }
  }

  banner('fault soak (20 s, seed 7)');
  if (!interrupted) await soakStage();

  banner('build (webpack, development)');
  const built = interrupted ? false : await npmStage('build', 'build');

  banner('extension-host tests (real VS Code)');
  if (!built) {
    failed += 1;
    stages.push({ name: 'host', ok: false, seconds: 0, note: 'not run: build failed; counted as 1 failed' });
  } else if (!interrupted) {
    await countedStage('host', process.execPath, [path.join(root, 'scripts', 'test-host.js'), '--no-build']);
  }

  const uiSources = listFiles(path.join(root, 'test', 'ui'), /\.test\.(ts|js)$/);
  if (uiSources.length > 0 && !interrupted) {
    banner('UI tests (Playwright + code-server)');
    const cs = require('./lib/codeServer');
    if (process.env.SKIP_UI_TESTS === '1' && !isCI) {
      stages.push({ name: 'ui', ok: true, seconds: 0, note: 'skipped (SKIP_UI_TESTS=1)' });
    } else if (!cs.findChromium() && process.env.SKIP_HOST_TESTS === '1' && !isCI) {
      console.log('UI tests SKIPPED: Chromium not found and SKIP_HOST_TESTS=1');
      stages.push({ name: 'ui', ok: true, seconds: 0, note: 'skipped (no Chromium, SKIP_HOST_TESTS=1)' });
    } else if (!built) {
      failed += 1;
      stages.push({ name: 'ui', ok: false, seconds: 0, note: 'not run: build failed; counted as 1 failed' });
    } else {
      const compiled = listFiles(path.join(root, 'out', 'test', 'ui'), /\.test\.js$/);
      const plainJs = listFiles(path.join(root, 'test', 'ui'), /\.test\.js$/);
      await countedStage('ui', process.execPath, [
        path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
        '--no-config',
        '--timeout', process.env.UI_TEST_TIMEOUT_MS || '120000',
        '--enable-source-maps',
        '--reporter', path.join(root, 'scripts', 'lib', 'countingReporter.js'),
        ...compiled,
        ...plainJs,
      ]);
    }
  }

  if (interrupted) {
    failed += 1;
    stages.push({ name: 'interrupted', ok: false, seconds: 0, note: 'stopped by signal; counted as 1 failed' });
  }

  banner('summary');
  for (const s of stages) {
    console.log(`${s.ok ? 'PASS' : 'FAIL'}  ${s.name.padEnd(10)} ${s.seconds.toFixed(1).padStart(6)} s  ${s.note}`);
    // The failing tests by name, so a log that keeps only its last lines still says what broke.
    const all = s.failures || [];
    for (const f of all.slice(0, MAX_FAILURES_SHOWN)) console.log(`      ✗ ${f.title}: ${f.message}`);
    if (all.length > MAX_FAILURES_SHOWN) console.log(`      … and ${all.length - MAX_FAILURES_SHOWN} more`);
  }
  const anyFailed = stages.some((s) => !s.ok) || failed > 0;
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s; ${anyFailed ? 'FAILED' : 'all stages passed'}`);
  fs.rmSync(path.dirname(summaryFile), { recursive: true, force: true });
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(anyFailed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log(`tests: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
