/**
 * Saving new bytes over an S3 object while keeping everything it had: content headers, user
 * metadata, storage class, server-side encryption (SSE-S3 / SSE-KMS), the ACL grants and the tags,
 * after checking that the object is still the one the caller read (ETag, size).
 *
 * Unlike OSS, S3 has a conditional PutObject: the PUT carries `If-Match: "<the ETag just checked>"`,
 * so on AWS S3 (since 2024) a write by someone else between the HEAD and the PUT gives 412 and the
 * save is refused instead of overwriting it. Servers that ignore If-Match on PUT (see
 * docs/protocol.md §12 for what moto and s3rver do) fall back to check-then-write, as on OSS.
 */
import { OssError } from '../client/errors';
import { checkBeforeSave, headOrGone, ObjectChangedError, ObjectDeletedError, type SaveObjectOptions, type SaveObjectResult } from '../client/save';
import type { ObjectWriteProperties } from '../client/properties';
import type { Requester } from '../client/common';
import { headObject, putObject } from './objects';
import { getObjectGrants, getObjectTagging } from './extras';
import { grantHeaders, isOwnerOnly } from './props';

export type S3SaveResult = Omit<SaveObjectResult, 'crc64'> & { crc32c: string };

/** HEAD (with the ACL and tags alongside), compare, then a conditional PUT with every property. */
export async function saveObject(c: Requester, o: SaveObjectOptions): Promise<S3SaveResult> {
  const { bucket, key, body, signal } = o;
  const grants = getObjectGrants(c, bucket, key, { signal });
  const tags = getObjectTagging(c, bucket, key, { signal });
  const head = await checkBeforeSave(() => headObject(c, bucket, key, { signal }), [grants, tags], o);
  let props: ObjectWriteProperties;
  const extraHeaders: Record<string, string> = {};
  if (!head) {
    props = { ...(o.recreateWith ?? {}) };
  } else {
    const acl = await grants;
    const t = await tags;
    props = {
      contentType: head.contentType, contentEncoding: head.contentEncoding, cacheControl: head.cacheControl,
      contentDisposition: head.contentDisposition, expires: head.expires, meta: { ...head.meta }, sse: head.sse,
    };
    if (Object.keys(t).length > 0) props.tags = t;
    // S3's own class name is written back as it is (ours name fewer classes than S3 has).
    if (head.storageClass && head.storageClass !== 'STANDARD') extraHeaders['x-amz-storage-class'] = head.storageClass;
    // The owner's FULL_CONTROL alone is what any PUT gives (and all a bucket without ACLs accepts).
    if (!isOwnerOnly(acl)) grantHeaders(acl, extraHeaders);
  }
  try {
    const put = await putObject(c, bucket, key, body, {
      ...props, extraHeaders, forbidOverwrite: !head, ifMatch: head?.etag, signal, onBytes: o.onBytes,
    });
    return { etag: put.etag, crc32c: put.crc32c, size: body.length, versionId: put.versionId, props };
  } catch (err) {
    if (!(err instanceof OssError)) throw err;
    // The conditional PUT found the object changed (412) or gone (404) after our HEAD.
    if (head && err.status === 412) {
      const now = await headOrGone(() => headObject(c, bucket, key, { signal }));
      if (!now) throw new ObjectDeletedError(bucket, key);
      throw new ObjectChangedError(bucket, key, o.expected, now, 'written by someone else while saving');
    }
    if (head && err.status === 404 && err.code === 'NoSuchKey') throw new ObjectDeletedError(bucket, key);
    if (!head && err.code === 'FileAlreadyExists') {
      const now = await headOrGone(() => headObject(c, bucket, key, { signal }));
      if (now) throw new ObjectChangedError(bucket, key, o.expected, now, 'created by someone else while saving');
    }
    throw err;
  }
}
