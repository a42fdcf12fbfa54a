/**
 * Contract of the shared signer (issue #3). Other modules and tests rely on these shapes.
 * Implementation lives beside this file; `src/core/signer/index.ts` re-exports everything.
 */

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** When temporary (STS) credentials stop working. */
  expiration?: Date;
}

/** OSS V1, OSS V4 (`OSS4-HMAC-SHA256`), or AWS Signature V4 for S3 (`AWS4-HMAC-SHA256`). */
export type SignatureVersion = 'v1' | 'v4' | 'aws4';
export type HttpMethod = 'GET' | 'PUT' | 'HEAD' | 'DELETE' | 'POST';

export interface PresignRequest {
  credentials: Credentials;
  signatureVersion: SignatureVersion;
  method: HttpMethod;
  /** 'https://oss-cn-hangzhou.aliyuncs.com', a custom domain, or 'http://127.0.0.1:9000'. */
  endpoint: string;
  /** Bare region id, e.g. 'cn-hangzhou' (an 'oss-' prefix is tolerated and stripped). */
  region: string;
  bucket: string;
  key: string;
  expiresInSeconds: number;
  /** Default: the current time. */
  now?: Date;
  /** Headers the link's user must send, e.g. content-type (signed). */
  headers?: Record<string, string>;
  /** Extra query, e.g. response-content-disposition ('' = valueless); signed as the version requires. */
  query?: Record<string, string>;
  /** V4 only. */
  additionalHeaders?: string[];
  /** The endpoint is the bucket's custom domain (not for aws4). */
  cname?: boolean;
  /** /bucket/key addressing (forced for IP and localhost endpoints). */
  pathStyle?: boolean;
}

export interface PresignResult {
  url: string;
  /** The moment the link stops working (never later than an STS token's expiration). */
  expiresAt: Date;
}

/** Input for signing a request in header mode (Authorization header). */
export interface SignRequestInput {
  credentials: Credentials;
  signatureVersion: SignatureVersion;
  method: string;
  region: string;
  /** Omit for service-level calls (ListBuckets). */
  bucket?: string;
  /** Raw (decoded) object key; omit for bucket-level calls. */
  key?: string;
  /** Decoded query names and values; '' means a valueless sub-resource such as `uploads`. */
  query?: Record<string, string>;
  /** Lower-case header names of the headers that will be sent (content-type, content-md5, x-oss-*...). */
  headers: Record<string, string>;
  now?: Date;
  /** V4 only: extra header names to sign. */
  additionalHeaders?: string[];
  /** aws4 only (required): the Host header the request is sent with, e.g. 'bucket.s3.amazonaws.com'. */
  host?: string;
  /** aws4 only: the request path is /bucket/key (path style) rather than /key. */
  pathStyle?: boolean;
  /**
   * aws4 only: `x-amz-content-sha256`, the hex SHA-256 of the body or 'UNSIGNED-PAYLOAD' (the
   * default). A `x-amz-content-sha256` entry in `headers` wins.
   */
  payloadHash?: string;
}

export interface SignRequestResult {
  /**
   * Headers to add to the request (lower-case names): `authorization`, and as the version needs
   * `date`, `x-oss-date`, `x-oss-content-sha256`, `x-oss-security-token`.
   */
  headers: Record<string, string>;
  /** The string that was signed, for diagnosing SignatureDoesNotMatch (contains no secret). */
  stringToSign: string;
}

/** Where a request goes, for every addressing style. */
export interface AddressInput {
  endpoint: string;
  bucket?: string;
  key?: string;
  cname?: boolean;
  pathStyle?: boolean;
}

export interface ResolvedAddress {
  /** 'http:' or 'https:' */
  protocol: string;
  /** Host (with port) that the request is sent to and that goes in the Host header. */
  host: string;
  /** Already percent-encoded path (RFC 3986, '/' kept), e.g. '/bucket/a%20b' or '/a%20b'. */
  path: string;
  /** True when path-style addressing is used. */
  pathStyle: boolean;
}
