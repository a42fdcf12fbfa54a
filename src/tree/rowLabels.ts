/**
 * What a screen reader says for each tree row (TreeItem.accessibilityInformation.label): the name
 * first (as a list is skimmed, and the UI tests and demo find rows by it), then what kind of row it
 * is, then what the row's description and icon show. No VS Code import: the nodes pass
 * `vscode.l10n.t` as `t`, the unit tests a plain formatter.
 */
import { formatBytes, formatDateTime, type Translate } from '../ui/format';

export type { Translate } from '../ui/format';

export type MessageKind = 'empty' | 'error' | 'credentials';

function joinParts(parts: Array<string | undefined>): string {
  return parts.filter((p): p is string => !!p).join(', ');
}

function filterPart(t: Translate, filter: string | undefined): string | undefined {
  return filter ? t('filter: {0}', filter) : undefined;
}

export function connectionRowLabel(
  t: Translate,
  c: { name: string; region: string; pinnedBucket?: string; pinnedPrefix?: string; expired: boolean },
): string {
  if (c.expired) return t('{0}, connection, STS token expired', c.name);
  const where = t('{0}, connection, region {1}', c.name, c.region);
  if (!c.pinnedBucket) return where;
  return joinParts([where, t('bucket {0}', c.pinnedBucket), c.pinnedPrefix ? t('folder {0}', c.pinnedPrefix) : undefined]);
}

/** `prefix` is the pinned prefix a connection opens the bucket at ('' for the bucket root). */
export function bucketRowLabel(
  t: Translate,
  b: { bucket: string; prefix: string; region?: string; filter?: string; versioning?: 'Off' | 'Enabled' | 'Suspended' },
): string {
  return joinParts([
    t('{0}, bucket', b.bucket),
    b.prefix ? t('folder {0}', b.prefix) : undefined,
    b.region ? t('region {0}', b.region) : undefined,
    filterPart(t, b.filter),
    b.versioning === 'Enabled' ? t('versioning on') : b.versioning === 'Suspended' ? t('versioning suspended') : undefined,
  ]);
}

/**
 * `name` is the row's label (the last segment), `prefix` the folder's key prefix: a nested folder
 * also says its path ("2024, folder photos/2024 in bucket b"), never the oss:// address.
 */
export function folderRowLabel(t: Translate, f: { name: string; prefix?: string; bucket: string; filter?: string }): string {
  const path = (f.prefix ?? '').replace(/\/$/, '');
  const what = path && path !== f.name ? t('{0}, folder {1} in bucket {2}', f.name, path, f.bucket) : t('{0}, folder in bucket {1}', f.name, f.bucket);
  return joinParts([what, filterPart(t, f.filter)]);
}

/** Sizes below 1 KB in words ("8 bytes"), larger ones as shown ("1.5 KB"). */
export function spokenSize(t: Translate, bytes: number): string {
  if (bytes === 1) return t('1 byte');
  if (Number.isFinite(bytes) && bytes >= 0 && bytes < 1024) return t('{0} bytes', bytes);
  return formatBytes(bytes);
}

export function objectRowLabel(t: Translate, o: { name: string; size: number; lastModified?: Date }): string {
  return joinParts([
    t('{0}, object', o.name),
    spokenSize(t, o.size),
    o.lastModified ? t('modified {0}', formatDateTime(o.lastModified)) : undefined,
  ]);
}

export function loadMoreRowLabel(t: Translate, loadedCount: number): string {
  return t('Load more, {0} items loaded', loadedCount);
}

export function messageRowLabel(t: Translate, message: string, kind: MessageKind): string {
  switch (kind) {
    case 'empty':
      return message;
    case 'error':
      return t('Error: {0}; activate to retry', message);
    case 'credentials':
      return t('{0}; activate to update the credentials', message);
  }
}
