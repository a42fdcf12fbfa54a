/** Object ACL and tagging: Get/PutObjectAcl, Get/Put/DeleteObjectTagging (each optionally for one version). */
import type { VersionOptions } from './options';
import { OssClientError } from './errors';
import { md5Base64, xmlBody, type Requester } from './common';
import { versionQuery } from './object';
import { OBJECT_ACLS, validateObjectAcl, validateTags, type ObjectAcl, type ObjectTags } from './properties';
import { child, escapeXml, list, text } from './xml';
import { t } from '../translate';

/** The object's ACL; 'default' means it inherits the bucket's. */
export async function getObjectAcl(c: Requester, bucket: string, key: string, opts: VersionOptions = {}): Promise<ObjectAcl> {
  const res = await c.request({ op: 'GetObjectAcl', method: 'GET', bucket, key, query: versionQuery(opts.versionId, { acl: '' }), signal: opts.signal });
  const grant = text(child(child(xmlBody(res, 'GetObjectAcl'), 'AccessControlPolicy'), 'AccessControlList'), 'Grant');
  if (!grant || !(OBJECT_ACLS as readonly string[]).includes(grant)) {
    throw new OssClientError('MalformedResponse', t('GetObjectAcl returned an unknown grant {0}', JSON.stringify(grant)), `GetObjectAcl ${bucket}/${key}`);
  }
  return grant as ObjectAcl;
}

export async function putObjectAcl(c: Requester, bucket: string, key: string, acl: ObjectAcl, opts: VersionOptions = {}): Promise<void> {
  validateObjectAcl(acl);
  await c.request({
    op: 'PutObjectAcl', method: 'PUT', bucket, key, query: versionQuery(opts.versionId, { acl: '' }),
    headers: { 'x-oss-object-acl': acl }, signal: opts.signal, response: 'none',
  });
}

/** The object's tags, in the server's order. */
export async function getObjectTagging(c: Requester, bucket: string, key: string, opts: VersionOptions = {}): Promise<ObjectTags> {
  const res = await c.request({ op: 'GetObjectTagging', method: 'GET', bucket, key, query: versionQuery(opts.versionId, { tagging: '' }), signal: opts.signal });
  const set = child(child(xmlBody(res, 'GetObjectTagging'), 'Tagging'), 'TagSet');
  const tags: ObjectTags = {};
  for (const t of list(set, 'Tag')) tags[text(t, 'Key') ?? ''] = text(t, 'Value') ?? '';
  return tags;
}

/** Replaces all of the object's tags (validated against OSS's limits first). */
export async function putObjectTagging(c: Requester, bucket: string, key: string, tags: ObjectTags, opts: VersionOptions = {}): Promise<void> {
  validateTags(tags);
  const xml = `<?xml version="1.0" encoding="UTF-8"?><Tagging><TagSet>${Object.entries(tags)
    .map(([k, v]) => `<Tag><Key>${escapeXml(k)}</Key><Value>${escapeXml(v)}</Value></Tag>`).join('')}</TagSet></Tagging>`;
  const body = Buffer.from(xml, 'utf8');
  await c.request({
    op: 'PutObjectTagging', method: 'PUT', bucket, key, query: versionQuery(opts.versionId, { tagging: '' }),
    headers: { 'content-type': 'application/xml', 'content-md5': md5Base64(body) }, body, signal: opts.signal, response: 'none',
  });
}

export async function deleteObjectTagging(c: Requester, bucket: string, key: string, opts: VersionOptions = {}): Promise<void> {
  await c.request({
    op: 'DeleteObjectTagging', method: 'DELETE', bucket, key, query: versionQuery(opts.versionId, { tagging: '' }), signal: opts.signal, response: 'none',
  });
}
