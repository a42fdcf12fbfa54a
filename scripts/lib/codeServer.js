// @ts-check
'use strict';
/**
 * codeServer.js: run a real VS Code (code-server 4.100.3 = VS Code 1.100.3) on loopback and
 * drive it with headless Debian Chromium through playwright-core. Shared by the host-test runner
 * (scripts/test-host.js), the UI tests (test/ui, via test/support/vscodeHost.ts) and
 * `npm run demo`. No network is needed beyond the npm registry (CONTRIBUTING.md, "How the host
 * and UI stages get a real VS Code", says when this route is used).
 *
 * API (CommonJS; types in codeServer.d.ts next to this file):
 *
 *   ensureCodeServer({ log }) -> Promise<{ dir, entry }>
 *       Returns the cached install, or installs it first (~40 s once). Cache:
 *       ${XDG_CACHE_HOME:-~/.cache}/oss-explorer/code-server-4.100.3, falling back to
 *       <repo>/.vscode-test/code-server-4.100.3. Installs into a temp folder and renames it into
 *       place only after every step succeeded. Throws with a readable message when a system
 *       prerequisite (ripgrep, libkrb5-dev, pkg-config) is missing.
 *   findCodeServer() -> { dir, entry } | null          (no install)
 *   findChromium() -> string | null
 *       $CHROMIUM_PATH if set (even if wrong, so it can be used to simulate "no chromium"),
 *       else /usr/bin/chromium or chromium / chromium-browser on PATH.
 *   startCodeServer({ env, port, userDataDir, extensionsDir, settings, log, startTimeoutMs, quiet })
 *     -> Promise<CodeServer>
 *       Starts code-server on 127.0.0.1 (free port unless given) with auth off, fresh user data
 *       (a temp dir unless given; User/settings.json gets quiet defaults such as no welcome
 *       page, merged with `settings`) and waits for "HTTP server listening".
 *       `env` is merged over process.env and reaches the extension host (that is how tests get
 *       e.g. a local OSS endpoint). The returned object has:
 *         port, baseUrl, pid, tmpDir, logFile,
 *         workbenchUrl({ folder, extensionDevelopmentPath, extensionTestsPath }) -> string
 *         logTail(lines = 40) -> string
 *         stop() -> Promise<void>   (SIGTERM then SIGKILL to the process group it started)
 *   installExtension(vsixPath, { extensionsDir, log }) -> Promise<void>
 *       `code-server --install-extension` into an extensions dir (for the demo).
 *   launchChromium({ headless = true, args }) -> Promise<import('playwright-core').Browser>
 *       Throws a clear error when Chromium is missing.
 *   openWorkbench(server, { folder, extensionDevelopmentPath, extensionTestsPath, headless, viewport })
 *       -> Promise<{ browser, page, url, close() }>
 *       Opens the workbench URL in a new page; by default loads this repo as the development
 *       extension (it must be built: dist/extension.js).
 *   waitForWorkbench(page, timeoutMs) -> Promise<void>   (waits for the activity bar)
 *   repoRoot, CODE_SERVER_VERSION, VSCODE_VERSION
 *
 * Every process started here is stopped by its own pid (its process group). stop() is safe to
 * call twice; a process 'exit' hook kills what is still running if the caller forgets.
 */

const cp = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const CODE_SERVER_VERSION = '4.100.3';
const VSCODE_VERSION = '1.100.3';
const repoRoot = path.resolve(__dirname, '..', '..');
const INSTALL_NAME = `code-server-${CODE_SERVER_VERSION}`;

/** @param {string} msg */
function defaultLog(msg) {
  process.stderr.write(`[code-server] ${msg}\n`);
}

function cacheCandidates() {
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return [path.join(xdg, 'oss-explorer', INSTALL_NAME), path.join(repoRoot, '.vscode-test', INSTALL_NAME)];
}

/** @param {string} dir */
function entryOf(dir) {
  return path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function findCodeServer() {
  for (const dir of cacheCandidates()) {
    const entry = entryOf(dir);
    if (fs.existsSync(entry) && fs.existsSync(path.join(dir, '.install-complete'))) {
      return { dir, entry };
    }
  }
  return null;
}

/** @param {string} name */
function onPath(name) {
  for (const p of (process.env.PATH || '').split(path.delimiter)) {
    if (!p) continue;
    const f = path.join(p, name);
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return f;
    } catch {
      // not here
    }
  }
  return null;
}

