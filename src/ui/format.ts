/**
 * Human-readable sizes, durations and dates. No VS Code import, so they are easy to unit-test:
 * activation hands in `vscode.l10n.t` and `vscode.env.language` through `setFormatLocale`; until
 * then (and in unit tests that do not set one) they read English.
 */

import { fillPlaceholders, type Translate } from '../core/translate';

export { fillPlaceholders, type Translate } from '../core/translate';

export interface FormatLocale {
  /** vscode.l10n.t, or a stand-in. */
  t: Translate;
  /** A BCP 47 language tag such as vscode.env.language ("en", "zh-cn"). */
  language: string;
}

let current: FormatLocale = { t: fillPlaceholders, language: 'en' };
/** Made on first use: the first Intl formatter initialises ICU (tens of ms), too slow for activation. */
let numbers: ReturnType<typeof numberFormats> | undefined;
const nf = (): ReturnType<typeof numberFormats> => (numbers ??= numberFormats(current.language));

function numberFormats(language: string): { oneDecimal: Intl.NumberFormat; upToOne: Intl.NumberFormat; integer: Intl.NumberFormat } {
  let lang = 'en';
  try {
    lang = Intl.NumberFormat.supportedLocalesOf([language]).length ? language : 'en';
  } catch {
    // an invalid tag: keep English
  }
  return {
    oneDecimal: new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }),
    upToOne: new Intl.NumberFormat(lang, { maximumFractionDigits: 1, useGrouping: false }),
    integer: new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }),
  };
}

/** Sets the translator and language every formatter below uses (called once on activation). */
export function setFormatLocale(locale: FormatLocale): void {
  current = locale;
  numbers = undefined;
}

const t: Translate = (message, ...args) => current.t(message, ...args);

/** The translator set by setFormatLocale (vscode.l10n.t after activation), for vscode-free code of the VS Code side. */
export const translate: Translate = t;

/** Unit symbols: the same in the languages we ship (the Chinese UI of Windows and of OSS use them too). */
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
  return u === 0 ? `${nf().integer.format(v)} B` : `${nf().oneDecimal.format(v)} ${UNITS[u]}`;
}

/** 1234567 → "1,234,567" in the UI language. */
export function formatInteger(n: number): string {
  return nf().integer.format(n);
}

/** "12.3 MB / 40.0 MB · 8.1 MB/s" */
export function formatTransfer(loaded: number, total: number, bytesPerSecond: number): string {
  const speed = bytesPerSecond > 0 ? ` · ${formatBytes(bytesPerSecond)}/s` : '';
  // An unknown total (0): the bytes so far, not "… / 0 B".
  return total > 0 ? `${formatBytes(loaded)} / ${formatBytes(total)}${speed}` : `${formatBytes(loaded)}${speed}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** Local time "2026-11-29 18:30": numeric, so it reads the same in every UI language. */
export function formatDateTime(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** 3600 → "1 h", 90 → "2 min", 5400 → "1.5 h", 86400*7 → "7 days" (one decimal at most). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const one = (v: number): string => nf().upToOne.format(Math.round(v * 10) / 10);
  if (s < 60) return t('{0} s', s);
  if (s < 3570) return t('{0} min', Math.round(s / 60));
  if (s < 86400 - 1800) return t('{0} h', one(s / 3600));
  const days = Math.round((s / 86400) * 10) / 10;
  return days === 1 ? t('1 day') : t('{0} days', one(days));
}

/** "LTAI****abcd": never shows more than the first 4 and last 4 characters. */
export function maskId(id: string): string {
  if (id.length <= 8) return `${id.slice(0, 2)}****`;
  return `${id.slice(0, 4)}****${id.slice(-4)}`;
}
