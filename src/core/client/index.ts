/** Public surface of the OSS client (no 'vscode' import anywhere below src/core). */
export * from './types';
export * from './errors';
export { OssClient } from './client';
export type { StorageClient } from './api';
export {
  validateBucketName,
  validateObjectKey,
  type OssClientTuning,
  type CallOptions,
  type ListBucketsPage,
  type GetObjectOptions,
  type GetObjectResult,
  type PutObjectOptions,
  type PutObjectResult,
  type CopyObjectOptions,
  type InitiateMultipartOptions,
  type UploadedPart,
  type CompleteResult,
  type CompleteMultipartOptions,
  type UploadPartOptions,
  type PartInfo,
  type MultipartUploadInfo,
  type PresignOptions,
} from './options';
export { upload, download, type TransferClient, choosePartSize, DEFAULT_PART_SIZE, DEFAULT_PARALLEL, DEFAULT_MULTIPART_THRESHOLD } from './transfer';
export { queryUnescape, escapeXml } from './xml';
export { presignObject } from './presign';
export type { Body } from './http';
export { listAllObjects } from './list';
