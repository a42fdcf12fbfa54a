/**
 * The only files of the VS Code side that know the concrete core classes (this one, and
 * s3Adapter.ts for S3): builds a credential provider from a connection record + its secrets, and
 * binds OssApi to a core client. Both clients have the same method names (CoreClient below), so
 * one ClientApi serves OSS and S3; the differences are the session's capabilities.
 */
import {
  ObjectChangedError, ObjectDeletedError, OssClient, findObjects, saveObjectPreservingProperties, validateBucketName, validateHeaderValue,
  describeObjectKeyProblem, objectKeyProblem, validateTags, validateUserMetadata,
} from '../core/client';
import { translate } from '../ui/format';
import type { FindOptions, ObjectAcl, ObjectTags, ObjectVersion, ObjectWriteProperties, OssClientOptions, SaveObjectOptions } from '../core/client';
import type { CredentialProvider } from '../core/credentials';
import type { NetworkOptions } from '../core/http';
import { AssumeRoleProvider, AwsAssumeRoleProvider, StaticAccessKeyProvider, StaticStsProvider } from '../core/credentials';
import { type ConnectionRecord, type ConnectionSecrets, serviceOf } from './model';
import type { OssApi, ResumeOptions, UploadEnvironment } from './ossApi';
import type { UploadCheckpoint } from '../core/transfer';
import type { ObjectState, SaveConflict, SaveOptions } from './ossApi';


