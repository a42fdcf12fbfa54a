/**
 * High-level signing: header mode ({@link signRequest}) and presigned URLs ({@link presignUrl}).
 * Pure functions; the clock is injectable through `now`.
 */
import { renderQuery, lowerCaseHeaders } from './encode';
import { resolveAddress } from './address';
import { guardSecrets, redactHeaders, redactUrl } from '../redact';
import {
  v1Authorization,
  v1CanonicalizedResource,
  v1Signature,
  v1StringToSign,
} from './v1';
import {
  UNSIGNED_PAYLOAD,
  V4_ALGORITHM,
  V4_MAX_EXPIRES_SECONDS,
  standardRegion,
  v4AdditionalHeaders,
  v4Authorization,
  v4CanonicalRequest,
  v4DateTime,
  v4Scope,
  v4Signature,
  v4StringToSign,
} from './v4';
import type { PresignRequest, PresignResult, SignRequestInput, SignRequestResult } from './types';

/** Optional V4 scope overrides (e.g. CloudBox: product 'oss-cloudbox', region = the cloudbox id). */
export interface V4ScopeOptions {
  /** Signing product; default 'oss'. */
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

/** Error raised when a link cannot be signed because the STS token has (almost) expired. */
export class TokenExpiredForSigningError extends Error {
  readonly code = 'SecurityTokenExpired';
  constructor(message: string) {
    super(message);
    this.name = 'TokenExpiredForSigningError';
  }
}

function assertCredentials(c: { accessKeyId?: string; accessKeySecret?: string }): void {
  if (!c || !c.accessKeyId || !c.accessKeySecret) throw new Error('Credentials need an AccessKeyId and an AccessKeySecret');
}

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
  const now = input.now ?? new Date();
  const headers = lowerCaseHeaders(input.headers);
  const added: Record<string, string> = {};
  if (credentials.securityToken) added['x-oss-security-token'] = credentials.securityToken;

