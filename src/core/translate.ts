/**
 * The translator core's user-facing texts go through. Core never imports VS Code: callers pass
 * `vscode.l10n.t`; without one, texts are English with their placeholders filled.
 * (scripts/l10n-export.js collects the messages of calls to a function named `t`.)
 */

/** `vscode.l10n.t(message, ...args)`: fills {0}, {1}… (and translates when a bundle is loaded). */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** English without a bundle: only fills the placeholders, as vscode.l10n.t does. */
export const fillPlaceholders: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));

/**
 * Core's own user-facing texts, for messages of errors it throws: `t('Cannot write {0}', path)`.
 * The result is English with the placeholders filled. Being a call to a function named `t`, the
 * text is collected into the bundle by scripts/l10n-export.js, and the VS Code side translates the
 * message back through the bundle when it shows the error (`translateMessage`).
 */
export const t: Translate = fillPlaceholders;

interface Pattern {
  key: string;
  re: RegExp;
  /** The placeholder index of each capture group, in order (greedy: an earlier placeholder, usually a key or a path, takes what is ambiguous). */
  slots: number[];
  /** Characters outside placeholders: longer patterns are tried first. */
  literal: number;
}

const patternCache = new WeakMap<object, Pattern[]>();
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function patternsOf(bundle: Readonly<Record<string, string>>): Pattern[] {
  let list = patternCache.get(bundle);
  if (list) return list;
  list = [];
  for (const key of Object.keys(bundle)) {
    const parts = key.split(/\{(\d+)\}/);
    if (parts.length < 3) continue;
    const literal = parts.filter((_, i) => i % 2 === 0).join('');
    // A key with too little fixed text ("{0}: {1}") would match anything.
    if (literal.replace(/[\s\p{P}]/gu, '').length < 6) continue;
    const slots: number[] = [];
    let src = '^';
    parts.forEach((part, i) => {
      if (i % 2 === 0) src += escapeRe(part);
      else {
        slots.push(Number(part));
        src += '([\\s\\S]*)';
      }
    });
    list.push({ key, re: new RegExp(`${src}$`), slots, literal: literal.length });
  }
  list.sort((a, b) => b.literal - a.literal);
  patternCache.set(bundle, list);
  return list;
}

/**
 * `message` in the bundle's language: an exact key is translated as is; otherwise the longest
 * template whose fixed text matches is found, its placeholders are read back from the message and
 * `tr` (vscode.l10n.t) fills the translation with them. With no bundle (English), or no template that
 * matches, the message comes back unchanged.
 */
export function translateMessage(message: string, bundle: Readonly<Record<string, string>> | undefined, tr: Translate): string {
  if (!bundle || !message) return message;
  if (Object.prototype.hasOwnProperty.call(bundle, message)) return tr(message);
  for (const p of patternsOf(bundle)) {
    const m = p.re.exec(message);
    if (!m) continue;
    const args: string[] = [];
    let consistent = true;
    p.slots.forEach((slot, i) => {
      const v = m[i + 1];
      if (args[slot] !== undefined && args[slot] !== v) consistent = false;
      args[slot] = v;
    });
    if (!consistent || args.some((a) => a === undefined)) continue;
    return tr(p.key, ...args);
  }
  // Client errors name their operation at the end ("… [PutObjectAcl b/k]"): translate the rest.
  const op = /^([\s\S]+?)( \[[^\]\n]*\])$/.exec(message);
  if (op) {
    const inner = translateMessage(op[1], bundle, tr);
    if (inner !== op[1]) return inner + op[2];
  }
  return message;
}
