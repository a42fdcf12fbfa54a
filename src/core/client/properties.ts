/**
 * Object properties: their types, the validators that refuse what OSS would refuse (with a message
 * saying why), the request headers that set them and the parsing of the response headers that
 * report them. The validators are exported for the VS Code side's Properties view.
 */
import { OssClientError } from './errors';
import { fillPlaceholders, t, type Translate } from '../translate';

export const STORAGE_CLASSES = ['Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive'] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];
/** 'default' = inherit the bucket's ACL. */
export const OBJECT_ACLS = ['default', 'private', 'public-read', 'public-read-write'] as const;
export type ObjectAcl = (typeof OBJECT_ACLS)[number];
export const SSE_ALGORITHMS = ['AES256', 'KMS', 'SM4'] as const;

/** OSS limits (PutObject, PutObjectTagging). */
export const MAX_USER_METADATA_BYTES = 8 * 1024;
export const MAX_TAGS = 10;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;

export interface ServerSideEncryption {
  algorithm: (typeof SSE_ALGORITHMS)[number];
  /** KMS only: the customer master key id. */
  keyId?: string;
  /** KMS only: 'SM4' to encrypt the data with SM4. */
  dataEncryption?: 'SM4';
}

/** Tags in their order; keys are unique. */
export type ObjectTags = Record<string, string>;

/** Everything a write (PutObject, CopyObject with REPLACE, multipart initiation) can set. */
export interface ObjectWriteProperties {
  contentType?: string;
  contentEncoding?: string;
  cacheControl?: string;
  contentDisposition?: string;
  /** An HTTP date string as stored (kept verbatim), or a Date. */
  expires?: string | Date;
  /** User metadata without the x-oss-meta- prefix. */
  meta?: Record<string, string>;
  storageClass?: StorageClass;
  acl?: ObjectAcl;
  tags?: ObjectTags;
  sse?: ServerSideEncryption;
}

/** RestoreObject state of an Archive / ColdArchive object (x-oss-restore). */
export interface RestoreState {
  /** true while the restore runs; false once the object is readable. */
  ongoing: boolean;
  /** When the restored copy expires (restored objects only). */
  expiryDate?: Date;
}

/** A property value OSS would refuse; `field` names the property (e.g. 'meta', 'tags', 'cacheControl'). */
export class PropertyValidationError extends OssClientError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('InvalidArgument', message);
    this.field = field;
  }
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** An HTTP header name (RFC 9110 token). */
export function validateHeaderName(name: string): void {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new PropertyValidationError('headerName', t('{0} is not a valid header name: use letters, digits and ! # $ % & \' * + . ^ _ ` | ~ -', JSON.stringify(name)));
  }
}

/** A header value OSS stores verbatim: printable ASCII (and tab) only, no line breaks. */
export function validateHeaderValue(field: string, value: string, t: Translate = fillPlaceholders): void {
  if (typeof value !== 'string' || /[^\x20-\x7e\t]/.test(value)) {
    throw new PropertyValidationError(field, t("{0} must be printable ASCII without line breaks; encode other characters (e.g. filename*=UTF-8''… in Content-Disposition)", field));
  }
}

/** User metadata: names of letters, digits and '-' (OSS lower-cases them), printable ASCII values, ≤ 8 KB in all. */
export function validateUserMetadata(meta: Record<string, string>, t: Translate = fillPlaceholders): void {
  let total = 0;
  for (const [name, value] of Object.entries(meta)) {
    if (!/^[A-Za-z0-9-]+$/.test(name)) {
      throw new PropertyValidationError('meta', t("Metadata name {0} is invalid: OSS allows only letters, digits and '-'", JSON.stringify(name)));
    }
    if (typeof value !== 'string' || /[^\x20-\x7e\t]/.test(value)) {
      throw new PropertyValidationError('meta', t('Metadata {0} must be printable ASCII without line breaks', name));
    }
    total += 'x-oss-meta-'.length + name.length + value.length;
  }
  if (total > MAX_USER_METADATA_BYTES) {
    throw new PropertyValidationError('meta', t('User metadata is {0} bytes; OSS allows at most {1} (names with the x-oss-meta- prefix plus values)', total, MAX_USER_METADATA_BYTES));
  }
}

const TAG_CHARS = /^[A-Za-z0-9 +\-=._:/]*$/;

/** OSS's tag rules: at most 10 tags, keys 1–128 and values ≤ 256 characters of letters, digits, space and + - = . _ : / */
export function validateTags(tags: ObjectTags, t: Translate = fillPlaceholders): void {
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) {
    throw new PropertyValidationError('tags', t('{0} tags: an object can have at most {1}', entries.length, MAX_TAGS));
  }
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > MAX_TAG_KEY_LENGTH) {
      throw new PropertyValidationError('tags', t('Tag key {0} must be 1 to {1} characters', JSON.stringify(k.slice(0, 40)), MAX_TAG_KEY_LENGTH));
    }
    if (typeof v !== 'string' || v.length > MAX_TAG_VALUE_LENGTH) {
      throw new PropertyValidationError('tags', t('The value of tag {0} must be at most {1} characters', k, MAX_TAG_VALUE_LENGTH));
    }
    if (!TAG_CHARS.test(k) || !TAG_CHARS.test(v)) {
      throw new PropertyValidationError('tags', t('Tag {0}: keys and values may contain only letters, digits, spaces and + - = . _ : /', JSON.stringify(k)));
    }
  }
}

