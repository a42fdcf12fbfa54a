#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run demo`: try the extension in VS Code in your browser, against a local OSS server.
 *
 *   1. builds the extension (webpack → dist/) and the dev tooling (tsc → out/)
 *   2. starts, in this process, the local OSS server with its demo seed (buckets demo-assets,
 *      demo-logs, demo-empty) and a fake STS whose AssumeRole tokens the server accepts
 *   3. starts code-server (VS Code 1.100.3, scripts/lib/codeServer.js) with fresh user data and
 *      the extension loaded from this folder (extensionDevelopmentPath); two connections,
 *      "Local demo (AccessKey)" and "Local demo (AssumeRole)", are handed to the extension through
 *      the dev-only seed file (OSS_EXPLORER_SEED_FILE, see src/connections/seedFile.ts), which
 *      stores their secrets in SecretStorage (the file stays in a private temp folder until
 *      Ctrl-C, because code-server keeps SecretStorage per browser profile)
 *   4. prints the URL to open: a demo workspace folder with a few sample files
 *
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP stops code-server (by its pid/process group) and the servers
 * and removes the temporary folders; so does the exit of the parent process (npm).
 *
 * Options:  --port <p>      code-server port (default 8080, or a free port when 8080 is taken)
 *           --oss-port <p>  OSS server port (default: a free port)
 *           --data <dir>    keep the OSS server's objects in <dir> between runs
 *           --no-build      skip webpack/tsc (use what is in dist/ and out/)
 *           --check         open the workbench in headless Chromium, check that both demo
 *                           connections list their buckets, save test-results/demo/demo.png, stop
 */

const cp = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const codeServer = require('./lib/codeServer');

const root = codeServer.repoRoot;

// The terminal (or npm's pipe) may be gone while we clean up: never die of EPIPE.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

/** @param {string} msg */
function say(msg) {
  process.stdout.write(`[demo] ${msg}\n`);
}

function parseArgs(argv = process.argv.slice(2)) {
  const o = { port: 0, ossPort: 0, data: '', build: true, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing value for ${a}`);
      return v;
    };
    if (a === '--port') o.port = Number(next());
    else if (a === '--oss-port') o.ossPort = Number(next());
    else if (a === '--data') o.data = path.resolve(next());
    else if (a === '--no-build') o.build = false;
    else if (a === '--check') o.check = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: npm run demo -- [--port p] [--oss-port p] [--data dir] [--no-build] [--check]\n');
      process.exit(0);
    } else throw new Error(`unknown argument: ${a}`);
  }
  for (const [k, v] of [['--port', o.port], ['--oss-port', o.ossPort]]) {
    if (!Number.isInteger(v) || Number(v) < 0 || Number(v) > 65535) throw new Error(`bad ${k}: ${v}`);
  }
  return o;
}

/** @param {number} port @returns {Promise<boolean>} */
function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * Runs a node script from node_modules; resolves with its exit code (output shown on failure).
 * @param {string} title @param {string[]} args
 * @returns {Promise<number>}
 */
function runNode(title, args) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = cp.spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => (out = (out + b).slice(-20000)));
    child.stderr.on('data', (b) => (out = (out + b).slice(-20000)));
    child.on('error', reject);
    child.on('close', (code) => {
      say(`${title}: ${code === 0 ? 'ok' : `exit ${code}`} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      if (code !== 0) process.stdout.write(out.split('\n').slice(-30).join('\n') + '\n');
      resolve(code ?? 1);
    });
  });
}

async function build() {
  const started = Date.now();
  const webpack = await runNode('webpack (dist/extension.js)', [
    path.join(root, 'node_modules', 'webpack', 'bin', 'webpack.js'),
    '--mode',
    'development',
  ]);
  if (webpack !== 0) {
    // ts-loader still emits the bundle when the only problems are type errors.
    const dist = path.join(root, 'dist', 'extension.js');
    if (!fs.existsSync(dist) || fs.statSync(dist).mtimeMs < started - 1000) throw new Error('webpack failed; the extension cannot be loaded');
    say('note: webpack reported errors but emitted dist/extension.js; starting with it anyway');
  }
  // tsc emits even with type errors elsewhere; the demo only needs the local servers from out/.
  const tsc = await runNode('tsc (out/, local OSS server + fake STS)', [
    path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.json',
  ]);
  if (tsc !== 0) say('note: tsc reported type errors; using the JavaScript it emitted anyway');
}

