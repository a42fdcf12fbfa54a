/**
 * Core's error taxonomy in one place: the base class, every error class, and the predicates the
 * VS Code side uses instead of comparing `name` strings.
 */
import { OssExplorerError, OssAbortError, isAbortError } from './errorBase';
import { OssClientError, OssError, OssNetworkError } from './client/errors';
import {
  CredentialConfigError,
  CredentialError,
  ExpiredCredentialsError,
  StsError,
  StsNetworkError,
} from './credentials/errors';
import { TokenExpiredForSigningError } from './signer/errors';

export {
  OssExplorerError,
  OssAbortError,
  OssError,
  OssNetworkError,
  OssClientError,
  CredentialError,
  CredentialConfigError,
  ExpiredCredentialsError,
  StsError,
  StsNetworkError,
  TokenExpiredForSigningError,
  isAbortError,
};

/** Codes (from OSS, STS or core) that mean "the credentials are wrong or expired". */
const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SecurityTokenExpired',
  'InvalidSecurityToken',
  'AccessKeyIdAndSecurityTokenNotMatch',
  'SignatureDoesNotMatch',
  'CredentialsExpired',
  'ExpiredCredentials',
  'MissingCredentials',
]);

/** Any error core raised on purpose (it has a `code`). */
export function isOssExplorerError(err: unknown): err is OssExplorerError {
  return err instanceof OssExplorerError;
}

/** The stored credentials are wrong, missing or expired (the user should update them). */
export function isCredentialError(err: unknown): boolean {
  if (err instanceof ExpiredCredentialsError || err instanceof TokenExpiredForSigningError) return true;
  return err instanceof OssExplorerError && CREDENTIAL_CODES.has(err.code);
}

/** An error answer of the OSS service (non-2xx status). */
export function isOssServiceError(err: unknown): err is OssError {
  return err instanceof OssError;
}

/** An error answer of a service that carries a status and request id: OSS or STS. */
export function isServiceError(err: unknown): err is OssError | StsError {
  return err instanceof OssError || err instanceof StsError;
}

/** The connection failed or went idle (OSS or STS). */
export function isNetworkError(err: unknown): boolean {
  return err instanceof OssNetworkError || err instanceof StsNetworkError;
}

/** The request went idle for longer than the time-out. */
export function isTimeoutError(err: unknown): boolean {
  return err instanceof OssNetworkError && err.code === 'RequestTimeout';
}

/** A data-integrity check failed (CRC-64 mismatch or a body shorter than announced). */
export function isIntegrityError(err: unknown): boolean {
  return err instanceof OssClientError && (err.code === 'InconsistentCrc' || err.code === 'TruncatedBody');
}
