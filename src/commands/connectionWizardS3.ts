/**
 * The S3 parts of the connection form: AWS regions, addressing, and starting from an AWS profile
 * (~/.aws/credentials, ~/.aws/config) or the AWS_* environment variables. The form itself is in
 * connectionWizard.ts; these steps run only when the Service step chose S3.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import { type AwsProfile, awsConfigPaths, awsStsEndpoint, parseAwsProfiles, readAwsEnv, type AwsStaticSource, type AwsRoleSource } from '../core/credentials';
import { type AuthType, s3RegionEndpoint } from '../connections/model';
import { assertS3BucketName } from '../core/signer';

/** AWS regions offered in the region step (any other id, or another store, goes through "Custom endpoint…"). */
export const AWS_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-south-1', 'ap-east-1', 'me-south-1', 'af-south-1', 'cn-north-1', 'cn-northwest-1',
];

/** S3 bucket names: 3–63 of a-z, 0-9, '.' and '-' (virtual-hosted names are checked again when used). */
export const S3_BUCKET_NAME_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Why a bucket name cannot be pinned with this addressing, or undefined: virtual-hosted buckets
 * go into the host name, so they must be DNS-safe (and, over https, free of dots). IP and
 * localhost endpoints always use path-style.
 */
export function s3PinnedBucketProblem(bucket: string, endpoint: string | undefined, region: string, pathStyle: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint ?? s3RegionEndpoint(region));
  } catch {
    return undefined;
  }
  const local = /^(\d+\.\d+\.\d+\.\d+|localhost|\[[0-9a-f:]+\])$/i.test(url.hostname);
  try {
    assertS3BucketName(bucket, !pathStyle && !local, url.protocol === 'https:');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Cloudflare R2 signs for the region "auto". */
export function defaultS3Region(endpoint: string | undefined, current: string): string {
  try {
    if (endpoint && /\.r2\.cloudflarestorage\.com$/i.test(new URL(endpoint).hostname)) return 'auto';
  } catch {
    // not a URL yet: keep the current value
  }
  return current;
}

/** AWS's regional STS for `region` (what an S3 AssumeRole uses without an STS endpoint), or undefined when it is no AWS region. */
export function defaultAwsSts(region: string): string | undefined {
  try {
    return awsStsEndpoint({ region });
  } catch {
    return undefined;
  }
}

/** What an imported profile (or the environment) fills in. Secrets stay in memory until SecretStorage. */
export interface ImportedS3 {
  label: string;
  authType: AuthType;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  region?: string;
  endpoint?: string;
  pathStyle?: boolean;
  roleArn?: string;
  roleSessionName?: string;
  durationSeconds?: number;
}

/** The credentials of a profile as a connection can hold them, or why not. */
function fromSource(source: AwsStaticSource | AwsRoleSource): Omit<ImportedS3, 'label'> | string {
  if (source.kind === 'static') {
    const c = source.credentials;
    return { authType: c.securityToken ? 'sts' : 'accessKey', accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken };
  }
  const inner = source.source;
  if (inner.kind !== 'static' || inner.credentials.securityToken) {
    return vscode.l10n.t('profile {0} assumes a role with credentials that are themselves temporary or another role; import the source profile instead', source.profile);
  }
  return {
    authType: 'assumeRole', accessKeyId: inner.credentials.accessKeyId, accessKeySecret: inner.credentials.accessKeySecret,
    roleArn: source.roleArn, roleSessionName: source.roleSessionName, durationSeconds: source.durationSeconds,
  };
}

function readIfThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * What can be imported: the AWS_* variables (when they hold a key pair), then every profile of
 * the two files. `skipped` lists what cannot be imported, with what to change.
 */
export function importableS3(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): { items: ImportedS3[]; skipped: string[] } {
  const items: ImportedS3[] = [];
  const skipped: string[] = [];
  try {
    const e = readAwsEnv(env);
    if (e.credentials) {
      const c = e.credentials;
      items.push({
        label: vscode.l10n.t('Environment variables (AWS_*)'), authType: c.securityToken ? 'sts' : 'accessKey',
        accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken, region: e.region, endpoint: e.endpointUrl,
      });
    }
  } catch (err) {
    skipped.push(err instanceof Error ? err.message : String(err));
  }
  const paths = awsConfigPaths(env, home);
  const files = { credentials: readIfThere(paths.credentials), config: readIfThere(paths.config) };
  if (files.credentials === undefined && files.config === undefined) return { items, skipped };
  let parsed: { profiles: AwsProfile[]; skipped: Array<{ name: string; reason: string }> };
  try {
    parsed = parseAwsProfiles(files);
  } catch (err) {
    skipped.push(err instanceof Error ? err.message : String(err));
    return { items, skipped };
  }
  for (const p of parsed.profiles) {
    const r = fromSource(p.source);
    if (typeof r === 'string') skipped.push(r);
    else items.push({ ...r, label: vscode.l10n.t('AWS profile {0}', p.name), region: p.region, endpoint: p.endpointUrl, pathStyle: p.pathStyle });
  }
  skipped.push(...parsed.skipped.map((s) => s.reason));
  return { items, skipped };
}
