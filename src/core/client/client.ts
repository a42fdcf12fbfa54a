/**
 * The OSS client: a thin class over the per-family operations (bucket.ts, list.ts, object.ts,
 * getObject.ts, multipart.ts, copy.ts) and the file transfers (transfer.ts), all of which run on
 * the signed, retrying transport (http.ts) through the small `Requester` interface.
 */
import type {
  BucketInfo,
  DeleteObjectsResult,
  DownloadFileOptions,
  HeadObjectResult,
  ListObjectsPage,
  ListObjectsParams,
  OssClientOptions,
  UploadFileOptions,
  UploadResult,
} from './types';
import {
  type MultipartUploadInfo,
  validateBucketName,
  validateObjectKey,
  type CallOptions,
  type CompleteMultipartOptions,
  type CompleteResult,
  type CopyObjectOptions,
  type GetObjectOptions,
  type GetObjectResult,
  type InitiateMultipartOptions,
  type OssClientTuning,
  type PutObjectOptions,
  type PutObjectResult,
  type UploadedPart,
  type UploadPartOptions,
} from './options';
import { OssClientError } from './errors';
import { Transport, type Body, type OssRequest, type OssResponse } from './http';
import type { Requester } from './common';
import * as buckets from './bucket';
import * as listing from './list';
import * as objects from './object';
import * as reads from './getObject';
import * as multipart from './multipart';
import { copyObject } from './copy';
import { download, upload } from './transfer';
import type { StorageClient } from './api';

export class OssClient implements Requester, StorageClient {
  readonly options: Readonly<OssClientOptions & OssClientTuning>;
  private readonly transport: Transport;

  constructor(options: OssClientOptions & OssClientTuning) {
    if (!options || !options.endpoint) throw new OssClientError('InvalidArgument', 'An endpoint is required');
    if (!options.credentials) throw new OssClientError('InvalidArgument', 'A credential provider is required');
    this.options = { ...options };
    this.transport = new Transport({
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
      signatureVersion: options.signatureVersion ?? 'v4',
      cname: options.cname,
      pathStyle: options.pathStyle,
      timeoutMs: options.timeoutMs ?? 60000,
      maxRetries: options.maxRetries ?? 3,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 200,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 5000,
      maxSockets: options.maxSockets ?? 32,
      onRequest: options.onRequest,
    });
  }

  /** Server time minus local time (ms), learnt from RequestTimeTooSkewed. */
  get clockOffsetMs(): number {
    return this.transport.clockOffsetMs;
  }

  /** Closes idle keep-alive sockets. */
  destroy(): void {
    this.transport.destroy();
  }

  /** The Requester every operation runs on: validates bucket and key, then a signed, retried request. */
  request(req: OssRequest): Promise<OssResponse> {
    if (req.bucket !== undefined) validateBucketName(req.bucket);
    if (req.key !== undefined) validateObjectKey(req.key);
    return this.transport.request(req);
  }

  // ---------------------------------------------------------------- buckets

  /** All buckets, following every page. */
  listBuckets(opts: { prefix?: string } & CallOptions = {}): Promise<BucketInfo[]> {
    return buckets.listBuckets(this, opts);
  }

  // ---------------------------------------------------------------- listing

  listObjects(params: ListObjectsParams): Promise<ListObjectsPage> {
    return listing.listObjects(this, params);
  }

  // ---------------------------------------------------------------- objects

  headObject(bucket: string, key: string, opts: CallOptions = {}): Promise<HeadObjectResult> {
    return objects.headObject(this, bucket, key, opts);
  }

  /** True if the key exists; false on NoSuchKey / 404. Other errors are thrown. */
  objectExists(bucket: string, key: string, opts: CallOptions = {}): Promise<boolean> {
    return objects.objectExists(this, bucket, key, opts);
  }

  /** Streams an object. A whole-object GET verifies CRC-64 (and length) at the end of the stream. */
  getObject(bucket: string, key: string, opts: GetObjectOptions = {}): Promise<GetObjectResult> {
    return reads.getObject(this, bucket, key, opts);
  }

  /** Reads a (small) object into memory, CRC-checked. */
  getObjectBuffer(
    bucket: string,
    key: string,
    opts: GetObjectOptions & { maxBytes?: number } = {},
  ): Promise<Omit<GetObjectResult, 'stream' | 'size'> & { size: number; body: Buffer }> {
    return reads.getObjectBuffer(this, bucket, key, opts);
  }

  /** PutObject from bytes or a replayable stream factory; verifies the CRC-64 the server computed. */
  putObject(bucket: string, key: string, body: Body, opts: PutObjectOptions = {}): Promise<PutObjectResult> {
    return objects.putObject(this, bucket, key, body, opts);
  }

  deleteObject(bucket: string, key: string, opts: CallOptions = {}): Promise<void> {
    return objects.deleteObject(this, bucket, key, opts);
  }

  /** Deletes keys in batches of ≤ 1000 (quiet mode). Keys XML cannot carry are deleted one by one. */
  deleteObjects(bucket: string, keys: string[], opts: CallOptions = {}): Promise<DeleteObjectsResult> {
    return objects.deleteObjects(this, bucket, keys, opts);
  }

  /** Server-side copy; sources ≥ 1 GiB (or opts.multipartThreshold) use UploadPartCopy. */
  copyObject(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, opts: CopyObjectOptions = {}): Promise<{ etag?: string }> {
    return copyObject(this, srcBucket, srcKey, dstBucket, dstKey, opts);
  }

  /** Creates a zero-byte "folder" key ending in '/'; fails with FileAlreadyExists if it is there. */
  createFolder(bucket: string, prefix: string, opts: CallOptions = {}): Promise<void> {
    return objects.createFolder(this, bucket, prefix, opts);
  }

  // ---------------------------------------------------------------- multipart

  initiateMultipartUpload(bucket: string, key: string, opts: InitiateMultipartOptions = {}): Promise<string> {
    return multipart.initiateMultipartUpload(this, bucket, key, opts);
  }

  /** Uploads one part (bytes or a stream factory re-opened on retry); its CRC-64 is checked. */
  uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Body, opts: UploadPartOptions = {}): Promise<UploadedPart> {
    return multipart.uploadPart(this, bucket, key, uploadId, partNumber, body, opts);
  }

  /** Completes with the given parts (sorted by part number here). */
  completeMultipartUpload(bucket: string, key: string, uploadId: string, parts: UploadedPart[], opts: CompleteMultipartOptions = {}): Promise<CompleteResult> {
    return multipart.completeMultipartUpload(this, bucket, key, uploadId, parts, opts);
  }

  abortMultipartUpload(bucket: string, key: string, uploadId: string, opts: CallOptions = {}): Promise<void> {
    return multipart.abortMultipartUpload(this, bucket, key, uploadId, opts);
  }

  /** Multipart uploads started and neither completed nor aborted (for clean-up of orphans). */
  listMultipartUploads(bucket: string, opts: { prefix?: string } & CallOptions = {}): Promise<MultipartUploadInfo[]> {
    return multipart.listMultipartUploads(this, bucket, opts);
  }

  // ---------------------------------------------------------------- files

  uploadFile(opts: UploadFileOptions): Promise<UploadResult> {
    return upload(this, opts);
  }

  downloadFile(opts: DownloadFileOptions): Promise<{ size: number; crc64?: string }> {
    return download(this, opts);
  }
}
