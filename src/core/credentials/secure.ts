/**
 * Helpers that keep secrets out of toString()/JSON.stringify()/util.inspect() of objects we hand out.
 */
import { guardSecrets, guardedPrototype, maskId, maskSecret } from '../redact';

export { guardSecrets };
import type { Credentials } from '../signer/types';

/** A secret-free view of credentials (for logs and serialization). */
export function describeCredentials(c: Partial<Credentials>): Record<string, unknown> {
  const out: Record<string, unknown> = { accessKeyId: maskId(c.accessKeyId), accessKeySecret: maskSecret(c.accessKeySecret) };
  if (c.securityToken !== undefined) out.securityToken = maskSecret(c.securityToken);
  if (c.expiration !== undefined) out.expiration = c.expiration instanceof Date ? c.expiration.toISOString() : c.expiration;
  return out;
}

/** Prototype of the objects {@link secureCredentials} returns: masks the secret and token when rendered. */
const SECURE_CREDENTIALS_PROTO = guardedPrototype<Partial<Credentials>>((c) => describeCredentials(c));

/** Returns a fresh Credentials object whose serialization masks the secret and token. */
export function secureCredentials(c: Credentials): Credentials {
  const copy = Object.create(SECURE_CREDENTIALS_PROTO) as Credentials;
  copy.accessKeyId = c.accessKeyId;
  copy.accessKeySecret = c.accessKeySecret;
  if (c.securityToken) copy.securityToken = c.securityToken;
  if (c.expiration) copy.expiration = new Date(c.expiration.getTime());
  return copy;
}
