/** Connection records: the non-secret part lives in globalState, secrets in SecretStorage. */
import type { SignatureVersion } from '../core/signer';
import { fillPlaceholders, type Translate } from '../ui/format';

export type AuthType = 'accessKey' | 'sts' | 'assumeRole';

export interface ConnectionRecord {
  id: string;
  name: string;
  /** Bare region id, e.g. 'cn-hangzhou'. */
  region: string;
  /** Custom endpoint URL; default https://oss-<region>.aliyuncs.com. */
  endpoint?: string;
  authType: AuthType;
  /** The AccessKey id (an identifier, not a secret; shown masked). */
  accessKeyId: string;
  /** ISO date when the STS token stops working (authType 'sts'). */
  stsExpiration?: string;
  roleArn?: string;
  roleSessionName?: string;
  durationSeconds?: number;
  /** Custom domain (CNAME) used for links, e.g. 'https://cdn.example.com'. */
  customDomain?: string;
  /** Skip ListBuckets: the connection shows only this bucket. */
  pinnedBucket?: string;
  pinnedPrefix?: string;
  /**
   * Send every request (not only links) to `customDomain` in CNAME mode: host = the domain, path =
   * the key, signed as /<pinnedBucket>/<key>. Needs both `customDomain` and `pinnedBucket` (a CNAME
   * names one bucket). Required for new accounts on buckets in mainland China regions.
   */
  requestsViaCustomDomain?: boolean;
  /** STS endpoint for AssumeRole (default https://sts.aliyuncs.com); not asked in the form. */
  stsEndpoint?: string;
  /** Overrides the ossExplorer.signatureVersion setting for this connection. */
  signatureVersion?: SignatureVersion;
}

/** What SecretStorage holds under `ossExplorer.connection.<id>`. */
export interface ConnectionSecrets {
  /** The AccessKey secret (for assumeRole: the long-term secret used to call STS). */
  accessKeySecret: string;
  /** STS security token (authType 'sts'). */
  securityToken?: string;
}

export const SECRET_KEY_PREFIX = 'ossExplorer.connection.';

export function secretKey(id: string): string {
  return `${SECRET_KEY_PREFIX}${id}`;
}

/** Public OSS regions (docs §3). */
export const OSS_REGIONS: readonly string[] = [
  'cn-hangzhou', 'cn-shanghai', 'cn-qingdao', 'cn-beijing', 'cn-zhangjiakou', 'cn-huhehaote', 'cn-wulanchabu',
  'cn-shenzhen', 'cn-heyuan', 'cn-guangzhou', 'cn-chengdu', 'cn-hongkong', 'us-west-1', 'us-east-1',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-5', 'ap-northeast-1', 'ap-south-1',
  'eu-central-1', 'eu-west-1', 'me-east-1',
];

export const REGION_RE = /^[a-z0-9]+(-[a-z0-9]+)+$/;
export const ROLE_ARN_RE = /^acs:ram::\d+:role\/[A-Za-z0-9._@-]+$/;
export const ROLE_SESSION_NAME_RE = /^[A-Za-z0-9._@-]{2,64}$/;
export const MIN_ROLE_DURATION = 900;
export const MAX_ROLE_DURATION = 43200;

export function regionEndpoint(region: string): string {
  return `https://oss-${region.replace(/^oss-/, '')}.aliyuncs.com`;
}

export function effectiveEndpoint(c: Pick<ConnectionRecord, 'endpoint' | 'region'>): string {
  return c.endpoint ?? regionEndpoint(c.region);
}

/**
 * Why `requestsViaCustomDomain` cannot be honoured for this record, or undefined when it is off or
 * valid. (A custom domain is bound to one bucket, so requests through it need a pinned bucket.)
 */
export function customDomainRequestsProblem(
  c: Pick<ConnectionRecord, 'requestsViaCustomDomain' | 'customDomain' | 'pinnedBucket'>,
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

/**
 * Where a connection's requests go: its custom domain in CNAME mode when `requestsViaCustomDomain`
 * is on (and valid), its endpoint otherwise.
 */
export function requestAddressing(c: ConnectionRecord): { endpoint: string; cname: boolean } {
  if (c.requestsViaCustomDomain && c.customDomain && c.pinnedBucket) return { endpoint: c.customDomain, cname: true };
  return { endpoint: effectiveEndpoint(c), cname: false };
}

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

/** Region id parsed from an endpoint like oss-cn-beijing.aliyuncs.com / oss-cn-beijing-internal.aliyuncs.com. */
export function regionFromEndpoint(endpoint: string): string | undefined {
  try {
    const host = new URL(endpoint).hostname;
    const m = /^(?:[^.]+\.)?oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/.exec(host);
    return m?.[1];
  } catch {
    return undefined;
  }
}

export function isStsExpired(c: ConnectionRecord, now = Date.now()): boolean {
  if (c.authType !== 'sts' || !c.stsExpiration) return false;
  const t = Date.parse(c.stsExpiration);
  return Number.isFinite(t) && t <= now;
}

/** Non-secret one-line description for tooltips and logs. */
export function describeConnection(c: ConnectionRecord): string {
  const auth = c.authType === 'accessKey' ? 'AccessKey' : c.authType === 'sts' ? 'STS' : `AssumeRole ${c.roleArn ?? ''}`;
  const via = c.requestsViaCustomDomain && c.customDomain ? ` · via ${c.customDomain}` : '';
  return `${auth} · ${c.region}${c.endpoint ? ` · ${c.endpoint}` : ''}${via}`;
}
