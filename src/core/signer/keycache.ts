/**
 * Internal (not re-exported): a small cache of V4 signing keys, so that signing many requests or
 * links with the same credentials on the same day costs one HMAC instead of five.
 *
 * Nothing here stores the AccessKeySecret as a map key or exposes it:
 * - the shared map is keyed by a salted SHA-256 fingerprint of the secret (the salt is random per
 *   process), plus the scope (date, region, product); it holds at most {@link MAX_ENTRIES} keys;
 * - a WeakMap on the credentials object remembers the last key used with that object (and the secret
 *   string it was derived from, to notice a mutated object); it dies with the credentials object;
 * - cache entries render as `[V4SigningKey ****]` in JSON, String() and util.inspect.
 * Module-private: no export gives access to either map.
 */
import * as crypto from 'node:crypto';
import { inspect } from 'node:util';
import { v4SigningKey } from './v4';
import { aws4SigningKey } from './aws4';

/** Which key chain: OSS V4 ('aliyun_v4' … 'aliyun_v4_request') or AWS SigV4 ('AWS4' … 'aws4_request'). */
export type SigningKeyScheme = 'oss4' | 'aws4';

const MAX_ENTRIES = 64;
const SALT = crypto.randomBytes(16).toString('hex');

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'base64') => string;
/** `crypto.hash` (Node ≥ 20.12 / 21.7) when available: a one-shot digest without a Hash object. */
const oneShot: OneShotHash | undefined = (crypto as unknown as { hash?: OneShotHash }).hash;

function fingerprint(secret: string): string {
  return oneShot ? oneShot('sha256', SALT + secret, 'base64') : crypto.createHash('sha256').update(SALT + secret).digest('base64');
}

class CachedSigningKey {
  constructor(
    /** The secret the key was derived from (compared by value to detect a mutated credentials object). */
    readonly secret: string,
    /** `scheme \n date8 \n region \n product` */
    readonly scope: string,
    readonly key: Buffer,
  ) {}
  toJSON(): string {
    return '[V4SigningKey ****]';
  }
  toString(): string {
    return '[V4SigningKey ****]';
  }
  [inspect.custom](): string {
    return '[V4SigningKey ****]';
  }
}

const byCredentials = new WeakMap<object, CachedSigningKey>();
const byFingerprint = new Map<string, Buffer>();

/**
 * The V4 signing key for `credentials` and the scope, from the cache when possible. Gives the same
 * bytes as {@link v4SigningKey}(credentials.accessKeySecret, date8, region, product), or for the
 * 'aws4' scheme {@link aws4SigningKey}(secret, date8, region, service = product).
 */
export function cachedV4SigningKey(
  credentials: { accessKeySecret: string },
  date8: string,
  region: string,
  product: string,
  scheme: SigningKeyScheme = 'oss4',
): Buffer {
  const secret = credentials.accessKeySecret;
  const scope = `${scheme}\n${date8}\n${region}\n${product}`;
  const last = byCredentials.get(credentials);
  if (last !== undefined && last.scope === scope && last.secret === secret) return last.key;

  const id = `${fingerprint(secret)}\n${scope}`;
  let key = byFingerprint.get(id);
  if (key === undefined) {
    key = scheme === 'aws4' ? aws4SigningKey(secret, date8, region, product) : v4SigningKey(secret, date8, region, product);
    if (byFingerprint.size >= MAX_ENTRIES) {
      const oldest = byFingerprint.keys().next().value;
      if (oldest !== undefined) byFingerprint.delete(oldest);
    }
    byFingerprint.set(id, key);
  }
  byCredentials.set(credentials, new CachedSigningKey(secret, scope, key));
  return key;
}
