/**
 * Checks on what goes into a signed request or link. The signer is the last place every request
 * and every link passes through, so names that came from a server (ListBuckets, ListObjects) or
 * from a user are checked here: a bucket name is part of the host name, and a name such as
 * `attacker.example#` would otherwise produce a link to someone else's host.
 */
import { t } from '../translate';

export type SigningInputCode = 'InvalidBucketName' | 'InvalidObjectName' | 'InvalidEndpoint';

/** A bucket name, object key or endpoint that must not be signed. */
export class InvalidSigningInputError extends Error {
  constructor(readonly code: SigningInputCode, message: string) {
    super(message);
    this.name = 'InvalidSigningInputError';
  }
}

/** OSS bucket names: 3–63 of a-z 0-9 '-', starting and ending with a letter or digit. */
const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
export const MAX_OBJECT_KEY_BYTES = 1023;

/** Up to 40 characters of an untrusted value for an error message. */
function shown(s: string): string {
  return s.length > 40 ? `${JSON.stringify(s.slice(0, 40))}…` : JSON.stringify(s);
}

export function assertBucketName(bucket: string): void {
  if (typeof bucket !== 'string' || !BUCKET.test(bucket)) {
    throw new InvalidSigningInputError(
      'InvalidBucketName',
      t('Invalid bucket name {0}: a bucket name has 3-63 lower-case letters, digits and \'-\', and starts and ends with a letter or digit', shown(String(bucket))),
    );
  }
}

/** Object keys: 1–1023 UTF-8 bytes, no NUL. */
export function assertObjectKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidSigningInputError('InvalidObjectName', t('Invalid object key: it must not be empty'));
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes: count bytes only when the length cannot decide.
  if (key.length > MAX_OBJECT_KEY_BYTES || (key.length * 3 > MAX_OBJECT_KEY_BYTES && Buffer.byteLength(key, 'utf8') > MAX_OBJECT_KEY_BYTES)) {
    throw new InvalidSigningInputError('InvalidObjectName', t('Invalid object key {0}: longer than {1} UTF-8 bytes', shown(key), MAX_OBJECT_KEY_BYTES));
  }
  if (key.includes('\0')) {
    throw new InvalidSigningInputError('InvalidObjectName', t('Invalid object key {0}: it contains a NUL character', shown(key)));
  }
}

/** A DNS name or IP literal with an optional port: nothing that could end or redirect the authority. */
const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

export function assertHost(host: string, endpoint: string): void {
  if (!HOST.test(host)) {
    throw new InvalidSigningInputError('InvalidEndpoint', t('Invalid endpoint {0}: the host {1} is not a plain host name', shown(endpoint), shown(host)));
  }
}

/** S3 bucket names that work in a host name: 3–63 of a-z 0-9 '.' '-', labels not empty or edged with '-'. */
const S3_DNS_BUCKET = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
/** S3 bucket names usable in path-style requests (also legacy us-east-1 names with capitals or '_'). */
const S3_PATH_BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/;

/**
 * Checks an S3 bucket name for the addressing style. Virtual-hosted requests put the name in the
 * host, so it must be DNS-safe, not an IP address, and (over https) without dots, which the
 * `*.s3…` wildcard certificate does not cover. The error says to switch to path-style addressing.
 */
export function assertS3BucketName(bucket: string, virtualHosted: boolean, https: boolean): void {
  if (typeof bucket !== 'string' || !S3_PATH_BUCKET.test(bucket)) {
    throw new InvalidSigningInputError(
      'InvalidBucketName',
      t('Invalid bucket name {0}: an S3 bucket name has 3-63 lower-case letters, digits, \'.\' and \'-\'', shown(String(bucket))),
    );
  }
  if (!virtualHosted) return;
  const ipLike = /^\d+\.\d+\.\d+\.\d+$/.test(bucket);
  if (!S3_DNS_BUCKET.test(bucket) || ipLike || (https && bucket.includes('.'))) {
    const dots = https && bucket.includes('.') && S3_DNS_BUCKET.test(bucket) && !ipLike;
    throw new InvalidSigningInputError(
      'InvalidBucketName',
      dots
        ? t('Bucket {0} cannot be used with virtual-hosted addressing: a name with dots does not match the endpoint\'s TLS certificate in a host name; turn on path-style addressing for this connection', shown(bucket))
        : t('Bucket {0} cannot be used with virtual-hosted addressing: it is not DNS-safe, so it cannot be part of a host name; turn on path-style addressing for this connection', shown(bucket)),
    );
  }
}
