/**
 * AWS Signature V4 for S3 (`signatureVersion: 'aws4'`): header signing and presigned URLs.
 * Called by signRequest / presignUrl in sign.ts; see docs/protocol.md §11.
 */
import { encodeKey, lowerCaseHeaders, uriEncode } from './encode';
import { resolveS3Address } from './address';
import { assertObjectKey, assertS3BucketName } from './validate';
import { cachedV4SigningKey } from './keycache';
import { assertCredentials, effectiveExpiry, guardPresign, guardResult } from './signCommon';
import { t } from '../translate';
import {
  AWS4_ALGORITHM,
  AWS4_SERVICE,
  aws4Authorization,
  aws4CanonicalHeaders,
  aws4CanonicalQuery,
  aws4CanonicalRequest,
  aws4Scope,
  aws4StringToSign,
} from './aws4';
import { UNSIGNED_PAYLOAD } from './v4';
import { hmacHex, v4DateTime } from './v4common';
import type { Credentials, PresignRequest, PresignResult, SignRequestInput, SignRequestResult } from './types';

/** Query names the SigV4 presigner writes itself (compared case-insensitively). */
const RESERVED_AWS4 = new Set([
  'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires', 'x-amz-signedheaders',
  'x-amz-security-token', 'x-amz-signature',
]);

function regionOf(region: string): string {
  const r = (region ?? '').trim();
  if (!r) throw new Error(t('SigV4 signing needs a region (use "auto" for Cloudflare R2, "us-east-1" for most other S3-compatible servers)'));
  return r;
}

/** The canonical URI of an S3 request: the path as sent, each key byte encoded once, '/' kept. */
function canonicalUri(bucket: string | undefined, key: string | undefined, pathStyle: boolean): string {
  if (!bucket) {
    if (key) throw new Error(t('An object key needs a bucket'));
    return '/';
  }
  const keyPath = key ? encodeKey(key) : '';
  if (!pathStyle) return `/${keyPath}`;
  return keyPath ? `/${uriEncode(bucket, true)}/${keyPath}` : `/${uriEncode(bucket, true)}`;
}

/**
 * Lower-cased headers; a name given twice in different case is refused: the HTTP stack would send
 * both values joined, so no single value could be signed for it.
 */
function distinctLowerHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out = lowerCaseHeaders(headers);
  if (headers && Object.keys(out).length !== Object.keys(headers).filter((k) => headers[k] !== undefined && headers[k] !== null).length) {
    const seen = new Set<string>();
    for (const k of Object.keys(headers)) {
      const l = k.toLowerCase();
      if (seen.has(l)) throw new Error(t('Header {0} is given twice (in different case); join the values with \', \' instead', l));
      seen.add(l);
    }
  }
  return out;
}

function signWithKey(credentials: Credentials, dateTime: string, region: string, service: string, stringToSign: string): string {
  return hmacHex(cachedV4SigningKey(credentials, dateTime.slice(0, 8), region, service, 'aws4'), stringToSign);
}

/**
 * Header mode: returns `x-amz-date`, `x-amz-content-sha256` (unless the caller set it),
 * `x-amz-security-token` (STS) and `authorization`. Every header passed in is signed except the
 * ones proxies change (user-agent, connection, …), and so is `host`.
 */
