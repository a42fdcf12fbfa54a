/**
 * Errors raised by the OSS client. None of them ever carries a secret: messages are built only
 * from server error fields, operation names (bucket/key) and status codes.
 */
import { OssAbortError, OssExplorerError, isAbortError } from '../errorBase';

export { OssAbortError, isAbortError };

export interface OssErrorFields {
  status: number;
  code: string;
  /** The server's message (without the RequestId decoration). */
  serverMessage?: string;
  requestId?: string;
  hostId?: string;
  ec?: string;
  recommendDoc?: string;
  /** SignatureDoesNotMatch only: the string the server signed. */
  stringToSign?: string;
  /** The string this client signed (helps diffing SignatureDoesNotMatch). Contains no secret. */
  clientStringToSign?: string;
  /** e.g. 'PutObject bucket/key' */
  operation?: string;
  /** Other fields of the error XML (e.g. Condition, Header, BucketName, Key). */
  details?: Record<string, string>;
  /** From a Retry-After header (delay-seconds or an HTTP date), in ms from now. */
  retryAfterMs?: number;
}

/** A service error: the server answered with a non-2xx status. */
export class OssError extends OssExplorerError {
  override readonly name = 'OssError';
  readonly status: number;
  readonly serverMessage: string;
  readonly requestId?: string;
  readonly hostId?: string;
  readonly ec?: string;
  readonly recommendDoc?: string;
  readonly stringToSign?: string;
  readonly clientStringToSign?: string;
  readonly operation?: string;
  readonly details: Record<string, string>;
  /** How long the server asked to wait before a retry (Retry-After), in ms. */
  readonly retryAfterMs?: number;

  constructor(f: OssErrorFields) {
    const serverMessage = f.serverMessage || defaultMessage(f.status);
    let msg = `${f.code}: ${serverMessage}`;
    if (f.details?.Condition) msg += ` (Condition: ${f.details.Condition})`;
    const tail: string[] = [];
    if (f.requestId) tail.push(`RequestId: ${f.requestId}`);
    if (f.ec) tail.push(`EC: ${f.ec}`);
    if (tail.length) msg += ` (${tail.join(', ')})`;
    if (f.operation) msg += ` [${f.operation}]`;
    super(msg, f.code);
    this.status = f.status;
    this.serverMessage = serverMessage;
    this.requestId = f.requestId;
    this.hostId = f.hostId;
    this.ec = f.ec;
    this.recommendDoc = f.recommendDoc;
    this.stringToSign = f.stringToSign;
    this.clientStringToSign = f.clientStringToSign;
    this.operation = f.operation;
    this.details = f.details ?? {};
    this.retryAfterMs = f.retryAfterMs;
  }
}

/** A transport failure: connection reset, DNS, TLS, time-out, truncated body. */
export class OssNetworkError extends OssExplorerError {
  override readonly name = 'OssNetworkError';
  /** 'NetworkError' or 'RequestTimeout'. */
  declare readonly code: 'NetworkError' | 'RequestTimeout';
  readonly operation?: string;
  /** The low-level error code, e.g. ECONNRESET. */
  readonly errno?: string;

  constructor(code: 'NetworkError' | 'RequestTimeout', message: string, operation?: string, cause?: unknown) {
    super(operation ? `${message} [${operation}]` : message, code, cause === undefined ? undefined : { cause });
    this.operation = operation;
    const c = cause as { code?: unknown } | undefined;
    if (c && typeof c.code === 'string') this.errno = c.code;
  }
}

/**
 * Failures detected by the client itself: invalid input, data-integrity check failures
 * ('InconsistentCrc', message contains "crc is inconsistent"), missing local files, bad responses.
 */
export class OssClientError extends OssExplorerError {
  override readonly name = 'OssClientError';
  readonly operation?: string;

  constructor(code: string, message: string, operation?: string) {
    super(operation ? `${message} [${operation}]` : message, code);
    this.operation = operation;
  }
}

const RETRY_CODES = new Set(['RequestTimeTooSkewed', 'BadRequest']);

/** Whether a failed attempt may be repeated (server 5xx/408/429, network, integrity failures). */
export function isRetryable(err: unknown): boolean {
  if (isAbortError(err)) return false;
  if (err instanceof OssError) {
    return err.status >= 500 || err.status === 408 || err.status === 429 || RETRY_CODES.has(err.code);
  }
  if (err instanceof OssNetworkError) return true;
  if (err instanceof OssClientError) return err.code === 'InconsistentCrc' || err.code === 'TruncatedBody';
  return false;
}

export function crcMismatch(what: string, client: string, server: string, operation?: string): OssClientError {
  return new OssClientError(
    'InconsistentCrc',
    `crc is inconsistent: ${what} CRC-64 client ${client}, server ${server}`,
    operation,
  );
}

function defaultMessage(status: number): string {
  switch (status) {
    case 304: return 'Not modified.';
    case 400: return 'Bad request.';
    case 403: return 'Access denied.';
    case 404: return 'Not found.';
    case 409: return 'Conflict.';
    case 412: return 'Precondition failed.';
    case 416: return 'Requested range not satisfiable.';
    default: return `HTTP status ${status}.`;
  }
}

/** Status-only code when the server sent no error document (HEAD without x-oss-err). */
export function codeForStatus(status: number, op?: { hasKey?: boolean }): string {
  switch (status) {
    case 304: return 'NotModified';
    case 400: return 'BadRequest';
    case 403: return 'AccessDenied';
    case 404: return op?.hasKey ? 'NoSuchKey' : 'NotFound';
    case 409: return 'Conflict';
    case 412: return 'PreconditionFailed';
    case 416: return 'InvalidRange';
    default: return status >= 500 ? 'ServerError' : `Http${status}`;
  }
}

/** Masks the STS token line of a V1 string-to-sign (the rest carries no secret). */
export function maskStringToSign(s: string): string {
  return s.replace(/^(x-oss-security-token:).*$/gim, '$1***');
}

/** Retry-After as ms from now: delay-seconds or an HTTP date; undefined when absent or invalid. */
export function parseRetryAfter(v: string | undefined, now = Date.now()): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (/^\d{1,9}$/.test(t)) return Number(t) * 1000;
  const at = /^[A-Za-z]{3},/.test(t) ? Date.parse(t) : NaN;
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