function findChromium() {
  if (process.env.CHROMIUM_PATH) {
    return fs.existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  }
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return onPath('chromium') || onPath('chromium-browser');
}

/**
 * Runs a command, collecting output; rejects with the output tail on failure.
 * @param {string} cmd @param {string[]} args @param {string} cwd @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<void>}
 */
function run(cmd, args, cwd, env) {
  return new Promise((resolve, reject) => {
    const child = cp.spawn(cmd, args, { cwd, env: env || process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const add = (/** @type {Buffer} */ b) => {
      out = (out + b.toString()).slice(-8000);
    };
    child.stdout.on('data', add);
    child.stderr.on('data', add);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`'${cmd} ${args.join(' ')}' in ${cwd} failed (exit ${code}):\n${out}`));
    });
  });
}

/** @param {{ log?: (msg: string) => void }} [opts] */
async function ensureCodeServer(opts = {}) {
  const log = opts.log || defaultLog;
  const found = findCodeServer();
  if (found) return found;

  const missing = [];
  const rg = onPath('rg');
  if (!rg) missing.push('ripgrep');
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (!onPath('pkg-config')) missing.push('pkg-config');
  if (missing.length) {
    throw new Error(
      `cannot install code-server ${CODE_SERVER_VERSION}: missing system packages: ${missing.join(' ')}\n` +
        `  fix: apt-get update && apt-get install -y ${missing.join(' ')} chromium`,
    );
  }

  let lastError;
  for (const target of cacheCandidates()) {
    const parent = path.dirname(target);
    const tmp = path.join(parent, `.tmp-${INSTALL_NAME}-${process.pid}-${Date.now()}`);
    try {
      fs.mkdirSync(tmp, { recursive: true });
    } catch (e) {
      lastError = e;
      continue; // not writable: try the next cache location
    }
    // Leftovers of installs that were killed half-way (never used: they lack the final name).
    for (const name of fs.readdirSync(parent)) {
      const p = path.join(parent, name);
      if (name.startsWith(`.tmp-${INSTALL_NAME}-`) && p !== tmp && Date.now() - fs.statSync(p).mtimeMs > 2 * 3600e3) {
        fs.rmSync(p, { recursive: true, force: true });
      }
    }
    const started = Date.now();
    log(`installing code-server ${CODE_SERVER_VERSION} into ${target} (one time, ~1 min)`);
    try {
      const env = { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
      fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }));
      log('step 1/4: npm install code-server (scripts off)');
      await run('npm', ['install', '--no-save', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], tmp, env);
      await run('npm', ['rebuild', 'argon2'], tmp, env);
      const vsc = path.join(tmp, 'node_modules', 'code-server', 'lib', 'vscode');
      log('step 2/4: VS Code server dependencies');
      await run('npm', ['install', '--omit=dev', '--ignore-scripts'], vsc, env);
      const rgDir = path.join(vsc, 'node_modules', '@vscode', 'ripgrep', 'bin');
      fs.mkdirSync(rgDir, { recursive: true });
      fs.copyFileSync(/** @type {string} */ (rg), path.join(rgDir, 'rg'));
      fs.chmodSync(path.join(rgDir, 'rg'), 0o755);
      log('step 3/4: native modules');
      await run(
        'npm',
        ['rebuild', 'kerberos', 'node-pty', '@parcel/watcher', 'native-watchdog', '@vscode/spdlog', '@vscode/deviceid'],
        vsc,
        env,
      );
      log('step 4/4: postinstall links and built-in extensions');
      const link = (/** @type {string} */ dest, /** @type {string} */ at) => {
        fs.rmSync(at, { force: true, recursive: true });
        fs.symlinkSync(dest, at);
      };
      link('node_modules', path.join(vsc, 'node_modules.asar'));
      link('code-linux.sh', path.join(vsc, 'bin', 'remote-cli', 'code-server'));
      link('browser-linux.sh', path.join(vsc, 'bin', 'helpers', 'browser.sh'));
      await run('npm', ['install', '--omit=dev'], path.join(vsc, 'extensions'), env);
      fs.writeFileSync(path.join(tmp, '.install-complete'), new Date().toISOString() + '\n');
      try {
        fs.renameSync(tmp, target);
      } catch (e) {
        // Another run finished first: keep theirs.
        if (!findCodeServer()) throw e;
        fs.rmSync(tmp, { recursive: true, force: true });
      }
      log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
      return /** @type {{dir: string, entry: string}} */ (findCodeServer());
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  }
  throw new Error(`cannot install code-server: no writable cache folder (${String(lastError)})`);
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** pids (process groups) still to kill when this process exits. */
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the process group led by pid: SIGTERM, then SIGKILL after graceMs.
 * @param {number} pid @param {number} [graceMs]
 */
