/**
 * Credential providers. Secrets live in private `#fields`; every provider serializes (toJSON,
 * toString, util.inspect) to a masked description only.
 */
import { inspect } from 'node:util';
import { maskId } from '../redact';
import { t } from '../translate';
import { CredentialConfigError, CredentialError, ExpiredCredentialsError } from './errors';
import { secureCredentials } from './secure';
import { assumeRole, stsEndpoint, validateAssumeRoleParams } from './sts';
import type { FetchLike } from './sts';
import type { CredentialProvider } from './types';
import type { NetworkOptions } from '../http/network';
import type { Credentials } from '../signer/types';

/** OSS and S3 error codes after which a refreshing provider fetches a new token right away. */
export const TOKEN_REJECTED_CODES: ReadonlySet<string> = new Set([
  'SecurityTokenExpired',
  'InvalidSecurityToken',
  'AccessKeyIdAndSecurityTokenNotMatch',
  // S3 and AWS STS
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
]);

abstract class MaskedProvider implements CredentialProvider {
  abstract readonly kind: string;
  abstract getCredentials(): Promise<Credentials>;
  abstract invalidate(code?: string): void;
  abstract describe(): string;
  toJSON(): Record<string, string> {
    return { kind: this.kind, description: this.describe() };
  }
  toString(): string {
    return this.describe();
  }
  [inspect.custom](): string {
    return `${this.constructor.name} { ${this.describe()} }`;
  }
}

/** `message`: what the connection needs, e.g. t('An STS connection needs an AccessKeyId and an AccessKeySecret'). */
function requireKeys(accessKeyId: string, accessKeySecret: string, message: string): void {
  if (!accessKeyId || !accessKeySecret) throw new CredentialConfigError(message);
}

