/**
 * Download planning without VS Code: the local file for every object (through localPathForKey),
 * which keys cannot be saved, and (below) batch clashes and existing local files.
 */
import * as path from 'path';
import { isWindows, localPathForKey } from '../localPath';
import { withProps } from './runner';
import { t } from '../translate';

/** An object to download; `relativeKey` is the part of its key that becomes the local path. */
export interface DownloadCandidate<R> {
  ref: R;
  key: string;
  relativeKey: string;
  size: number;
}

export interface PlannedDownload<R> {
  ref: R;
  key: string;
  file: string;
  size: number;
}

export interface RejectedKey {
  key: string;
  reason: string;
}

export interface PlanOptions {
  platform?: NodeJS.Platform;
}

/** Local paths for the candidates inside `targetDir`; keys that cannot be saved safely are rejected. */
export function mapToLocal<R>(
  targetDir: string,
  candidates: readonly DownloadCandidate<R>[],
  options: PlanOptions = {},
): { jobs: PlannedDownload<R>[]; rejected: RejectedKey[] } {
  const jobs: PlannedDownload<R>[] = [];
  const rejected: RejectedKey[] = [];
  for (const c of candidates) {
    const r = localPathForKey(targetDir, c.relativeKey, { platform: options.platform });
    if (r.ok) jobs.push({ ref: c.ref, key: c.key, file: r.path, size: c.size });
    else rejected.push({ key: c.key, reason: r.reason });
  }
  return { jobs, rejected };
}

// ------------------------------------------------------------------ clashes within the batch

export interface FoldOptions extends PlanOptions {
  /** Treat names differing only in case (and Unicode normalisation) as the same file. */
  caseInsensitive: boolean;
}

export interface Clash<R> {
  /**
   * 'same-file': several objects would be saved as one local file (`jobs`, in batch order).
   * 'file-vs-folder': `jobs[0]` would be a file where other objects need a folder.
   */
  kind: 'same-file' | 'file-vs-folder';
  file: string;
  jobs: PlannedDownload<R>[];
}

export type ClashChoice = 'keepBoth' | 'skip';

function folder(options: FoldOptions): (p: string) => string {
  return options.caseInsensitive ? (p) => p.normalize('NFC').toLowerCase() : (p) => p;
}

/** Parent folders of `file` below `targetDir` (not `targetDir` itself), nearest first. */
function foldersBelow(targetDir: string, file: string, options: PlanOptions): string[] {
  const p = isWindows(options.platform ?? process.platform) ? path.win32 : path.posix;
  const sep = p.sep;
  const out: string[] = [];
  const resolved = p.resolve(targetDir);
  const root = resolved.endsWith(sep) ? resolved : resolved + sep;
  for (let i = file.lastIndexOf(sep); i > root.length - 1; i = file.lastIndexOf(sep, i - 1)) out.push(file.slice(0, i));
  return out;
}

function sepOf(options: PlanOptions): string {
  return isWindows(options.platform ?? process.platform) ? path.win32.sep : path.posix.sep;
}

/** Objects that would overwrite each other, or a file that would stand where a folder must be. */
export function findClashes<R>(targetDir: string, jobs: readonly PlannedDownload<R>[], options: FoldOptions): Clash<R>[] {
  const fold = folder(options);
  const byFile = new Map<string, PlannedDownload<R>[]>();
  const folders = new Set<string>();
  for (const j of jobs) {
    const k = fold(j.file);
    byFile.set(k, [...(byFile.get(k) ?? []), j]);
    for (const d of foldersBelow(targetDir, j.file, options)) folders.add(fold(d));
  }
  const clashes: Clash<R>[] = [];
  for (const group of byFile.values()) {
    if (group.length > 1) clashes.push({ kind: 'same-file', file: group[0].file, jobs: group });
    if (folders.has(fold(group[0].file))) for (const j of group) clashes.push({ kind: 'file-vs-folder', file: j.file, jobs: [j] });
  }
  return clashes;
}