async function killGroup(pid, graceMs = 3000) {
  const send = (/** @type {NodeJS.Signals} */ sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // gone
      }
    }
  };
  send('SIGTERM');
  const until = Date.now() + graceMs;
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  send('SIGKILL'); // also takes out children (extension host, watchers) left in the group
  liveGroups.delete(pid);
}

/**
 * @param {{ port: number, token?: string, folder?: string, extensionDevelopmentPath?: string | string[], extensionTestsPath?: string }} o
 *   extensionDevelopmentPath: one folder, or several (each becomes a payload entry; the workbench
 *   loads them all as development extensions).
 */
function buildWorkbenchUrl(o) {
  const authority = `127.0.0.1:${o.port}`;
  const payload = [];
  for (const dev of [o.extensionDevelopmentPath ?? []].flat()) {
    payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${path.resolve(dev)}`]);
  }
  if (o.extensionTestsPath) {
    payload.push(['extensionTestsPath', `vscode-remote://${authority}${path.resolve(o.extensionTestsPath)}`]);
  }
  const q = [];
  if (o.folder) q.push(`folder=${encodeURIComponent(path.resolve(o.folder))}`);
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  if (o.token) q.push(`tkn=${encodeURIComponent(o.token)}`);
  return `http://${authority}/${q.length ? '?' + q.join('&') : ''}`;
}

/**
 * @param {{ env?: Record<string, string | undefined>, port?: number, userDataDir?: string,
 *   extensionsDir?: string, log?: (msg: string) => void, startTimeoutMs?: number, quiet?: boolean,
 *   settings?: Record<string, unknown>, guard?: boolean }} [opts]
 *   guard: code-server listens on a Unix socket in its private temp folder and is reached only
 *   through scripts/lib/guardProxy.js on 127.0.0.1:<port> (Host check + a random access token that
 *   workbenchUrl() puts in the URL). The demo uses it; tests, whose workbench lives for seconds and
 *   holds only throw-away keys, do not.
 */
async function startCodeServer(opts = {}) {
  const log = opts.log || defaultLog;
  const { entry } = await ensureCodeServer({ log });
  const port = opts.port || (await freePort());
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-cs-'));
  const userDataDir = opts.userDataDir || path.join(tmpDir, 'data');
  const extensionsDir = opts.extensionsDir || path.join(tmpDir, 'ext');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  // Quiet, test-friendly defaults (no welcome page, no update checks); opts.settings wins.
  const settingsDir = path.join(userDataDir, 'User');
  const settingsFile = path.join(settingsDir, 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.mkdirSync(settingsDir, { recursive: true });
    const settings = {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'security.workspace.trust.enabled': false,
      ...(opts.settings || {}),
    };
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  }
  const configFile = path.join(tmpDir, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const logFile = path.join(tmpDir, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');

  const socketPath = path.join(tmpDir, 'code-server.sock');
  const token = opts.guard ? require('crypto').randomBytes(24).toString('base64url') : undefined;
  const args = [
    entry,
    '--auth', 'none',
    ...(opts.guard ? ['--socket', socketPath, '--socket-mode', '600'] : ['--bind-addr', `127.0.0.1:${port}`]),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--config', configFile,
  ];
  const env = { ...process.env, ...(opts.env || {}) };
  // Never let an outer VS Code's IPC hooks leak into the server.
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  const child = cp.spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = /** @type {number} */ (child.pid);
  liveGroups.add(pid);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  /** @type {(line: string) => void} */
  let onText = () => {};
  const pipe = (/** @type {Buffer} */ b) => {
    fs.writeSync(logFd, b);
    onText(b.toString());
  };
  child.stdout.on('data', pipe);
  child.stderr.on('data', pipe);

  const logTail = (lines = 40) => {
    try {
      return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines - 1).join('\n');
    } catch {
      return '(no log)';
    }
  };

  /** @type {{ close(): Promise<unknown> } | undefined} */
  let guard;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await guard?.close();
    await killGroup(pid);
    try {
      fs.closeSync(logFd);
    } catch {
      // closed
    }
  };

  const timeoutMs = opts.startTimeoutMs || 60000;
  try {
    await new Promise((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`code-server did not start within ${timeoutMs / 1000} s`)), timeoutMs);
      onText = (text) => {
        seen = (seen + text).slice(-4000);
        if (seen.includes('HTTP server listening')) {
          clearTimeout(timer);
          onText = () => {};
          resolve(undefined);
        }
      };
      child.on('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited during start-up (code ${code}, signal ${sig})`));
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  } catch (e) {
    const err = /** @type {Error} */ (e);
    await stop();
    err.message += `\n--- code-server log (tail, ${logFile}) ---\n${logTail()}`;
    throw err;
  }
  if (token) {
    try {
      guard = await require('./guardProxy').startGuardProxy({ port, socketPath, token });
    } catch (e) {
      await stop();
      throw e;
    }
  }
  if (!opts.quiet) log(`listening on http://127.0.0.1:${port} (pid ${pid}, log ${logFile})`);

  return {
    port,
    pid,
    tmpDir,
    logFile,
    userDataDir,
    extensionsDir,
    baseUrl: `http://127.0.0.1:${port}/`,
    get exited() {
      return exited;
    },
    /** @param {{ folder?: string, extensionDevelopmentPath?: string | string[], extensionTestsPath?: string }} [o] */
    workbenchUrl: (o = {}) => buildWorkbenchUrl({ port, token, ...o }),
    logTail,
    stop,
  };
}