export function signRequestAws4(input: SignRequestInput & { product?: string }): SignRequestResult {
  const { credentials } = input;
  assertCredentials(credentials);
  if (!input.host) throw new Error('SigV4 signing needs the Host header of the request');
  const pathStyle = !!input.pathStyle;
  if (input.bucket !== undefined) assertS3BucketName(input.bucket, !pathStyle, false);
  if (input.key !== undefined) assertObjectKey(input.key);
  const region = regionOf(input.region);
  const service = input.product ?? AWS4_SERVICE;
  const dateTime = v4DateTime(input.now ?? new Date());
  const headers = distinctLowerHeaders(input.headers);
  const added: Record<string, string> = { 'x-amz-date': dateTime };
  if (headers['x-amz-content-sha256'] === undefined) added['x-amz-content-sha256'] = input.payloadHash ?? UNSIGNED_PAYLOAD;
  if (credentials.securityToken) added['x-amz-security-token'] = credentials.securityToken;
  const all: Record<string, string> = { ...headers, ...added, host: input.host };
  const canonical = aws4CanonicalHeaders(all);
  const canonicalRequest = aws4CanonicalRequest(
    input.method,
    canonicalUri(input.bucket, input.key, pathStyle),
    aws4CanonicalQuery(input.query),
    canonical,
    all['x-amz-content-sha256'],
  );
  const stringToSign = aws4StringToSign(dateTime, region, canonicalRequest, service);
  const signature = signWithKey(credentials, dateTime, region, service, stringToSign);
  added['authorization'] = aws4Authorization(credentials.accessKeyId, aws4Scope(dateTime.slice(0, 8), region, service), canonical.signedHeaders, signature);
  return guardResult(added, stringToSign, credentials.securityToken);
}

/**
 * Presigned URL: `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires` (duration),
 * `X-Amz-SignedHeaders` and, for STS, `X-Amz-Security-Token` are added to the query and signed
 * with it; `X-Amz-Signature` comes last. `x-amz-*` headers the link needs (metadata, …) move into
 * the query as the AWS SDK does, except server-side-encryption headers; the other headers
 * (content-type, …) and `host` are signed as headers. The payload is `UNSIGNED-PAYLOAD`.
 */
export function presignUrlAws4(req: PresignRequest & { product?: string }): PresignResult {
  const { credentials } = req;
  assertCredentials(credentials);
  if (req.cname) throw new Error(t('SigV4 links do not support custom domains; use the S3 endpoint'));
  assertObjectKey(req.key);
  const now = req.now ?? new Date();
  const exp = effectiveExpiry(req.expiresInSeconds, 'aws4', now, credentials.expiration);
  const region = regionOf(req.region);
  const service = req.product ?? AWS4_SERVICE;
  const address = resolveS3Address({ endpoint: req.endpoint, bucket: req.bucket, key: req.key, pathStyle: req.pathStyle }, encodeKey(req.key));
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (RESERVED_AWS4.has(k.toLowerCase())) throw new Error(`Query parameter ${k} is set by the signer`);
    query[k] = v;
  }
  const signedHeaders: Record<string, string> = {};
  distinctLowerHeaders(req.headers);
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (value === undefined || value === null) continue;
    const lower = name.toLowerCase();
    // Hoisted under the caller's spelling of the name, as the AWS SDK does.
    if (lower.startsWith('x-amz-') && !lower.startsWith('x-amz-server-side-encryption')) query[name] = String(value);
    else signedHeaders[lower] = String(value);
  }
  signedHeaders['host'] = address.host;
  const canonical = aws4CanonicalHeaders(signedHeaders);
  const dateTime = v4DateTime(new Date(exp.startSeconds * 1000));
  query['X-Amz-Algorithm'] = AWS4_ALGORITHM;
  query['X-Amz-Credential'] = `${credentials.accessKeyId}/${aws4Scope(dateTime.slice(0, 8), region, service)}`;
  query['X-Amz-Date'] = dateTime;
  query['X-Amz-Expires'] = String(exp.seconds);
  query['X-Amz-SignedHeaders'] = canonical.signedHeaders;
  if (credentials.securityToken) query['X-Amz-Security-Token'] = credentials.securityToken;
  // The canonical query string and the URL's query string are the same text: render it once.
  const canonicalQuery = aws4CanonicalQuery(query);
  const canonicalRequest = aws4CanonicalRequest(req.method, address.path, canonicalQuery, canonical, UNSIGNED_PAYLOAD);
  const signature = signWithKey(credentials, dateTime, region, service, aws4StringToSign(dateTime, region, canonicalRequest, service));
  return guardPresign(`${address.protocol}//${address.host}${address.path}?${canonicalQuery}&X-Amz-Signature=${signature}`, exp.expiresAt);
}
