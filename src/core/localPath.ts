/**
 * The one place where an object key becomes a local file path (every download goes through it).
 * Keys are arbitrary strings; a local name must never climb out of the chosen folder, name a
 * device, or mean something different on the local file system than it does in the bucket.
 */
import * as path from 'path';
import { t } from './translate';

export interface LocalPathOptions {
  /** Whose file-name rules apply; default: this machine's. Lets Windows rules be tested anywhere. */
  platform?: NodeJS.Platform;
}

export type LocalPathResult = { ok: true; path: string } | { ok: false; reason: string };

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³]|conin\$|conout\$)$/i;
// eslint-disable-next-line no-control-regex
const WINDOWS_FORBIDDEN = /[<>|?*"\x00-\x1f]/;

export function isWindows(platform: NodeJS.Platform): boolean {
  return platform === 'win32';
}

/** Why one '/'-separated segment of a key cannot be a local name; undefined when it can. */
export function segmentProblem(segment: string, platform: NodeJS.Platform): string | undefined {
  if (segment === '') return t('empty path segment');
  if (segment === '.' || segment === '..') return t('"{0}" segment', segment);
  if (segment.includes('\0')) return t('NUL character');
  if (segment.includes('\\')) return t('backslash');
  if (segment.includes(':')) return t('colon');
  if (isWindows(platform)) {
    if (WINDOWS_FORBIDDEN.test(segment)) return t('character not allowed in Windows file names');
    if (/[. ]$/.test(segment)) return t('trailing dot or space');
    // "CON", "con.txt", "LPT1.tar.gz", "NUL .txt": the part before the first dot, trailing spaces ignored.
    const stem = segment.split('.')[0].replace(/ +$/, '');
    if (WINDOWS_DEVICE.test(stem)) return t('reserved device name "{0}"', stem);
  }
  return undefined;
}

/**
 * The local path for `relativeKey` (the part of the key below what the user chose, '/'-separated)
 * inside `targetDir`, or why there is none. The result always lies strictly inside `targetDir`.
 */
export function localPathForKey(targetDir: string, relativeKey: string, options: LocalPathOptions = {}): LocalPathResult {
  const platform = options.platform ?? process.platform;
  const p = isWindows(platform) ? path.win32 : path.posix;
  if (relativeKey === '') return { ok: false, reason: t('empty name') };
  const segments = relativeKey.split('/');
  for (const s of segments) {
    const problem = segmentProblem(s, platform);
    if (problem) return { ok: false, reason: problem };
  }
  const root = p.resolve(targetDir);
  const full = p.resolve(root, ...segments);
  const rel = p.relative(root, full);
  const fold = (x: string): string => (isWindows(platform) ? x.toLowerCase() : x);
  const inside = rel !== '' && !rel.split(p.sep).includes('..') && !p.isAbsolute(rel) && fold(full).startsWith(fold(root.endsWith(p.sep) ? root : root + p.sep));
  return inside ? { ok: true, path: full } : { ok: false, reason: t('outside the target folder') };
}
