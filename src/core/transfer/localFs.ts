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
