/**
 * The S3 client offers what the VS Code side calls on the OSS client (src/connections/coreAdapter.ts)
 * with the same names and signatures: checked by the compiler (the assignment below) and at run time.
 */
import * as assert from 'node:assert/strict';
import type { OssClient, StorageClient } from '../../../src/core/client';
import type { ResumeClient } from '../../../src/core/client';
import { S3Client } from '../../../src/core/s3';

/** Every OssClient member coreAdapter.ts uses. */
const USED = [
  'listBuckets', 'listObjects', 'headObject', 'objectExists', 'getObjectBuffer', 'putObject', 'deleteObject', 'deleteObjects',
  'copyObject', 'createFolder', 'uploadFile', 'resumeUpload', 'listMultipartUploadsPage', 'listMultipartUploads',
  'abortMultipartUpload', 'downloadFile', 'getObjectAcl', 'putObjectAcl', 'getObjectTagging', 'putObjectTagging',
  'deleteObjectTagging', 'restoreObject', 'getBucketVersioning', 'listObjectVersions', 'destroy',
] as const;
type Used = (typeof USED)[number] | 'clockOffsetMs';

// Compile-time: an S3Client can stand wherever coreAdapter uses these members of an OssClient.
export const asOss = (c: S3Client): Pick<OssClient, Used> & StorageClient & ResumeClient => c;

describe('S3 client API', () => {
  it('has every method the VS Code side calls on the OSS client, plus saveObject for the keep-everything save', () => {
    const missing = [...USED, 'saveObject'].filter((m) => typeof (S3Client.prototype as unknown as Record<string, unknown>)[m] !== 'function');
    assert.deepEqual(missing, []);
    assert.equal(typeof Object.getOwnPropertyDescriptor(S3Client.prototype, 'clockOffsetMs')?.get, 'function');
  });
});
