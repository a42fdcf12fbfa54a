/**
 * The S3 client (AWS S3, MinIO, Cloudflare R2, …): the {@link StorageClient} interface on the
 * shared transport (src/core/client/http.ts) with AWS Signature V4. See docs/protocol.md §12.
 */
import type { StorageClient } from '../client/api';
import type { BucketInfo, DeleteObjectsResult, DownloadFileOptions, HeadObjectResult, ListObjectsPage, ListObjectsParams, RequestLog, UploadFileOptions, UploadResult } from '../client/types';
import {
  validateObjectKey,
  type CallOptions,
  type CompleteMultipartOptions,
  type CompleteResult,
  type CopyObjectOptions,
  type CopyObjectResult,
  type VersionOptions,
  type GetObjectOptions,
  type GetObjectResult,
  type InitiateMultipartOptions,
  type MultipartUploadInfo,
  type PresignOptions,
  type UploadPartOptions,
  type UploadedPart,
} from '../client/options';
import type { CredentialProvider } from '../credentials/types';
import { OssError } from '../client/errors';
import type { NetworkOptions } from '../http/network';
import { Transport, transportTuning, type Body, type OssRequest, type OssResponse } from '../client/http';
import type { Requester } from '../client/common';
import { listObjects as listObjectsV2 } from '../client/list';
import { deleteObjects as deleteObjectBatches, type DeleteObjectResult } from '../client/object';
import { deleteObjectTagging } from '../client/objectAttributes';
import { listMultipartUploads, listMultipartUploadsPage, type MultipartUploadsPage } from '../client/multipart';
import { listObjectVersions, listObjectVersionsPage, type ListObjectVersionsPage, type ListObjectVersionsParams, type VersioningStatus } from '../client/versioning';
import { resumeUpload, type ResumeClient, type ResumeResult, type ResumeUploadOptions } from '../client/resume';
import type { SaveObjectOptions } from '../client/save';
import type { ObjectAcl } from '../client/properties';
import { saveObject, type S3SaveResult } from './save';
import type { S3Acl } from './props';
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

export class S3Client implements Requester, StorageClient, ResumeClient {
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

  headObject(bucket: string, key: string, opts: VersionOptions = {}): Promise<HeadObjectResult & { crc32c?: string }> {
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

  /** PutObject with every write property; `ifMatch` makes it conditional (412 when the ETag moved on). */
  putObject(bucket: string, key: string, body: Body, opts: objects.S3PutObjectOptions = {}): Promise<objects.S3PutObjectResult> {
    return objects.putObject(this, bucket, key, body, opts);
  }

  /** On a versioned bucket a plain delete adds a delete marker; with opts.versionId that version is removed for good. */
  deleteObject(bucket: string, key: string, opts: VersionOptions = {}): Promise<DeleteObjectResult> {
    return objects.deleteObject(this, bucket, key, opts);
  }

  deleteObjects(bucket: string, keys: string[], opts: CallOptions = {}): Promise<DeleteObjectsResult> {
    return deleteObjectBatches(this, bucket, keys, opts, { query: { delete: '' }, checkBucket: (b) => assertS3BucketName(b, false, false) });
  }

  /** CopyObject (metadata directive COPY or REPLACE, a source version); large sources use UploadPartCopy. */
  copyObject(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, opts: CopyObjectOptions = {}): Promise<CopyObjectResult> {
    return this.guard(objects.copyObject(this, srcBucket, srcKey, dstBucket, dstKey, opts));
  }

  async createFolder(bucket: string, prefix: string, opts: CallOptions = {}): Promise<void> {
    const key = prefix.endsWith('/') ? prefix : `${prefix}/`;
    await objects.putObject(this, bucket, key, Buffer.alloc(0), { forbidOverwrite: true, contentType: 'application/x-directory', signal: opts.signal });
  }

  /** New bytes over an object, keeping its properties, ACL grants and tags; a conditional PUT (If-Match). */
  saveObject(opts: SaveObjectOptions): Promise<S3SaveResult> {
    return saveObject(this, opts);
  }

  // ---------------------------------------------------------------- ACL, tags, restore

  /** The ACL as a canned ACL (private, public-read or public-read-write). */
  getObjectAcl(bucket: string, key: string, opts: VersionOptions = {}): Promise<ObjectAcl> {
    return this.guard(extras.getObjectAcl(this, bucket, key, opts));
  }

  /** Every grant of the object's ACL. */
  getObjectGrants(bucket: string, key: string, opts: VersionOptions = {}): Promise<S3Acl> {
    return this.guard(extras.getObjectGrants(this, bucket, key, opts));
  }

  putObjectAcl(bucket: string, key: string, acl: ObjectAcl, opts: VersionOptions = {}): Promise<void> {
    return extras.putObjectAcl(this, bucket, key, acl, opts);
  }

  getObjectTagging(bucket: string, key: string, opts: VersionOptions = {}): Promise<extras.Tags> {
    return this.guard(extras.getObjectTagging(this, bucket, key, opts));
  }

  putObjectTagging(bucket: string, key: string, tags: extras.Tags, opts: VersionOptions = {}): Promise<void> {
    return extras.putObjectTagging(this, bucket, key, tags, opts);
  }

  /** DeleteObjectTagging; a server without it (501 NotImplemented, e.g. s3rver) gets an empty tag set instead. */
  async deleteObjectTagging(bucket: string, key: string, opts: VersionOptions = {}): Promise<void> {
    try {
      await deleteObjectTagging(this, bucket, key, opts);
    } catch (err) {
      if (!(err instanceof OssError) || err.status !== 501) throw err;
      await extras.putObjectTagging(this, bucket, key, {}, opts);
    }
  }

  /** RestoreObject for GLACIER / DEEP_ARCHIVE objects: 'started' (202) or 'extended' (200). */
  restoreObject(bucket: string, key: string, opts: Parameters<typeof extras.restoreObject>[3] = {}): Promise<'started' | 'extended'> {
    return extras.restoreObject(this, bucket, key, opts);
  }

  // ---------------------------------------------------------------- versioning

  getBucketVersioning(bucket: string, opts: CallOptions = {}): Promise<VersioningStatus> {
    return this.guard(extras.getBucketVersioning(this, bucket, opts));
  }

  putBucketVersioning(bucket: string, status: 'Enabled' | 'Suspended', opts: CallOptions = {}): Promise<void> {
    return extras.putBucketVersioning(this, bucket, status, opts);
  }

  listObjectVersionsPage(params: ListObjectVersionsParams): Promise<ListObjectVersionsPage> {
    return this.guard(listObjectVersionsPage(this, params));
  }

  /** Every page of ListObjectVersions, following the markers. */
  listObjectVersions(params: ListObjectVersionsParams): AsyncGenerator<ListObjectVersionsPage> {
    return listObjectVersions(this, params);
  }

  // ---------------------------------------------------------------- multipart

  initiateMultipartUpload(bucket: string, key: string, opts: InitiateMultipartOptions = {}): Promise<string> {
    return this.guard(multipart.initiateMultipartUpload(this, bucket, key, opts));
  }

  /** Uploads one part with its CRC-32C (a stream factory is read once more to compute it); the CRC-64 is kept for resuming. */
  async uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Body, opts: UploadPartOptions = {}): Promise<UploadedPart> {
    const { crc32c, crc64 } = await objects.bodyChecksums(body);
    return { ...(await multipart.uploadPart(this, bucket, key, uploadId, partNumber, body, { ...opts, crc32c })), crc64 };
  }

