/**
 * Credential errors. Messages never contain an AccessKeySecret or a SecurityToken.
 */

import { OssExplorerError } from '../errorBase';

/** Base class of every credential error; `code` is e.g. 'ExpiredCredentials', an STS Code, 'NetworkError'. */
export class CredentialError extends OssExplorerError {
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, code, options);
    this.name = 'CredentialError';
  }
}

/** The credentials have expired and this provider cannot renew them. */
export class ExpiredCredentialsError extends CredentialError {
  readonly expiration: Date;
  constructor(message: string, expiration: Date) {
    super(message, 'ExpiredCredentials');
    this.name = 'ExpiredCredentialsError';
    this.expiration = expiration;
  }
}

/** Bad provider configuration (role session name, duration, policy, missing keys…). */
export class CredentialConfigError extends CredentialError {
  constructor(message: string) {
    super(message, 'InvalidConfiguration');
    this.name = 'CredentialConfigError';
  }
}

/** An error answer from STS (JSON `{Code, Message, RequestId, HostId}`) or an unusable STS response. */
export class StsError extends CredentialError {
  readonly status: number;
  readonly requestId?: string;
  readonly hostId?: string;
  /** The STS `Message` field. */
  readonly stsMessage: string;
  constructor(info: { code: string; message: string; requestId?: string; hostId?: string; status: number; action?: string }) {
    const rid = info.requestId ? `, RequestId: ${info.requestId}` : '';
    super(`${info.action ?? 'STS AssumeRole'} failed (HTTP ${info.status}): Code: ${info.code}, Message: ${info.message}${rid}`, info.code);
    this.name = 'StsError';
    this.status = info.status;
    this.requestId = info.requestId;
    this.hostId = info.hostId;
    this.stsMessage = info.message;
  }
}

/** STS could not be reached (DNS, TLS, refused connection, timeout). */
export class StsNetworkError extends CredentialError {
  constructor(message: string, cause?: unknown) {
    super(message, 'NetworkError', { cause });
    this.name = 'StsNetworkError';
  }
}
