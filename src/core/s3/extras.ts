/** S3 bucket listing and creation, object tagging and object versions. */
import type { BucketInfo } from '../client/types';
import type { CallOptions } from '../client/options';
import { OssClientError } from '../client/errors';
import { date, md5Base64, num, unquote, xmlBody, type Requester } from '../client/common';
import { child, escapeXml, list, text, type XmlNode } from '../client/xml';

/** ListBuckets, following ContinuationToken pages. */
export async function listBuckets(c: Requester, opts: { prefix?: string } & CallOptions = {}): Promise<BucketInfo[]> {
  const out: BucketInfo[] = [];
  let token: string | undefined;
  for (;;) {
    const query: Record<string, string> = {};
    if (opts.prefix) query.prefix = opts.prefix;
    if (token) query['continuation-token'] = token;
    const res = await c.request({ op: 'ListBuckets', method: 'GET', query, signal: opts.signal });
    const root = child(xmlBody(res, 'ListBuckets'), 'ListAllMyBucketsResult');
    if (root === undefined) throw new OssClientError('MalformedResponse', 'ListBuckets: no ListAllMyBucketsResult', 'ListBuckets');
    for (const b of list(child(root, 'Buckets'), 'Bucket')) {
      out.push({ name: text(b, 'Name') ?? '', region: text(b, 'BucketRegion') || undefined, creationDate: date(text(b, 'CreationDate')) });
    }
    const next = text(root, 'ContinuationToken');
    if (!next || next === token) return out;
    token = next;
  }
}

/** CreateBucket; outside us-east-1 the region goes in a LocationConstraint. */
export async function createBucket(c: Requester, bucket: string, region: string, opts: CallOptions = {}): Promise<void> {
  const body = region === 'us-east-1' || region === 'auto'
    ? undefined
    : Buffer.from(`<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${escapeXml(region)}</LocationConstraint></CreateBucketConfiguration>`);
  await c.request({ op: 'CreateBucket', method: 'PUT', bucket, body, headers: body ? { 'content-type': 'application/xml' } : {}, signal: opts.signal, response: 'none' });
}

export type Tags = Record<string, string>;

export async function getObjectTagging(c: Requester, bucket: string, key: string, opts: CallOptions = {}): Promise<Tags> {
  const res = await c.request({ op: 'GetObjectTagging', method: 'GET', bucket, key, query: { tagging: '' }, signal: opts.signal });
  const tags: Tags = {};
  for (const t of list(child(child(xmlBody(res, 'GetObjectTagging'), 'Tagging'), 'TagSet'), 'Tag')) tags[text(t, 'Key') ?? ''] = text(t, 'Value') ?? '';
  return tags;
}

/** PutObjectTagging: at most 10 tags, keys ≤ 128 and values ≤ 256 characters (S3's limits). */
export async function putObjectTagging(c: Requester, bucket: string, key: string, tags: Tags, opts: CallOptions = {}): Promise<void> {
  const entries = Object.entries(tags);
  if (entries.length > 10) throw new OssClientError('InvalidTag', `An object can have at most 10 tags (got ${entries.length})`);
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128 || v.length > 256) throw new OssClientError('InvalidTag', `Tag ${JSON.stringify(k.slice(0, 40))}: keys have 1-128 and values 0-256 characters`);
  }
  const body = Buffer.from(
    `<Tagging><TagSet>${entries.map(([k, v]) => `<Tag><Key>${escapeXml(k)}</Key><Value>${escapeXml(v)}</Value></Tag>`).join('')}</TagSet></Tagging>`,
    'utf8',
  );
  await c.request({
    op: 'PutObjectTagging', method: 'PUT', bucket, key, query: { tagging: '' },
    headers: { 'content-type': 'application/xml', 'content-md5': md5Base64(body) }, body, signal: opts.signal, response: 'none',
  });
}

export interface ObjectVersion {
  key: string;
  versionId: string;
  isLatest: boolean;
  deleteMarker: boolean;
  size: number;
  etag?: string;
  lastModified?: Date;
}

/** ListObjectVersions, one page (versions and delete markers, in the server's order). */
export async function listObjectVersions(
  c: Requester,
  bucket: string,
  opts: { prefix?: string; keyMarker?: string; versionIdMarker?: string } & CallOptions = {},
): Promise<{ versions: ObjectVersion[]; isTruncated: boolean; nextKeyMarker?: string; nextVersionIdMarker?: string }> {
  const query: Record<string, string> = { versions: '' };
  if (opts.prefix) query.prefix = opts.prefix;
  if (opts.keyMarker) query['key-marker'] = opts.keyMarker;
  if (opts.versionIdMarker) query['version-id-marker'] = opts.versionIdMarker;
  const res = await c.request({ op: 'ListObjectVersions', method: 'GET', bucket, query, signal: opts.signal });
  const root = child(xmlBody(res, 'ListObjectVersions'), 'ListVersionsResult');
  const read = (v: XmlNode, deleteMarker: boolean): ObjectVersion => ({
    key: text(v, 'Key') ?? '', versionId: text(v, 'VersionId') ?? 'null', isLatest: text(v, 'IsLatest') === 'true',
    deleteMarker, size: num(text(v, 'Size')), etag: unquote(text(v, 'ETag')), lastModified: date(text(v, 'LastModified')),
  });
  const versions = [...list(root, 'Version').map((v) => read(v, false)), ...list(root, 'DeleteMarker').map((v) => read(v, true))];
  return {
    versions,
    isTruncated: text(root, 'IsTruncated') === 'true',
    nextKeyMarker: text(root, 'NextKeyMarker'),
    nextVersionIdMarker: text(root, 'NextVersionIdMarker'),
  };
}

/** PutBucketVersioning: Enabled or Suspended. */
export async function putBucketVersioning(c: Requester, bucket: string, status: 'Enabled' | 'Suspended', opts: CallOptions = {}): Promise<void> {
  const body = Buffer.from(`<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>${status}</Status></VersioningConfiguration>`);
  await c.request({
    op: 'PutBucketVersioning', method: 'PUT', bucket, query: { versioning: '' },
    headers: { 'content-type': 'application/xml', 'content-md5': md5Base64(body) }, body, signal: opts.signal, response: 'none',
  });
}
