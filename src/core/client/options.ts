/** Option and result types of the OSS client's calls, and the bucket-name / object-key validators. */
import type { Readable } from 'node:stream';
import type { HttpMethod, SignatureVersion } from '../signer/types';
import type { BucketInfo } from './types';
import { OssClientError } from './errors';
import type { ObjectWriteProperties } from './properties';
import { fillPlaceholders, type Translate } from '../translate';

/** Tuning knobs beyond the shared contract (all optional). */
export interface OssClientTuning {
  /** Base of the exponential back-off (default 200 ms); full jitter on the upper half. */
  retryBaseDelayMs?: number;
  /** Cap of one back-off (default 5000 ms). */
  retryMaxDelayMs?: number;
  /** Keep-alive sockets per host (default 32). */
  maxSockets?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** Calls that can address one version of an object. */
export interface VersionOptions extends CallOptions {
  versionId?: string;
}

export interface ListBucketsPage {
  buckets: BucketInfo[];
  isTruncated: boolean;
  nextMarker?: string;
}

export interface GetObjectOptions extends VersionOptions {
  /** Inclusive byte range; `end` omitted = to the end. */
  range?: { start: number; end?: number };
  /** Only if the object's ETag still matches (If-Match); otherwise 412 PreconditionFailed. */
  ifMatch?: string;
  /** Verify the whole-object CRC-64 at the end of the stream (default true; ranged reads are never checked). */
  verifyCrc?: boolean;
  /** Called with every body chunk as it passes (before the consumer sees it). */
  onData?: (chunk: Buffer) => void;
}

export interface GetObjectResult {
  /** The body. Errors with an InconsistentCrc OssClientError at the end if a whole-object CRC mismatches. */
  stream: Readable;
  /** Bytes in this response (Content-Length); undefined when the server sent none (chunked). */
  size?: number;
  /** Whole object size (from Content-Range on a ranged GET, else = size); undefined when unknown. */
  totalSize?: number;
  contentType?: string;
  etag?: string;
  lastModified?: Date;
  crc64?: string;
  meta: Record<string, string>;
  /** 206 for a ranged GET. */
  status: number;
  versionId?: string;
}

/**
 * PutObject. OSS has no conditional PutObject (no If-Match): `forbidOverwrite` (create only) is the
 * one guard a write can carry; see saveObjectPreservingProperties for check-then-write.
 */
export interface PutObjectOptions extends CallOptions, ObjectWriteProperties {
  /** Required when body is a stream factory. */
  size?: number;
  /** Default: from the key's extension. */
  contentType?: string;
  /** Send Content-MD5 (default: true for buffers ≤ 5 MiB; not possible for streams). */
  contentMd5?: boolean;
  forbidOverwrite?: boolean;
  /** Stream bodies: bytes handed to the socket, per chunk (restarts from 0 on a retry, when the factory is called again). */
  onBytes?: (n: number) => void;
}

export interface PutObjectResult {
  etag?: string;
  crc64?: string;
  requestId?: string;
  /** On versioned buckets. */
  versionId?: string;
}

/**
 * CopyObject. With metadataDirective COPY (the default) the content headers and user metadata come
 * from the source and the write properties below are ignored except storageClass, acl and sse; with
 * REPLACE they are all taken from these options. Tags follow taggingDirective the same way. OSS
 * never copies the ACL or the encryption settings: pass them to keep them.
 */
export interface CopyObjectOptions extends CallOptions, ObjectWriteProperties {
  metadataDirective?: 'COPY' | 'REPLACE';
  taggingDirective?: 'Copy' | 'Replace';
  /** Copy this version of the source. */
  sourceVersionId?: string;
  forbidOverwrite?: boolean;
  /** Sources at or above this size use UploadPartCopy (default 1 GiB). */
  multipartThreshold?: number;
  /** UploadPartCopy part size (default max(256 MiB, size/10000)). */
  partSize?: number;
  parallel?: number;
  /** Where a part-by-part copy whose abort failed is recorded (bucket, key, uploadId). */
  orphans?: import('../orphans').OrphanedUploadLog;
}

export interface InitiateMultipartOptions extends CallOptions, ObjectWriteProperties {
  forbidOverwrite?: boolean;
}

export interface CopyObjectResult {
  etag?: string;
  versionId?: string;
  crc64?: string;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size?: number;
  /** CRC-64 (decimal) of the part as sent and confirmed by the server. */
  crc64?: string;
}

export interface CompleteResult {
  etag?: string;
  crc64?: string;
  location?: string;
}

export interface PartInfo {
  partNumber: number;
  etag: string;
  size: number;
  lastModified?: Date;
  crc64?: string;
}

export interface MultipartUploadInfo {
  key: string;
  uploadId: string;
  initiated?: Date;
}

export interface PresignOptions {
  method?: HttpMethod;
  bucket: string;
  key: string;
  expiresInSeconds: number;
  signatureVersion?: SignatureVersion;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  additionalHeaders?: string[];
  now?: Date;
}

const MAX_KEY_BYTES = 1023;

/** Throws OssClientError('InvalidBucketName') unless 3–63 chars of [a-z0-9-], not starting/ending with '-'. */
export function validateBucketName(bucket: string): void {
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new OssClientError(
      'InvalidBucketName',
      `Invalid bucket name ${JSON.stringify(bucket)}: use 3-63 characters of lower-case letters, digits and '-', not starting or ending with '-'`,
    );
  }
}

