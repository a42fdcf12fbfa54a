/**
 * The one client interface the VS Code side and the file transfers use, implemented by the OSS
 * client (client.ts) and the S3 client (src/core/s3/client.ts). Both run on the same transport
 * (http.ts). Operations only one service has live on that client, not here.
 */
import type {
  BucketInfo,
  DeleteObjectsResult,
  DownloadFileOptions,
  HeadObjectResult,
  ListObjectsPage,
  ListObjectsParams,
  UploadFileOptions,
  UploadResult,
} from './types';
import type {
  CallOptions,
  CompleteMultipartOptions,
  CompleteResult,
  CopyObjectOptions,
  GetObjectOptions,
  GetObjectResult,
  InitiateMultipartOptions,
  MultipartUploadInfo,
  PutObjectOptions,
  PutObjectResult,
  UploadedPart,
  UploadPartOptions,
} from './options';
import type { Body } from './http';
import type { DeleteObjectResult } from './object';
import type { TransferClient } from './transfer';

export interface StorageClient extends TransferClient {
  /** Server time minus local time (ms), learnt from RequestTimeTooSkewed. */
  readonly clockOffsetMs: number;
  destroy(): void;
  listBuckets(opts?: { prefix?: string } & CallOptions): Promise<BucketInfo[]>;
  /** One page of ListObjectsV2 (prefix, delimiter, continuation). */
  listObjects(params: ListObjectsParams): Promise<ListObjectsPage>;
  headObject(bucket: string, key: string, opts?: CallOptions): Promise<HeadObjectResult>;
  objectExists(bucket: string, key: string, opts?: CallOptions): Promise<boolean>;
  /** Streams an object (ranges allowed); a whole-object read is checked at the end of the stream. */
  getObject(bucket: string, key: string, opts?: GetObjectOptions): Promise<GetObjectResult>;
  getObjectBuffer(
    bucket: string,
    key: string,
    opts?: GetObjectOptions & { maxBytes?: number },
  ): Promise<Omit<GetObjectResult, 'stream' | 'size'> & { size: number; body: Buffer }>;
  putObject(bucket: string, key: string, body: Body, opts?: PutObjectOptions): Promise<PutObjectResult>;
  deleteObject(bucket: string, key: string, opts?: CallOptions): Promise<DeleteObjectResult | void>;
  deleteObjects(bucket: string, keys: string[], opts?: CallOptions): Promise<DeleteObjectsResult>;
  /** Server-side copy; large sources use UploadPartCopy. */
  copyObject(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, opts?: CopyObjectOptions): Promise<{ etag?: string }>;
  createFolder(bucket: string, prefix: string, opts?: CallOptions): Promise<void>;
  initiateMultipartUpload(bucket: string, key: string, opts?: InitiateMultipartOptions): Promise<string>;
  uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Body, opts?: UploadPartOptions): Promise<UploadedPart>;
  completeMultipartUpload(bucket: string, key: string, uploadId: string, parts: UploadedPart[], opts?: CompleteMultipartOptions): Promise<CompleteResult>;
  abortMultipartUpload(bucket: string, key: string, uploadId: string, opts?: CallOptions): Promise<void>;
  listMultipartUploads(bucket: string, opts?: { prefix?: string } & CallOptions): Promise<MultipartUploadInfo[]>;
  uploadFile(opts: UploadFileOptions): Promise<UploadResult>;
  downloadFile(opts: DownloadFileOptions): Promise<{ size: number; crc64?: string }>;
}
