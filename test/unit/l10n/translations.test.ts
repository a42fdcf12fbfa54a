/**
 * Every user-visible string has a Chinese (Simplified) translation with the same placeholders:
 * the runtime strings (`l10n.t(...)` in src/, collected by scripts/l10n-export.js into
 * l10n/bundle.l10n.json) and the manifest strings (`%key%` in package.json, English in
 * package.nls.json). Each failure lists exactly the keys to fix.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fillPlaceholders, formatBytes, formatDuration, formatInteger, setFormatLocale, type Translate } from '../../../src/ui/format';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const LOCALES = ['zh-cn'];

const exporter = require(path.join(ROOT, 'scripts', 'l10n-export.js')) as {
  collectStrings(): { strings: Map<string, { message: string; where: string[] }>; problems: string[] };
  bundleText(strings: Map<string, { message: string }>): string;
  BUNDLE: string;
};

type Bundle = Record<string, string | { message: string; comment?: string[] }>;

function readJson(rel: string): Bundle {
  const file = path.join(ROOT, rel);
  assert.ok(fs.existsSync(file), `${rel} is missing`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Bundle;
}

function text(v: Bundle[string] | undefined): string | undefined {
  return typeof v === 'string' ? v : v?.message;
}

/** {0}, {1}, {name}: sorted, with repeats, so "{0} {0}" ≠ "{0}". */
function placeholders(s: string): string[] {
  return (s.match(/\{[^{}\s]+\}/g) ?? []).sort();
}

