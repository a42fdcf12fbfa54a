// @ts-check
'use strict';
/**
 * Runs the extension-host tests (out/test/host/index.js, compiled from test/host/) in a real
 * VS Code and prints mocha's report followed by exactly one line:
 *
 *   extension host (VS Code <version>): N passed, N failed
 *
 * Route, chosen by itself:
 *   - VSCODE_EXECUTABLE_PATH set            -> @vscode/test-electron with that VS Code build
 *   - OSS_HOST_ROUTE=electron|code-server   -> forced
 *   - a display is available and update.code.visualstudio.com answers within 3 s
 *                                           -> @vscode/test-electron downloads VS Code
 *                                              (VSCODE_TEST_VERSION, default 1.100.3)
 *   - otherwise                             -> code-server 4.100.3 + headless Chromium
 *                                              (scripts/lib/codeServer.js)
 *
 * Environment:
 *   CI=true               host tests are mandatory: no host available is a failure
 *   SKIP_HOST_TESTS=1     (not under CI) skip host tests, reported as skipped
 *   HOST_TEST_TIMEOUT_MS  overall time limit for the host run (default 600000)
 *   CHROMIUM_PATH         Chromium to use (default /usr/bin/chromium)
 *   OSS_HOST_TEST_GREP    only run host tests whose title matches
 *   OSS_HOST_EXTRA_EXTENSIONS  more development extension folders (separated by the path
 *                         delimiter) loaded in the same host, e.g. the minimal extension that
 *                         scripts/bench-activation.js compares activation with
 *   any other variable    is passed through to the extension host (code-server and VS Code
 *                         both hand their environment to it)
 * Given to the extension host on the code-server route: OSS_HOST_PAGE_BRIDGE, the URL of
 *   scripts/lib/pageBridge.js (clipboard + keyboard actions in the workbench page).
 * Optional hook: out/test/host/globalSetup.js (from test/host/globalSetup.ts) exporting
 *   setup(): Promise<{ env?: Record<string,string>, teardown?: () => Promise<void> }>
 *   runs in this plain-Node process before the host starts (e.g. to start the local OSS server);
 *   its env is passed into the extension host; teardown runs afterwards.
 *
 * Flags: --no-build (dist/ and out/ are already fresh; used by scripts/test-all.js).
 * Writes { passed, failed, skipped, version, failures } to $OSS_STAGE_SUMMARY when set (for test-all).
 */

const cp = require('child_process');
const fs = require('fs');
const https = require('https');
const os = require('os');
const path = require('path');
const cs = require('./lib/codeServer');
const { startPageBridge } = require('./lib/pageBridge');

const root = cs.repoRoot;
const testEntry = path.join(root, 'out', 'test', 'host', 'index.js');
// The whole run: about 3 minutes on a busy 2-core machine, so 10 minutes leaves room without hiding a hang for long.
const timeoutMs = Number(process.env.HOST_TEST_TIMEOUT_MS) || 600000;
const isCI = process.env.CI === 'true' || process.env.CI === '1';
/** Extension folders loaded beside this repository's (test-electron: as development extensions too; code-server: installed). */
const extraExtensions = (process.env.OSS_HOST_EXTRA_EXTENSIONS || '').split(path.delimiter).filter(Boolean);

/** @type {Array<() => Promise<void>>} */
const cleanups = [];
let cleaning = false;
async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  for (const fn of cleanups.reverse()) {
    await fn().catch((e) => console.error(`cleanup: ${e}`));
  }
}

/** @param {{ passed: number, failed: number, skipped?: boolean, version?: string, failures?: Array<{ title: string, message: string }> }} s */
function writeSummary(s) {
  if (process.env.OSS_STAGE_SUMMARY) fs.writeFileSync(process.env.OSS_STAGE_SUMMARY, JSON.stringify(s));
}

/** @param {string} reason @param {number} [code] */
async function fail(reason, code = 1) {
  console.error(`\nextension host tests FAILED: ${reason}`);
  console.log('extension host (VS Code unknown): 0 passed, 1 failed');
  writeSummary({ passed: 0, failed: 1, failures: [{ title: 'extension host', message: reason.split('\n')[0] }] });
  await cleanup();
  process.exit(code);
}

/** @param {string} reason */
function noHost(reason) {
  if (process.env.SKIP_HOST_TESTS === '1' && !isCI) {
    console.log(`extension host tests SKIPPED (SKIP_HOST_TESTS=1): ${reason}`);
    writeSummary({ passed: 0, failed: 0, skipped: true });
    process.exit(0);
  }
  return fail(
    `no VS Code host available: ${reason}\n` +
      (isCI
        ? '  CI=true: host tests are mandatory here.'
        : '  Install it (apt-get install -y chromium libkrb5-dev pkg-config ripgrep) or set SKIP_HOST_TESTS=1 to skip.'),
  );
}

