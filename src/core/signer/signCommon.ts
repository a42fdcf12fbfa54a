/**
 * What header signing and presigning share across signature versions (sign.ts for OSS, signAws4.ts
 * for AWS SigV4): the credential check, the expiry / STS clamp rule and the masked result objects.
 */
import { TokenExpiredForSigningError } from './errors';
import { t } from '../translate';
import { guardedPrototype, redactHeaders, redactUrl } from '../redact';
import { V4_MAX_EXPIRES_SECONDS } from './v4';
import type { PresignResult, SignRequestResult, SignatureVersion } from './types';

export { TokenExpiredForSigningError };

export function assertCredentials(c: { accessKeyId?: string; accessKeySecret?: string }): void {
  if (!c || !c.accessKeyId || !c.accessKeySecret) throw new Error(t('Credentials need an AccessKeyId and an AccessKeySecret'));
}

export function hasKeys(o: Record<string, unknown> | undefined): boolean {
  if (!o) return false;
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return true;
  return false;
}

/*
 * Results are guarded through shared prototypes (non-enumerable toJSON / toString /
 * util.inspect.custom that render a redacted view) rather than per-object defineProperty calls:
 * same masking, no closures or property redefinitions per signed request.
 */
const SIGNED_HEADERS_PROTO = guardedPrototype<Record<string, string>>((h) => redactHeaders(h));
const SIGN_RESULT_PROTO = guardedPrototype<SignRequestResult>((r) => ({
  headers: redactHeaders(r.headers),
  stringToSign: r.stringToSign,
}));
const PRESIGN_RESULT_PROTO = guardedPrototype<PresignResult>((r) => ({
  url: redactUrl(r.url),
  expiresAt: r.expiresAt.toISOString(),
}));

export function guardResult(added: Record<string, string>, stringToSign: string, token?: string): SignRequestResult {
  const safe = token ? stringToSign.replace(`\nx-oss-security-token:${token.trim()}\n`, '\nx-oss-security-token:****\n') : stringToSign;
  const headers = Object.assign(Object.create(SIGNED_HEADERS_PROTO) as Record<string, string>, added);
  const result = Object.create(SIGN_RESULT_PROTO) as SignRequestResult;
  result.headers = headers;
  result.stringToSign = safe;
  return result;
}

export function guardPresign(url: string, expiresAt: Date): PresignResult {
  const result = Object.create(PRESIGN_RESULT_PROTO) as PresignResult;
  result.url = url;
  result.expiresAt = expiresAt;
  return result;
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
  signatureVersion: SignatureVersion,
  now: Date,
  expiration?: Date,
): { seconds: number; startSeconds: number; expiresAt: Date } {
  if (typeof expiresInSeconds !== 'number' || !Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) {
    throw new Error(t('expiresInSeconds must be a positive integer number of seconds (got {0})', String(expiresInSeconds)));
  }
  if (signatureVersion !== 'v1' && expiresInSeconds > V4_MAX_EXPIRES_SECONDS) {
    throw new Error(
      t('{0} presigned URLs are limited to 7 days (604800 seconds); {1} seconds requested', signatureVersion === 'aws4' ? 'SigV4' : 'V4', expiresInSeconds),
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
          ? t('The STS token expired at {0}; refresh the credentials before signing a link', expiration.toISOString())
          : t('The STS token expires at {0} (less than 1 second left); refresh the credentials before signing a link', expiration.toISOString()),
      );
    }
    seconds = Math.min(seconds, Math.floor(leftMs / 1000));
  }
  return { seconds, startSeconds, expiresAt: new Date((startSeconds + seconds) * 1000) };
}