/** Markdown command links and `code` spans of the manifest, which must survive translation. */
function fixedParts(s: string): string[] {
  return [...(s.match(/\(command:[^)]+\)/g) ?? []), ...(s.match(/`[^`]+`/g) ?? [])].sort();
}

function manifestKeys(): Set<string> {
  const raw = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  return new Set([...raw.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
}

const q = (s: string): string => JSON.stringify(s);

/** Collects every problem of a test, then fails once listing them all. */
class Report {
  private readonly sections: string[] = [];
  add(what: string, lines: string[]): void {
    if (lines.length) this.sections.push(`${lines.length} ${what}:\n  ${lines.join('\n  ')}`);
  }
  check(): void {
    if (this.sections.length) assert.fail(this.sections.join('\n\n'));
  }
}

function fail(what: string, lines: string[]): void {
  const r = new Report();
  r.add(what, lines);
  r.check();
}

describe('l10n: every string has a zh-cn translation', () => {
  const { strings, problems } = exporter.collectStrings();

  it('every l10n.t call has a literal message', () => {
    fail('l10n.t calls whose message is not a string literal (no bundle can translate them)', problems);
  });

  it('l10n/bundle.l10n.json is up to date with the code (node scripts/l10n-export.js)', () => {
    const bundle = readJson('l10n/bundle.l10n.json');
    const missing = [...strings].filter(([k]) => !(k in bundle)).map(([k, s]) => `${q(k)}  (${s.where[0]})`);
    const stale = Object.keys(bundle).filter((k) => !strings.has(k)).map(q);
    const r = new Report();
    r.add('strings in the code are missing from l10n/bundle.l10n.json — run node scripts/l10n-export.js', missing);
    r.add('keys of l10n/bundle.l10n.json are no longer in the code — run node scripts/l10n-export.js', stale);
    r.check();
    assert.strictEqual(fs.readFileSync(exporter.BUNDLE, 'utf8'), exporter.bundleText(strings), 'l10n/bundle.l10n.json is not in export order: run node scripts/l10n-export.js');
  });

  it('package.json names no %key% that package.nls.json lacks', () => {
    const nls = readJson('package.nls.json');
    fail('%key% of package.json without English text in package.nls.json', [...manifestKeys()].filter((k) => !(k in nls)).map(q));
  });

  it('no translation file names a key twice (JSON keeps the last one silently)', () => {
    const files = ['l10n/bundle.l10n.json', 'package.nls.json', ...LOCALES.flatMap((l) => [`l10n/bundle.l10n.${l}.json`, `package.nls.${l}.json`])];
    const r = new Report();
    for (const f of files) {
      // These files are flat objects of strings, one "key": "value" per line (as the exporter writes them).
      const keys = fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').map((l) => /^\s*("(?:[^"\\]|\\.)*")\s*:/.exec(l)?.[1]).filter((k): k is string => !!k).map((k) => JSON.parse(k) as string);
      const seen = new Set<string>();
      r.add(`keys named twice in ${f}`, keys.filter((k) => seen.has(k) || !seen.add(k)).map(q));
    }
    r.check();
  });

  for (const locale of LOCALES) {
    describe(locale, () => {
      it(`l10n/bundle.l10n.${locale}.json translates every runtime string, with the same placeholders`, () => {
        const tr = readJson(`l10n/bundle.l10n.${locale}.json`);
        const r = new Report();
        const missing = [...strings].filter(([k]) => !text(tr[k])?.trim()).map(([k, s]) => `${q(k)}  (${s.where[0]})`);
        r.add(`runtime strings have no ${locale} translation in l10n/bundle.l10n.${locale}.json`, missing);
        const wrong = [...strings]
          .filter(([k, s]) => !!text(tr[k])?.trim() && placeholders(text(tr[k])!).join() !== placeholders(s.message).join())
          .map(([k]) => `${q(k)} → ${q(text(tr[k]) ?? '')}`);
        r.add(`${locale} runtime translations whose placeholders differ from the original`, wrong);
        r.add(`keys of l10n/bundle.l10n.${locale}.json are not in the code (remove them)`, Object.keys(tr).filter((k) => !strings.has(k)).map(q));
        r.check();
      });

      it(`package.nls.${locale}.json translates every manifest string, keeping placeholders and command links`, () => {
        const en = readJson('package.nls.json');
        const tr = readJson(`package.nls.${locale}.json`);
        const keys = new Set([...manifestKeys(), ...Object.keys(en)]);
        const r = new Report();
        r.add(`manifest strings have no ${locale} translation in package.nls.${locale}.json`, [...keys].filter((k) => !text(tr[k])?.trim()).map(q));
        const wrong = [...keys]
          .filter((k) => k in tr && k in en)
          .filter((k) => placeholders(text(tr[k])!).join() !== placeholders(text(en[k])!).join() || fixedParts(text(tr[k])!).join() !== fixedParts(text(en[k])!).join())
          .map((k) => `${q(k)} → ${q(text(tr[k])!)}`);
        r.add(`${locale} manifest translations whose placeholders, command links or code spans differ from the English`, wrong);
        r.add(`keys of package.nls.${locale}.json are not in package.nls.json (remove them)`, Object.keys(tr).filter((k) => !(k in en)).map(q));
        r.check();
      });
    });
  }
});

describe('l10n: units and durations follow the UI language', () => {
  const zh = readJson('l10n/bundle.l10n.zh-cn.json');
  /** What vscode.l10n.t does with the zh-cn bundle loaded. */
  const zhT: Translate = (message, ...args) => fillPlaceholders(text(zh[message]) ?? message, ...args);
  afterEach(() => setFormatLocale({ t: fillPlaceholders, language: 'en' }));

  it('reads durations and byte counts in Chinese under zh-cn', () => {
    setFormatLocale({ t: zhT, language: 'zh-cn' });
    assert.deepStrictEqual(
      [formatDuration(30), formatDuration(900), formatDuration(5400), formatDuration(86399), formatDuration(604800)],
      ['30 秒', '15 分钟', '1.5 小时', '1 天', '7 天'],
    );
    assert.strictEqual(formatBytes(1536), '1.5 KB');
    assert.strictEqual(formatInteger(1234567), '1,234,567');
  });

  it('formats numbers with the language’s decimal separator', () => {
    setFormatLocale({ t: fillPlaceholders, language: 'de' });
    assert.deepStrictEqual([formatBytes(1536), formatDuration(5400), formatInteger(1234567)], ['1,5 KB', '1,5 h', '1.234.567']);
    setFormatLocale({ t: fillPlaceholders, language: 'not a language tag!' });
    assert.strictEqual(formatBytes(1536), '1.5 KB');
  });
});
