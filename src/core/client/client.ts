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
  type PartInfo,
  validateBucketName,
  validateObjectKey,
  type CallOptions,
  type CompleteMultipartOptions,
  type CompleteResult,
  type CopyObjectOptions,
  type CopyObjectResult,
  type GetObjectOptions,
  type GetObjectResult,
  type InitiateMultipartOptions,
  type OssClientTuning,
  type PutObjectOptions,
  type PutObjectResult,
  type UploadedPart,
  type UploadPartOptions,
  type VersionOptions,
} from './options';
import { OssClientError } from './errors';
import { Transport, transportTuning, type Body, type OssRequest, type OssResponse } from './http';
import type { Requester } from './common';
import * as buckets from './bucket';
import * as listing from './list';
import * as objects from './object';
import * as reads from './getObject';
import * as multipart from './multipart';
import { copyObject } from './copy';
import * as attributes from './objectAttributes';
import * as versioning from './versioning';
import { restoreObject, type RestoreObjectOptions } from './restore';
import type { DeleteObjectResult } from './object';
import type { ObjectAcl, ObjectTags } from './properties';
import { download, upload, type TransferClient } from './transfer';
import { resumeUpload, type ResumeClient, type ResumeResult, type ResumeUploadOptions } from './resume';

import type { StorageClient } from './api';
import { t } from '../translate';

export class OssClient implements Requester, TransferClient, ResumeClient, StorageClient {
  readonly options: Readonly<OssClientOptions & OssClientTuning>;
  private readonly transport: Transport;

  constructor(options: OssClientOptions & OssClientTuning) {
    if (!options || !options.endpoint) throw new OssClientError('InvalidArgument', t('An endpoint is required'));
    if (!options.credentials) throw new OssClientError('InvalidArgument', t('A credential provider is required'));
    this.options = { ...options };
    this.transport = new Transport({
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
      signatureVersion: options.signatureVersion ?? 'v4',
      cname: options.cname,
      pathStyle: options.pathStyle,
      ...transportTuning(options),
      onRequest: options.onRequest,
      network: options.network,
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

  /** Every property HEAD reports (content headers, metadata, storage class, CRC, version, SSE, tag count, restore state). */
  headObject(bucket: string, key: string, opts: VersionOptions = {}): Promise<HeadObjectResult> {
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

  /** On a versioned bucket a plain delete adds a delete marker; with opts.versionId that version is removed for good. */
  deleteObject(bucket: string, key: string, opts: VersionOptions = {}): Promise<DeleteObjectResult> {
    return objects.deleteObject(this, bucket, key, opts);
  }

  /** Deletes keys in batches of ≤ 1000 (quiet mode). Keys XML cannot carry are deleted one by one. */
  deleteObjects(bucket: string, keys: string[], opts: CallOptions = {}): Promise<DeleteObjectsResult> {
    return objects.deleteObjects(this, bucket, keys, opts);
  }

  /** Server-side copy; sources ≥ 1 GiB (or opts.multipartThreshold) use UploadPartCopy. */
  copyObject(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, opts: CopyObjectOptions = {}): Promise<CopyObjectResult> {
    return copyObject(this, srcBucket, srcKey, dstBucket, dstKey, opts);
  }

  // ---------------------------------------------------------------- ACL, tags, restore

  getObjectAcl(bucket: string, key: string, opts: VersionOptions = {}): Promise<ObjectAcl> {
    return attributes.getObjectAcl(this, bucket, key, opts);
  }

  putObjectAcl(bucket: string, key: string, acl: ObjectAcl, opts: VersionOptions = {}): Promise<void> {
    return attributes.putObjectAcl(this, bucket, key, acl, opts);
  }

  getObjectTagging(bucket: string, key: string, opts: VersionOptions = {}): Promise<ObjectTags> {
    return attributes.getObjectTagging(this, bucket, key, opts);
  }

  /** Replaces all tags (checked against OSS's limits first). */
  putObjectTagging(bucket: string, key: string, tags: ObjectTags, opts: VersionOptions = {}): Promise<void> {
    return attributes.putObjectTagging(this, bucket, key, tags, opts);
  }

  deleteObjectTagging(bucket: string, key: string, opts: VersionOptions = {}): Promise<void> {
    return attributes.deleteObjectTagging(this, bucket, key, opts);
  }

  /** RestoreObject for Archive / ColdArchive objects: 'started' (202) or 'extended' (200, already restored). */
  restoreObject(bucket: string, key: string, opts: RestoreObjectOptions = {}): Promise<'started' | 'extended'> {
    return restoreObject(this, bucket, key, opts);
  }

  // ---------------------------------------------------------------- versioning

  getBucketVersioning(bucket: string, opts: CallOptions = {}): Promise<versioning.VersioningStatus> {
    return versioning.getBucketVersioning(this, bucket, opts);
  }

  putBucketVersioning(bucket: string, status: 'Enabled' | 'Suspended', opts: CallOptions = {}): Promise<void> {
    return versioning.putBucketVersioning(this, bucket, status, opts);
  }

  listObjectVersionsPage(params: versioning.ListObjectVersionsParams): Promise<versioning.ListObjectVersionsPage> {
    return versioning.listObjectVersionsPage(this, params);
  }

  /** Every page of ListObjectVersions, following the markers. */
  listObjectVersions(params: versioning.ListObjectVersionsParams): AsyncGenerator<versioning.ListObjectVersionsPage> {
    return versioning.listObjectVersions(this, params);
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

  /** One page of ListMultipartUploads (for a paged view). */
  listMultipartUploadsPage(bucket: string, opts: Parameters<typeof multipart.listMultipartUploadsPage>[2] = {}): Promise<multipart.MultipartUploadsPage> {
    return multipart.listMultipartUploadsPage(this, bucket, opts);
  }

  /** The parts uploaded so far (follows pages). */
  listParts(bucket: string, key: string, uploadId: string, opts: CallOptions = {}): Promise<PartInfo[]> {
    return multipart.listParts(this, bucket, key, uploadId, opts);
  }

  /** Multipart uploads started and neither completed nor aborted (for clean-up of orphans). */
  listMultipartUploads(bucket: string, opts: { prefix?: string } & CallOptions = {}): Promise<MultipartUploadInfo[]> {
    return multipart.listMultipartUploads(this, bucket, opts);
  }

  // ---------------------------------------------------------------- files

  uploadFile(opts: UploadFileOptions): Promise<UploadResult> {
    return upload(this, opts);
  }

  /** Resumes an interrupted multipart upload from its checkpoint (see resume.ts). */
  resumeUpload(opts: ResumeUploadOptions): Promise<ResumeResult> {
    return resumeUpload(this, opts);
  }

  downloadFile(opts: DownloadFileOptions): Promise<{ size: number; crc64?: string }> {
    return download(this, opts);
  }
}