  if (input.signatureVersion === 'v1') {
    added['date'] = now.toUTCString();
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
  if (!region) throw new Error('V4 signing needs a region');
  const product = input.product ?? 'oss';
  const dateTime = v4DateTime(now);
  added['x-oss-date'] = dateTime;
  added['x-oss-content-sha256'] = UNSIGNED_PAYLOAD;
  const all = { ...headers, ...added };
  const additional = v4AdditionalHeaders(input.additionalHeaders, all);
  const canonicalRequest = v4CanonicalRequest({
    method: input.method,
    bucket: input.bucket,
    key: input.key,
    query: input.query,
    headers: all,
    additionalHeaders: additional,
  });
  const stringToSign = v4StringToSign(dateTime, region, canonicalRequest, product);
  const signature = v4Signature(credentials.accessKeySecret, dateTime, region, stringToSign, product);
  added['authorization'] = v4Authorization(credentials.accessKeyId, v4Scope(dateTime.slice(0, 8), region, product), additional, signature);
  return guardResult(added, stringToSign, credentials.securityToken);
}

function guardResult(headers: Record<string, string>, stringToSign: string, token?: string): SignRequestResult {
  const safe = token ? stringToSign.replace(`\nx-oss-security-token:${token.trim()}\n`, '\nx-oss-security-token:****\n') : stringToSign;
  guardSecrets(headers, () => redactHeaders(headers));
  const result: SignRequestResult = { headers, stringToSign: safe };
  return guardSecrets(result, () => ({ headers: redactHeaders(headers), stringToSign: safe }));
}

function guardPresign(url: string, expiresAt: Date): PresignResult {
  const result: PresignResult = { url, expiresAt };
  return guardSecrets(result, () => ({ url: redactUrl(url), expiresAt: expiresAt.toISOString() }));
}

/**
 * Checks `expiresInSeconds` and applies the STS rule.
 *
 * EXPIRY DECISION (clamp, refuse when nothing is left): a presigned link can never be used after the
 * STS token that signed it expires, so when the credentials carry `expiration` the link's lifetime is
 * CLAMPED to the token's remaining life (whole seconds, rounded down) and {@link PresignResult.expiresAt}
 * reports the true moment the link stops working, which may be earlier than requested. If the token has
 * already expired, or has less than 1 second left, signing is REFUSED with a
 * {@link TokenExpiredForSigningError} — refresh the credentials and try again. Argument errors are
 * never clamped: a non-positive or non-integer `expiresInSeconds` throws, and so does a V4 request over
 * 604800 s (the 7-day V4 limit), even when the token would have clamped it.
 */
export function effectiveExpiry(
  expiresInSeconds: number,
  signatureVersion: 'v1' | 'v4',
  now: Date,
  expiration?: Date,
): { seconds: number; startSeconds: number; expiresAt: Date } {
  if (typeof expiresInSeconds !== 'number' || !Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) {
    throw new Error(`expiresInSeconds must be a positive integer number of seconds (got ${String(expiresInSeconds)})`);
  }
  if (signatureVersion === 'v4' && expiresInSeconds > V4_MAX_EXPIRES_SECONDS) {
    throw new Error(
      `V4 presigned URLs are limited to 7 days (604800 seconds); ${expiresInSeconds} seconds requested`,
    );
  }
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new Error('Invalid signing time');
  const startSeconds = Math.floor(nowMs / 1000);
  let seconds = expiresInSeconds;
  if (expiration) {
    const leftMs = expiration.getTime() - nowMs;
    if (!(leftMs >= 1000)) {
      throw new TokenExpiredForSigningError(
        leftMs <= 0
          ? `The STS token expired at ${expiration.toISOString()}; refresh the credentials before signing a link`
          : `The STS token expires at ${expiration.toISOString()} (less than 1 second left); refresh the credentials before signing a link`,
      );
    }
    seconds = Math.min(seconds, Math.floor(leftMs / 1000));
  }
  return { seconds, startSeconds, expiresAt: new Date((startSeconds + seconds) * 1000) };
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
  const now = req.now ?? new Date();
  const exp = effectiveExpiry(req.expiresInSeconds, req.signatureVersion, now, credentials.expiration);
  const address = resolveAddress({
    endpoint: req.endpoint,
    bucket: req.bucket,
    key: req.key,
    cname: req.cname,
    pathStyle: req.pathStyle,
  });
  const userQuery = { ...(req.query ?? {}) };
  const headers = lowerCaseHeaders(req.headers);
  const base = `${address.protocol}//${address.host}${address.path}`;

  if (req.signatureVersion === 'v1') {
    for (const k of Object.keys(userQuery)) {
      if (RESERVED_V1.has(k)) throw new Error(`Query parameter ${k} is set by the signer`);
    }
    const signedQuery: Record<string, string> = { ...userQuery };
    if (credentials.securityToken) signedQuery['security-token'] = credentials.securityToken;
    const expires = String(exp.startSeconds + exp.seconds);
    const stringToSign = v1StringToSign({
      method: req.method,
      headers,
      date: expires,
      resource: v1CanonicalizedResource(req.bucket, req.key, signedQuery),
    });
    const finalQuery: Record<string, string> = {
      ...signedQuery,
      OSSAccessKeyId: credentials.accessKeyId,
      Expires: expires,
      Signature: v1Signature(credentials.accessKeySecret, stringToSign),
    };
    return guardPresign(`${base}?${renderQuery(finalQuery)}`, exp.expiresAt);
  }
  if (req.signatureVersion !== 'v4') throw new Error(`Unknown signature version: ${String(req.signatureVersion)}`);

  for (const k of Object.keys(userQuery)) {
    if (RESERVED_V4.has(k)) throw new Error(`Query parameter ${k} is set by the signer`);
  }
  const region = standardRegion(req.region);
  if (!region) throw new Error('V4 signing needs a region');
  const product = req.product ?? 'oss';
  const dateTime = v4DateTime(new Date(exp.startSeconds * 1000));
  const scope = v4Scope(dateTime.slice(0, 8), region, product);
  const additional = v4AdditionalHeaders(req.additionalHeaders, headers);
  const query: Record<string, string> = { ...userQuery };
  query['x-oss-signature-version'] = V4_ALGORITHM;
  query['x-oss-credential'] = `${credentials.accessKeyId}/${scope}`;
  query['x-oss-date'] = dateTime;
  query['x-oss-expires'] = String(exp.seconds);
  if (credentials.securityToken) query['x-oss-security-token'] = credentials.securityToken;
  if (additional.length > 0) query['x-oss-additional-headers'] = additional.join(';');
  const canonicalRequest = v4CanonicalRequest({
    method: req.method,
    bucket: req.bucket,
    key: req.key,
    query,
    headers,
    additionalHeaders: additional,
  });
  const stringToSign = v4StringToSign(dateTime, region, canonicalRequest, product);
  const signature = v4Signature(credentials.accessKeySecret, dateTime, region, stringToSign, product);
  return guardPresign(`${base}?${renderQuery(query)}&x-oss-signature=${signature}`, exp.expiresAt);
}
