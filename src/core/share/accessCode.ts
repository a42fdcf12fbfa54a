/**
 * Access codes: one copyable string that hands scoped STS credentials (and where to use them) to
 * someone else. Format, version 1:
 *
 *     ossx1.<payload>.<check>
 *
 * - `ossx1` names the format and its version (a later format is `ossx2.` and so on);
 * - `<payload>` is base64url (no padding) of the UTF-8 JSON of {@link AccessCodeInfo};
 * - `<check>` is base64url of the first 9 bytes of SHA-256 over `ossx1.<payload>` (12 characters).
 *
 * Decoding says what is wrong: `NotAccessCode` (no `ossx` prefix), `UnsupportedVersion` (another
 * version), `Truncated` (a part or the end of the check is missing), `Corrupted` (the check does not
 * match, or the payload is not a valid code) and `Expired` (the credential's expiration has passed).
 * An expired code throws unless `allowExpired` is set; the result then has `expired: true`.
 *
 * The code itself is a credential: error messages never include it or any part of it, and the
 * decoded object masks the secret and token when rendered (JSON, String(), util.inspect).
 */
import { createHash } from 'node:crypto';
import { OssExplorerError } from '../errorBase';
import { t } from '../translate';
import { guardSecrets, maskId, maskSecret } from '../redact';

/** The access a code grants (custom actions are recorded as the nearest of these). */
export type AccessCodeAccess = 'read' | 'read-write' | 'upload';
export const ACCESS_CODE_ACCESS: readonly AccessCodeAccess[] = ['read', 'read-write', 'upload'];

export interface AccessCodeInfo {
  /** OSS endpoint URL, e.g. https://oss-cn-hangzhou.aliyuncs.com. */
  endpoint: string;
  region: string;
  bucket: string;
  /** Folder prefix ('' for the whole bucket, else ending in '/'), or one object's key. */
  prefix: string;
  access: AccessCodeAccess;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** ISO 8601 time when the STS credential stops working. */
  expiration: string;
}

export interface DecodedAccessCode extends AccessCodeInfo {
  /** True when the expiration has passed (only returned with `allowExpired`). */
  expired: boolean;
}

export type AccessCodeProblem = 'NotAccessCode' | 'UnsupportedVersion' | 'Truncated' | 'Corrupted' | 'Expired' | 'InvalidInfo';

/** Why a code cannot be used. Never carries the code or anything from inside it. */
export class AccessCodeError extends OssExplorerError {
  override readonly code: AccessCodeProblem;
  constructor(code: AccessCodeProblem, message: string) {
    super(message, code);
    this.name = 'AccessCodeError';
    this.code = code;
  }
}

export const ACCESS_CODE_PREFIX = 'ossx';
export const ACCESS_CODE_VERSION = 1;
const CHECK_BYTES = 9;
const CHECK_LENGTH = 12; // base64url of 9 bytes
const B64URL = /^[A-Za-z0-9_-]*$/;

function check(head: string): string {
  return createHash('sha256').update(head, 'utf8').digest().subarray(0, CHECK_BYTES).toString('base64url');
}

const TEXT_FIELDS = ['endpoint', 'region', 'bucket', 'accessKeyId', 'accessKeySecret', 'securityToken', 'expiration'] as const;

type InfoProblem = { kind: 'object' | 'access' | 'endpoint' | 'expiration' } | { kind: 'missing'; field: string };

function infoProblem(info: unknown): InfoProblem | undefined {
  if (!info || typeof info !== 'object') return { kind: 'object' };
  const o = info as Record<string, unknown>;
  for (const f of TEXT_FIELDS) {
    if (typeof o[f] !== 'string' || o[f] === '') return { kind: 'missing', field: f };
  }
  if (typeof o.prefix !== 'string') return { kind: 'missing', field: 'prefix' };
  if (!ACCESS_CODE_ACCESS.includes(o.access as AccessCodeAccess)) return { kind: 'access' };
  if (!/^https?:\/\/[^/\s]+\/?$/i.test(o.endpoint as string)) return { kind: 'endpoint' };
  if (!Number.isFinite(Date.parse(o.expiration as string))) return { kind: 'expiration' };
  return undefined;
}

/** Why `info` cannot be encoded (or was decoded into something unusable); undefined when fine. */
export function accessCodeInfoProblem(info: unknown): string | undefined {
  const p = infoProblem(info);
  if (!p) return undefined;
  switch (p.kind) {
    case 'object': return 'not an object';
    case 'missing': return `${p.field} is missing`;
    case 'access': return 'access must be read, read-write or upload';
    case 'endpoint': return 'endpoint must be an http(s) URL without a path';
    case 'expiration': return 'expiration is not a date';
  }
}

