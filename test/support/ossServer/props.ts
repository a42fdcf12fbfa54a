/**
 * Object properties carried by upload requests (PutObject, CopyObject with REPLACE, InitiateMultipartUpload),
 * checked against OSS's limits: storage class, object ACL, x-oss-tagging, server-side encryption and the
 * 8 KB user-metadata limit.
 */
import type * as http from 'node:http';
import { entityFromHeaders } from './context';
import { OssError } from './errors';
import { headerStr } from './headers';
import type { ObjectRecord } from './store';

export const STORAGE_CLASSES = ['Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive'];
export const OBJECT_ACLS = ['default', 'private', 'public-read', 'public-read-write'];
const SSE_ALGORITHMS = ['AES256', 'KMS', 'SM4'];
/** Total bytes of all x-oss-meta-* names and values (OSS: "cannot exceed 8 KB"). */
export const MAX_USER_META_BYTES = 8 * 1024;
export const MAX_TAGS = 10;
export const MAX_TAG_KEY = 128;
export const MAX_TAG_VALUE = 256;
const TAG_CHARS = /^[A-Za-z0-9 +\-=._:/]*$/;

export type UploadProps = ReturnType<typeof entityFromHeaders> & Pick<ObjectRecord, 'acl' | 'tags' | 'sse'> & { storageClass?: string };

/** Archive-type classes must be restored before they can be read. */
export function isArchiveClass(storageClass: string): boolean {
  return storageClass === 'Archive' || storageClass === 'ColdArchive' || storageClass === 'DeepColdArchive';
}

export function checkStorageClass(v: string | undefined): string | undefined {
  if (v === undefined) {
    return undefined;
  }
  const found = STORAGE_CLASSES.find((c) => c.toLowerCase() === v.trim().toLowerCase());
  if (!found) {
    throw new OssError(400, 'InvalidArgument', 'Invalid storage class.', { ArgumentName: 'x-oss-storage-class', ArgumentValue: v });
  }
  return found;
}

export function checkObjectAcl(v: string | undefined): string | undefined {
  if (v === undefined) {
    return undefined;
  }
  if (!OBJECT_ACLS.includes(v.trim())) {
    throw new OssError(400, 'InvalidArgument', 'no such object access control exists', { ArgumentName: 'x-oss-object-acl', ArgumentValue: v });
  }
  return v.trim();
}

function invalidTag(message: string): OssError {
  return new OssError(400, 'InvalidTag', message, {}, '0010-00000217');
}

/** OSS's tag rules: ≤ 10 tags, unique keys of 1–128 characters, values ≤ 256, letters, digits, space and + - = . _ : / only. */
export function checkTags(tags: [string, string][]): [string, string][] {
  if (tags.length > MAX_TAGS) {
    throw invalidTag(`An object can have at most ${MAX_TAGS} tags.`);
  }
  const seen = new Set<string>();
  for (const [k, v] of tags) {
    if (k.length < 1 || k.length > MAX_TAG_KEY) {
      throw new OssError(400, 'InvalidTag', `The tag key must be 1 to ${MAX_TAG_KEY} characters long.`, {}, '0010-00000209');
    }
    if (v.length > MAX_TAG_VALUE) {
      throw invalidTag(`The tag value must be at most ${MAX_TAG_VALUE} characters long.`);
    }
    if (!TAG_CHARS.test(k) || !TAG_CHARS.test(v)) {
      throw invalidTag('Tag keys and values may contain only letters, digits, spaces and + - = . _ : /');
    }
    if (seen.has(k)) {
      throw invalidTag('Tag keys must be unique.');
    }
    seen.add(k);
  }
  return tags;
}