/** A long-term AccessKey pair. */
export class StaticAccessKeyProvider extends MaskedProvider {
  readonly kind = 'accessKey';
  readonly #id: string;
  readonly #secret: string;
  constructor(accessKeyId: string, accessKeySecret: string) {
    super();
    requireKeys(accessKeyId, accessKeySecret, t('An AccessKey connection needs an AccessKeyId and an AccessKeySecret'));
    this.#id = accessKeyId.trim();
    this.#secret = accessKeySecret.trim();
  }
  async getCredentials(): Promise<Credentials> {
    return secureCredentials({ accessKeyId: this.#id, accessKeySecret: this.#secret });
  }
  invalidate(_code?: string): void {
    /* nothing to refresh */
  }
  describe(): string {
    return `AccessKey ${maskId(this.#id)}`;
  }
}

/** A fixed STS token (AccessKeyId STS.…, secret, SecurityToken), optionally with its expiration. */
export class StaticStsProvider extends MaskedProvider {
  readonly kind = 'sts';
  readonly #id: string;
  readonly #secret: string;
  readonly #token: string;
  readonly #expiration?: Date;
  readonly #now: () => Date;
  constructor(opts: { accessKeyId: string; accessKeySecret: string; securityToken: string; expiration?: Date; now?: () => Date }) {
    super();
    requireKeys(opts.accessKeyId, opts.accessKeySecret, t('An STS connection needs an AccessKeyId and an AccessKeySecret'));
    if (!opts.securityToken) throw new CredentialConfigError(t('An STS connection needs a SecurityToken'));
    if (opts.expiration && Number.isNaN(opts.expiration.getTime())) throw new CredentialConfigError(t('Invalid STS expiration date'));
    this.#id = opts.accessKeyId.trim();
    this.#secret = opts.accessKeySecret.trim();
    this.#token = opts.securityToken.trim();
    this.#expiration = opts.expiration ? new Date(opts.expiration.getTime()) : undefined;
    this.#now = opts.now ?? (() => new Date());
  }
  async getCredentials(): Promise<Credentials> {
    if (this.#expiration && this.#now().getTime() >= this.#expiration.getTime()) {
      throw new ExpiredCredentialsError(
        t('The STS token {0} expired at {1}; paste a new token (STS tokens cannot be renewed without a RAM role)', maskId(this.#id), this.#expiration.toISOString()),
        this.#expiration,
      );
    }
    return secureCredentials({ accessKeyId: this.#id, accessKeySecret: this.#secret, securityToken: this.#token, expiration: this.#expiration });
  }
  invalidate(_code?: string): void {
    /* a static token cannot be renewed */
  }
  describe(): string {
    const exp = this.#expiration ? `, expires ${this.#expiration.toISOString()}` : '';
    return `STS token ${maskId(this.#id)}${exp}`;
  }
}

export interface AssumeRoleProviderOptions extends RefreshOptions {
  /** Long-term AccessKey of a RAM user allowed to assume the role. */
  accessKeyId: string;
  accessKeySecret: string;
  roleArn: string;
  roleSessionName: string;
  /** 900–43200; default 3600. */
  durationSeconds?: number;
  /** Optional JSON policy (≤ 1024 chars) that narrows the role's permissions. */
  policy?: string;
  /** Explicit STS URL; default https://sts.aliyuncs.com (see `region`/`vpc`). */
  endpoint?: string;
  /** Use sts.<region>.aliyuncs.com (or sts-vpc.<region>.aliyuncs.com with `vpc`). */
  region?: string;
  vpc?: boolean;
  fetch?: FetchLike;
  timeoutMs?: number;
}

/** Refresh timing shared by the AssumeRole providers (RAM roles through Alibaba Cloud STS, IAM roles through AWS STS). */
export interface RefreshOptions {
  now?: () => Date;
  /** Fraction of the token's life after which it is refreshed; default 0.8. */
  refreshFraction?: number;
  /** First retry delay after a failed refresh (doubles, capped at 60 s); default 1000 ms. */
  retryBackoffMs?: number;
  /** Proxy, certificate checking and trusted CAs for the STS calls (docs/network.md). */
  network?: NetworkOptions;
}

/**
 * Keeps temporary credentials fresh; subclasses say how one token is fetched.
 *
 * Refresh policy:
 * - a token is refreshed once `refreshFraction` (80 %) of its life has passed, when it is within
 *   5 s of expiring, and right after `invalidate()` with no code or with a code of
 *   {@link TOKEN_REJECTED_CODES};
 * - concurrent callers share ONE in-flight AssumeRole request;
 * - when a refresh fails and there is no usable token, getCredentials() rejects with the STS error
 *   (Code, Message, RequestId). Later calls retry after a back-off (1 s, doubling to 60 s) and until
 *   then reject with the same error. Errors are never papered over;
 * - when a PROACTIVE refresh (after 80 %) fails while the current token is still valid, the current
 *   token keeps being served until it expires (retrying after the back-off). The failure is kept in
 *   `lastError` so the UI can show it;
 * - if a fresh token arrives with less than 10 % of its requested life left (local clock ahead of
 *   STS), refresh timing falls back to DurationSeconds counted from receipt, to avoid calling STS on
 *   every request. `credentials.expiration` always stays the value STS returned.
 */
export abstract class RefreshingProvider extends MaskedProvider {
  protected readonly now: () => Date;
  /** What fetchToken() hands to the STS call. */
  protected readonly network?: NetworkOptions;
  readonly #duration: number;
  readonly #fraction: number;
  readonly #backoffBase: number;
  #current?: { creds: Credentials; refreshAt: number; expiresAt: number };
  #invalidated = false;
  #inflight?: Promise<Credentials>;
  #failures = 0;
  #retryAt = 0;
  #lastError?: CredentialError;
  #refreshCount = 0;

  static readonly EXPIRY_MARGIN_MS = 5000;

  constructor(durationSeconds: number, opts: RefreshOptions) {
    super();
    this.#duration = durationSeconds;
    this.now = opts.now ?? (() => new Date());
    this.network = opts.network;
    const f = opts.refreshFraction ?? 0.8;
    if (!(f > 0 && f < 1)) throw new CredentialConfigError('refreshFraction must be between 0 and 1');
    this.#fraction = f;
    this.#backoffBase = opts.retryBackoffMs ?? 1000;
  }

  /** One STS call: credentials with their `expiration`. */
  protected abstract fetchToken(): Promise<Credentials>;

  /** The last refresh failure (cleared by a successful refresh). */
  get lastError(): CredentialError | undefined {
    return this.#lastError;
  }
  /** How many AssumeRole calls succeeded. */
  get refreshCount(): number {
    return this.#refreshCount;
  }

  async getCredentials(): Promise<Credentials> {
    const now = this.now().getTime();
    const cur = this.#current;
    const usable = cur !== undefined && !this.#invalidated && now < cur.expiresAt - RefreshingProvider.EXPIRY_MARGIN_MS;
    if (usable && now < cur.refreshAt) return cur.creds;
    let p = this.#inflight;
    if (!p) {
      if (now < this.#retryAt) {
        // backing off after a failure: keep a still-valid token, otherwise repeat the error
        if (usable) return cur.creds;
        throw this.#lastError!;
      }
      p = this.#refresh();
    }
    // proactive refresh: a failure keeps serving the still-valid token (documented above)
    return usable ? p.catch(() => cur.creds) : p;
  }

  #refresh(): Promise<Credentials> {
    const p = (async () => {
      try {
        const creds = await this.fetchToken();
        const issued = this.now().getTime();
        let expiresAt = creds.expiration!.getTime();
        let life = expiresAt - issued;
        if (life < this.#duration * 100) {
          // Less than 10 % of the requested life left on arrival: the local clock runs ahead of STS.
          // Time the refresh from DurationSeconds instead, so we do not call STS on every request.
          life = this.#duration * 1000;
          expiresAt = issued + life;
        }
        this.#current = { creds, refreshAt: issued + life * this.#fraction, expiresAt };
        this.#invalidated = false;
        this.#failures = 0;
        this.#retryAt = 0;
        this.#lastError = undefined;
        this.#refreshCount++;
        return creds;
      } catch (err) {
        this.#failures++;
        this.#retryAt = this.now().getTime() + Math.min(60000, this.#backoffBase * 2 ** (this.#failures - 1));
        this.#lastError =
          err instanceof CredentialError ? err : new CredentialError(t('AssumeRole failed: {0}', err instanceof Error ? err.message : String(err)), 'Unknown');
        throw this.#lastError;
      } finally {
        this.#inflight = undefined;
      }
    })();
    this.#inflight = p;
    return p;
  }

  /** Drop the current token (e.g. the server said SecurityTokenExpired / ExpiredToken); the next call refreshes at once. */
  invalidate(code?: string): void {
    if (code !== undefined && !TOKEN_REJECTED_CODES.has(code)) return;
    if (this.#inflight) return; // a new token is already on its way
    this.#invalidated = true;
    this.#retryAt = 0;
  }
}

/** Assumes a RAM role through Alibaba Cloud STS and keeps the temporary credentials fresh ({@link RefreshingProvider}). */
export class AssumeRoleProvider extends RefreshingProvider {
  readonly kind = 'assumeRole';
  readonly #id: string;
  readonly #secret: string;
  readonly #roleArn: string;
  readonly #sessionName: string;
  readonly #duration: number;
  readonly #policy?: string;
  readonly #endpoint: string;
  readonly #fetch?: FetchLike;
  readonly #timeoutMs?: number;

  constructor(opts: AssumeRoleProviderOptions) {
    const duration = opts.durationSeconds ?? 3600;
    super(duration, opts);
    requireKeys(opts.accessKeyId, opts.accessKeySecret, t('An AssumeRole connection needs an AccessKeyId and an AccessKeySecret'));
    validateAssumeRoleParams({ roleArn: opts.roleArn, roleSessionName: opts.roleSessionName, durationSeconds: duration, policy: opts.policy });
    this.#id = opts.accessKeyId.trim();
    this.#secret = opts.accessKeySecret.trim();
    this.#roleArn = opts.roleArn;
    this.#sessionName = opts.roleSessionName;
    this.#duration = duration;
    this.#policy = opts.policy;
    this.#endpoint = stsEndpoint({ endpoint: opts.endpoint, region: opts.region, vpc: opts.vpc });
    this.#fetch = opts.fetch;
    this.#timeoutMs = opts.timeoutMs;
  }

  /** The STS endpoint in use. */
  get endpoint(): string {
    return this.#endpoint;
  }

  protected async fetchToken(): Promise<Credentials> {
    const res = await assumeRole({
      endpoint: this.#endpoint,
      accessKeyId: this.#id,
      accessKeySecret: this.#secret,
      roleArn: this.#roleArn,
      roleSessionName: this.#sessionName,
      durationSeconds: this.#duration,
      policy: this.#policy,
      now: this.now,
      fetch: this.#fetch,
      timeoutMs: this.#timeoutMs,
      network: this.network,
    });
    return res.credentials;
  }

  describe(): string {
    return `AssumeRole ${this.#roleArn} (${maskId(this.#id)})`;
  }
}
