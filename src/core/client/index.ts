/** Public surface of the OSS client (no 'vscode' import anywhere below src/core). */
export * from './types';
export * from './errors';
export { OssClient } from './client';
export type { StorageClient } from './api';
export {
  validateBucketName,
  validateObjectKey,
  objectKeyProblem,
  describeObjectKeyProblem,
  type ObjectKeyProblem,
  type OssClientTuning,
  type CallOptions,
  type VersionOptions,
  type CopyObjectResult,
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
export { resumeUpload, checkpointFileProblem, type ResumeClient, type ResumeResult, type ResumeUploadOptions } from './resume';
export { keepForResume, type CheckpointOptions } from './multipartFile';
export type { MultipartUploadsPage } from './multipart';
export { queryUnescape, escapeXml } from './xml';
export { presignObject, type PresignTarget, type PresignedObject } from './presign';
export type { Body } from './http';
export { listAllObjects } from './list';
export {
  STORAGE_CLASSES, OBJECT_ACLS, SSE_ALGORITHMS, MAX_USER_METADATA_BYTES, MAX_TAGS, MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH,
  PropertyValidationError, validateHeaderName, validateHeaderValue, validateUserMetadata, validateTags, validateStorageClass,
  validateObjectAcl, validateSse, encodeTagging, parseRestoreHeader,
  type StorageClass, type ObjectAcl, type ServerSideEncryption, type ObjectTags, type ObjectWriteProperties, type RestoreState,
} from './properties';
export type { DeleteObjectResult } from './object';
export type { VersioningStatus, ObjectVersion, ListObjectVersionsParams, ListObjectVersionsPage } from './versioning';
export type { RestoreObjectOptions } from './restore';
export {
  saveObjectPreservingProperties, propertiesOf, ObjectChangedError, ObjectDeletedError,
  type ExpectedObjectState, type SaveObjectOptions, type SaveObjectResult,
} from './save';
export { findObjects, keyMatcher, globToRegExp, isGlob, type FindOptions } from './find';