export function validateStorageClass(v: string): asserts v is StorageClass {
  if (!(STORAGE_CLASSES as readonly string[]).includes(v)) {
    throw new PropertyValidationError('storageClass', t('Unknown storage class {0}: use {1}', JSON.stringify(v), STORAGE_CLASSES.join(', ')));
  }
}

export function validateObjectAcl(v: string): asserts v is ObjectAcl {
  if (!(OBJECT_ACLS as readonly string[]).includes(v)) {
    throw new PropertyValidationError('acl', t('Unknown object ACL {0}: use {1}', JSON.stringify(v), OBJECT_ACLS.join(', ')));
  }
}

export function validateSse(sse: ServerSideEncryption): void {
  if (!(SSE_ALGORITHMS as readonly string[]).includes(sse.algorithm)) {
    throw new PropertyValidationError('sse', t('Unknown server-side encryption {0}: use {1}', JSON.stringify(sse.algorithm), SSE_ALGORITHMS.join(', ')));
  }
  if (sse.algorithm !== 'KMS' && (sse.keyId !== undefined || sse.dataEncryption !== undefined)) {
    throw new PropertyValidationError('sse', t('A KMS key id or data encryption is only valid with KMS encryption'));
  }
  if (sse.keyId !== undefined) validateHeaderValue('sse.keyId', sse.keyId);
}

/** The x-oss-tagging header value: `k1=v1&k2=v2`, URL-encoded. */
export function encodeTagging(tags: ObjectTags): string {
  return Object.entries(tags).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

function httpDate(v: string | Date): string {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new PropertyValidationError('expires', t('Expires is not a valid date'));
    return v.toUTCString();
  }
  return v;
}

/** Content-Type, Content-Encoding, Cache-Control, Content-Disposition and Expires: the same on OSS and S3. */
export function writeHttpHeaders(p: ObjectWriteProperties, into: Record<string, string>): void {
  const simple: [keyof ObjectWriteProperties, string][] = [
    ['contentType', 'content-type'], ['contentEncoding', 'content-encoding'], ['cacheControl', 'cache-control'],
    ['contentDisposition', 'content-disposition'],
  ];
  for (const [field, header] of simple) {
    const v = p[field] as string | undefined;
    if (v === undefined) continue;
    validateHeaderValue(field, v);
    into[header] = v;
  }
  if (p.expires !== undefined) {
    const v = httpDate(p.expires);
    validateHeaderValue('expires', v);
    into['expires'] = v;
  }
}

/** Validates `p` and writes the headers that set it (lower-case names) into `into`. */
export function writePropertyHeaders(p: ObjectWriteProperties, into: Record<string, string>): void {
  writeHttpHeaders(p, into);
  if (p.meta) {
    validateUserMetadata(p.meta);
    for (const [k, v] of Object.entries(p.meta)) into[`x-oss-meta-${k.toLowerCase()}`] = v;
  }
  if (p.storageClass !== undefined) {
    validateStorageClass(p.storageClass);
    into['x-oss-storage-class'] = p.storageClass;
  }
  if (p.acl !== undefined) {
    validateObjectAcl(p.acl);
    into['x-oss-object-acl'] = p.acl;
  }
  if (p.tags !== undefined) {
    validateTags(p.tags);
    into['x-oss-tagging'] = encodeTagging(p.tags);
  }
  if (p.sse !== undefined) {
    validateSse(p.sse);
    into['x-oss-server-side-encryption'] = p.sse.algorithm;
    if (p.sse.keyId !== undefined) into['x-oss-server-side-encryption-key-id'] = p.sse.keyId;
    if (p.sse.dataEncryption !== undefined) into['x-oss-server-side-data-encryption'] = p.sse.dataEncryption;
  }
}

/** x-oss-restore: `ongoing-request="true"` or `ongoing-request="false", expiry-date="<HTTP date>"`. */
export function parseRestoreHeader(v: string | undefined): RestoreState | undefined {
  if (!v) return undefined;
  const ongoing = /ongoing-request\s*=\s*"?(true|false)"?/i.exec(v);
  if (!ongoing) return undefined;
  const expiry = /expiry-date\s*=\s*"([^"]+)"/i.exec(v);
  const d = expiry ? new Date(expiry[1]) : undefined;
  return { ongoing: ongoing[1].toLowerCase() === 'true', expiryDate: d && !Number.isNaN(d.getTime()) ? d : undefined };
}

/** Server-side encryption reported by a response, if any. */
export function readSse(h: Record<string, string>): ServerSideEncryption | undefined {
  const algorithm = h['x-oss-server-side-encryption'];
  if (!algorithm) return undefined;
  const sse: ServerSideEncryption = { algorithm: algorithm as ServerSideEncryption['algorithm'] };
  if (h['x-oss-server-side-encryption-key-id']) sse.keyId = h['x-oss-server-side-encryption-key-id'];
  if (h['x-oss-server-side-data-encryption'] === 'SM4') sse.dataEncryption = 'SM4';
  return sse;
}
