/**
 * Request verification glue for the local OSS server: the credentials it knows (long-term
 * accounts, STS temporary credentials, tokens expired by tests) and the call into auth.ts, which
 * recomputes signatures with ali-oss's signUtils.
 */
import type * as http from 'node:http';
import { authenticate, type Account, type AuthContext, type AuthResult, type TemporaryCredentials } from './auth';
import type { Target } from './context';

export class Credentials {
  readonly accounts = new Map<string, Account>();
  readonly temps = new Map<string, TemporaryCredentials>();
  readonly expiredTokens = new Set<string>();

  constructor(accounts: Account[]) {
    for (const a of accounts) {
      this.accounts.set(a.accessKeyId, a);
    }
  }

  addTemporary(c: TemporaryCredentials): void {
    this.temps.set(c.accessKeyId, { ...c, expiration: new Date(c.expiration) });
  }

  /** Every temporary credential added so far becomes expired (SecurityTokenExpired). */
  expireAll(): void {
    for (const t of this.temps.values()) {
      this.expiredTokens.add(t.securityToken);
    }
  }

  /** What auth.ts needs to look credentials up at `now`. */
  context(region: string, now: Date): AuthContext {
    return { accounts: this.accounts, temps: this.temps, expiredTokens: this.expiredTokens, region, now };
  }

  /** Verifies the request's signature (header or presigned query, V1 or V4); throws an OssError when it does not hold. */
  verify(req: http.IncomingMessage, method: string, t: Target, region: string, now: Date): AuthResult {
    return authenticate(
      { method, headers: req.headers, query: t.query, bucket: t.bucket, key: t.key },
      this.context(region, now),
    );
  }
}