/** The whole sentence for a problem, through t() (the same English as lead + accessCodeInfoProblem). */
function infoProblemMessage(p: InfoProblem, decoding: boolean): string {
  switch (p.kind) {
    case 'object': return decoding ? t('The access code is not usable: not an object') : t('Cannot make an access code: not an object');
    case 'missing': return decoding ? t('The access code is not usable: {0} is missing', p.field) : t('Cannot make an access code: {0} is missing', p.field);
    case 'access':
      return decoding ? t('The access code is not usable: access must be read, read-write or upload') : t('Cannot make an access code: access must be read, read-write or upload');
    case 'endpoint':
      return decoding ? t('The access code is not usable: endpoint must be an http(s) URL without a path') : t('Cannot make an access code: endpoint must be an http(s) URL without a path');
    case 'expiration': return decoding ? t('The access code is not usable: expiration is not a date') : t('Cannot make an access code: expiration is not a date');
  }
}

/** Encodes the info into an `ossx1.` code. Throws AccessCodeError('InvalidInfo') for unusable info. */
export function encodeAccessCode(info: AccessCodeInfo): string {
  const problem = infoProblem(info);
  if (problem) throw new AccessCodeError('InvalidInfo', infoProblemMessage(problem, false));
  const plain: AccessCodeInfo = {
    endpoint: info.endpoint,
    region: info.region,
    bucket: info.bucket,
    prefix: info.prefix,
    access: info.access,
    accessKeyId: info.accessKeyId,
    accessKeySecret: info.accessKeySecret,
    securityToken: info.securityToken,
    expiration: new Date(info.expiration).toISOString(),
  };
  const head = `${ACCESS_CODE_PREFIX}${ACCESS_CODE_VERSION}.${Buffer.from(JSON.stringify(plain), 'utf8').toString('base64url')}`;
  return `${head}.${check(head)}`;
}

export interface DecodeOptions {
  now?: Date;
  /** Return an expired code (with `expired: true`) instead of throwing `Expired`. */
  allowExpired?: boolean;
}

/**
 * Decodes a code (surrounding and embedded whitespace, e.g. from a wrapped paste, is ignored).
 * Throws AccessCodeError; see the file comment for the problems it names.
 */
export function decodeAccessCode(code: string, opts: DecodeOptions = {}): DecodedAccessCode {
  const text = typeof code === 'string' ? code.replace(/\s+/g, '') : '';
  const m = /^ossx(\d*)(?:\.|$)/i.exec(text);
  if (!m) throw new AccessCodeError('NotAccessCode', t('This is not an OSS Explorer access code (it should start with "ossx1.")'));
  if (m[1] === '') throw new AccessCodeError('Truncated', t('The access code is truncated: copy the whole code'));
  if (m[1] !== String(ACCESS_CODE_VERSION)) {
    throw new AccessCodeError('UnsupportedVersion', t('The access code has version {0}; this version of OSS Explorer reads version {1} only', m[1], ACCESS_CODE_VERSION));
  }
  const parts = text.split('.');
  if (parts.length > 3) throw new AccessCodeError('Corrupted', t('The access code is corrupted (it has extra parts): copy it again'));
  const [, payload = '', sum] = parts;
  if (!B64URL.test(payload) || (sum !== undefined && !B64URL.test(sum))) {
    throw new AccessCodeError('Corrupted', t('The access code is corrupted (it has characters a code never has): copy it again'));
  }
  if (payload === '' || sum === undefined || sum.length < CHECK_LENGTH) {
    throw new AccessCodeError('Truncated', t('The access code is truncated: copy the whole code'));
  }
  if (sum.length > CHECK_LENGTH || sum !== check(`${parts[0]}.${payload}`)) {
    throw new AccessCodeError('Corrupted', t('The access code is corrupted (its checksum does not match): copy it again'));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new AccessCodeError('Corrupted', t('The access code is corrupted (its content is not readable)'));
  }
  const problem = infoProblem(parsed);
  if (problem) throw new AccessCodeError('InvalidInfo', infoProblemMessage(problem, true));
  const p = parsed as AccessCodeInfo;
  const expiresAt = Date.parse(p.expiration);
  const expired = expiresAt <= (opts.now ?? new Date()).getTime();
  if (expired && !opts.allowExpired) {
    throw new AccessCodeError('Expired', t('The access code expired at {0}: ask for a new one', new Date(expiresAt).toISOString()));
  }
  const out: DecodedAccessCode = {
    endpoint: p.endpoint,
    region: p.region,
    bucket: p.bucket,
    prefix: p.prefix,
    access: p.access,
    accessKeyId: p.accessKeyId,
    accessKeySecret: p.accessKeySecret,
    securityToken: p.securityToken,
    expiration: new Date(expiresAt).toISOString(),
    expired,
  };
  return guardSecrets(out, () => ({ ...out, accessKeyId: maskId(out.accessKeyId), accessKeySecret: maskSecret(out.accessKeySecret), securityToken: maskSecret(out.securityToken) }));
}
