// @ts-check
'use strict';
/**
 * Extracts every runtime string of the extension into l10n/bundle.l10n.json, the English source
 * bundle that translations (l10n/bundle.l10n.<locale>.json) follow.
 *
 *   node scripts/l10n-export.js           rewrite l10n/bundle.l10n.json
 *   node scripts/l10n-export.js --check   exit 1 (and list the differences) if it is out of date
 *
 * A runtime string is the first argument of a call to `vscode.l10n.t(...)` / `l10n.t(...)`, or to
 * a function named `t` (the `Translate` parameter of src/tree/rowLabels.ts and src/ui/format.ts,
 * which callers fill with `vscode.l10n.t`). It must be a string literal (or a template without
 * substitutions); `l10n.t({ message, comment })` is keyed `message/comment`, as VS Code does.
 * Anything else is reported as a problem, since no bundle could translate it.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.join(__dirname, '..');
const BUNDLE = path.join(ROOT, 'l10n', 'bundle.l10n.json');

/** @param {string} dir @returns {string[]} */
function tsFiles(dir) {
  /** @type {string[]} */
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** @param {ts.Expression} callee */
function isTranslateCall(callee) {
  if (ts.isIdentifier(callee)) return callee.text === 't';
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const obj = callee.expression;
  return (ts.isIdentifier(obj) && obj.text === 'l10n') || (ts.isPropertyAccessExpression(obj) && obj.name.text === 'l10n');
}

/** @param {ts.Node} n @returns {string | undefined} */
function literalText(n) {
  return ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : undefined;
}

/**
 * @param {ts.Expression} arg
 * @returns {{ key: string, message: string, comment?: string[] } | undefined}
 */
function messageOf(arg) {
  const text = literalText(arg);
  if (text !== undefined) return { key: text, message: text };
  if (!ts.isObjectLiteralExpression(arg)) return undefined;
  /** @type {string | undefined} */
  let message;
  /** @type {string[]} */
  let comment = [];
  for (const p of arg.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
    if (p.name.text === 'message') message = literalText(p.initializer);
    if (p.name.text === 'comment') {
      const one = literalText(p.initializer);
      if (one !== undefined) comment = [one];
      else if (ts.isArrayLiteralExpression(p.initializer)) comment = p.initializer.elements.map((x) => literalText(x) ?? '');
    }
  }
  if (message === undefined) return undefined;
  return comment.length ? { key: `${message}/${comment.join('')}`, message, comment } : { key: message, message };
}

/**
 * @param {string} [srcDir]
 * @returns {{ strings: Map<string, { message: string, comment?: string[], where: string[] }>, problems: string[] }}
 */
function collectStrings(srcDir = path.join(ROOT, 'src')) {
  /** @type {Map<string, { message: string, comment?: string[], where: string[] }>} */
  const strings = new Map();
  /** @type {string[]} */
  const problems = [];
  for (const file of tsFiles(srcDir)) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/\bt\(/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    /** @param {ts.Node} node */
    const visit = (node) => {
      if (ts.isCallExpression(node) && isTranslateCall(node.expression)) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const where = `${path.relative(ROOT, file).split(path.sep).join('/')}:${line + 1}`;
        const m = node.arguments[0] && messageOf(node.arguments[0]);
        if (!m) problems.push(`${where}: the message is not a string literal: ${node.getText(sf).slice(0, 80)}`);
        else {
          const seen = strings.get(m.key);
          if (seen) seen.where.push(where);
          else strings.set(m.key, { message: m.message, comment: m.comment, where: [where] });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { strings, problems };
}

/** The bundle's content: keys sorted, so parallel changes merge cleanly. */
function bundleText(strings = collectStrings().strings) {
  /** @type {Record<string, string | { message: string, comment: string[] }>} */
  const obj = {};
  for (const key of [...strings.keys()].sort()) {
    const s = /** @type {{ message: string, comment?: string[] }} */ (strings.get(key));
    obj[key] = s.comment ? { message: s.message, comment: s.comment } : s.message;
  }
  return `${JSON.stringify(obj, null, 2)}\n`;
}

module.exports = { collectStrings, bundleText, BUNDLE };

if (require.main === module) {
  const { strings, problems } = collectStrings();
  for (const p of problems) console.error(p);
  const want = bundleText(strings);
  const have = fs.existsSync(BUNDLE) ? fs.readFileSync(BUNDLE, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (want !== have || problems.length) {
      console.error(`${path.relative(ROOT, BUNDLE)} is out of date: run node scripts/l10n-export.js`);
      process.exit(1);
    }
  } else if (want !== have) {
    fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
    fs.writeFileSync(BUNDLE, want);
    console.log(`${path.relative(ROOT, BUNDLE)}: ${strings.size} strings`);
  }
  if (problems.length) process.exit(1);
}
