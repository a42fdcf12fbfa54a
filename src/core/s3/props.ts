/**
 * Object properties the S3 way: the request headers that set them (x-amz-*), the response headers
 * that report them, storage classes, and object ACLs (S3 reports grants; the extension speaks in
 * canned ACLs). Every value OSS and S3 share is validated by the same rules as for OSS.
 */
import { OssClientError } from '../client/errors';
import { t } from '../translate';
import {
  parseRestoreHeader,
  validateHeaderValue,
  validateObjectAcl,
  writeHttpHeaders,
  type ObjectAcl,
  type ObjectWriteProperties,
  type ServerSideEncryption,
  type StorageClass,
} from '../client/properties';
import type { HeadObjectResult } from '../client/types';
import { date, metaHeaders, readMeta, unquote } from '../client/common';
import { child, escapeXml, list, text, type XmlNode } from '../client/xml';

export const AMZ_META = 'x-amz-meta-';

/** The S3 storage class for each of ours; ColdArchive has no S3 equivalent. */
const TO_S3_CLASS: Record<StorageClass, string | undefined> = {
  Standard: 'STANDARD',
  IA: 'STANDARD_IA',
  Archive: 'GLACIER',
  ColdArchive: undefined,
  DeepColdArchive: 'DEEP_ARCHIVE',
};
/** S3's own storage class names, passed through unchanged. */
export const S3_STORAGE_CLASSES = [
  'STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE',
  'OUTPOSTS', 'GLACIER_IR', 'SNOW', 'EXPRESS_ONEZONE',
] as const;

/** A feature of OSS that S3 has no equivalent of: the message says what to do instead. */
export class NotSupportedOnS3Error extends OssClientError {
  /** `message`: "… is not available on S3-compatible storage: …", the whole sentence through t(). */
  constructor(message: string, operation?: string) {
    super('NotSupportedOnS3', message, operation);
  }
}

/** Our storage class name (or an S3 one) as the x-amz-storage-class value. */
export function s3StorageClass(v: string): string {
  if ((S3_STORAGE_CLASSES as readonly string[]).includes(v)) return v;
  if (Object.prototype.hasOwnProperty.call(TO_S3_CLASS, v)) {
    const s3 = TO_S3_CLASS[v as StorageClass];
    if (s3) return s3;
    throw new NotSupportedOnS3Error(t('The storage class {0} is not available on S3-compatible storage: choose Standard, IA, Archive (GLACIER) or DeepColdArchive (DEEP_ARCHIVE)', v));
  }
  throw new OssClientError('InvalidArgument', t('Unknown storage class {0}: use {1}', JSON.stringify(v), S3_STORAGE_CLASSES.join(', ')));
}

/** The canned ACL headers S3 takes for ours ('default' = S3's default for a new object, private). */
function cannedAcl(acl: ObjectAcl): string {
  validateObjectAcl(acl);
  return acl === 'default' ? 'private' : acl;
}

/** One grant of an object ACL. */
export interface S3Grant {
  /** 'id' (canonical user), 'uri' (group), or 'emailAddress'. */
  type: 'id' | 'uri' | 'emailAddress';
  value: string;
  permission: 'FULL_CONTROL' | 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP';
}

