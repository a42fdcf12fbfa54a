/**
 * Rules for the non-secret fields of a connection, shared by the connection form, the seed file
 * and the connection-list file. No VS Code import; texts go through the `t` the caller passes.
 */
import { fillPlaceholders, type Translate } from '../translate';

export const REGION_RE = /^[a-z0-9]+(-[a-z0-9]+)+$/;
export const ROLE_ARN_RE = /^acs:ram::\d+:role\/[A-Za-z0-9._@-]+$/;
export const ROLE_SESSION_NAME_RE = /^[A-Za-z0-9._@-]{2,64}$/;
export const BUCKET_NAME_RE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
export const MIN_ROLE_DURATION = 900;
export const MAX_ROLE_DURATION = 43200;

/** Validates an http(s) endpoint / custom-domain URL; returns an error text (to follow "The endpoint") or undefined. */
export function endpointProblem(value: string, t: Translate = fillPlaceholders): string | undefined {
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    return t('not a URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return t('must start with http:// or https://');
  if (!u.hostname) return t('has no host');
  if (u.username || u.password) return t('must not contain a user name or password');
  if ((u.pathname && u.pathname !== '/') || u.search || u.hash) return t('must not have a path, query or fragment');
  return undefined;
}

/** "https://host:port" without a trailing slash. */
export function normalizeEndpoint(value: string): string {
  const u = new URL(value.trim());
  return `${u.protocol}//${u.host}`;
}

/**
 * Why `requestsViaCustomDomain` cannot be honoured for this record, or undefined when it is off or
 * valid. (A custom domain is bound to one bucket, so requests through it need a pinned bucket.)
 */
export function customDomainRequestsProblem(
  c: { requestsViaCustomDomain?: boolean; customDomain?: string; pinnedBucket?: string },
  t: Translate = fillPlaceholders,
): string | undefined {
  if (!c.requestsViaCustomDomain) return undefined;
  if (!c.pinnedBucket) {
    return t('Sending all requests through the custom domain needs a pinned bucket (a custom domain is bound to one bucket): pin the bucket or turn the option off');
  }
  if (!c.customDomain) return t('Sending all requests through the custom domain needs a custom domain: set one or turn the option off');
  const p = endpointProblem(c.customDomain, t);
  return p ? t('The custom domain {0}', p) : undefined;
}
