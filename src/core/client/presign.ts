/** The one presigning path: OssClient.presign and the VS Code side's signed links both go through here. */
import { encodeKey, presignUrl } from '../signer';
import type { Credentials, PresignResult, SignatureVersion } from '../signer/types';
import { validateBucketName, validateObjectKey, type PresignOptions } from './options';
import { hasDotSegment } from './http';

/** Where and as whom to sign. */
export interface PresignTarget {
  credentials: Credentials;
  endpoint: string;
  region: string;
  /** The endpoint is a custom domain bound to the bucket. */
  cname?: boolean;
  pathStyle?: boolean;
  /** Used when the options do not name one (default 'v4'). */
  signatureVersion?: SignatureVersion;
  /** Signing time when the options give none (callers pass their clock-corrected now). */
  now: Date;
}

export type PresignedObject = PresignResult & { warning?: string };

/** A presigned URL for one object; warns when the key has `.`/`..` segments that clients normalize away. */
export function presignObject(t: PresignTarget, opts: PresignOptions): PresignedObject {
  const signatureVersion = opts.signatureVersion ?? t.signatureVersion ?? 'v4';
  // S3 bucket names (dots, legacy names) are checked by the SigV4 signer with S3's rules.
  if (signatureVersion !== 'aws4') validateBucketName(opts.bucket);
  validateObjectKey(opts.key);
  const result = presignUrl({
    credentials: t.credentials,
    signatureVersion,
    method: opts.method ?? 'GET',
    endpoint: t.endpoint,
    region: t.region,
    bucket: opts.bucket,
    key: opts.key,
    expiresInSeconds: opts.expiresInSeconds,
    now: opts.now ?? t.now,
    headers: opts.headers,
    query: opts.query,
    additionalHeaders: opts.additionalHeaders,
    cname: t.cname,
    pathStyle: t.pathStyle,
  });
  if (!hasDotSegment(`/${encodeKey(opts.key)}`)) return result;
  return {
    ...result,
    warning:
      `The key ${JSON.stringify(opts.key)} contains '.' or '..' path segments: browsers, fetch and most HTTP libraries ` +
      `normalize them away, so this link only works with clients that send the path verbatim (e.g. curl --path-as-is).`,
  };
}
