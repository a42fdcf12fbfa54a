/**
 * The S3 client (AWS S3, MinIO, Cloudflare R2, …): the {@link StorageClient} interface on the
 * shared transport (src/core/client/http.ts) with AWS Signature V4. See docs/protocol.md §11.
 */
import type { StorageClient } from '../client/api';
import type { BucketInfo, DeleteObjectsResult, DownloadFileOptions, HeadObjectResult, ListObjectsPage, ListObjectsParams, RequestLog, UploadFileOptions, UploadResult } from '../client/types';
import {
  validateObjectKey,
  type CallOptions,
  type CompleteMultipartOptions,
  type CompleteResult,
  type CopyObjectOptions,
  type GetObjectOptions,
  type GetObjectResult,
  type InitiateMultipartOptions,
  type MultipartUploadInfo,
  type PresignOptions,
  type PutObjectOptions,
  type PutObjectResult,
  type UploadPartOptions,
  type UploadedPart,
} from '../client/options';
import type { CredentialProvider } from '../credentials/types';
import type { NetworkOptions } from '../http/network';
import { Transport, transportTuning, type Body, type OssRequest, type OssResponse } from '../client/http';
import type { Requester } from '../client/common';
import { listObjects as listObjectsV2 } from '../client/list';
import { deleteObjects as deleteObjectBatches } from '../client/object';
import { bufferResult } from '../client/getObject';
import { presignObject, type PresignedObject } from '../client/presign';
import { DEFAULT_PART_SIZE, download, upload } from '../client/transfer';
import { assertS3BucketName } from '../signer';
import { checkS3Settings, notS3, s3ErrorFor } from './checks';
import * as objects from './objects';
import * as multipart from './multipart';
import * as extras from './extras';

export interface S3ClientOptions {
  /** e.g. 'https://s3.eu-central-1.amazonaws.com', 'https://<account>.r2.cloudflarestorage.com', 'http://127.0.0.1:9000'. */
  endpoint: string;
  /** e.g. 'us-east-1'; 'auto' for Cloudflare R2. */
  region: string;
  credentials: CredentialProvider;
  /** /bucket/key addressing (forced for IP and localhost endpoints); default virtual-hosted. */
  pathStyle?: boolean;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  maxSockets?: number;
  onRequest?: (log: RequestLog) => void;
  /** Proxy, certificate checking and trusted CAs (docs/network.md). */
  network?: NetworkOptions;
}

export class S3Client implements Requester, StorageClient {
  readonly options: Readonly<S3ClientOptions>;
  private readonly transport: Transport;

  constructor(options: S3ClientOptions) {
    checkS3Settings(options.endpoint, options.region);
    this.options = { ...options };
    this.transport = new Transport({
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
      signatureVersion: 'aws4',
      pathStyle: options.pathStyle,
      ...transportTuning(options),
      onRequest: options.onRequest,
      network: options.network,
      mapError: s3ErrorFor(options.endpoint, options.region),
    });
  }

  get clockOffsetMs(): number {
    return this.transport.clockOffsetMs;
  }

  now(): Date {
    return this.transport.now();
  }

  destroy(): void {
    this.transport.destroy();
  }

