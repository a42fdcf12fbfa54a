#!/usr/bin/env node
'use strict';
/**
 * Measures the extension's activation in the real VS Code host (code-server 1.100.3 here) as a
 * ratio against a minimal extension that registers one view and one command. That extension is
 * generated into a temp folder and loaded in the same host run (a second development extension,
 * OSS_HOST_EXTRA_EXTENSIONS in scripts/test-host.js). Each run starts a fresh host and runs only
 * the foundation host test "activates and returns its API" (against the build already in dist/;
 * --no-build), which activates both; runs alternate which one goes first. The medians go to
 * bench/activation.json for bench/run.ts.
 *
 * wallMs: ext.activate() as seen from another extension (loading the main file plus activate());
 * activateMs: time inside our activate(). --runs N (default 5).
 */
const cp = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || 5) : 5;
const BASELINE_ID = 'oss-explorer-bench.minimal-view';

/**
 * Writes the minimal extension (one tree view, one command) and returns its folder.
 * @param {string} dir
 */
function writeMinimalExtension(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'minimal-view',
    publisher: 'oss-explorer-bench',
    version: '0.0.1',
    engines: { vscode: '^1.97.0' },
    main: './extension.js',
    activationEvents: [],
    contributes: {
      views: { explorer: [{ id: 'minimalBench.items', name: 'Minimal' }] },
      commands: [{ command: 'minimalBench.hello', title: 'Minimal: Hello' }],
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.writeFileSync(
    path.join(dir, 'extension.js'),
    `'use strict';
const vscode = require('vscode');
exports.activate = (context) => {
  const items = new vscode.EventEmitter();
  const provider = { onDidChangeTreeData: items.event, getTreeItem: (e) => new vscode.TreeItem(e), getChildren: () => ['hello'] };
  context.subscriptions.push(
    items,
    vscode.window.createTreeView('minimalBench.items', { treeDataProvider: provider }),
    vscode.commands.registerCommand('minimalBench.hello', () => items.fire(undefined)),
  );
  return {};
};
`,
  );
  return dir;
}

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-activation-'));
  try {
    const minimal = writeMinimalExtension(path.join(tmp, 'minimal-view'));
    /** @type {Array<{ wallMs: number, activateMs: number, baselineWallMs: number, order: string, ratio: number, profile?: Record<string, number> }>} */
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const out = path.join(tmp, `run-${i}.json`);
      const order = i % 2 ? 'ours-first' : 'baseline-first';
      const res = cp.spawnSync(process.execPath, [path.join(root, 'scripts', 'test-host.js'), '--no-build'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          OSS_HOST_TEST_GREP: 'activates and returns its API',
          OSS_HOST_EXTRA_EXTENSIONS: minimal,
          OSS_EXPLORER_ACTIVATION_OUT: out,
          OSS_EXPLORER_ACTIVATION_BASELINE: BASELINE_ID,
          OSS_EXPLORER_ACTIVATION_ORDER: order,
        },
      });
      if (res.status !== 0 || !fs.existsSync(out)) {
        console.error(`bench-activation: host run ${i + 1} failed (exit ${res.status}); activation not measured`);
        process.exit(1);
      }
      const r = JSON.parse(fs.readFileSync(out, 'utf8'));
      if (typeof r.baselineWallMs !== 'number') {
        console.error(`bench-activation: run ${i + 1} did not time the minimal extension (${BASELINE_ID})`);
        process.exit(1);
      }
      runs.push({ ...r, order, ratio: r.wallMs / r.baselineWallMs });
      console.error(`bench-activation: run ${i + 1}/${RUNS} (${order}): ours ${r.wallMs.toFixed(1)} ms, minimal ${r.baselineWallMs.toFixed(1)} ms`);
    }
    const result = {
      activationMs: median(runs.map((r) => r.wallMs)),
      activateCallMs: median(runs.map((r) => r.activateMs)),
      baselineMs: median(runs.map((r) => r.baselineWallMs)),
      medianRatio: median(runs.map((r) => r.ratio)),
      baseline: 'a minimal extension registering one tree view and one command, in the same host',
      // Medians of where our wall time went (see test/host/extension.test.ts).
      profile: Object.fromEntries(
        ['beforeLoadMs', 'loadMs', 'beforeActivateMs', 'afterActivateMs'].map((k) => [k, median(runs.map((r) => (r.profile ? r.profile[k] : NaN)))]),
      ),
      runs,
    };
    fs.writeFileSync(path.join(root, 'bench', 'activation.json'), JSON.stringify(result, null, 2) + '\n');
    console.error(
      `bench-activation: median ${result.activationMs.toFixed(1)} ms (bundle load + activate; ${result.activateCallMs.toFixed(1)} ms inside activate()) ` +
        `vs ${result.baselineMs.toFixed(1)} ms for the minimal extension: ${(result.activationMs / result.baselineMs).toFixed(2)}x (median of per-run ratios ${result.medianRatio.toFixed(2)}x)`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) main();

module.exports = { writeMinimalExtension, BASELINE_ID };
