/**
 * Download planning without VS Code: the local file for every object (through localPathForKey),
 * which keys cannot be saved, and (below) batch clashes and existing local files.
 */
import { localPathForKey } from '../localPath';

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
