import type { Credentials } from '../signer/types';

/** Every credential source implements this (issue #3). */
export interface CredentialProvider {
  /** Current credentials; may refresh (AssumeRole). Concurrent callers share one refresh. */
  getCredentials(): Promise<Credentials>;
  /**
   * Tell the provider that the server rejected these credentials (e.g. SecurityTokenExpired or
   * InvalidSecurityToken). A refreshing provider refreshes on the next getCredentials().
   */
  invalidate(code?: string): void;
  /** Short, secret-free description, e.g. "AssumeRole acs:ram::123:role/x (LTAI****abcd)". */
  describe(): string;
  /** 'accessKey' | 'sts' | 'assumeRole' | 'env' */
  readonly kind: string;
}
