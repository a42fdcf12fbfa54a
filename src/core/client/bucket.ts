/** Bucket operations: ListBuckets (one page or all) and PutBucket. */
import type { BucketInfo } from './types';
import type { CallOptions, ListBucketsPage } from './options';
import { date, xmlBody, type Requester } from './common';
import { child, list, text } from './xml';

export async function listBucketsPage(
  c: Requester,
  opts: { prefix?: string; marker?: string; maxKeys?: number } & CallOptions = {},
): Promise<ListBucketsPage> {
  const query: Record<string, string> = {};
  if (opts.prefix) query.prefix = opts.prefix;
  if (opts.marker) query.marker = opts.marker;
  if (opts.maxKeys) query['max-keys'] = String(opts.maxKeys);
  const res = await c.request({ op: 'ListBuckets', method: 'GET', query, signal: opts.signal });
  const root = child(xmlBody(res, 'ListBuckets'), 'ListAllMyBucketsResult');
  const buckets = list(child(root, 'Buckets'), 'Bucket').map(
    (b): BucketInfo => ({
      name: text(b, 'Name') ?? '',
      region: text(b, 'Region') || text(b, 'Location')?.replace(/^oss-/, '') || undefined,
      location: text(b, 'Location') || undefined,
      creationDate: date(text(b, 'CreationDate')),
      storageClass: text(b, 'StorageClass') || undefined,
      extranetEndpoint: text(b, 'ExtranetEndpoint') || undefined,
    }),
  );
  const isTruncated = text(root, 'IsTruncated') === 'true';
  return { buckets, isTruncated, nextMarker: text(root, 'NextMarker') || undefined };
}

/** All buckets, following every page. */
export async function listBuckets(c: Requester, opts: { prefix?: string } & CallOptions = {}): Promise<BucketInfo[]> {
  const all: BucketInfo[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await listBucketsPage(c, { prefix: opts.prefix, marker, maxKeys: 1000, signal: opts.signal });
    all.push(...page.buckets);
    if (!page.isTruncated) return all;
    const next = page.nextMarker ?? page.buckets[page.buckets.length - 1]?.name;
    if (!next || next === marker) return all;
    marker = next;
  }
}

export async function putBucket(c: Requester, bucket: string, opts: CallOptions = {}): Promise<void> {
  await c.request({ op: 'PutBucket', method: 'PUT', bucket, signal: opts.signal, response: 'none' });
}
