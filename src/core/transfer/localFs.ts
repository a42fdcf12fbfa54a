/** Small questions about the local file system, for download planning. */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { LocalKind } from './downloadPlan';

/** What stands at `file` (a symlink counts as a file: it is never written through). */
export async function probeLocal(file: string): Promise<LocalKind> {
  try {
    const st = await fs.lstat(file);
    return st.isDirectory() ? 'dir' : 'file';
  } catch {
    return 'none';
  }
}

function swapCase(s: string): string {
  return [...s].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
}

/**
 * Whether names in `dir` are matched without regard to case: `dir` (or its nearest ancestor with a
 * letter in its name) is looked up with the case of that name swapped, without writing anything.
 * Falls back to the platform's usual behaviour (Windows and macOS: insensitive).
 */
export async function isCaseInsensitiveAt(dir: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const base = path.basename(d);
    if (swapCase(base) !== base) {
      try {
        const [a, b] = await Promise.all([fs.stat(d), fs.stat(path.join(path.dirname(d), swapCase(base))).catch(() => undefined)]);
        return !!b && a.ino === b.ino && a.dev === b.dev;
      } catch {
        break;
      }
    }
    if (path.dirname(d) === d) break;
  }
  return platform === 'win32' || platform === 'darwin';
}

/**
 * A probe that reads each parent folder once (readdir) instead of one lstat per file: a download
 * of thousands of files into a folder asks the disk a few times, not thousands. Answers as
 * probeLocal does; names are compared in NFC (and without case where the disk ignores case), so
 * a doubtful name counts as taken and is asked about rather than overwritten.
 */
export function directoryProbe(options: { caseInsensitive: boolean }): (file: string) => Promise<LocalKind> {
  const fold = (n: string): string => (options.caseInsensitive ? n.normalize('NFC').toLowerCase() : n.normalize('NFC'));
  const dirs = new Map<string, Promise<Map<string, LocalKind> | undefined>>();
  const read = async (dir: string): Promise<Map<string, LocalKind> | undefined> => {
    try {
      const names = new Map<string, LocalKind>();
      for (const d of await fs.readdir(dir, { withFileTypes: true })) {
        const kind: LocalKind = d.isDirectory() ? 'dir' : 'file';
        const k = fold(d.name);
        if (names.get(k) !== 'dir') names.set(k, kind); // two names folding alike: the folder wins
      }
      return names;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // No such folder (or a file where it would be): nothing below it exists.
      return code === 'ENOENT' || code === 'ENOTDIR' ? new Map() : undefined;
    }
  };
  return async (file) => {
    const dir = path.dirname(file);
    let names = dirs.get(dir);
    if (!names) dirs.set(dir, (names = read(dir)));
    const m = await names;
    return m ? (m.get(fold(path.basename(file))) ?? 'none') : probeLocal(file); // unreadable folder: ask per file
  };
}
