/**
 * Upload planning without VS Code: which keys the local files get, which of them already exist,
 * and what to send once the user has decided about the existing ones.
 */
import { withProps } from './runner';
import { findExistingByListing, type ExistenceSource, type ExistingKeysOptions } from './existingKeys';

/** A local file found for upload; `rel` is its '/'-separated path below the chosen item. */
export interface LocalEntry {
  file: string;
  rel: string;
  size: number;
}

export interface UploadItem {
  /** Local path ('' for an in-memory body such as an untitled editor). */
  file: string;
  key: string;
  size: number;
}

export interface UploadJob extends UploadItem {
  /** Send x-oss-forbid-overwrite, so an object created meanwhile is never replaced. */
  forbidOverwrite: boolean;
}

export type ExistingChoice = 'overwrite' | 'skip';

/**
 * Keys are `<prefix><rel>`; `prefix` is '' or ends with '/'. Each item already has a job's shape,
 * forbidding overwrite as a new key does, so applyExistingChoice can send it as it is instead of
 * holding a second object per file for the whole batch.
 */
export function itemsForEntries(prefix: string, entries: readonly LocalEntry[]): UploadJob[] {
  return entries.map((e) => ({ file: e.file, key: `${prefix}${e.rel}`, size: e.size, forbidOverwrite: true }));
}

/** The first item whose key the service would refuse, with the reason. */
export function firstKeyProblem(
  items: readonly UploadItem[],
  problem: (key: string) => string | undefined,
): { item: UploadItem; problem: string } | undefined {
  for (const item of items) {
    const p = problem(item.key);
    if (p) return { item, problem: p };
  }
  return undefined;
}

/** Keys that more than one local file would be uploaded to (e.g. two selected files named alike). */
export function duplicateKeys(items: readonly UploadItem[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const i of items) {
    if (seen.has(i.key)) dup.add(i.key);
    seen.add(i.key);
  }
  return [...dup];
}

/**
 * The items' keys that already exist in `bucket`: a listing of their common prefix where that is
 * cheaper than a HEAD per key (see existingKeys.ts).
 */
export async function findExistingKeys(
  bucket: string,
  items: readonly UploadItem[],
  source: ExistenceSource,
  opts: ExistingKeysOptions = {},
): Promise<Set<string>> {
  return (await findExistingByListing(bucket, items.map((i) => i.key), source, opts)).existing;
}

/**
 * What to send: existing keys are overwritten or skipped; every other key forbids overwriting. An
 * item that already says so (itemsForEntries' do, for a new key) is the job itself; the others are
 * copied, never changed.
 */
export function applyExistingChoice(items: readonly UploadItem[], existing: ReadonlySet<string>, choice: ExistingChoice): { jobs: UploadJob[]; skipped: string[] } {
  const jobs: UploadJob[] = [];
  const skipped: string[] = [];
  for (const i of items) {
    const there = existing.has(i.key);
    if (there && choice === 'skip') skipped.push(i.key);
    else if ((i as Partial<UploadJob>).forbidOverwrite === !there) jobs.push(i as UploadJob);
    else jobs.push(withProps(i, { forbidOverwrite: !there }));
  }
  return { jobs, skipped };
}