  /** Completes; parts without their CRC-32C (kept on resume) get it from ListParts, as S3 needs every one. */
  async completeMultipartUpload(bucket: string, key: string, uploadId: string, parts: UploadedPart[], opts: CompleteMultipartOptions = {}): Promise<CompleteResult> {
    let all: multipart.S3UploadedPart[] = parts;
    if (all.some((p) => !p.crc32c)) {
      const listed = new Map((await this.listParts(bucket, key, uploadId, opts)).map((p) => [p.partNumber, p.crc32c]));
      all = all.map((p) => ({ ...p, crc32c: p.crc32c ?? listed.get(p.partNumber) }));
    }
    return this.guard(multipart.completeMultipartUpload(this, bucket, key, uploadId, all, opts));
  }

  abortMultipartUpload(bucket: string, key: string, uploadId: string, opts: CallOptions = {}): Promise<void> {
    return multipart.abortMultipartUpload(this, bucket, key, uploadId, opts);
  }

  listParts(bucket: string, key: string, uploadId: string, opts: CallOptions = {}): ReturnType<typeof multipart.listParts> {
    return this.guard(multipart.listParts(this, bucket, key, uploadId, opts));
  }

  /** One page of ListMultipartUploads (for a paged view). */
  listMultipartUploadsPage(bucket: string, opts: Parameters<typeof listMultipartUploadsPage>[2] = {}): Promise<MultipartUploadsPage> {
    return this.guard(listMultipartUploadsPage(this, bucket, opts));
  }

  /** Every multipart upload in progress (follows pages). */
  listMultipartUploads(bucket: string, opts: { prefix?: string } & CallOptions = {}): Promise<MultipartUploadInfo[]> {
    return this.guard(listMultipartUploads(this, bucket, opts));
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

  /** Resumes an interrupted multipart upload from its checkpoint: parts checked against ListParts and the file. */
  resumeUpload(opts: ResumeUploadOptions): Promise<ResumeResult> {
    return resumeUpload(this, opts);
  }

  downloadFile(opts: DownloadFileOptions): Promise<{ size: number; crc64?: string }> {
    return download(this, opts);
  }
}
