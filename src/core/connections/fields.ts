/**
 * Rules for the non-secret fields of a connection, shared by the connection form, the seed file
 * and the connection-list file. No VS Code import; texts go through the `t` the caller passes.
 */
import { fillPlaceholders, type Translate } from '../translate';

export const REGION_RE = /^[a-z0-9]+(-[a-z0-9]+)+$/;
export const ROLE_ARN_RE = /^acs:ram::\d+:role\/[A-Za-z0-9._@-]+$/;
export const ROLE_SESSION_NAME_RE = /^[A-Za-z0-9._@-]{2,64}$/;
export const BUCKET_NAME_RE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** S3 regions: AWS ids such as us-east-1, and single words such as Cloudflare R2's `auto`. */
export const S3_REGION_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** An IAM role for AWS STS AssumeRole. */
export const AWS_ROLE_ARN_RE = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
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

/** What a connection talks to: Alibaba Cloud OSS (the default, also for records without the field) or an S3-compatible store. */
export type ConnectionService = 'oss' | 's3';
export const SERVICES: readonly ConnectionService[] = ['oss', 's3'];

/** The service of a record; records written before S3 existed have none and are OSS. */
export function serviceOf(c: { service?: ConnectionService }): ConnectionService {
  return c.service === 's3' ? 's3' : 'oss';
}

/** AWS S3's regional endpoint (`.amazonaws.com.cn` in the China regions). */
export function s3RegionEndpoint(region: string): string {
  return `https://s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** Why `region` is not a region id for the service (an error text), or undefined. */
export function regionProblem(service: ConnectionService, region: string, t: Translate = fillPlaceholders): string | undefined {
  if (service === 's3') return S3_REGION_RE.test(region) ? undefined : t('Enter a region id such as us-east-1 (auto for Cloudflare R2)');
  return REGION_RE.test(region) ? undefined : t('Enter a region id such as cn-hangzhou');
}

/** Why `arn` is not a role ARN for the service's STS (an error text), or undefined. */
export function roleArnProblem(service: ConnectionService, arn: string, t: Translate = fillPlaceholders): string | undefined {
  if (service === 's3') return AWS_ROLE_ARN_RE.test(arn) ? undefined : t('Expected arn:aws:iam::<12-digit account id>:role/<role name>');
  return ROLE_ARN_RE.test(arn) ? undefined : t('Expected acs:ram::<account id>:role/<role name>');
}