export interface S3Acl {
  ownerId?: string;
  grants: S3Grant[];
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

/** The grants of a GetObjectAcl answer. */
export function parseAcl(doc: XmlNode): S3Acl {
  const policy = child(doc, 'AccessControlPolicy');
  const grants: S3Grant[] = [];
  for (const g of list(child(policy, 'AccessControlList'), 'Grant')) {
    const grantee = child(g, 'Grantee');
    const permission = text(g, 'Permission') as S3Grant['permission'] | undefined;
    if (!permission) continue;
    const id = text(grantee, 'ID');
    const uri = text(grantee, 'URI');
    const email = text(grantee, 'EmailAddress');
    if (id) grants.push({ type: 'id', value: id, permission });
    else if (uri) grants.push({ type: 'uri', value: uri, permission });
    else if (email) grants.push({ type: 'emailAddress', value: email, permission });
  }
  return { ownerId: text(child(policy, 'Owner'), 'ID'), grants };
}

/** The canned ACL the grants amount to, as far as the extension's ACL choice can say it. */
export function cannedOf(acl: S3Acl): ObjectAcl {
  const everyone = new Set(acl.grants.filter((g) => g.type === 'uri' && g.value === ALL_USERS).map((g) => g.permission));
  if (everyone.has('FULL_CONTROL') || (everyone.has('READ') && everyone.has('WRITE'))) return 'public-read-write';
  if (everyone.has('READ')) return 'public-read';
  return 'private';
}

/** True when the ACL is S3's default one (the owner's FULL_CONTROL only), which a PUT gives anyway. */
export function isOwnerOnly(acl: S3Acl): boolean {
  return acl.grants.every((g) => g.type === 'id' && g.value === acl.ownerId && g.permission === 'FULL_CONTROL');
}

/** x-amz-grant-* headers that give the same grants again on a write. */
export function grantHeaders(acl: S3Acl, into: Record<string, string>): void {
  const by = new Map<string, string[]>();
  for (const g of acl.grants) {
    const name = `x-amz-grant-${g.permission.toLowerCase().replace(/_/g, '-')}`;
    by.set(name, [...(by.get(name) ?? []), `${g.type}="${g.value.replace(/"/g, '')}"`]);
  }
  for (const [name, values] of by) into[name] = values.join(', ');
}

/** The AccessControlPolicy body of a PutObjectAcl that sets `acl` again (for tests and restores). */
export function aclXml(acl: S3Acl): string {
  const grantee = (g: S3Grant): string => {
    const xsiType = g.type === 'id' ? 'CanonicalUser' : g.type === 'uri' ? 'Group' : 'AmazonCustomerByEmail';
    const tag = g.type === 'id' ? 'ID' : g.type === 'uri' ? 'URI' : 'EmailAddress';
    return `<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${xsiType}"><${tag}>${escapeXml(g.value)}</${tag}></Grantee>`;
  };
  return `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>${escapeXml(acl.ownerId ?? '')}</ID></Owner><AccessControlList>${acl.grants
    .map((g) => `<Grant>${grantee(g)}<Permission>${g.permission}</Permission></Grant>`).join('')}</AccessControlList></AccessControlPolicy>`;
}

/** Tags as the x-amz-tagging header (URL query form). */
export function taggingHeader(tags: Record<string, string>): string {
  return Object.entries(tags).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** Writes the headers that set `p` on a PutObject, CopyObject (REPLACE) or CreateMultipartUpload. */
export function writeS3PropertyHeaders(p: ObjectWriteProperties, into: Record<string, string>): void {
  writeHttpHeaders(p, into);
  metaHeaders(p.meta, into, AMZ_META);
  if (p.storageClass !== undefined) into['x-amz-storage-class'] = s3StorageClass(p.storageClass);
  // private is what S3 gives every new object and copy without the header, and a bucket with ACLs
  // disabled (Object Ownership: bucket owner enforced) refuses the header: it is left out.
  if (p.acl !== undefined && cannedAcl(p.acl) !== 'private') into['x-amz-acl'] = cannedAcl(p.acl);
  if (p.tags !== undefined && Object.keys(p.tags).length > 0) into['x-amz-tagging'] = taggingHeader(p.tags);
  if (p.sse !== undefined) {
    if (p.sse.algorithm === 'SM4') throw new NotSupportedOnS3Error(t('SM4 encryption is not available on S3-compatible storage: use AES256 or KMS'));
    into['x-amz-server-side-encryption'] = p.sse.algorithm === 'KMS' ? 'aws:kms' : 'AES256';
    if (p.sse.keyId !== undefined) {
      validateHeaderValue('sse.keyId', p.sse.keyId);
      into['x-amz-server-side-encryption-aws-kms-key-id'] = p.sse.keyId;
    }
  }
}

/** Server-side encryption an S3 response reports (SSE-S3 or SSE-KMS). */
export function readS3Sse(h: Record<string, string>): ServerSideEncryption | undefined {
  const a = h['x-amz-server-side-encryption'];
  if (!a) return undefined;
  const sse: ServerSideEncryption = { algorithm: a === 'aws:kms' || a === 'aws:kms:dsse' ? 'KMS' : 'AES256' };
  if (h['x-amz-server-side-encryption-aws-kms-key-id']) sse.keyId = h['x-amz-server-side-encryption-aws-kms-key-id'];
  return sse;
}

/**
 * The x-amz-checksum-crc32c of an answer, with `-<parts>` on a multipart object's composite one:
 * moto's HEAD drops that suffix (its GET keeps it), and a composite is no checksum of the bytes.
 */
export function crc32cOf(h: Record<string, string>): string | undefined {
  const crc = h['x-amz-checksum-crc32c'];
  const parts = /-(\d+)"?$/.exec(h['etag'] ?? '')?.[1];
  if (!crc || crc.includes('-') || !parts || h['x-amz-checksum-type'] === 'FULL_OBJECT') return crc;
  return `${crc}-${parts}`;
}

/** Everything a HeadObject (or GetObject) answer says about the object. */
export function readS3Head(h: Record<string, string>): HeadObjectResult & { crc32c?: string } {
  return {
    size: Number(h['content-length'] ?? 0),
    contentType: h['content-type'],
    contentEncoding: h['content-encoding'],
    cacheControl: h['cache-control'],
    contentDisposition: h['content-disposition'],
    expires: h['expires'],
    etag: unquote(h['etag']),
    lastModified: date(h['last-modified']),
    storageClass: h['x-amz-storage-class'] ?? 'STANDARD',
    objectType: /-\d+"?$/.test(h['etag'] ?? '') ? 'Multipart' : 'Normal',
    crc32c: crc32cOf(h),
    meta: readMeta(h, AMZ_META),
    versionId: h['x-amz-version-id'],
    sse: readS3Sse(h),
    taggingCount: Number(h['x-amz-tagging-count'] ?? 0),
    restore: parseRestoreHeader(h['x-amz-restore']),
  };
}
