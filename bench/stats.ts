/** Small helpers for `npm run bench`: medians, comparison rows, the printed table. */

export interface Comparison {
  name: string;
  unit: string;
  ours: number;
  theirs: number;
  /** ours / theirs */
  ratio: number;
  /** The ratio we aim for. */
  target: number;
  better: 'higher' | 'lower';
  met: boolean;
  /** What "theirs" is, and anything a reader must know about the row. */
  note?: string;
  /** The day the row was measured (YYYY-MM-DD); rows kept by `--merge` keep their own. */
  measured?: string;
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function compare(
  name: string,
  unit: string,
  ours: number,
  theirs: number,
  target: number,
  better: 'higher' | 'lower',
  note?: string,
): Comparison {
  const ratio = ours / theirs;
  const met = better === 'higher' ? ratio >= target : ratio <= target;
  return { name, unit, ours: round(ours), theirs: round(theirs), ratio: round(ratio, 3), target, better, met, note };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function formatTable(rows: Comparison[]): string {
  const header = ['comparison', 'unit', 'ours', 'theirs', 'ratio', 'target', 'met', 'measured'];
  const body = rows.map((r) => [
    r.name,
    r.unit,
    String(r.ours),
    String(r.theirs),
    String(r.ratio),
    `${r.better === 'higher' ? '≥' : '≤'} ${r.target}`,
    r.met ? 'yes' : 'NO',
    r.measured ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join('\n');
}
