/** Connection records: the non-secret part lives in globalState, secrets in SecretStorage. */
import type { SignatureVersion } from '../core/signer';
import type { AccessCodeAccess } from '../core/share';
import { fillPlaceholders, type Translate } from '../core/translate';
import { type ConnectionService, s3RegionEndpoint, serviceOf } from '../core/connections';

export type AuthType = 'accessKey' | 'sts' | 'assumeRole';

export interface ConnectionRecord {
  id: string;
  name: string;
  /** Alibaba Cloud OSS (default; records without the field are OSS) or an S3-compatible store. */
  service?: ConnectionService;
  /** Bare region id, e.g. 'cn-hangzhou'; for S3 e.g. 'us-east-1', or 'auto' for Cloudflare R2. */
  region: string;
  /** Custom endpoint URL; default https://oss-<region>.aliyuncs.com (S3: https://s3.<region>.amazonaws.com). */
  endpoint?: string;
  /** S3: /bucket/key addressing instead of bucket.host (MinIO and most local servers need it). */
  pathStyle?: boolean;
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
   * Imported from an access code: the access it grants ('upload' connections cannot list). Shown
   * on the node; the server enforces it.
   */
  sharedAccess?: AccessCodeAccess;
  /**
   * Send every request (not only links) to `customDomain` in CNAME mode: host = the domain, path =
   * the key, signed as /<pinnedBucket>/<key>. Needs both `customDomain` and `pinnedBucket` (a CNAME
   * names one bucket). Required for new accounts on buckets in mainland China regions.
   */
  requestsViaCustomDomain?: boolean;
  /** STS endpoint for AssumeRole (default https://sts.aliyuncs.com; S3: https://sts.<region>.amazonaws.com). */
  stsEndpoint?: string;
  /**
   * The credentials may only read (e.g. a pinned read-only STS token): objects open read-only and
   * say why, instead of failing on save.
   */
  readOnly?: boolean;
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

export {
  AWS_ROLE_ARN_RE,
  BUCKET_NAME_RE,
  type ConnectionService,
  regionProblem,
  roleArnProblem,
  S3_REGION_RE,
  s3RegionEndpoint,
  SERVICES,
  serviceOf,
  customDomainRequestsProblem,
  endpointProblem,
  MAX_ROLE_DURATION,
  MIN_ROLE_DURATION,
  normalizeEndpoint,
  REGION_RE,
  ROLE_ARN_RE,
  ROLE_SESSION_NAME_RE,
} from '../core/connections';

export function regionEndpoint(region: string): string {
  return `https://oss-${region.replace(/^oss-/, '')}.aliyuncs.com`;
}

export function effectiveEndpoint(c: Pick<ConnectionRecord, 'endpoint' | 'region' | 'service'>): string {
  return c.endpoint ?? (serviceOf(c) === 's3' ? s3RegionEndpoint(c.region) : regionEndpoint(c.region));
}

/**
 * Where a connection's requests go: its custom domain in CNAME mode when `requestsViaCustomDomain`
 * is on (and valid), its endpoint otherwise.
 */
export function requestAddressing(c: ConnectionRecord): { endpoint: string; cname: boolean } {
  if (serviceOf(c) === 'oss' && c.requestsViaCustomDomain && c.customDomain && c.pinnedBucket) return { endpoint: c.customDomain, cname: true };
  return { endpoint: effectiveEndpoint(c), cname: false };
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

/** The names of a connection's credential fields, in its service's own terms (AWS's on S3). */
export interface CredentialTerms {
  keyId: string;
  secret: string;
  token: string;
  keyIdInvalid: string;
  secretMissing: string;
  tokenMissing: string;
}

/**
 * S3 says "Access key ID", "Secret access key" and "Session token" (as AWS does); OSS keeps
 * Alibaba Cloud's "AccessKey ID", "AccessKey secret" and "STS security token".
 */
export function credentialTerms(service: ConnectionService, authType: AuthType, t: Translate = fillPlaceholders): CredentialTerms {
  if (service === 's3') {
    return {
      keyId: t('Access key ID'),
      secret: t('Secret access key'),
      token: t('Session token'),
      keyIdInvalid: t('Enter a valid access key ID (3–128 visible characters, no spaces)'),
      secretMissing: t('Enter the secret access key'),
      tokenMissing: t('Enter the session token'),
    };
  }
  return {
    keyId: authType === 'sts' ? t('Temporary AccessKey ID (STS.…)') : t('AccessKey ID'),
    secret: t('AccessKey secret'),
    token: t('STS security token'),
    keyIdInvalid: t('Enter a valid AccessKey ID'),
    secretMissing: t('Enter the AccessKey secret'),
    tokenMissing: t('Enter the security token'),
  };
}

/** Non-secret one-line description for tooltips and logs. */
export function describeConnection(c: ConnectionRecord, t: Translate = fillPlaceholders): string {
  const s3 = serviceOf(c) === 's3';
  const auth = c.authType === 'accessKey'
    ? (s3 ? t('access key') : 'AccessKey')
    : c.authType === 'sts' ? (s3 ? t('session token') : 'STS') : `AssumeRole ${c.roleArn ?? ''}`;
  const via = c.requestsViaCustomDomain && c.customDomain ? ` · ${t('requests via {0}', c.customDomain)}` : '';
  const kind = serviceOf(c) === 's3' ? `S3${c.pathStyle ? ` · ${t('path-style')}` : ''} · ` : '';
  return `${kind}${auth} · ${c.region}${c.endpoint ? ` · ${c.endpoint}` : ''}${via}`;
}
