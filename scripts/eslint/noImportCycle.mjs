// @ts-check
/**
 * ESLint rule `local/no-import-cycle`: a relative import that leads back to the importing file
 * through other relative imports is an error, with the cycle spelled out. Type-only imports
 * (`import type`, or braces holding only `type X` names) are erased when compiled, so they cannot
 * make a load-order cycle and are not followed; a discriminated union of node classes that name
 * each other as parents is allowed that way.
 *
 * Each file's imports are read from disk with a light scan of its import/export-from statements
 * (comments stripped), resolved the way TypeScript's node16 resolution finds our sources:
 * `./x` -> x.ts, x/index.ts (or .js/.mjs when there is no TS file). Results are cached per lint
 * run, keyed by file and mtime.
 */
import fs from 'node:fs';
import path from 'node:path';

/** @type {Map<string, { mtimeMs: number, deps: string[] }>} */
const cache = new Map();

const IMPORT_RE = /(?:^|[;\n}])\s*(?:import|export)\s+((?:type\s+)?(?:[\w*{}\s,$]+?)\s+from\s+)?['"](\.{1,2}\/[^'"]*)['"]/g;

/** @param {string | undefined} clause what stands between import/export and from */
function typeOnly(clause) {
  if (!clause) return false;
  const c = clause.replace(/\s+from\s+$/, '').trim();
  if (/^type\s/.test(c)) return true;
  const braces = /^\{([^}]*)\}$/.exec(c);
  if (!braces) return false;
  const names = braces[1].split(',').map((x) => x.trim()).filter(Boolean);
  return names.length > 0 && names.every((n) => /^type\s/.test(n));
}
const REQUIRE_RE = /\brequire\(\s*['"](\.{1,2}\/[^'"]*)['"]\s*\)/g;

/** @param {string} src */
function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** @param {string} from @param {string} spec @returns {string | undefined} */
function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(js|mjs|cjs)$/, '');
  const candidates = [`${stem}.ts`, `${stem}.tsx`, path.join(base, 'index.ts'), base, `${base}.js`, `${base}.mjs`, path.join(base, 'index.js')];
  for (const c of candidates) {
    try {
      if (fs.statSync(c).isFile()) return c;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** @param {string} file @returns {string[]} */
function depsOf(file) {
  let st;
  try {
    st = fs.statSync(file);
  } catch {
    return [];
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.deps;
  const src = stripComments(fs.readFileSync(file, 'utf8'));
  /** @type {Set<string>} */
  const deps = new Set();
  IMPORT_RE.lastIndex = 0;
  for (let m = IMPORT_RE.exec(src); m; m = IMPORT_RE.exec(src)) {
    if (typeOnly(m[1])) continue;
    const r = resolve(file, m[2]);
    if (r) deps.add(r);
  }
  REQUIRE_RE.lastIndex = 0;
  for (let m = REQUIRE_RE.exec(src); m; m = REQUIRE_RE.exec(src)) {
    const r = resolve(file, m[1]);
    if (r) deps.add(r);
  }
  const out = [...deps];
  cache.set(file, { mtimeMs: st.mtimeMs, deps: out });
  return out;
}

/**
 * The shortest chain from `start` back to `target` (breadth first), or undefined.
 * @param {string} start @param {string} target @returns {string[] | undefined}
 */
function pathBack(start, target) {
  /** @type {Map<string, string | null>} */
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const cur = /** @type {string} */ (queue.shift());
    for (const d of depsOf(cur)) {
      if (d === target) {
        const chain = [cur];
        for (let p = prev.get(cur); p; p = prev.get(p)) chain.unshift(p);
        return chain;
      }
      if (!prev.has(d)) {
        prev.set(d, cur);
        queue.push(d);
      }
    }
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'disallow relative imports that form a cycle' },
    schema: [],
    messages: { cycle: 'Import cycle: {{chain}}' },
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const rel = (/** @type {string} */ f) => path.relative(root, f).replace(/\\/g, '/');
    /** @param {import('estree').Node} node @param {unknown} source */
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(file, source);
      if (!target) return;
      const chain = target === file ? [] : pathBack(target, file);
      if (!chain) return;
      context.report({ node, messageId: 'cycle', data: { chain: [file, ...chain, file].map(rel).join(' -> ') } });
    };
    /** @param {any} node */
    const isTypeOnly = (node) =>
      node.importKind === 'type' || node.exportKind === 'type' ||
      (node.specifiers?.length > 0 && node.specifiers.every((/** @type {any} */ s) => s.importKind === 'type' || s.exportKind === 'type'));
    return {
      ImportDeclaration: (node) => !isTypeOnly(node) && check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && !isTypeOnly(node) && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
    };
  },
};

export default { rules: { 'no-import-cycle': rule } };
