import type { ObjectInfo } from '../core/client/types';
import type { OssApi } from '../connections/ossApi';

/** Every object under a prefix (no delimiter), page by page; stops when `limit` is reached. */
export async function listAll(api: OssApi, bucket: string, prefix: string, signal?: AbortSignal, limit = Infinity): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  let token: string | undefined;
  do {
    const page = await api.listObjects({ bucket, prefix, maxKeys: 1000, continuationToken: token, signal });
    out.push(...page.objects);
    token = page.isTruncated ? page.nextContinuationToken : undefined;
  } while (token && out.length < limit);
  return out;
}

export { mapLimit } from '../core/concurrency';

export function baseName(key: string): string {
  const k = key.endsWith('/') ? key.slice(0, -1) : key;
  return k.slice(k.lastIndexOf('/') + 1);
}

export function parentPrefix(key: string): string {
  const k = key.endsWith('/') ? key.slice(0, -1) : key;
  return k.includes('/') ? k.slice(0, k.lastIndexOf('/') + 1) : '';
}
