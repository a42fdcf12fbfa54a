/**
 * High-level signing: header mode ({@link signRequest}) and presigned URLs ({@link presignUrl}).
 * Pure functions; the clock is injectable through `now`.
 */
import { createHmac } from 'node:crypto';
import { t } from '../translate';
import { encodeKey, renderQuery, lowerCaseHeaders, uriEncode } from './encode';
import { resolveAddressWithKeyPath } from './address';
import { assertBucketName, assertObjectKey } from './validate';
import { cachedV4SigningKey } from './keycache';
import { assertCredentials, effectiveExpiry, guardPresign, guardResult, hasKeys } from './signCommon';
import { presignUrlAws4, signRequestAws4 } from './signAws4';
import {
  v1Authorization,
  v1CanonicalizedResource,
  v1Signature,
  v1StringToSign,
} from './v1';
import {
  UNSIGNED_PAYLOAD,
  V4_ALGORITHM,
  standardRegion,
  v4AdditionalHeaders,
  v4Authorization,
  v4CanonicalQuery,
  v4CanonicalRequestFromParts,
  v4CanonicalUri,
  v4DateTime,
  v4Scope,
  v4StringToSign,
} from './v4';
import type { PresignRequest, PresignResult, SignRequestInput, SignRequestResult } from './types';

export { TokenExpiredForSigningError, effectiveExpiry } from './signCommon';

/** Optional V4 scope overrides (e.g. CloudBox: product 'oss-cloudbox', region = the cloudbox id). */
export interface V4ScopeOptions {
  /** Signing product (OSS V4; default 'oss') or service (AWS SigV4; default 's3'). */
  product?: string;
}

export type SignRequestOptions = SignRequestInput & V4ScopeOptions;
export type PresignOptions = PresignRequest & V4ScopeOptions;

/** Query names the presigner writes itself; a caller may not pass them. */
const RESERVED_V1 = new Set(['OSSAccessKeyId', 'Expires', 'Signature', 'security-token']);
const RESERVED_V4 = new Set([
  'x-oss-signature-version', 'x-oss-credential', 'x-oss-date', 'x-oss-expires', 'x-oss-signature',
  'x-oss-security-token', 'x-oss-additional-headers',
]);


/** `now.toUTCString()`, remembered for the last second (requests come in bursts). */
function httpDate(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== lastHttpDateSecond) {
    lastHttpDate = now.toUTCString();
    lastHttpDateSecond = second;
  }
  return lastHttpDate;
}
let lastHttpDateSecond = NaN;
let lastHttpDate = '';


/**
 * Signs a request in header mode. Returns only the headers to ADD (lower-case names):
 * - V1: `date` (RFC 1123, from `now`) and `authorization: OSS <AK>:<sig>`. When the request already
 *   carries `x-oss-date`, that value is used on the Date line (as ali-oss and oss2 do).
 * - V4: `x-oss-date`, `x-oss-content-sha256: UNSIGNED-PAYLOAD` and `authorization`.
 * Both add (and sign) `x-oss-security-token` when the credentials carry a token.
 *
 * The returned `stringToSign` has the security token replaced by `****` so it is safe to log (V1 signs
 * the token as an x-oss header line; V4's string to sign only carries a hash). `JSON.stringify`,
 * `toString` and `util.inspect` of the result and of its `headers` mask the authorization and token;
 * reading the properties (or spreading `headers`) gives the real values to send.
 */
