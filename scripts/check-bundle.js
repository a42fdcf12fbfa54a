#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The bundle budget, checked on the production build in dist/ (`npm run package` runs it between
 * webpack and vsce, so CI fails on it):
 *   - dist/extension.js, the chunk VS Code loads at activation, is at most 300 KB (300 * 1024 B);
 *   - every lazy chunk webpack wrote to dist/chunks/ is in the package (`vsce ls`), so none is
 *     missing when a command first needs it.
 * Prints the main chunk, each lazy chunk and the total. --json prints the same as JSON.
 * Exit 1 when over budget or when a chunk would not be packaged.
 */
const cp = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const BUDGET_BYTES = 300 * 1024;

/** @param {string} dist */
function bundleSizes(dist) {
  const main = fs.statSync(path.join(dist, 'extension.js')).size;
  const dir = path.join(dist, 'chunks');
  const chunks = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: `dist/chunks/${f}`, bytes: fs.statSync(path.join(dir, f)).size }))
    .sort((a, b) => b.bytes - a.bytes);
  return { main, chunks, total: main + chunks.reduce((s, c) => s + c.bytes, 0), budget: BUDGET_BYTES };
}

/** Files vsce would package (what .vscodeignore lets through). */
function packagedFiles() {
  const vsce = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
  const r = cp.spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce ls failed (exit ${r.status}): ${r.stderr}`);
  return new Set(r.stdout.split(/\r?\n/).map((l) => l.trim()).filter(Boolean));
}

function main() {
  const sizes = bundleSizes(path.join(root, 'dist'));
  const packaged = packagedFiles();
  const unpackaged = sizes.chunks.filter((c) => !packaged.has(c.file)).map((c) => c.file);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ ...sizes, unpackaged }, null, 2));
  } else {
    console.log(`main chunk dist/extension.js: ${sizes.main} B (budget ${BUDGET_BYTES} B)`);
    for (const c of sizes.chunks) console.log(`  ${c.file}: ${c.bytes} B`);
    console.log(`total: ${sizes.total} B in ${sizes.chunks.length + 1} files`);
  }
  let ok = true;
  if (sizes.main > BUDGET_BYTES) {
    console.error(`check-bundle: dist/extension.js is ${sizes.main} B, over the ${BUDGET_BYTES} B budget; load more of it lazily (await import()).`);
    ok = false;
  }
  if (unpackaged.length > 0) {
    console.error(`check-bundle: not in the package (.vscodeignore): ${unpackaged.join(', ')}`);
    ok = false;
  }
  if (!ok) process.exit(1);
}

if (require.main === module) main();

module.exports = { bundleSizes, BUDGET_BYTES };
