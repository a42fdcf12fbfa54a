/**
 * Checks on what goes into a signed request or link. The signer is the last place every request
 * and every link passes through, so names that came from a server (ListBuckets, ListObjects) or
 * from a user are checked here: a bucket name is part of the host name, and a name such as
 * `attacker.example#` would otherwise produce a link to someone else's host.
 */

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
      `Invalid bucket name ${shown(String(bucket))}: a bucket name has 3-63 lower-case letters, digits and '-', and starts and ends with a letter or digit`,
    );
  }
}

/** Object keys: 1–1023 UTF-8 bytes, no NUL. */
export function assertObjectKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidSigningInputError('InvalidObjectName', 'Invalid object key: it must not be empty');
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes: count bytes only when the length cannot decide.
  if (key.length > MAX_OBJECT_KEY_BYTES || (key.length * 3 > MAX_OBJECT_KEY_BYTES && Buffer.byteLength(key, 'utf8') > MAX_OBJECT_KEY_BYTES)) {
    throw new InvalidSigningInputError('InvalidObjectName', `Invalid object key ${shown(key)}: longer than ${MAX_OBJECT_KEY_BYTES} UTF-8 bytes`);
  }
  if (key.includes('\0')) {
    throw new InvalidSigningInputError('InvalidObjectName', `Invalid object key ${shown(key)}: it contains a NUL character`);
  }
}

/** A DNS name or IP literal with an optional port: nothing that could end or redirect the authority. */
const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

export function assertHost(host: string, endpoint: string): void {
  if (!HOST.test(host)) {
    throw new InvalidSigningInputError('InvalidEndpoint', `Invalid endpoint ${shown(endpoint)}: the host ${shown(host)} is not a plain host name`);
  }
}