export function signRequest(input: SignRequestOptions): SignRequestResult {
  const { credentials } = input;
  assertCredentials(credentials);
  if (input.signatureVersion === 'aws4') return signRequestAws4(input);
  if (input.bucket !== undefined) assertBucketName(input.bucket);
  if (input.key !== undefined) assertObjectKey(input.key);
  const now = input.now ?? new Date();
  const headers = lowerCaseHeaders(input.headers);
  const added: Record<string, string> = {};
  if (credentials.securityToken) added['x-oss-security-token'] = credentials.securityToken;

  if (input.signatureVersion === 'v1') {
    added['date'] = httpDate(now);
    const all = { ...headers, ...added };
    const stringToSign = v1StringToSign({
      method: input.method,
      headers: all,
      date: all['x-oss-date'] ?? added['date'],
      resource: v1CanonicalizedResource(input.bucket, input.key, input.query),
    });
    added['authorization'] = v1Authorization(credentials.accessKeyId, v1Signature(credentials.accessKeySecret, stringToSign));
    return guardResult(added, stringToSign, credentials.securityToken);
  }
  if (input.signatureVersion !== 'v4') throw new Error(`Unknown signature version: ${String(input.signatureVersion)}`);

  const region = standardRegion(input.region);
  if (!region) throw new Error(t('V4 signing needs a region'));
  const product = input.product ?? 'oss';
  const dateTime = v4DateTime(now);
  added['x-oss-date'] = dateTime;
  added['x-oss-content-sha256'] = UNSIGNED_PAYLOAD;
  const all = { ...headers, ...added };
  const additional = v4AdditionalHeaders(input.additionalHeaders, all);
  // `all` already has lower-case names and string values, and `additional` is normalized against it.
  const canonicalRequest = v4CanonicalRequestFromParts(
    input.method,
    v4CanonicalUri(input.bucket, input.key),
    v4CanonicalQuery(input.query),
    all,
    additional,
  );
  const stringToSign = v4StringToSign(dateTime, region, canonicalRequest, product);
  const signature = v4SignWithCachedKey(credentials, dateTime, region, stringToSign, product);
  added['authorization'] = v4Authorization(credentials.accessKeyId, v4Scope(dateTime.slice(0, 8), region, product), additional, signature);
  return guardResult(added, stringToSign, credentials.securityToken);
}

/** Same value as v4Signature(credentials.accessKeySecret, …), with the signing key from the cache. */
function v4SignWithCachedKey(
  credentials: { accessKeySecret: string },
  dateTime: string,
  region: string,
  stringToSign: string,
  product: string,
): string {
  const key = cachedV4SigningKey(credentials, dateTime.slice(0, 8), region, product);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}



/** Last `x-oss-credential` value, URI-encoded (AccessKeyId + scope: not secret). */
let lastCredential = '';
let lastCredentialEncoded = '';
function encodedCredential(value: string): string {
  if (value !== lastCredential) {
    lastCredentialEncoded = uriEncode(value);
    lastCredential = value;
  }
  return lastCredentialEncoded;
}


/**
 * Builds a presigned URL (query-string auth), V1 or V4. See {@link effectiveExpiry} for the rules
 * on `expiresInSeconds` and STS tokens.
 * - V1: `OSSAccessKeyId`, `Expires` (absolute unix seconds), `Signature`, and `security-token`
 *   (a signed sub-resource) for STS; only V1 sub-resources in `query` are signed, with raw values.
 * - V4: `x-oss-signature-version`, `x-oss-credential`, `x-oss-date`, `x-oss-expires` (duration),
 *   `x-oss-security-token`, `x-oss-additional-headers` are added before signing; every query
 *   parameter is signed; `x-oss-signature` is appended.
 * `headers` (content-type, content-md5, x-oss-*) are signed and must be sent by whoever uses the link.
 *
 * The URL is a bearer credential (it may carry the STS token): read `result.url` explicitly.
 * `JSON.stringify`, `toString` and `util.inspect` of the result show a redacted URL.
 */