/** What is wrong with an object key, as data (worded by {@link describeObjectKeyProblem}). */
export type ObjectKeyProblem =
  | { code: 'empty' }
  | { code: 'tooLong'; bytes: number; max: number }
  | { code: 'leadingSlash' }
  | { code: 'nul' }
  | { code: 'unpairedSurrogate' };

/** Why `key` is not a valid object key (1–1023 UTF-8 bytes, not starting with '/', no NUL), or undefined. */
export function objectKeyProblem(key: string): ObjectKeyProblem | undefined {
  if (typeof key !== 'string' || key.length === 0) return { code: 'empty' };
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) return { code: 'tooLong', bytes, max: MAX_KEY_BYTES };
  if (key.startsWith('/')) return { code: 'leadingSlash' };
  if (key.includes('\0')) return { code: 'nul' };
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(key)) return { code: 'unpairedSurrogate' };
  return undefined;
}

/** The problem in words; `t` is `vscode.l10n.t` on the VS Code side (English by default). */
export function describeObjectKeyProblem(p: ObjectKeyProblem, key: string, t: Translate = fillPlaceholders): string {
  const shown = key.length > 60 ? `${JSON.stringify(key.slice(0, 60))}…` : JSON.stringify(key);
  switch (p.code) {
    case 'empty':
      return t('Invalid object key: it must not be empty');
    case 'tooLong':
      return t('Invalid object key {0}: {1} UTF-8 bytes, the limit is {2}', shown, p.bytes, p.max);
    case 'leadingSlash':
      return t("Invalid object key {0}: it must not start with '/'", shown);
    case 'nul':
      return t('Invalid object key {0}: it must not contain a NUL character', shown);
    case 'unpairedSurrogate':
      return t('Invalid object key {0}: it contains an unpaired surrogate', shown);
  }
}

/** Throws OssClientError('InvalidObjectName') unless 1–1023 UTF-8 bytes, not starting with '/', no NUL. */
export function validateObjectKey(key: string): void {
  const p = objectKeyProblem(key);
  if (p) throw new OssClientError('InvalidObjectName', describeObjectKeyProblem(p, key));
}

export interface UploadPartOptions extends CallOptions {
  /** Required when body is a stream factory. */
  size?: number;
  /** Stream bodies: bytes handed to the socket, per chunk. */
  onBytes?: (n: number) => void;
}

export interface CompleteMultipartOptions extends CallOptions {
  forbidOverwrite?: boolean;
  /**
   * Size and CRC-64 the object must have, for parts that carry no CRC-64 (UploadPartCopy): used to
   * recognise a Complete that succeeded although its answer was lost or damaged.
   */
  expected?: { size: number; crc64: string };
}