/** "readme.md" → "readme (2).md"; ".bashrc" → ".bashrc (2)". */
export function numberedName(file: string, n: number, options: PlanOptions = {}): string {
  const slash = file.lastIndexOf(sepOf(options)) + 1;
  const dot = file.lastIndexOf('.');
  const stemEnd = dot > slash ? dot : file.length;
  return `${file.slice(0, stemEnd)} (${n})${file.slice(stemEnd)}`;
}

export interface ClashResolution<R> {
  jobs: PlannedDownload<R>[];
  /** Keys left out. */
  skipped: string[];
  /** Keys saved under a numbered name. */
  renamed: { key: string; file: string }[];
}

/**
 * Applies the user's answer. 'skip': the first object of a same-file group is kept, the others are
 * left out; a file standing in a folder's way is left out. 'keepBoth': the others get numbered names
 * ("readme (2).md") that clash with nothing planned and nothing `isTaken` reports as existing.
 */
export async function resolveClashes<R>(
  targetDir: string,
  jobs: readonly PlannedDownload<R>[],
  clashes: readonly Clash<R>[],
  choice: ClashChoice,
  options: FoldOptions & { isTaken?: (file: string) => Promise<boolean> },
): Promise<ClashResolution<R>> {
  const fold = folder(options);
  const losers = new Set<PlannedDownload<R>>();
  for (const c of clashes) for (const j of c.kind === 'same-file' ? c.jobs.slice(1) : c.jobs) losers.add(j);
  if (choice === 'skip') {
    return { jobs: jobs.filter((j) => !losers.has(j)), skipped: jobs.filter((j) => losers.has(j)).map((j) => j.key), renamed: [] };
  }
  const used = new Set<string>();
  for (const j of jobs) {
    if (!losers.has(j)) used.add(fold(j.file));
    for (const d of foldersBelow(targetDir, j.file, options)) used.add(fold(d));
  }
  const out: PlannedDownload<R>[] = [];
  const renamed: { key: string; file: string }[] = [];
  for (const j of jobs) {
    if (!losers.has(j)) {
      out.push(j);
      continue;
    }
    let n = 2;
    let file = numberedName(j.file, n, options);
    while (used.has(fold(file)) || (await options.isTaken?.(file))) file = numberedName(j.file, ++n, options);
    used.add(fold(file));
    out.push(withProps(j, { file }));
    renamed.push({ key: j.key, file });
  }
  return { jobs: out, skipped: [], renamed };
}

// ------------------------------------------------------------------ what is already on disk

export type LocalKind = 'file' | 'dir' | 'none';

/**
 * Planned files that already exist locally (to be asked about), and objects that cannot be saved at
 * all: a folder stands at the file's path, or a file stands where a parent folder is needed.
 */
export async function findLocalConflicts<R>(
  targetDir: string,
  jobs: readonly PlannedDownload<R>[],
  probe: (file: string) => Promise<LocalKind>,
  options: PlanOptions = {},
): Promise<{ existing: PlannedDownload<R>[]; blocked: RejectedKey[] }> {
  const cache = new Map<string, Promise<LocalKind>>();
  const kind = (p: string): Promise<LocalKind> => {
    let k = cache.get(p);
    if (!k) cache.set(p, (k = probe(p)));
    return k;
  };
  const existing: PlannedDownload<R>[] = [];
  const blocked: RejectedKey[] = [];
  for (const j of jobs) {
    const here = await kind(j.file);
    if (here === 'dir') {
      blocked.push({ key: j.key, reason: t('a folder of that name exists locally') });
      continue;
    }
    let fileInTheWay: string | undefined;
    for (const d of foldersBelow(targetDir, j.file, options)) {
      if ((await kind(d)) === 'file') fileInTheWay = d;
    }
    if (fileInTheWay) blocked.push({ key: j.key, reason: t('a file exists locally where a folder is needed: {0}', fileInTheWay) });
    else if (here === 'file') existing.push(j);
  }
  return { existing, blocked };
}