/** @returns {Promise<boolean>} */
function canReachUpdateServer() {
  return new Promise((resolve) => {
    const req = https.request(
      'https://update.code.visualstudio.com/api/releases/stable',
      { method: 'HEAD', timeout: 3000 },
      (res) => {
        res.resume();
        resolve((res.statusCode || 500) < 500);
      },
    );
    // Hard limit too (covers a slow DNS look-up, which the socket time-out does not).
    const hard = setTimeout(() => {
      req.destroy(new Error('timeout'));
      resolve(false);
    }, 3500);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.on('close', () => clearTimeout(hard));
    req.end();
  });
}

/** How far the host run got, from the progress file out/test/host/index.js keeps beside the result file. @param {string} resultFile */
function progressLine(resultFile) {
  try {
    const p = JSON.parse(fs.readFileSync(`${resultFile}.progress`, 'utf8'));
    return `${p.passed} passed and ${p.failed} failed so far, running "${p.current}"`;
  } catch {
    return 'no test had started';
  }
}

/** @param {string} resultFile */
function readResult(resultFile) {
  return /** @type {{ passed: number, failed: number, pending: number, total: number, vscodeVersion: string, report: string, failures?: Array<{ title: string, message: string }>, error?: string }} */ (
    JSON.parse(fs.readFileSync(resultFile, 'utf8'))
  );
}

/** @param {ReturnType<typeof readResult>} r @param {string} route */
function finish(r, route) {
  let failed = r.failed;
  process.stdout.write(r.report.endsWith('\n') || !r.report ? r.report : r.report + '\n');
  if (r.error) console.error(`host test entry error: ${r.error}`);
  if (r.total === 0) {
    console.error('extension host tests FAILED: no test ran (0 tests is a failure; check test/host/*.test.ts compiled to out/test/host/)');
    failed = Math.max(failed, 1);
  } else if (failed > 0) {
    console.error(`extension host tests FAILED: ${failed} failing (route: ${route})`);
  }
  console.log(`extension host (VS Code ${r.vscodeVersion}): ${r.passed} passed, ${failed} failed`);
  writeSummary({ passed: r.passed, failed, version: r.vscodeVersion, failures: r.failures || [] });
  return failed > 0 ? 1 : 0;
}

async function loadGlobalSetup() {
  const f = path.join(root, 'out', 'test', 'host', 'globalSetup.js');
  if (!fs.existsSync(f)) return {};
  const mod = require(f);
  const res = (await mod.setup()) || {};
  if (res.teardown) cleanups.push(res.teardown);
  return res.env || {};
}

/** @param {string} resultFile @param {Record<string,string>} extraEnv @param {string} workspace */
async function runElectron(resultFile, extraEnv, workspace) {
  const { runTests } = require('@vscode/test-electron');
  const opts = {
    extensionDevelopmentPath: [root, ...extraExtensions],
    extensionTestsPath: testEntry,
    extensionTestsEnv: { ...extraEnv, OSS_HOST_TEST_RESULT: resultFile },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  };
  if (process.env.VSCODE_EXECUTABLE_PATH) {
    Object.assign(opts, { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH });
  } else {
    Object.assign(opts, { version: process.env.VSCODE_TEST_VERSION || '1.100.3' });
  }
  const timer = setTimeout(() => {
    void fail(`time-out after ${timeoutMs / 1000} s waiting for VS Code (test-electron)`);
  }, timeoutMs);
  try {
    await runTests(opts);
  } catch (e) {
    // Non-zero exit: failures are reported from the result file below when it exists.
    if (!fs.existsSync(resultFile)) {
      clearTimeout(timer);
      return fail(`VS Code (test-electron) failed before any result: ${e instanceof Error ? e.message : e}`);
    }
  }
  clearTimeout(timer);
  if (!fs.existsSync(resultFile)) return fail('VS Code exited without writing a test result');
  return finish(readResult(resultFile), 'test-electron');
}

