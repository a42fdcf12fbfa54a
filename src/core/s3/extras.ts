/** S3 bucket listing and creation, object tagging, object ACLs, RestoreObject. */
import type { BucketInfo } from '../client/types';
import type { CallOptions, VersionOptions } from '../client/options';
import { OssClientError } from '../client/errors';
import { t } from '../translate';
import { date, md5Base64, xmlBody, type Requester } from '../client/common';
import { versionQuery } from '../client/object';
import type { ObjectAcl } from '../client/properties';
import { child, escapeXml, list, text } from '../client/xml';
import { cannedOf, parseAcl, type S3Acl } from './props';
import { aclsDisabled, s3Root } from './checks';
import { OssExplorerError } from '../errorBase';
import type { VersioningStatus } from '../client/versioning';

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

export async function getObjectTagging(c: Requester, bucket: string, key: string, opts: VersionOptions = {}): Promise<Tags> {
  const res = await c.request({ op: 'GetObjectTagging', method: 'GET', bucket, key, query: versionQuery(opts.versionId, { tagging: '' }), signal: opts.signal });
  const tags: Tags = {};
  for (const tag of list(child(child(xmlBody(res, 'GetObjectTagging'), 'Tagging'), 'TagSet'), 'Tag')) tags[text(tag, 'Key') ?? ''] = text(tag, 'Value') ?? '';
  return tags;
}

/** S3's tag rules: at most 10 tags, keys 1-128 and values 0-256 characters. */
export function validateS3Tags(tags: Tags): void {
  const entries = Object.entries(tags);
  if (entries.length > 10) throw new OssClientError('InvalidTag', t('An object can have at most 10 tags (got {0})', entries.length));
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128 || v.length > 256) throw new OssClientError('InvalidTag', t('Tag {0}: keys have 1-128 and values 0-256 characters', JSON.stringify(k.slice(0, 40))));
  }
}

/** PutObjectTagging (replaces all tags). */
export async function putObjectTagging(c: Requester, bucket: string, key: string, tags: Tags, opts: VersionOptions = {}): Promise<void> {
  validateS3Tags(tags);
  const body = Buffer.from(
    `<Tagging><TagSet>${Object.entries(tags).map(([k, v]) => `<Tag><Key>${escapeXml(k)}</Key><Value>${escapeXml(v)}</Value></Tag>`).join('')}</TagSet></Tagging>`,
    'utf8',
  );
  await c.request({
    op: 'PutObjectTagging', method: 'PUT', bucket, key, query: versionQuery(opts.versionId, { tagging: '' }),
    headers: { 'content-type': 'application/xml', 'content-md5': md5Base64(body) }, body, signal: opts.signal, response: 'none',
  });
}

/** The object's grants (GetObjectAcl). */
export async function getObjectGrants(c: Requester, bucket: string, key: string, opts: VersionOptions = {}): Promise<S3Acl> {
  const res = await c.request({ op: 'GetObjectAcl', method: 'GET', bucket, key, query: versionQuery(opts.versionId, { acl: '' }), signal: opts.signal });
  return parseAcl(xmlBody(res, 'GetObjectAcl'));
}

/** The object's ACL as a canned ACL: public-read(-write) when everyone may read (and write), else private. */
export async function getObjectAcl(c: Requester, bucket: string, key: string, opts: VersionOptions = {}): Promise<ObjectAcl> {
  return cannedOf(await getObjectGrants(c, bucket, key, opts));
}

/** PutObjectAcl with a canned ACL ('default' is S3's default for an object: private). */
export async function putObjectAcl(c: Requester, bucket: string, key: string, acl: ObjectAcl, opts: VersionOptions = {}): Promise<void> {
  const canned = acl === 'default' ? 'private' : acl;
  if (!['private', 'public-read', 'public-read-write'].includes(canned)) throw new OssClientError('InvalidArgument', t('Unknown object ACL {0}: use private, public-read or public-read-write', JSON.stringify(acl)));
  const op = `PutObjectAcl ${bucket}/${key}`;
  try {
    await c.request({ op: 'PutObjectAcl', method: 'PUT', bucket, key, query: versionQuery(opts.versionId, { acl: '' }), headers: { 'x-amz-acl': canned }, signal: opts.signal, response: 'none' });
  } catch (err) {
    if (!(err instanceof OssExplorerError) || err.code !== 'AccessControlListNotSupported') throw err;
    // ACLs off: the object has the bucket's access, which is what 'default' asks for.
    if (acl === 'default') return;
    throw aclsDisabled(op);
  }
}

/** RestoreObject for GLACIER / DEEP_ARCHIVE objects: 'started' (202) or 'extended' (200, already restored). */
export async function restoreObject(c: Requester, bucket: string, key: string, opts: VersionOptions & { days?: number; tier?: 'Expedited' | 'Standard' | 'Bulk' } = {}): Promise<'started' | 'extended'> {
  const days = opts.days ?? 1;
  if (!Number.isInteger(days) || days < 1) throw new OssClientError('InvalidArgument', t('Restore days must be a whole number of at least 1, not {0}', days));
  if (opts.tier !== undefined && !['Expedited', 'Standard', 'Bulk'].includes(opts.tier)) {
    throw new OssClientError('InvalidArgument', t('Unknown restore tier {0}: use Expedited, Standard or Bulk', JSON.stringify(opts.tier)));
  }
  const job = opts.tier ? `<GlacierJobParameters><Tier>${opts.tier}</Tier></GlacierJobParameters>` : '';
  const body = Buffer.from(`<RestoreRequest xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Days>${days}</Days>${job}</RestoreRequest>`, 'utf8');
  const res = await c.request({
    op: 'RestoreObject', method: 'POST', bucket, key, query: versionQuery(opts.versionId, { restore: '' }),
    headers: { 'content-type': 'application/xml', 'content-md5': md5Base64(body) }, body, signal: opts.signal, response: 'none',
  });
  return res.status === 202 ? 'started' : 'extended';
}

/** PutBucketVersioning: Enabled or Suspended (S3 wants Content-MD5 on it). */
export async function putBucketVersioning(c: Requester, bucket: string, status: 'Enabled' | 'Suspended', opts: CallOptions = {}): Promise<void> {
  if (status !== 'Enabled' && status !== 'Suspended') throw new OssClientError('InvalidArgument', t('Versioning status must be Enabled or Suspended, not {0}', JSON.stringify(status)));
  const body = Buffer.from(`<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>${status}</Status></VersioningConfiguration>`);
  await c.request({
    op: 'PutBucketVersioning', method: 'PUT', bucket, query: { versioning: '' },
    headers: { 'content-type': 'application/xml', 'content-md5': md5Base64(body) }, body, signal: opts.signal, response: 'none',
  });
}

/** GetBucketVersioning: Off (never enabled), Enabled or Suspended. */
export async function getBucketVersioning(c: Requester, bucket: string, opts: CallOptions = {}): Promise<VersioningStatus> {
  const res = await c.request({ op: 'GetBucketVersioning', method: 'GET', bucket, query: { versioning: '' }, signal: opts.signal });
  const status = text(s3Root(res, 'GetBucketVersioning', 'VersioningConfiguration'), 'Status');
  return status === 'Enabled' || status === 'Suspended' ? status : 'Off';
}
