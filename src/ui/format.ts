/** Human-readable sizes and durations; no VS Code import so they are easy to unit-test. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 1536 → "1.5 KB" (1024-based, like the Explorer). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  let u = 0;
  let v = n;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${UNITS[u]}`;
}

/** "12.3 MB / 40.0 MB · 8.1 MB/s" */
export function formatTransfer(loaded: number, total: number, bytesPerSecond: number): string {
  const speed = bytesPerSecond > 0 ? ` · ${formatBytes(bytesPerSecond)}/s` : '';
  return `${formatBytes(loaded)} / ${formatBytes(total)}${speed}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** Local time "2026-11-29 18:30". */
export function formatDateTime(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** 3600 → "1 h", 90 → "2 min", 5400 → "1.5 h", 86400*7 → "7 days" (one decimal at most). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const one = (v: number): string => String(Math.round(v * 10) / 10);
  if (s < 60) return `${s} s`;
  if (s < 3570) return `${Math.round(s / 60)} min`;
  if (s < 86400 - 1800) return `${one(s / 3600)} h`;
  const d = one(s / 86400);
  return `${d} ${d === '1' ? 'day' : 'days'}`;
}

/** "LTAI****abcd": never shows more than the first 4 and last 4 characters. */
export function maskId(id: string): string {
  if (id.length <= 8) return `${id.slice(0, 2)}****`;
  return `${id.slice(0, 4)}****${id.slice(-4)}`;
}