/** A small workspace to play with: files to upload from the editor. @param {string} dir */
function writeWorkspace(dir) {
  /** @type {Record<string, string>} */
  const files = {
    'README.md':
      '# OSS Explorer demo workspace\n\n' +
      'Open the OSS Explorer in the activity bar: two connections to a local OSS server are ready.\n\n' +
      '* Right-click in this editor → **Upload to OSS…**\n' +
      '* Right-click an object in the tree → **Copy Signed Link…**\n',
    'hello.txt': 'Hello from the OSS Explorer demo!\n你好，OSS 🎉\n',
    'notes/todo.md': '- [ ] upload hello.txt to demo-assets/docs/\n- [ ] copy a signed link and open it\n',
    'data/sample.json': JSON.stringify({ name: 'sample', items: [1, 2, 3], ok: true }, null, 2) + '\n',
    'site/index.html': '<!doctype html>\n<title>demo</title>\n<h1>Uploaded with OSS Explorer</h1>\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  }
}

/**
 * --check: open the URL like a person would and confirm the demo connection lists its buckets.
 * @param {string} url
 */
async function check(url) {
  const browser = await codeServer.launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await codeServer.waitForWorkbench(page, 90000);
    const item = page.locator('.part.activitybar .action-item:has(a[aria-label^="OSS Explorer"])');
    await item.waitFor({ state: 'visible', timeout: 30000 });
    // Clicking the icon of the view that is already shown would hide the side bar.
    if (!/\bchecked\b/.test((await item.getAttribute('class')) || '')) await item.locator('a').click();
    const conn = page.locator('.part.sidebar .monaco-list-row[aria-label*="Local demo (AccessKey)"]');
    await conn.waitFor({ state: 'visible', timeout: 30000 });
    if ((await conn.getAttribute('aria-expanded')) !== 'true') await conn.click();
    const bucketRows = page.locator('.part.sidebar .monaco-list-row[aria-level="2"][aria-label^="demo-assets"]');
    await bucketRows.first().waitFor({ state: 'visible', timeout: 30000 });
    // The AssumeRole connection gets its token from the fake STS and lists the same buckets.
    const role = page.locator('.part.sidebar .monaco-list-row[aria-label*="Local demo (AssumeRole)"]');
    await role.waitFor({ state: 'visible', timeout: 30000 });
    if ((await role.getAttribute('aria-expanded')) !== 'true') await role.locator('.monaco-tl-twistie').click();
    await bucketRows.nth(1).waitFor({ state: 'visible', timeout: 30000 });
    await page.mouse.move(900, 500);
    const dir = path.join(root, 'test-results', 'demo');
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'demo.png') });
    say('check: ok — both demo connections list their buckets (test-results/demo/demo.png)');
  } finally {
    await browser.close().catch(() => undefined);
  }
}

async function main() {
  const opts = parseArgs();
  // code-server's install needs ripgrep & co., and --check needs Chromium: same path as npm test.
  require('./lib/systemPackages').ensureSystemPackages({ log: say });
  if (opts.build) await build();
  const demoEnvJs = path.join(root, 'out', 'test', 'support', 'demoEnv.js');
  if (!fs.existsSync(demoEnvJs)) throw new Error(`${path.relative(root, demoEnvJs)} is missing: run without --no-build`);
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run without --no-build');

  /** @type {import('../test/support/demoEnv')} */
  const demoEnv = require(demoEnvJs);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-demo-'));
  /** @type {import('../test/support/demoEnv').DemoBackends | undefined} */
  let backends;
  /** @type {import('./lib/codeServer').CodeServer | undefined} */
  let server;
  let stopping = false;
  /** @param {number} code */
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    if (server) {
      await server.stop().catch(() => undefined);
      say(`code-server (pid ${server.pid}) stopped`);
      fs.rmSync(server.tmpDir, { recursive: true, force: true });
    }
    if (backends) await backends.close().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
    say('local OSS server and STS stopped, temporary folders removed');
    process.exit(code);
  };
  for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(sig, () => void shutdown(0));
  }

  try {
    backends = await demoEnv.startDemoBackends({ ossPort: opts.ossPort, dataDir: opts.data || undefined });
    say(`local OSS server: ${backends.oss.endpoint} (region ${backends.oss.region}, buckets ${backends.oss.listBuckets().join(', ')})`);
    say(`fake STS (AssumeRole ${demoEnv.DEMO_ROLE_ARN}): ${backends.sts.endpoint}`);
    const workspace = path.join(tmp, 'workspace');
    writeWorkspace(workspace);
    // Kept (not deleted by the extension): code-server keeps globalState and SecretStorage in the
    // browser profile, so every browser that opens the URL imports the connections again.
    const seedFile = backends.writeSeedFile(path.join(tmp, 'seed'), { keep: true });
    let port = opts.port;
    if (!port && (await portFree(8080))) port = 8080;
    say('starting code-server (VS Code 1.100.3)…');
    server = await codeServer.startCodeServer({
      port: port || undefined,
      quiet: true,
      guard: true,
      env: { OSS_EXPLORER_SEED_FILE: seedFile },
      log: (m) => say(m),
    });
    const url = server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: root });
    const running = server;
    const watch = setInterval(() => {
      if (running.exited && !stopping) {
        say(`code-server exited unexpectedly; log tail:\n${running.logTail(20)}`);
        void shutdown(1);
      }
    }, 1000);
    watch.unref();
    // When the parent goes away without signalling us (e.g. `kill <npm pid>`: npm forwards SIGTERM
    // to its `sh -c`, not to node), stop too instead of leaving code-server running.
    const parent = process.ppid;
    const orphan = setInterval(() => {
      if (process.ppid !== parent && !stopping) {
        say('parent process exited');
        void shutdown(0);
      }
    }, 1000);
    orphan.unref();

    process.stdout.write(
      [
        '',
        'OSS Explorer demo is running.',
        `  Open:        ${url}`,
        `  Workspace:   ${workspace}`,
        `  Connections: "${demoEnv.DEMO_ACCESS_KEY_NAME}", "${demoEnv.DEMO_ASSUME_ROLE_NAME}" → ${backends.oss.endpoint}`,
        `  Log:         ${server.logFile}`,
        '  Press Ctrl-C to stop everything.',
        '',
      ].join('\n') + '\n',
    );
    if (opts.check) {
      await check(url);
      await shutdown(0);
    }
  } catch (e) {
    process.stderr.write(`[demo] ${e instanceof Error ? e.message : String(e)}\n`);
    await shutdown(1);
  }
}

main().catch((e) => {
  process.stderr.write(`[demo] ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
