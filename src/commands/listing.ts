import type { ObjectInfo } from '../core/client';
import type { OssApi } from '../connections/ossApi';
import { listAllObjects } from '../core/client';

/** Every object under a prefix (no delimiter); see core's listAllObjects (abortable, ends on a repeated token). */
export function listAll(api: OssApi, bucket: string, prefix: string, signal?: AbortSignal, limit = Infinity): Promise<ObjectInfo[]> {
  return listAllObjects(api, bucket, prefix, { signal, limit });
}

export function baseName(key: string): string {
  const k = key.endsWith('/') ? key.slice(0, -1) : key;
  return k.slice(k.lastIndexOf('/') + 1);
}

export function parentPrefix(key: string): string {
  const k = key.endsWith('/') ? key.slice(0, -1) : key;
  return k.includes('/') ? k.slice(0, k.lastIndexOf('/') + 1) : '';
}
