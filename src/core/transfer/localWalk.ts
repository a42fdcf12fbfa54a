/**
 * Finds the files below a local folder for upload (recursively). Symbolic links are skipped unless
 * asked for; followed links must lead inside the chosen folder, loops are cut, and depth and file
 * count are capped. Everything left out is reported with the reason.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { LocalEntry } from './uploadPlan';

export interface WalkOptions {
  /** Follow symbolic links whose target lies inside the chosen folder. Default false. */
  followSymlinks?: boolean;
  /** Folder levels below the chosen folder. Default 64. */
  maxDepth?: number;
  /** Files found at most; the walk stops there. Default 100,000. */
  maxFiles?: number;
}

export type SkipReason = 'symlink' | 'outside' | 'loop' | 'broken' | 'depth' | 'limit' | 'special';

export interface SkippedEntry {
  /** The local path as found (the link itself for links). */
  path: string;
  reason: SkipReason;
}

export interface WalkResult {
  files: LocalEntry[];
  skipped: SkippedEntry[];
}

export const WALK_DEFAULTS = { maxDepth: 64, maxFiles: 100_000 } as const;

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** Every regular file below `dir`; `rel` starts with `relBase` (e.g. 'site/'). */
export async function walkFolder(dir: string, relBase: string, options: WalkOptions = {}): Promise<WalkResult> {
  const follow = options.followSymlinks ?? false;
  const maxDepth = options.maxDepth ?? WALK_DEFAULTS.maxDepth;
  const maxFiles = options.maxFiles ?? WALK_DEFAULTS.maxFiles;
  const root = await fs.realpath(dir);
  const files: LocalEntry[] = [];
  const skipped: SkippedEntry[] = [];
  let full = false;

  // `chain`: real paths of the folders from the root down to this one (a link back into it is a loop).
  const visit = async (d: string, rel: string, depth: number, chain: ReadonlySet<string>): Promise<void> => {
    const names = (await fs.readdir(d)).sort();
    for (const name of names) {
      if (full) return;
      const p = path.join(d, name);
      let st = await fs.lstat(p);
      if (st.isSymbolicLink()) {
        if (!follow) {
          skipped.push({ path: p, reason: 'symlink' });
          continue;
        }
        let real: string;
        try {
          real = await fs.realpath(p);
          st = await fs.stat(real);
        } catch {
          skipped.push({ path: p, reason: 'broken' });
          continue;
        }
        if (!inside(root, real)) {
          skipped.push({ path: p, reason: 'outside' });
          continue;
        }
        if (st.isDirectory() && chain.has(real)) {
          skipped.push({ path: p, reason: 'loop' });
          continue;
        }
      }
      if (st.isDirectory()) {
        if (depth >= maxDepth) {
          skipped.push({ path: p, reason: 'depth' });
          continue;
        }
        const real = await fs.realpath(p);
        await visit(p, `${rel}${name}/`, depth + 1, new Set([...chain, real]));
      } else if (st.isFile()) {
        if (files.length >= maxFiles) {
          skipped.push({ path: p, reason: 'limit' });
          full = true;
          return;
        }
        files.push({ file: p, rel: `${rel}${name}`, size: st.size });
      } else {
        skipped.push({ path: p, reason: 'special' });
      }
    }
  };
  await visit(dir, relBase, 0, new Set([root]));
  return { files, skipped };
}