export function presignUrl(req: PresignOptions): PresignResult {
  const { credentials } = req;
  assertCredentials(credentials);
  if (req.signatureVersion === 'aws4') return presignUrlAws4(req);
  assertBucketName(req.bucket);
  assertObjectKey(req.key);
  const now = req.now ?? new Date();
  const exp = effectiveExpiry(req.expiresInSeconds, req.signatureVersion, now, credentials.expiration);
  const keyPath = encodeKey(req.key ?? '');
  const address = resolveAddressWithKeyPath(
    { endpoint: req.endpoint, bucket: req.bucket, key: req.key, cname: req.cname, pathStyle: req.pathStyle },
    keyPath,
  );
  const hasUserQuery = hasKeys(req.query);
  const userQuery: Record<string, string> = hasUserQuery ? { ...req.query } : {};
  const headers = lowerCaseHeaders(req.headers);
  const base = `${address.protocol}//${address.host}${address.path}`;

  if (req.signatureVersion === 'v1') {
    for (const k of Object.keys(userQuery)) {
      if (RESERVED_V1.has(k)) throw new Error(`Query parameter ${k} is set by the signer`);
    }
    const signedQuery: Record<string, string> = userQuery;
    if (credentials.securityToken) signedQuery['security-token'] = credentials.securityToken;
    const expires = String(exp.startSeconds + exp.seconds);
    const stringToSign = v1StringToSign({
      method: req.method,
      headers,
      date: expires,
      resource: v1CanonicalizedResource(req.bucket, req.key, signedQuery),
    });
    const signature = v1Signature(credentials.accessKeySecret, stringToSign);
    if (!hasUserQuery) {
      // Fixed parameter set, already in byte order: Expires < OSSAccessKeyId < Signature < security-token.
      const token = credentials.securityToken ? `&security-token=${uriEncode(credentials.securityToken)}` : '';
      return guardPresign(
        `${base}?Expires=${expires}&OSSAccessKeyId=${uriEncode(credentials.accessKeyId)}&Signature=${uriEncode(signature)}${token}`,
        exp.expiresAt,
      );
    }
    const finalQuery: Record<string, string> = {
      ...signedQuery,
      OSSAccessKeyId: credentials.accessKeyId,
      Expires: expires,
      Signature: signature,
    };
    return guardPresign(`${base}?${renderQuery(finalQuery)}`, exp.expiresAt);
  }
  if (req.signatureVersion !== 'v4') throw new Error(`Unknown signature version: ${String(req.signatureVersion)}`);

  for (const k of Object.keys(userQuery)) {
    if (RESERVED_V4.has(k)) throw new Error(`Query parameter ${k} is set by the signer`);
  }
  const region = standardRegion(req.region);
  if (!region) throw new Error(t('V4 signing needs a region'));
  const product = req.product ?? 'oss';
  const dateTime = v4DateTime(new Date(exp.startSeconds * 1000));
  const scope = v4Scope(dateTime.slice(0, 8), region, product);
  const additional = v4AdditionalHeaders(req.additionalHeaders, headers);
  const credential = `${credentials.accessKeyId}/${scope}`;
  const expiresIn = String(exp.seconds);
  // The V4 CanonicalQueryString and the URL's query string are the same text (names and values
  // RFC 3986-encoded, sorted by encoded name, valueless without '='): render it once.
  let canonicalQuery: string;
  if (!hasUserQuery) {
    // Fixed parameter set, already in byte order: additional-headers < credential < date < expires
    // < security-token < signature-version.
    canonicalQuery =
      (additional.length > 0 ? `x-oss-additional-headers=${uriEncode(additional.join(';'))}&` : '') +
      `x-oss-credential=${encodedCredential(credential)}&x-oss-date=${uriEncode(dateTime)}&x-oss-expires=${expiresIn}` +
      (credentials.securityToken ? `&x-oss-security-token=${uriEncode(credentials.securityToken)}` : '') +
      `&x-oss-signature-version=${V4_ALGORITHM}`;
  } else {
    const query: Record<string, string> = userQuery;
    query['x-oss-signature-version'] = V4_ALGORITHM;
    query['x-oss-credential'] = credential;
    query['x-oss-date'] = dateTime;
    query['x-oss-expires'] = expiresIn;
    if (credentials.securityToken) query['x-oss-security-token'] = credentials.securityToken;
    if (additional.length > 0) query['x-oss-additional-headers'] = additional.join(';');
    canonicalQuery = renderQuery(query);
  }
  // v4CanonicalUri(bucket, key) encodes '/bucket/key' keeping '/', i.e. '/' + enc(bucket) + '/' + keyPath.
  const canonicalUri = req.bucket ? `/${uriEncode(req.bucket, true)}/${keyPath}` : v4CanonicalUri(req.bucket, req.key);
  const canonicalRequest = v4CanonicalRequestFromParts(req.method, canonicalUri, canonicalQuery, headers, additional);
  const stringToSign = v4StringToSign(dateTime, region, canonicalRequest, product);
  const signature = v4SignWithCachedKey(credentials, dateTime, region, stringToSign, product);
  return guardPresign(`${base}?${canonicalQuery}&x-oss-signature=${signature}`, exp.expiresAt);
}
