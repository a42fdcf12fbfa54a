/**
 * The Find Objects contenders (bench/find.ts), run in a worker child process: ours (core findObjects,
 * its defaults) and an ali-oss listV2 loop with the same substring filter.
 */
import { OssClient, findObjects } from '../src/core/client';
import type { ServerInfo } from './worker';

export type FindTask = { task: 'find'; impl: 'ours' | 'alioss'; bucket: string; pattern: string; server: ServerInfo };

export interface FindResult {
  /** Matches found. */
  count: number;
  /** Milliseconds from the start of the task to the first match. */
  firstMs: number;
}

// ali-oss has no type declarations.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AliLike = any;

export async function findTask(t: FindTask, clients: { ours: () => OssClient; ali: (bucket: string) => AliLike }, started: number): Promise<FindResult> {
  let count = 0;
  let firstMs = NaN;
  const hit = (): void => {
    if (count++ === 0) firstMs = performance.now() - started;
  };
  if (t.impl === 'ours') {
    const client = clients.ours();
    for await (const o of findObjects(client, { bucket: t.bucket, prefix: '', pattern: t.pattern })) {
      void o;
      hit();
    }
    client.destroy();
    return { count, firstMs };
  }
  const ali = clients.ali(t.bucket);
  const needle = t.pattern.toLowerCase();
  let token: string | undefined;
  do {
    const res = await ali.listV2({ prefix: '', 'max-keys': 1000, 'continuation-token': token });
    for (const o of res.objects ?? []) if ((o.name as string).toLowerCase().includes(needle)) hit();
    token = res.isTruncated ? res.nextContinuationToken : undefined;
  } while (token);
  return { count, firstMs };
}