function problem(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** What ClientApi calls on a core client: OssClient's methods (the S3 client has the same names), and a save. */
export type CoreClient = Pick<
  OssClient,
  | 'clockOffsetMs' | 'destroy' | 'listBuckets' | 'listObjects' | 'headObject' | 'objectExists' | 'getObjectBuffer' | 'putObject'
  | 'deleteObject' | 'deleteObjects' | 'copyObject' | 'createFolder' | 'uploadFile' | 'resumeUpload' | 'listMultipartUploadsPage'
  | 'listMultipartUploads' | 'abortMultipartUpload' | 'downloadFile' | 'getObjectAcl' | 'putObjectAcl' | 'getObjectTagging'
  | 'putObjectTagging' | 'deleteObjectTagging' | 'restoreObject' | 'getBucketVersioning' | 'listObjectVersions'
> & {
  /** New bytes over an object, keeping its properties (see saveObjectPreservingProperties). */
  saveObject(o: SaveObjectOptions): Promise<{ etag?: string; size: number; crc64?: string; versionId?: string; props: ObjectWriteProperties }>;
};

/** The OSS client as a CoreClient. */
class OssCore extends OssClient implements CoreClient {
  saveObject(o: SaveObjectOptions) {
    return saveObjectPreservingProperties(this, o);
  }
}

function errorCode(err: unknown): string | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

export class ClientApi implements OssApi {
  constructor(
    private readonly client: CoreClient,
    private readonly connectionId?: string,
    private readonly env?: UploadEnvironment,
  ) {}

  now(): Date {
    return new Date(Date.now() + this.client.clockOffsetMs);
  }
  listBuckets(signal?: AbortSignal) {
    return this.client.listBuckets({ signal });
  }
  listObjects(params: Parameters<OssApi['listObjects']>[0]) {
    return this.client.listObjects(params);
  }
  findObjects(options: FindOptions) {
    return findObjects(this.client, options);
  }
  headObject(bucket: string, key: string, versionId?: string, signal?: AbortSignal) {
    return this.client.headObject(bucket, key, { versionId, signal });
  }
  objectExists(bucket: string, key: string, signal?: AbortSignal) {
    return this.client.objectExists(bucket, key, { signal });
  }
  async getObjectBuffer(bucket: string, key: string, signal?: AbortSignal): Promise<Uint8Array> {
    return (await this.client.getObjectBuffer(bucket, key, { signal })).body;
  }
  async getObjectRange(bucket: string, key: string, start: number, end: number, signal?: AbortSignal): Promise<Uint8Array> {
    return (await this.client.getObjectBuffer(bucket, key, { signal, range: { start, end } })).body;
  }
  async getObjectState(bucket: string, key: string, versionId?: string, signal?: AbortSignal) {
    const r = await this.client.getObjectBuffer(bucket, key, { versionId, signal, maxBytes: 1024 * 1024 * 1024 });
    return {
      body: r.body, etag: r.etag, size: r.size, crc64: r.crc64, lastModified: r.lastModified,
      contentType: r.contentType, meta: r.meta,
    };
  }
  async saveObject(bucket: string, key: string, body: Uint8Array, o: SaveOptions): Promise<ObjectState> {
    const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    o = { ...o, onBytes: sentSoFar(buf.length, o.onBytes) };
    const e = o.expected;
    if (e === 'absent' && !o.overwrite) {
      try {
        const r = await this.client.putObject(bucket, key, buf, { forbidOverwrite: true, signal: o.signal, onBytes: o.onBytes });
        return { etag: r.etag, size: buf.length, crc64: r.crc64, lastModified: this.now(), versionId: r.versionId };
      } catch (err) {
        if (errorCode(err) === 'FileAlreadyExists') throw new ObjectChangedError(bucket, key, {}, { size: 0, meta: {} }, 'exists');
        throw err;
      }
    }
    const known = e === 'absent' ? undefined : e;
    const r = await this.client.saveObject({
      bucket, key, body: buf, signal: o.signal, onBytes: o.onBytes,
      expected: { etag: known?.etag, size: known?.size, crc64: known?.crc64 },
      overwrite: o.overwrite,
      recreateWith: { contentType: known?.contentType, meta: known?.meta },
    });
    // The PUT answer is the new state: no HEAD after it. Last-Modified is not in that answer; the
    // (skew-corrected) time of the save stands in for it, as the mtime the editor reports.
    return { etag: r.etag, size: r.size, crc64: r.crc64, lastModified: this.now(), versionId: r.versionId, contentType: r.props.contentType, meta: r.props.meta };
  }
  saveConflict(err: unknown): SaveConflict | undefined {
    if (err instanceof ObjectDeletedError) return 'deleted';
    if (err instanceof ObjectChangedError) return 'changed';
    return undefined;
  }
  async putObject(bucket: string, key: string, body: Uint8Array, o: Parameters<OssApi['putObject']>[3] = {}): Promise<void> {
    await this.client.putObject(bucket, key, Buffer.from(body.buffer, body.byteOffset, body.byteLength), {
      contentType: o.contentType,
      forbidOverwrite: o.forbidOverwrite,
      signal: o.signal,
      onBytes: sentSoFar(body.byteLength, o.onProgress),
    });
  }
  async deleteObject(bucket: string, key: string): Promise<void> {
    await this.client.deleteObject(bucket, key);
  }
  deleteObjects(bucket: string, keys: string[]) {
    return this.client.deleteObjects(bucket, keys);
  }
  async copyObject(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, forbidOverwrite: boolean): Promise<void> {
    await this.client.copyObject(srcBucket, srcKey, dstBucket, dstKey, { forbidOverwrite });
  }
  createFolder(bucket: string, prefix: string) {
    return this.client.createFolder(bucket, prefix);
  }
  upload(options: Parameters<OssApi['upload']>[0]) {
    // Every upload is resumable and records the uploads it could not abort (orphans).
    const extra = this.env && this.connectionId !== undefined ? this.env.options(this.connectionId) : {};
    const p = this.client.uploadFile({ ...extra, ...options });
    return this.env ? this.env.track(p, this.where(options.bucket)) : p;
  }
  resumeUpload(checkpoint: UploadCheckpoint, o: ResumeOptions = {}) {
    const extra = this.env && this.connectionId !== undefined ? this.env.options(this.connectionId) : {};
    const store = extra.checkpoints?.store;
    if (!store) throw new Error('Uploads cannot be resumed without a checkpoint store');
    const p = this.client.resumeUpload({ checkpoint, store, suspend: extra.checkpoints?.suspend, orphans: extra.orphans, ...o });
    return this.env ? this.env.track(p, this.where(checkpoint.bucket)) : p;
  }
  private where(bucket: string): { connectionId: string; bucket: string } | undefined {
    return this.connectionId !== undefined ? { connectionId: this.connectionId, bucket } : undefined;
  }
  listMultipartUploadsPage(bucket: string, o: Parameters<OssApi['listMultipartUploadsPage']>[1] = {}) {
    return this.client.listMultipartUploadsPage(bucket, o);
  }
  listMultipartUploads(bucket: string, o: { prefix?: string } = {}) {
    return this.client.listMultipartUploads(bucket, o);
  }
  abortMultipartUpload(bucket: string, key: string, uploadId: string) {
    return this.client.abortMultipartUpload(bucket, key, uploadId);
  }
  async download(options: Parameters<OssApi['download']>[0]): Promise<void> {
    await this.client.downloadFile(options);
  }
  getObjectAcl(bucket: string, key: string) {
    return this.client.getObjectAcl(bucket, key);
  }
  putObjectAcl(bucket: string, key: string, acl: ObjectAcl) {
    return this.client.putObjectAcl(bucket, key, acl);
  }
  getObjectTagging(bucket: string, key: string) {
    return this.client.getObjectTagging(bucket, key);
  }
  async putObjectTagging(bucket: string, key: string, tags: ObjectTags): Promise<void> {
    if (Object.keys(tags).length === 0) await this.client.deleteObjectTagging(bucket, key);
    else await this.client.putObjectTagging(bucket, key, tags);
  }
  async replaceProperties(bucket: string, key: string, props: ObjectWriteProperties): Promise<void> {
    await this.client.copyObject(bucket, key, bucket, key, { ...props, tags: undefined, metadataDirective: 'REPLACE' });
  }
  restoreObject(bucket: string, key: string, days: number) {
    return this.client.restoreObject(bucket, key, { days });
  }
  getBucketVersioning(bucket: string, signal?: AbortSignal) {
    return this.client.getBucketVersioning(bucket, { signal });
  }
  async listObjectVersions(bucket: string, prefix: string, limit: number, signal?: AbortSignal): Promise<ObjectVersion[]> {
    const out: ObjectVersion[] = [];
    for await (const page of this.client.listObjectVersions({ bucket, prefix, signal })) {
      out.push(...page.versions);
      if (out.length >= limit) break;
    }
    return out.slice(0, limit);
  }
  async deleteObjectVersion(bucket: string, key: string, versionId: string): Promise<void> {
    await this.client.deleteObject(bucket, key, { versionId });
  }
  async restoreVersion(bucket: string, key: string, versionId: string): Promise<void> {
    await this.client.copyObject(bucket, key, bucket, key, { sourceVersionId: versionId });
  }
  metadataProblem(meta: Record<string, string>) {
    return problem(() => validateUserMetadata(meta, translate));
  }
  tagsProblem(tags: ObjectTags) {
    return problem(() => validateTags(tags, translate));
  }
  headerValueProblem(field: string, value: string) {
    return problem(() => validateHeaderValue(field, value, translate));
  }
  keyProblem(key: string): string | undefined {
    const p = objectKeyProblem(key);
    return p && describeObjectKeyProblem(p, key, translate);
  }
  bucketProblem(bucket: string): string | undefined {
    return problem(() => validateBucketName(bucket));
  }
  dispose(): void {
    this.client.destroy();
  }
}

/**
 * Core reports the bytes of each chunk sent; the UI wants the bytes sent so far. A retried attempt
 * sends from 0 again, so the count is capped at the size.
 */
function sentSoFar(size: number, onSoFar: ((loaded: number) => void) | undefined): ((n: number) => void) | undefined {
  if (!onSoFar) return undefined;
  let sent = 0;
  return (n) => onSoFar((sent = Math.min(size, sent + n)));
}

export function createApi(options: OssClientOptions, connectionId?: string, env?: UploadEnvironment): OssApi {
  return new ClientApi(new OssCore(options), connectionId, env);
}

export function createProvider(c: ConnectionRecord, s: ConnectionSecrets, network?: NetworkOptions): CredentialProvider {
  if (c.authType === 'assumeRole' && serviceOf(c) === 's3') {
    // AWS STS, signed with the long-term key pair; the same refresh rules as Alibaba's AssumeRole.
    return new AwsAssumeRoleProvider({
      source: new StaticAccessKeyProvider(c.accessKeyId, s.accessKeySecret),
      roleArn: c.roleArn ?? '',
      roleSessionName: c.roleSessionName ?? 'oss-explorer',
      durationSeconds: c.durationSeconds,
      endpoint: c.stsEndpoint,
      // R2's 'auto' is no AWS region: without an STS endpoint the refresh says so instead of asking us-east-1.
      region: c.region,
      network,
    });
  }
  switch (c.authType) {
    case 'accessKey':
      return new StaticAccessKeyProvider(c.accessKeyId, s.accessKeySecret);
    case 'sts':
      return new StaticStsProvider({
        accessKeyId: c.accessKeyId,
        accessKeySecret: s.accessKeySecret,
        securityToken: s.securityToken ?? '',
        expiration: c.stsExpiration ? new Date(c.stsExpiration) : undefined,
      });
    case 'assumeRole':
      return new AssumeRoleProvider({
        accessKeyId: c.accessKeyId,
        accessKeySecret: s.accessKeySecret,
        roleArn: c.roleArn ?? '',
        roleSessionName: c.roleSessionName ?? 'oss-explorer',
        durationSeconds: c.durationSeconds,
        endpoint: c.stsEndpoint,
        network,
      });
  }
}