/** @param {string} resultFile @param {Record<string,string>} extraEnv @param {string} workspace */
async function runCodeServer(resultFile, extraEnv, workspace) {
  const deadline = Date.now() + timeoutMs;
  if (!cs.findChromium()) {
    return noHost(
      process.env.CHROMIUM_PATH ? `Chromium not found at CHROMIUM_PATH=${process.env.CHROMIUM_PATH}` : 'Chromium not found (apt-get install -y chromium)',
    );
  }
  // The web workbench loads only one development extension: extra ones are packaged and installed.
  const extensionsDir = path.join(path.dirname(resultFile), 'extensions');
  try {
    for (const [i, dir] of extraExtensions.entries()) {
      const vsix = path.join(path.dirname(resultFile), `extra-${i}.vsix`);
      const vsce = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
      const r = cp.spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`vsce package ${dir} failed: ${r.stderr || r.stdout}`);
      await cs.installExtension(vsix, { extensionsDir });
    }
  } catch (e) {
    return fail(`could not install the extra extensions: ${e instanceof Error ? e.message : e}`);
  }
  // Keyboard and clipboard actions the tests ask for (scripts/lib/pageBridge.js).
  const bridge = await startPageBridge();
  cleanups.push(() => bridge.close());
  let server;
  try {
    // The web workbench saves dirty editors after a second by default (files.autoSave afterDelay;
    // desktop VS Code does not). A test that edits an object and takes longer than that on a busy
    // machine would see its edit saved behind its back, so the host tests run with desktop's
    // default. The host benchmarks keep the web default: they measure Ctrl+S both ways.
    const settings = process.env.OSS_HOST_BENCH === '1' ? {} : { 'files.autoSave': 'off' };
    server = await cs.startCodeServer({ env: { ...extraEnv, OSS_HOST_TEST_RESULT: resultFile, OSS_HOST_PAGE_BRIDGE: bridge.url }, quiet: true, extensionsDir, settings });
  } catch (e) {
    return fail(`code-server did not start: ${e instanceof Error ? e.message : e}`);
  }
  const srv = server;
  cleanups.push(() => srv.stop());
  const started = Date.now();
  /** @type {string[]} */
  const consoleTail = [];
  let wb;
  try {
    wb = await cs.openWorkbench(srv, { folder: workspace, extensionTestsPath: testEntry });
  } catch (e) {
    return fail(`could not open the workbench in Chromium: ${e instanceof Error ? e.message : e}\n--- code-server log (tail) ---\n${srv.logTail()}`);
  }
  const w = wb;
  cleanups.push(() => w.close());
  await bridge.setPage(w.page);
  w.page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      consoleTail.push(`[browser ${m.type()}] ${m.text()}`.slice(0, 500));
      if (consoleTail.length > 30) consoleTail.shift();
    }
  });
  while (!fs.existsSync(resultFile)) {
    if (srv.exited) {
      return fail(`code-server exited while the tests ran\n--- code-server log (tail) ---\n${srv.logTail()}`);
    }
    if (Date.now() > deadline) {
      return fail(
        `time-out: no host test result after ${Math.round(timeoutMs / 1000)} s (HOST_TEST_TIMEOUT_MS); ${progressLine(resultFile)}\n` +
          `--- browser console (tail) ---\n${consoleTail.join('\n')}\n--- code-server log (tail, ${srv.logFile}) ---\n${srv.logTail()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const r = readResult(resultFile);
  console.log(`(code-server route: tests finished ${((Date.now() - started) / 1000).toFixed(1)} s after start)`);
  return finish(r, 'code-server');
}

async function main() {
  for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(sig, () => {
      console.error(`\nextension host tests interrupted (${sig}); stopping started processes`);
      writeSummary({ passed: 0, failed: 1 });
      void cleanup().then(() => process.exit(130));
    });
  }
  if (process.env.SKIP_HOST_TESTS === '1') {
    if (isCI) console.log('note: SKIP_HOST_TESTS=1 is ignored under CI=true (host tests are mandatory)');
    else return noHost('SKIP_HOST_TESTS=1 set');
  }

  if (!process.argv.includes('--no-build')) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // tsc emits even with type errors elsewhere (the typecheck stage is what fails for those).
    const tsc = cp.spawnSync(npm, ['run', '--silent', 'compile-tests'], { cwd: root, stdio: 'inherit' });
    if (tsc.status !== 0) console.error('note: tsc reported type errors (see above); running the emitted tests anyway');
    const wp = cp.spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    if (wp.status !== 0) return fail('npm run build (webpack) failed');
  }
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) return fail('dist/extension.js is missing (npm run build)');
  if (!fs.existsSync(testEntry)) return fail(`${path.relative(root, testEntry)} is missing (npm run compile-tests)`);

  let route = process.env.OSS_HOST_ROUTE;
  if (process.env.VSCODE_EXECUTABLE_PATH) route = 'electron';
  if (!route) {
    const hasDisplay = process.platform !== 'linux' || !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    route = hasDisplay && (await canReachUpdateServer()) ? 'electron' : 'code-server';
  }
  console.log(`extension host route: ${route === 'electron' ? '@vscode/test-electron' : `code-server ${cs.CODE_SERVER_VERSION} + Chromium`}`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-host-'));
  cleanups.unshift(async () => fs.rmSync(tmp, { recursive: true, force: true }));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, 'hello.txt'), 'hello from the oss-explorer host tests\n');
  const resultFile = path.join(tmp, 'result.json');

  let extraEnv;
  try {
    extraEnv = await loadGlobalSetup();
  } catch (e) {
    return fail(`test/host/globalSetup failed: ${e instanceof Error ? e.stack : e}`);
  }
  const code = route === 'electron' ? await runElectron(resultFile, extraEnv, workspace) : await runCodeServer(resultFile, extraEnv, workspace);
  await cleanup();
  process.exit(code ?? 1);
}

main().catch((e) => fail(`unexpected error: ${e instanceof Error ? e.stack : e}`));