  /** Validated, signed, retried; replies that are not S3 XML become NotS3Endpoint. */
  async request(req: OssRequest): Promise<OssResponse> {
    if (req.bucket !== undefined) assertS3BucketName(req.bucket, false, false);
    if (req.key !== undefined) validateObjectKey(req.key);
    return this.transport.request(req);
  }

  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      throw notS3(err, this.options.endpoint);
    }
  }

  listBuckets(opts: { prefix?: string } & CallOptions = {}): Promise<BucketInfo[]> {
    return this.guard(extras.listBuckets(this, opts));
  }

  createBucket(bucket: string, opts: CallOptions = {}): Promise<void> {
    return extras.createBucket(this, bucket, this.options.region, opts);
  }

  listObjects(params: ListObjectsParams): Promise<ListObjectsPage> {
    return this.guard(listObjectsV2(this, params));
  }

  headObject(bucket: string, key: string, opts: CallOptions = {}): Promise<HeadObjectResult & { crc32c?: string }> {
    return objects.headObject(this, bucket, key, opts);
  }

  objectExists(bucket: string, key: string, opts: CallOptions = {}): Promise<boolean> {
    return objects.objectExists(this, bucket, key, opts);
  }

  getObject(bucket: string, key: string, opts: GetObjectOptions = {}): Promise<GetObjectResult> {
    return objects.getObject(this, bucket, key, opts);
  }

  async getObjectBuffer(bucket: string, key: string, opts: GetObjectOptions & { maxBytes?: number } = {}): Promise<Omit<GetObjectResult, 'stream' | 'size'> & { size: number; body: Buffer }> {
    return bufferResult(await this.getObject(bucket, key, opts), opts.maxBytes, `GetObject ${bucket}/${key}`);
  }

  putObject(bucket: string, key: string, body: Body, opts: PutObjectOptions = {}): Promise<PutObjectResult & { crc32c?: string }> {
    return objects.putObject(this, bucket, key, body, opts);
  }

  async deleteObject(bucket: string, key: string, opts: CallOptions = {}): Promise<void> {
    await this.request({ op: 'DeleteObject', method: 'DELETE', bucket, key, signal: opts.signal, response: 'none' });
  }

  deleteObjects(bucket: string, keys: string[], opts: CallOptions = {}): Promise<DeleteObjectsResult> {
    return deleteObjectBatches(this, bucket, keys, opts, { query: { delete: '' }, checkBucket: (b) => assertS3BucketName(b, false, false) });
  }

  copyObject(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, opts: CopyObjectOptions = {}): Promise<{ etag?: string }> {
    return this.guard(objects.copyObject(this, srcBucket, srcKey, dstBucket, dstKey, opts));
  }

  async createFolder(bucket: string, prefix: string, opts: CallOptions = {}): Promise<void> {
    const key = prefix.endsWith('/') ? prefix : `${prefix}/`;
    await objects.putObject(this, bucket, key, Buffer.alloc(0), { forbidOverwrite: true, contentType: 'application/x-directory', signal: opts.signal });
  }

  initiateMultipartUpload(bucket: string, key: string, opts: InitiateMultipartOptions = {}): Promise<string> {
    return this.guard(multipart.initiateMultipartUpload(this, bucket, key, opts));
  }

  /** Uploads one part with its CRC-32C (a stream factory is read once more to compute it). */
  async uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Body, opts: UploadPartOptions = {}): Promise<UploadedPart> {
    const crc32c = await objects.bodyCrc32c(body);
    return multipart.uploadPart(this, bucket, key, uploadId, partNumber, body, { ...opts, crc32c });
  }

  completeMultipartUpload(bucket: string, key: string, uploadId: string, parts: UploadedPart[], opts: CompleteMultipartOptions = {}): Promise<CompleteResult> {
    return this.guard(multipart.completeMultipartUpload(this, bucket, key, uploadId, parts, opts));
  }

  abortMultipartUpload(bucket: string, key: string, uploadId: string, opts: CallOptions = {}): Promise<void> {
    return multipart.abortMultipartUpload(this, bucket, key, uploadId, opts);
  }

  listParts(bucket: string, key: string, uploadId: string, opts: CallOptions = {}): ReturnType<typeof multipart.listParts> {
    return this.guard(multipart.listParts(this, bucket, key, uploadId, opts));
  }

  listMultipartUploads(bucket: string, opts: { prefix?: string } & CallOptions = {}): Promise<MultipartUploadInfo[]> {
    return this.guard(multipart.listMultipartUploads(this, bucket, opts));
  }

  getObjectTagging(bucket: string, key: string, opts: CallOptions = {}): Promise<extras.Tags> {
    return this.guard(extras.getObjectTagging(this, bucket, key, opts));
  }

  putObjectTagging(bucket: string, key: string, tags: extras.Tags, opts: CallOptions = {}): Promise<void> {
    return extras.putObjectTagging(this, bucket, key, tags, opts);
  }

  listObjectVersions(bucket: string, opts: Parameters<typeof extras.listObjectVersions>[2] = {}): ReturnType<typeof extras.listObjectVersions> {
    return this.guard(extras.listObjectVersions(this, bucket, opts));
  }

  putBucketVersioning(bucket: string, status: 'Enabled' | 'Suspended', opts: CallOptions = {}): Promise<void> {
    return extras.putBucketVersioning(this, bucket, status, opts);
  }

  /** A SigV4 presigned URL, signed with the clock-corrected time. */
  async presign(opts: Omit<PresignOptions, 'signatureVersion' | 'additionalHeaders'>): Promise<PresignedObject> {
    const credentials = await this.options.credentials.getCredentials();
    return presignObject(
      { credentials, endpoint: this.options.endpoint, region: this.options.region, pathStyle: this.options.pathStyle, signatureVersion: 'aws4', now: this.now() },
      opts,
    );
  }

  /** Files at or above the threshold go multipart, in parts of at least 5 MiB (S3's minimum). */
  uploadFile(opts: UploadFileOptions): Promise<UploadResult> {
    const partSize = Math.max(multipart.S3_MIN_PART_SIZE, opts.partSize ?? DEFAULT_PART_SIZE);
    return upload(this, { ...opts, partSize, multipartThreshold: Math.max(opts.multipartThreshold ?? 32 * 1024 * 1024, 1) });
  }

  downloadFile(opts: DownloadFileOptions): Promise<{ size: number; crc64?: string }> {
    return download(this, opts);
  }
}
