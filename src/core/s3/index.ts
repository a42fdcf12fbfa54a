/** Public surface of the S3 client (AWS Signature V4 on the shared transport). Never imports 'vscode'. */
export { S3Client, type S3ClientOptions } from './client';
export { checkS3Settings } from './checks';
export { S3_MAX_PARTS, S3_MIN_PART_SIZE, checkParts } from './multipart';
export type { Tags } from './extras';
export { NotSupportedOnS3Error, cannedOf, parseAcl, S3_STORAGE_CLASSES, type S3Acl, type S3Grant } from './props';
export type { S3SaveResult } from './save';
export type { S3PutObjectOptions, S3PutObjectResult } from './objects';
export { Crc32c, crc32c, crc32cBase64 } from '../crc32c';
