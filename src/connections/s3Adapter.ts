/**
 * OssApi for S3 connections: core's S3Client behind the same ClientApi as OSS. Loaded with a lazy
 * `import()` by the factory, so S3 code is evaluated only when an S3 connection is first used.
 */
import { OssClientError } from '../core/client';
import { assertS3BucketName } from '../core/signer';
import { S3Client, type S3ClientOptions } from '../core/s3';
import { ClientApi, type CoreClient } from './coreAdapter';
import type { OssApi, UploadEnvironment } from './ossApi';

/** Every method ClientApi calls (CoreClient without the clock getter). */
const METHODS = [
  'destroy', 'listBuckets', 'listObjects', 'headObject', 'objectExists', 'getObjectBuffer', 'putObject', 'deleteObject', 'deleteObjects',
  'copyObject', 'createFolder', 'uploadFile', 'resumeUpload', 'listMultipartUploadsPage', 'listMultipartUploads', 'abortMultipartUpload',
  'downloadFile', 'getObjectAcl', 'putObjectAcl', 'getObjectTagging', 'putObjectTagging', 'deleteObjectTagging', 'restoreObject',
  'getBucketVersioning', 'listObjectVersions', 'saveObject',
] as const satisfies readonly Exclude<keyof CoreClient, 'clockOffsetMs'>[];

/**
 * The S3 client as a CoreClient: the same method names as OssClient. A method this build's S3
 * client does not have yet answers with a NotImplemented error naming it (never a crash).
 */
function s3Core(client: S3Client): CoreClient {
  const methods = client as unknown as Partial<Record<(typeof METHODS)[number], (...args: unknown[]) => unknown>>;
  const core: Record<string, unknown> = {};
  for (const m of METHODS) {
    const f = methods[m];
    core[m] = typeof f === 'function'
      ? f.bind(client)
      : () => Promise.reject(new OssClientError('NotImplemented', `${m} is not available on S3 connections in this version`));
  }
  Object.defineProperty(core, 'clockOffsetMs', { get: () => client.clockOffsetMs });
  return core as unknown as CoreClient;
}

class S3Api extends ClientApi {
  constructor(
    client: S3Client,
    private readonly virtualHosted: boolean,
    private readonly https: boolean,
    connectionId?: string,
    env?: UploadEnvironment,
  ) {
    super(s3Core(client), connectionId, env);
  }

  /** S3's rules (dots allowed), and DNS-safe names when the bucket goes in the host name. */
  override bucketProblem(bucket: string): string | undefined {
    try {
      assertS3BucketName(bucket, this.virtualHosted, this.https);
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
}

/** Throws (before any request) for settings that cannot work, e.g. an R2 endpoint without region auto. */
export function createS3Api(options: S3ClientOptions, connectionId?: string, env?: UploadEnvironment): OssApi {
  const client = new S3Client(options);
  const url = new URL(options.endpoint);
  const local = /^(\d+\.\d+\.\d+\.\d+|localhost|\[[0-9a-f:]+\])$/i.test(url.hostname);
  return new S3Api(client, !options.pathStyle && !local, url.protocol === 'https:', connectionId, env);
}
