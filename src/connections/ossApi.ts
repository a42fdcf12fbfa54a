/**
 * The subset of the core OSS client that the VS Code side uses. The tree and the commands talk to
 * this interface only; coreAdapter.ts binds it to src/core/client.
 */
import type {
  BucketInfo,
  DeleteObjectsResult,
  DownloadFileOptions,
  HeadObjectResult,
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

export interface OssApi {
  /** The client's idea of the current time (corrected for clock skew). */
  now(): Date;
  listBuckets(signal?: AbortSignal): Promise<BucketInfo[]>;
  listObjects(params: ListObjectsParams): Promise<ListObjectsPage>;
  headObject(bucket: string, key: string, signal?: AbortSignal): Promise<HeadObjectResult>;
  objectExists(bucket: string, key: string, signal?: AbortSignal): Promise<boolean>;
  getObjectBuffer(bucket: string, key: string, signal?: AbortSignal): Promise<Uint8Array>;
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
  /** Key validation from core; returns an error message or undefined. */
  keyProblem(key: string): string | undefined;
  bucketProblem(bucket: string): string | undefined;
  dispose(): void;
}
