/**
 * Saving new bytes over an object while keeping everything it had: content headers, user metadata,
 * storage class, server-side encryption, object ACL and tags, after checking that the object is
 * still the one the caller read (ETag, size, CRC-64).
 *
 * OSS has no conditional PutObject (it answers If-Match on a PUT with 400 NotImplemented), so this
 * is check-then-write: a write by someone else between the HEAD and the PUT (a window of one round
 * trip — the HEAD, GetObjectAcl and GetObjectTagging go together — plus the upload) is overwritten. docs/protocol.md describes the window.
 */
import type { CallOptions, PutObjectOptions } from './options';
import { OssClientError, OssError } from './errors';
import { getObjectAcl, getObjectTagging } from './objectAttributes';
import { headObject, putObject } from './object';
import { STORAGE_CLASSES, type ObjectWriteProperties, type StorageClass } from './properties';
import type { Requester } from './common';
import type { HeadObjectResult } from './types';
import { t } from '../translate';

/** What the caller saw when it read the object. */
export interface ExpectedObjectState {
  etag?: string;
  size?: number;
  crc64?: string;
}

/** The object changed on the server since it was read; `current` is what is there now. */
export class ObjectChangedError extends OssClientError {
  readonly current: HeadObjectResult;
  readonly expected: ExpectedObjectState;
  constructor(bucket: string, key: string, expected: ExpectedObjectState, current: HeadObjectResult, what: string) {
    super('ObjectChanged', t('{0}/{1} changed on the server since it was opened ({2})', bucket, key, what), `Save ${bucket}/${key}`);
    this.current = current;
    this.expected = expected;
  }
}

/** The object was deleted on the server since it was read. */
export class ObjectDeletedError extends OssClientError {
  constructor(bucket: string, key: string) {
    super('ObjectDeleted', t('{0}/{1} was deleted on the server since it was opened', bucket, key), `Save ${bucket}/${key}`);
  }
}

export interface SaveObjectOptions extends CallOptions {
  bucket: string;
  key: string;
  body: Buffer;
  expected: ExpectedObjectState;
  /**
   * Write even if the object changed (the user chose Overwrite): its current properties are still kept.
   * If it was deleted, it is created again with `recreateWith` and x-oss-forbid-overwrite.
   */
  overwrite?: boolean;
  recreateWith?: ObjectWriteProperties;
  onBytes?: PutObjectOptions['onBytes'];
}

export interface SaveObjectResult {
  etag?: string;
  crc64: string;
  size: number;
  versionId?: string;
  /** The properties written with the bytes (what the object has now). */
  props: ObjectWriteProperties;
}

function norm(etag: string | undefined): string | undefined {
  return etag?.replace(/^W\//, '').replace(/^"|"$/g, '').toUpperCase();
}

/** Undefined when `current` still is `expected`, else what differs. */
export function difference(expected: ExpectedObjectState, current: HeadObjectResult): string | undefined {
  if (expected.etag !== undefined && norm(expected.etag) !== norm(current.etag)) return `ETag ${current.etag ?? '(none)'}, expected ${expected.etag}`;
  if (expected.size !== undefined && expected.size !== current.size) return `${current.size} bytes, expected ${expected.size}`;
  if (expected.crc64 !== undefined && current.crc64 !== undefined && expected.crc64 !== current.crc64) {
    return `CRC-64 ${current.crc64}, expected ${expected.crc64}`;
  }
  return undefined;
}

/** `head()`, or undefined when the object is gone (a 404 other than NoSuchBucket). */
export async function headOrGone(head: () => Promise<HeadObjectResult>): Promise<HeadObjectResult | undefined> {
  try {
    return await head();
  } catch (err) {
    if (err instanceof OssError && err.status === 404 && err.code !== 'NoSuchBucket') return undefined;
    throw err;
  }
}

/**
 * The check a save makes before writing: the object's HEAD (`head`), compared with `o.expected`.
 * Requests sent alongside it (ACL, tags) are settled whenever their answers will not be read.
 * Returns undefined when the object is gone and `o.overwrite` says to write anyway; otherwise a gone
 * or changed object is ObjectDeletedError / ObjectChangedError.
 */
export async function checkBeforeSave(
  head: () => Promise<HeadObjectResult>,
  alongside: readonly Promise<unknown>[],
  o: SaveObjectOptions,
): Promise<HeadObjectResult | undefined> {
  const unused = Promise.allSettled(alongside);
  let current: HeadObjectResult | undefined;
  try {
    current = await headOrGone(head);
  } catch (err) {
    await unused;
    throw err;
  }
  if (!current) {
    await unused;
    if (!o.overwrite) throw new ObjectDeletedError(o.bucket, o.key);
    return undefined;
  }
  const diff = difference(o.expected, current);
  if (diff !== undefined && !o.overwrite) {
    await unused;
    throw new ObjectChangedError(o.bucket, o.key, o.expected, current, diff);
  }
  return current;
}

/** Every property of `head` (plus ACL and tags) as write options; an ACL of 'default' is left to default. */
export function propertiesOf(head: HeadObjectResult, acl: string, tags: Record<string, string>): ObjectWriteProperties {
  const p: ObjectWriteProperties = {
    contentType: head.contentType, contentEncoding: head.contentEncoding, cacheControl: head.cacheControl,
    contentDisposition: head.contentDisposition, expires: head.expires, meta: { ...head.meta }, sse: head.sse,
  };
  if (head.storageClass !== undefined) {
    if (!(STORAGE_CLASSES as readonly string[]).includes(head.storageClass)) {
      throw new OssClientError('UnsupportedProperty', t('Storage class {0} is unknown to this client: not saving, so that it is not lost', JSON.stringify(head.storageClass)));
    }
    p.storageClass = head.storageClass as StorageClass;
  }
  if (acl !== 'default') p.acl = acl as ObjectWriteProperties['acl'];
  if (Object.keys(tags).length > 0) p.tags = tags;
  return p;
}

/**
 * HEAD, compare with `expected` (ObjectChangedError / ObjectDeletedError), read ACL and tags, PUT the
 * new bytes with every property, and check the CRC-64 the server computed against the bytes sent.
 */
export async function saveObjectPreservingProperties(c: Requester, o: SaveObjectOptions): Promise<SaveObjectResult> {
  const { bucket, key, body, signal } = o;
  // One round trip for the check and the properties: ACL and tags are asked alongside the HEAD
  // (their answers are dropped when the HEAD finds the object gone or changed).
  const acl = getObjectAcl(c, bucket, key, { signal });
  const tags = getObjectTagging(c, bucket, key, { signal });
  const head = await checkBeforeSave(() => headObject(c, bucket, key, { signal }), [acl, tags], o);
  const props: ObjectWriteProperties = head ? propertiesOf(head, await acl, await tags) : { ...(o.recreateWith ?? {}) };
  const forbidOverwrite = !head;
  // putObject sends the CRC-64 of the body and checks it against the server's (InconsistentCrc).
  const put = await putObject(c, bucket, key, body, { ...props, forbidOverwrite, signal, onBytes: o.onBytes });
  if (put.crc64 === undefined) {
    throw new OssClientError('InconsistentCrc', t('crc is inconsistent: the server sent no CRC-64 for the saved object'), `Save ${bucket}/${key}`);
  }
  return { etag: put.etag, crc64: put.crc64, size: body.length, versionId: put.versionId, props };
}
