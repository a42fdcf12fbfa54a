/**
 * The subset of the core OSS client that the VS Code side uses. The tree and the commands talk to
 * this interface only; coreAdapter.ts binds it to src/core/client.
 */
import type {
  BucketInfo,
  DeleteObjectsResult,
  DownloadFileOptions,
  FindOptions,
  ObjectInfo,
  HeadObjectResult,
  ObjectAcl,
  ObjectTags,
  ObjectVersion,
  ObjectWriteProperties,
  VersioningStatus,
  ListObjectsPage,
  ListObjectsParams,
  MultipartUploadInfo,
  MultipartUploadsPage,
  ResumeResult,
  TransferProgress,
  UploadFileOptions,
  UploadResult,
} from '../core/client';
import type { UploadCheckpoint } from '../core/transfer';

export interface PutOptions {
  contentType?: string;
  forbidOverwrite?: boolean;
  signal?: AbortSignal;
  /** Bytes sent so far (every chunk; capped at the body's size when a request is retried). */
  onProgress?: (loaded: number) => void;
}

/** What every upload of a connection gets from the extension: resumability and the orphan log. */
export interface UploadEnvironment {
  /** Options added to every upload (connection id, orphaned-upload log, checkpoint store and suspend signal). */
  options(connectionId: string): Pick<UploadFileOptions, 'connectionId' | 'orphans' | 'checkpoints'>;
  /** Registers a running upload (to `where`), so that deactivation can wait for it to leave its checkpoint. */
  track<T>(p: Promise<T>, where?: { connectionId: string; bucket: string }): Promise<T>;
}

export interface ResumeOptions {
  signal?: AbortSignal;
  parallel?: number;
  onProgress?: (p: TransferProgress) => void;
}

/** What an object was when it was read or written: the conflict check compares these. */
export interface ObjectState {
  etag?: string;
  size: number;
  crc64?: string;
  lastModified?: Date;
  versionId?: string;
  /** Recreates a deleted object with these when the person chooses to save anyway. */
  contentType?: string;
  meta?: Record<string, string>;
}

/** Why a save was refused: the object changed, or was deleted, since it was read. */
export type SaveConflict = 'changed' | 'deleted';

export interface SaveOptions {
  /**
   * What the object must still be; 'absent': it must not exist (a new object).
   */
  expected: ObjectState | 'absent';
  /** Write even though it changed or was deleted (the person chose Overwrite); properties are still kept. */
  overwrite?: boolean;
  signal?: AbortSignal;
  /** Bytes sent so far (every chunk; capped at the body's size when a request is retried). */
  onBytes?: (loaded: number) => void;
}

export interface OssApi {
  /** The client's idea of the current time (corrected for clock skew). */
  now(): Date;
  listBuckets(signal?: AbortSignal): Promise<BucketInfo[]>;
  listObjects(params: ListObjectsParams): Promise<ListObjectsPage>;
  /** Objects below a folder whose key matches a substring or glob, as listing pages arrive (core findObjects). */
  findObjects(options: FindOptions): AsyncIterable<ObjectInfo>;
  headObject(bucket: string, key: string, versionId?: string, signal?: AbortSignal): Promise<HeadObjectResult>;
  objectExists(bucket: string, key: string, signal?: AbortSignal): Promise<boolean>;
  getObjectBuffer(bucket: string, key: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** Bytes start..end (inclusive) of an object. */
  getObjectRange(bucket: string, key: string, start: number, end: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** The bytes of an object (or one version) with the state the conflict check needs. */
  getObjectState(bucket: string, key: string, versionId?: string, signal?: AbortSignal): Promise<ObjectState & { body: Uint8Array }>;
  /**
   * Writes new bytes, keeping every property the object had (headers, metadata, storage class,
   * ACL, tags, encryption); refuses when the object is no longer `expected` (see saveConflict).
   */
  saveObject(bucket: string, key: string, body: Uint8Array, options: SaveOptions): Promise<ObjectState>;
  /** 'changed' / 'deleted' when `err` is saveObject's refusal, else undefined. */
  saveConflict(err: unknown): SaveConflict | undefined;
  putObject(bucket: string, key: string, body: Uint8Array, options?: PutOptions): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
  deleteObjects(bucket: string, keys: string[]): Promise<DeleteObjectsResult>;
  copyObject(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, forbidOverwrite: boolean): Promise<void>;
  createFolder(bucket: string, prefix: string): Promise<void>;
  upload(options: UploadFileOptions): Promise<UploadResult>;
  download(options: DownloadFileOptions): Promise<void>;
  /** Resumes an interrupted multipart upload from its checkpoint (deleted once done or stale). */
  resumeUpload(checkpoint: UploadCheckpoint, options?: ResumeOptions): Promise<ResumeResult>;
  listMultipartUploadsPage(bucket: string, options?: { prefix?: string; keyMarker?: string; uploadIdMarker?: string; maxUploads?: number }): Promise<MultipartUploadsPage>;
  listMultipartUploads(bucket: string, options?: { prefix?: string }): Promise<MultipartUploadInfo[]>;
  abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void>;
  getObjectAcl(bucket: string, key: string): Promise<ObjectAcl>;
  putObjectAcl(bucket: string, key: string, acl: ObjectAcl): Promise<void>;
  getObjectTagging(bucket: string, key: string): Promise<ObjectTags>;
  putObjectTagging(bucket: string, key: string, tags: ObjectTags): Promise<void>;
  /**
   * Rewrites the object's headers, metadata and storage class (CopyObject onto itself, metadata
   * directive REPLACE); tags are copied, ACL and encryption as given.
   */
  replaceProperties(bucket: string, key: string, props: ObjectWriteProperties): Promise<void>;
  restoreObject(bucket: string, key: string, days: number): Promise<'started' | 'extended'>;
  getBucketVersioning(bucket: string, signal?: AbortSignal): Promise<VersioningStatus>;
  /** Every version and delete marker under `prefix` (newest first per key), at most `limit`. */
  listObjectVersions(bucket: string, prefix: string, limit: number, signal?: AbortSignal): Promise<ObjectVersion[]>;
  deleteObjectVersion(bucket: string, key: string, versionId: string): Promise<void>;
  /** Copies an older version over the current one (a new latest version with its bytes and properties). */
  restoreVersion(bucket: string, key: string, versionId: string): Promise<void>;
  /** Core's property validators; each returns an error message or undefined. */
  metadataProblem(meta: Record<string, string>): string | undefined;
  tagsProblem(tags: ObjectTags): string | undefined;
  headerValueProblem(field: string, value: string): string | undefined;
  /** Key validation from core; returns an error message or undefined. */
  keyProblem(key: string): string | undefined;
  bucketProblem(bucket: string): string | undefined;
  dispose(): void;
}