/**
 * @param {string} vsixPath
 * @param {{ extensionsDir: string, userDataDir?: string, log?: (msg: string) => void }} opts
 */
async function installExtension(vsixPath, opts) {
  const { entry } = await ensureCodeServer({ log: opts.log });
  const args = [entry, '--extensions-dir', opts.extensionsDir, '--install-extension', path.resolve(vsixPath), '--force'];
  if (opts.userDataDir) args.push('--user-data-dir', opts.userDataDir);
  await run(process.execPath, args, repoRoot);
}

/** @param {{ headless?: boolean, args?: string[] }} [opts] */
async function launchChromium(opts = {}) {
  const exe = findChromium();
  if (!exe) {
    throw new Error(
      process.env.CHROMIUM_PATH
        ? `Chromium not found at CHROMIUM_PATH=${process.env.CHROMIUM_PATH}`
        : 'Chromium not found (looked for /usr/bin/chromium, chromium, chromium-browser). Fix: apt-get install -y chromium, or set CHROMIUM_PATH',
    );
  }
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: exe,
    headless: opts.headless !== false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(opts.args || []),
    ],
  });
}

/**
 * @param {{ workbenchUrl: (o?: object) => string }} server
 * @param {{ folder?: string, extensionDevelopmentPath?: string | string[] | null, extensionTestsPath?: string,
 *   headless?: boolean, viewport?: { width: number, height: number } }} [opts]
 */
async function openWorkbench(server, opts = {}) {
  const browser = await launchChromium({ headless: opts.headless });
  try {
    const context = await browser.newContext({ viewport: opts.viewport || { width: 1400, height: 900 } });
    const page = await context.newPage();
    const url = server.workbenchUrl({
      folder: opts.folder,
      extensionDevelopmentPath: opts.extensionDevelopmentPath === null ? undefined : opts.extensionDevelopmentPath || repoRoot,
      extensionTestsPath: opts.extensionTestsPath,
    });
    await page.goto(url);
    return {
      browser,
      page,
      url,
      close: async () => {
        await browser.close().catch(() => undefined);
      },
    };
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw e;
  }
}

/** @param {import('playwright-core').Page} page @param {number} [timeoutMs] */
async function waitForWorkbench(page, timeoutMs = 60000) {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
}

module.exports = {
  CODE_SERVER_VERSION,
  VSCODE_VERSION,
  repoRoot,
  cacheCandidates,
  findCodeServer,
  ensureCodeServer,
  findChromium,
  startCodeServer,
  buildWorkbenchUrl,
  installExtension,
  launchChromium,
  openWorkbench,
  waitForWorkbench,
  killGroup,
};

if (require.main === module && process.argv[2] === 'install') {
  ensureCodeServer().then(
    (r) => console.log(r.dir),
    (e) => {
      console.error(String(e && e.message ? e.message : e));
      process.exit(1);
    },
  );
}
