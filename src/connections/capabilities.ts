/**
 * What a connection's service can do beyond the one client interface (OssApi). Commands ask the
 * session's capabilities instead of its service, and the tree turns the menu-relevant ones into
 * context values (see src/tree/contextValues.ts), so OSS-only menus are hidden on S3 nodes.
 */
import { type ConnectionService, serviceOf } from './model';

export interface Capabilities {
  /** OSS image processing (`x-oss-process` on links, e.g. the paste-link resize). */
  imageProcess: boolean;
  /** Objects carry a CRC-64 (x-oss-hash-crc64ecma), so bytes can be compared without downloading. */
  crc64: boolean;
  /** Archive / Cold Archive restore from the Properties command. */
  restore: boolean;
  /** Bucket versioning: versions, deleted objects, restore a version. */
  versioning: boolean;
  /** A custom domain (CNAME) for links and requests. */
  customDomain: boolean;
  /** Share Access: minting an STS access code through Alibaba Cloud RAM. */
  shareAccess: boolean;
  /** Browser upload forms (OSS PostObject policy). */
  uploadForm: boolean;
  /** Properties can change the storage class among OSS's classes (Standard, IA, Archive, …). */
  storageClass: boolean;
  /** The header prefix of user metadata, as shown in Properties. */
  metaPrefix: 'x-oss-meta-' | 'x-amz-meta-';
  /** How the service's tools write a bucket path (ossutil: oss://, the AWS CLI: s3://). */
  pathScheme: 'oss://' | 's3://';
}

const OSS: Capabilities = {
  imageProcess: true, crc64: true, restore: true, versioning: true, customDomain: true, shareAccess: true, uploadForm: true,
  storageClass: true, metaPrefix: 'x-oss-meta-', pathScheme: 'oss://',
};

/** S3 (AWS, MinIO, R2, …): versioning is S3's own; the rest are Alibaba Cloud features. */
const S3: Capabilities = {
  imageProcess: false, crc64: false, restore: false, versioning: true, customDomain: false, shareAccess: false, uploadForm: false,
  storageClass: false, metaPrefix: 'x-amz-meta-', pathScheme: 's3://',
};

const BY_SERVICE: Record<ConnectionService, Readonly<Capabilities>> = { oss: Object.freeze(OSS), s3: Object.freeze(S3) };

export function capabilitiesOf(c: { service?: ConnectionService }): Readonly<Capabilities> {
  return BY_SERVICE[serviceOf(c)];
}

/** The capabilities that decide which tree menus a node shows (each is a token in the context value). */
export const MENU_CAPABILITIES = ['versioning', 'shareAccess', 'uploadForm'] as const satisfies readonly (keyof Capabilities)[];
export type MenuCapability = (typeof MENU_CAPABILITIES)[number];