/** The x-oss-tagging header: `k1=v1&k2=v2`, URL-encoded (a bare `k` means an empty value). */
export function parseTaggingHeader(v: string | undefined): [string, string][] | undefined {
  if (v === undefined) {
    return undefined;
  }
  const tags: [string, string][] = [];
  for (const part of v.split('&')) {
    if (part === '') {
      continue;
    }
    const pieces = part.split('=');
    if (pieces.length > 2) {
      throw new OssError(400, 'InvalidArgument', 'The tagging header is invalid: use key1=value1&key2=value2.', {
        ArgumentName: 'x-oss-tagging', ArgumentValue: v,
      }, '0010-00000219');
    }
    const dec = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        throw new OssError(400, 'InvalidArgument', 'The tagging header is not correctly URL-encoded.', { ArgumentName: 'x-oss-tagging', ArgumentValue: v });
      }
    };
    tags.push([dec(pieces[0]), dec(pieces[1] ?? '')]);
  }
  return checkTags(tags);
}

export function checkUserMetaSize(meta: Record<string, string>): void {
  let total = 0;
  for (const [k, v] of Object.entries(meta)) {
    total += Buffer.byteLength(`x-oss-meta-${k}`, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  if (total > MAX_USER_META_BYTES) {
    throw new OssError(400, 'InvalidArgument', `Your metadata headers exceed the maximum allowed metadata size (${total} > ${MAX_USER_META_BYTES} bytes).`, {
      ArgumentName: 'x-oss-meta-*', ArgumentValue: String(total),
    }, '0011-00000002');
  }
}

function sseFromHeaders(req: http.IncomingMessage): ObjectRecord['sse'] {
  const alg = headerStr(req, 'x-oss-server-side-encryption');
  const keyId = headerStr(req, 'x-oss-server-side-encryption-key-id');
  const data = headerStr(req, 'x-oss-server-side-data-encryption');
  if (alg === undefined) {
    if (keyId !== undefined || data !== undefined) {
      throw new OssError(400, 'InvalidArgument', 'x-oss-server-side-encryption-key-id needs x-oss-server-side-encryption: KMS.', {
        ArgumentName: 'x-oss-server-side-encryption', ArgumentValue: '',
      });
    }
    return undefined;
  }
  if (!SSE_ALGORITHMS.includes(alg)) {
    throw new OssError(400, 'InvalidEncryptionAlgorithmError', 'The Encryption request you specified is not valid. Supported value: AES256/KMS/SM4');
  }
  if (alg !== 'KMS' && (keyId !== undefined || data !== undefined)) {
    throw new OssError(400, 'InvalidArgument', 'The encryption key id and data encryption are only valid with KMS.', {
      ArgumentName: 'x-oss-server-side-encryption-key-id', ArgumentValue: keyId ?? data ?? '',
    });
  }
  if (data !== undefined && data !== 'SM4') {
    throw new OssError(400, 'InvalidArgument', 'x-oss-server-side-data-encryption must be SM4.', {
      ArgumentName: 'x-oss-server-side-data-encryption', ArgumentValue: data,
    });
  }
  const sse: NonNullable<ObjectRecord['sse']> = { algorithm: alg };
  if (keyId !== undefined) {
    sse.keyId = keyId;
  }
  if (data !== undefined) {
    sse.dataEncryption = data;
  }
  return sse;
}

/** Everything an upload request says about the new object, validated. */
export function uploadProps(req: http.IncomingMessage): UploadProps {
  const ent = entityFromHeaders(req);
  checkUserMetaSize(ent.meta);
  return {
    ...ent,
    storageClass: checkStorageClass(headerStr(req, 'x-oss-storage-class')),
    acl: checkObjectAcl(headerStr(req, 'x-oss-object-acl')),
    tags: parseTaggingHeader(headerStr(req, 'x-oss-tagging')),
    sse: sseFromHeaders(req),
  };
}

/** The SSE response headers of an object. */
export function sseHeaders(res: http.ServerResponse, o: ObjectRecord): void {
  if (o.sse) {
    res.setHeader('x-oss-server-side-encryption', o.sse.algorithm);
    if (o.sse.keyId !== undefined) {
      res.setHeader('x-oss-server-side-encryption-key-id', o.sse.keyId);
    }
    if (o.sse.dataEncryption !== undefined) {
      res.setHeader('x-oss-server-side-data-encryption', o.sse.dataEncryption);
    }
  }
}
