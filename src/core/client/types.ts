/**
 * Contract between the OSS client (issue #4) and the VS Code side (issue #5).
 * All keys are raw, decoded UTF-8 strings.
 */
import type { OrphanedUploadLog } from '../orphans';
import type { CheckpointOptions } from './multipartFile';
import type { SignatureVersion } from '../signer/types';
import type { CredentialProvider } from '../credentials/types';
import type { RestoreState, ServerSideEncryption } from './properties';
import type { NetworkOptions } from '../http/network';

export interface OssClientOptions {
  /** e.g. 'https://oss-cn-hangzhou.aliyuncs.com' or 'http://127.0.0.1:9000'. */
  endpoint: string;
  /** Bare region id, e.g. 'cn-hangzhou'. */
  region: string;
  credentials: CredentialProvider;
  signatureVersion?: SignatureVersion; // default 'v4'
  /** Endpoint is a custom domain bound to one bucket. */
  cname?: boolean;
  /** Force /bucket/key addressing (automatic for IP and localhost endpoints). */
  pathStyle?: boolean;
  /** Per-request time-out in ms (default 60000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Called once per HTTP attempt; must never receive a secret. */
  onRequest?: (log: RequestLog) => void;
  /** Proxy, certificate checking and trusted CAs (docs/network.md); default direct with Node's CAs. */
  network?: NetworkOptions;
}

export interface RequestLog {
  method: string;
  host: string;
  /** Path with query; signatures and tokens masked. */
  path: string;
  status?: number;
  requestId?: string;
  durationMs: number;
  attempt: number;
  error?: string;
}

export interface BucketInfo {
  name: string;
  /** Bare region id, e.g. 'cn-hangzhou'. */
  region?: string;
  /** e.g. 'oss-cn-hangzhou'. */
  location?: string;
  creationDate?: Date;
  storageClass?: string;
  extranetEndpoint?: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  lastModified?: Date;
  etag?: string;
  storageClass?: string;
  /** Normal | Multipart | Appendable | Symlink */
  type?: string;
}

export interface ListObjectsParams {
  bucket: string;
  prefix?: string;
  /** Usually '/'. */
  delimiter?: string;
  /** 1..1000 */
  maxKeys?: number;
  continuationToken?: string;
  startAfter?: string;
  signal?: AbortSignal;
}

export interface ListObjectsPage {
  objects: ObjectInfo[];
  /** CommonPrefixes, each ending with the delimiter. */
  prefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
}

export interface HeadObjectResult {
  size: number;
  contentType?: string;
  contentEncoding?: string;
  cacheControl?: string;
  contentDisposition?: string;
  /** The Expires header as stored (verbatim). */
  expires?: string;
  etag?: string;
  lastModified?: Date;
  storageClass?: string;
  objectType?: string;
  /** Decimal string of the unsigned 64-bit CRC, when the server sent one. */
  crc64?: string;
  meta: Record<string, string>;
  /** On versioned buckets (x-oss-version-id). */
  versionId?: string;
  sse?: ServerSideEncryption;
  /** x-oss-tagging-count; headObject always sets it (0 when the object has no tags). */
  taggingCount?: number;
  /** Archive / ColdArchive objects with a restore request (x-oss-restore). */
  restore?: RestoreState;
}

export interface TransferProgress {
  /** Bytes done. */
  loaded: number;
  /** Bytes in all. */
  total: number;
}

export interface UploadFileOptions {
  bucket: string;
  key: string;
  /** Local file path. */
  file: string;
  /** Default: from the file name. */
  contentType?: string;
  /** Send x-oss-forbid-overwrite: true (fails with FileAlreadyExists if the key exists). */
  forbidOverwrite?: boolean;
  meta?: Record<string, string>;
  /**
   * Where a multipart upload whose abort failed (e.g. an STS token that expired mid-upload) is
   * recorded (bucket, key, uploadId; no secrets), so it can be cleaned up later.
   */
  orphans?: OrphanedUploadLog;
  /**
   * Makes a multipart upload resumable: its checkpoint (no secrets) is kept in `store` while it
   * runs, and left there when it is suspended or fails in a way a resume may overcome.
   */
  checkpoints?: CheckpointOptions;
  /** The connection the upload belongs to, recorded with checkpoints and orphaned uploads (never a secret). */
  connectionId?: string;
  /** Default chosen by size (never > 10000 parts, never < 100 KiB). */
  partSize?: number;
  /** Parts in flight at once. */
  parallel?: number;
  /** Files at or above this size go multipart. */
  multipartThreshold?: number;
  signal?: AbortSignal;
  /** Throttled (at most every ~200 ms, plus a final call). */
  onProgress?: (p: TransferProgress) => void;
}

export interface UploadResult {
  bucket: string;
  key: string;
  size: number;
  etag?: string;
  crc64?: string;
  multipart: boolean;
}

export interface DownloadFileOptions {
  bucket: string;
  key: string;
  /** Destination file path; written to a temporary file first, renamed after the CRC matches. */
  file: string;
  signal?: AbortSignal;
  onProgress?: (p: TransferProgress) => void;
}

export interface DeleteObjectsResult {
  deleted: string[];
  errors: { key: string; code: string; message: string }[];
}
