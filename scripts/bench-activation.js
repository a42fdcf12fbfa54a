#!/usr/bin/env node
'use strict';
/**
 * Measures the extension's activation in the real VS Code host (code-server 1.100.3 here):
 * runs (against the production bundle already in dist/; --no-build) only the foundation host test "activates and returns its API" three times, each in a
 * fresh host, and writes the median to bench/activation.json for bench/run.ts.
 *
 * wallMs: the ext.activate() call as seen from another extension — loading the bundle
 *         (require of dist/extension.js) plus activate(); activateMs: time inside activate().
 */
const cp = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const runs = [];
for (let i = 0; i < 3; i++) {
  const out = path.join(os.tmpdir(), `oss-explorer-activation-${process.pid}-${i}.json`);
  const res = cp.spawnSync(process.execPath, [path.join(root, 'scripts', 'test-host.js'), '--no-build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, OSS_HOST_TEST_GREP: 'activates and returns its API', OSS_EXPLORER_ACTIVATION_OUT: out },
  });
  if (res.status !== 0 || !fs.existsSync(out)) {
    console.error(`bench-activation: host run ${i + 1} failed (exit ${res.status}); activation not measured`);
    process.exit(1);
  }
  runs.push(JSON.parse(fs.readFileSync(out, 'utf8')));
  fs.rmSync(out, { force: true });
}
const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const result = {
  activationMs: median(runs.map((r) => r.wallMs)),
  activateCallMs: median(runs.map((r) => r.activateMs)),
  runs,
};
fs.writeFileSync(path.join(root, 'bench', 'activation.json'), JSON.stringify(result, null, 2) + '\n');
console.error(`bench-activation: median ${result.activationMs.toFixed(1)} ms (bundle load + activate), ${result.activateCallMs.toFixed(1)} ms inside activate()`);
