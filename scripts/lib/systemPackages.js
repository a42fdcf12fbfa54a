// @ts-check
'use strict';
/**
 * The Debian packages the extension-host and UI tests (and `npm run demo`) need, found or installed
 * in one place. `npm test`, `npm run demo` and `.ci/run` all come through here.
 *
 *   chromium      the browser that renders the code-server workbench (Playwright drives it)
 *   ripgrep       code-server's search (its own npm package would download a binary)
 *   libkrb5-dev   headers for code-server's kerberos module, built when it is installed
 *   pkg-config    used by that build
 *
 * ensureSystemPackages(): when some are missing and this process runs as root on a machine with
 * apt-get (and SKIP_SYSTEM_INSTALL is not 1), it says once what it installs and installs them;
 * otherwise it throws at once with the one command to run. CHROMIUM_PATH stands in for chromium.
 *
 * CLI: `node scripts/lib/systemPackages.js` (used by .ci/run), exit code 0 when all are present.
 */
const cp = require('child_process');
const fs = require('fs');
const path = require('path');

/** @param {string} cmd */
function onPath(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, cmd))) return path.join(dir, cmd);
  }
  return null;
}

/** @type {{ pkg: string, present: () => boolean }[]} */
const PACKAGES = [
  {
    pkg: 'chromium',
    present: () =>
      process.env.CHROMIUM_PATH ? fs.existsSync(process.env.CHROMIUM_PATH) : !!(fs.existsSync('/usr/bin/chromium') || onPath('chromium') || onPath('chromium-browser')),
  },
  { pkg: 'ripgrep', present: () => !!onPath('rg') },
  { pkg: 'libkrb5-dev', present: () => fs.existsSync('/usr/include/gssapi/gssapi.h') },
  { pkg: 'pkg-config', present: () => !!onPath('pkg-config') },
];

/** The packages that are missing, by Debian name. */
function missingPackages() {
  return PACKAGES.filter((p) => !p.present()).map((p) => p.pkg);
}

/** @param {string[]} pkgs */
function installCommand(pkgs) {
  return `apt-get update && apt-get install -y ${pkgs.join(' ')}`;
}

/** @param {string} cmd @param {string[]} args */
function runInherit(cmd, args) {
  const r = cp.spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`'${cmd} ${args.join(' ')}' failed (exit ${r.status})`);
}

/**
 * @param {{ log?: (msg: string) => void }} [opts]
 * @returns {{ installed: string[] }}
 */
function ensureSystemPackages(opts = {}) {
  const log = opts.log || ((m) => console.log(m));
  const missing = missingPackages();
  if (missing.length === 0) return { installed: [] };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const canApt = process.platform === 'linux' && !!onPath('apt-get');
  if (!isRoot || !canApt || process.env.SKIP_SYSTEM_INSTALL === '1') {
    const why = !canApt ? 'this machine has no apt-get' : !isRoot ? 'not running as root' : 'SKIP_SYSTEM_INSTALL=1';
    throw new Error(
      `missing system packages for the host and UI tests: ${missing.join(' ')} (${why}; nothing was installed)\n` +
        `  run: ${isRoot ? '' : 'sudo sh -c \''}${installCommand(missing)}${isRoot ? '' : '\''}` +
        (missing.includes('chromium') ? '\n  or point CHROMIUM_PATH at a Chromium you have' : ''),
    );
  }
  log(`installing missing system packages with apt-get: ${missing.join(' ')} (one time)`);
  runInherit('apt-get', ['update', '-qq']);
  // chromium's recommended packages include the fonts the workbench renders with.
  runInherit('apt-get', ['install', '-y', '-qq', ...missing]);
  const still = missingPackages();
  if (still.length) throw new Error(`apt-get finished but these are still missing: ${still.join(' ')}`);
  return { installed: missing };
}

module.exports = { ensureSystemPackages, missingPackages, installCommand };

if (require.main === module) {
  try {
    const { installed } = ensureSystemPackages();
    console.log(installed.length ? `installed: ${installed.join(' ')}` : 'system packages present');
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
