/**
 * AWS shared configuration: `~/.aws/credentials`, `~/.aws/config` and the `AWS_*` environment
 * variables, as pure functions of the file texts and an env object (the caller reads the files;
 * {@link awsConfigPaths} says where). Used to import a profile into an S3 connection, whose
 * secrets are then kept in SecretStorage like any other.
 *
 * File rules (as the AWS CLI and SDKs read them):
 * - `~/.aws/credentials`: `[name]` sections; `~/.aws/config`: `[default]` and `[profile name]`
 *   (other config sections such as `[sso-session x]` or `[services x]` are not profiles);
 * - comments start with `#` or `;` at the start of a line or after whitespace;
 * - an empty value opens a sub-section whose indented lines are `parent.child` keys
 *   (e.g. `s3 =` / `  addressing_style = path`);
 * - a key in the credentials file wins over the same key in the config file.
 */
import * as path from 'node:path';
import { t } from '../translate';
import { CredentialConfigError } from './errors';
import { describeCredentials, guardSecrets, secureCredentials } from './secure';
import type { Credentials } from '../signer/types';
import type { EnvLike } from './env';

/** Section name → key → value, in file order. */
export type IniSections = Record<string, Record<string, string>>;

/** Parses INI text the way the AWS SDK does (sections, comments, indented sub-sections). */
export function parseAwsIni(text: string): IniSections {
  const out: IniSections = Object.create(null) as IniSections;
  let section: string | undefined;
  let sub: string | undefined;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.split(/(?:^|\s)[;#]/)[0].trim();
    if (line.startsWith('[') && line.endsWith(']')) {
      section = line.slice(1, -1).trim();
      sub = undefined;
      continue;
    }
    const eq = line.indexOf('=');
    if (section === undefined || eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (value === '') {
      sub = name;
      continue;
    }
    if (sub !== undefined && raw.trimStart() === raw) sub = undefined;
    (out[section] ??= Object.create(null) as Record<string, string>)[sub !== undefined ? `${sub}.${name}` : name] = value;
  }
  return out;
}

/** The profiles of both files, merged (credentials-file keys win), by profile name. */
export function mergeAwsProfiles(files: AwsConfigTexts): IniSections {
  const out: IniSections = Object.create(null) as IniSections;
  for (const [section, keys] of Object.entries(parseAwsIni(files.config ?? ''))) {
    const m = /^profile\s+(["']?)(\S.*?)\1$/.exec(section);
    const name = section === 'default' ? 'default' : m?.[2].trim();
    if (name) out[name] = { ...out[name], ...keys };
  }
  for (const [name, keys] of Object.entries(parseAwsIni(files.credentials ?? ''))) out[name] = { ...out[name], ...keys };
  return out;
}

/** The texts of the two files (undefined when a file does not exist). */
export interface AwsConfigTexts {
  credentials?: string;
  config?: string;
}

/** Static keys: an access key pair, with a session token for temporary (STS) credentials. */
export interface AwsStaticSource {
  kind: 'static';
  /** The profile the keys come from. */
  profile: string;
  credentials: Credentials;
}

/** An IAM role assumed with the credentials of `source` (another profile, possibly a role too). */
export interface AwsRoleSource {
  kind: 'assumeRole';
  profile: string;
  roleArn: string;
  /** role_session_name, else undefined (the caller picks one). */
  roleSessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  /** Region for sts.<region>.amazonaws.com: sts_regional_endpoints aside, the profile's region. */
  region?: string;
  source: AwsStaticSource | AwsRoleSource;
}

/** One importable profile: where its credentials come from and its S3 settings. */
export interface AwsProfile {
  name: string;
  source: AwsStaticSource | AwsRoleSource;
  region?: string;
  /** endpoint_url, or the `s3.endpoint_url` / `services` override for S3 when present. */
  endpointUrl?: string;
  /** `s3.addressing_style = path` */
  pathStyle?: boolean;
}

export interface AwsProfiles {
  profiles: AwsProfile[];
  /** Profiles that cannot be imported, with what to change. */
  skipped: Array<{ name: string; reason: string }>;
}

const UNSUPPORTED: Array<[string, string]> = [
  ['credential_process', 'credential_process'],
  ['sso_start_url', 'IAM Identity Center (SSO)'],
  ['sso_session', 'IAM Identity Center (SSO)'],
  ['web_identity_token_file', 'web identity tokens'],
  ['credential_source', 'credential_source'],
  ['login_session', 'console login sessions'],
];
const MAX_CHAIN = 5;

function staticSource(name: string, keys: Record<string, string>): AwsStaticSource {
  const credentials = secureCredentials({
    accessKeyId: keys.aws_access_key_id,
    accessKeySecret: keys.aws_secret_access_key,
    securityToken: keys.aws_session_token || undefined,
  });
  return guardSecrets({ kind: 'static', profile: name, credentials }, () => ({ kind: 'static', profile: name, credentials: describeCredentials(credentials) }));
}

function sourceOf(all: IniSections, name: string, seen: string[]): AwsStaticSource | AwsRoleSource {
  const keys = all[name];
  const chain = [...seen, name].join(' → ');
  if (!keys) throw new CredentialConfigError(t('Profile {0} names source_profile {1}, which is in neither file: add [profile {1}] or fix source_profile ({2})', seen[seen.length - 1] ?? name, name, chain));
  if (seen.length >= MAX_CHAIN) throw new CredentialConfigError(t('The source_profile chain {0} is longer than {1} roles: shorten it', chain, MAX_CHAIN));
  const hasKeys = !!keys.aws_access_key_id && !!keys.aws_secret_access_key;
  const selfSourced = keys.source_profile === name;
  if (keys.role_arn && !(selfSourced && seen.includes(name))) {
    const from = keys.source_profile;
    if (!from) {
      if (keys.credential_source) throw new CredentialConfigError(t('Profile {0}: role_arn with credential_source is not supported; use source_profile instead', name));
      throw new CredentialConfigError(t('Profile {0} has role_arn but no source_profile: add source_profile = <a profile with access keys>', name));
    }
    if (seen.includes(from) && !(from === name && hasKeys)) throw new CredentialConfigError(t('The source_profile chain {0} → {1} loops: point source_profile at a profile with access keys', chain, from));
    const duration = keys.duration_seconds !== undefined ? Number(keys.duration_seconds) : undefined;
    if (duration !== undefined && !Number.isInteger(duration)) throw new CredentialConfigError(t('Profile {0}: duration_seconds must be a whole number of seconds (got {1})', name, keys.duration_seconds));
    return {
      kind: 'assumeRole',
      profile: name,
      roleArn: keys.role_arn,
      roleSessionName: keys.role_session_name,
      externalId: keys.external_id,
      durationSeconds: duration,
      region: keys.region,
      source: sourceOf(all, from, [...seen, name]),
    };
  }
  if (hasKeys) return staticSource(name, keys);
  const unsupported = UNSUPPORTED.find(([k]) => keys[k] !== undefined);
  if (unsupported) throw new CredentialConfigError(t('Profile {0} uses {1}, which cannot be imported: use a profile with aws_access_key_id and aws_secret_access_key, or role_arn + source_profile', name, unsupported[1]));
  if (keys.aws_access_key_id || keys.aws_secret_access_key) {
    throw new CredentialConfigError(t('Profile {0} has only one of aws_access_key_id and aws_secret_access_key: add the other', name));
  }
  throw new CredentialConfigError(t('Profile {0} has no credentials: add aws_access_key_id and aws_secret_access_key, or role_arn + source_profile', name));
}

/** The S3 endpoint of a profile: `s3.endpoint_url` (also through a `services` section), else endpoint_url. */
function endpointOf(keys: Record<string, string>, config: IniSections): string | undefined {
  const services = keys.services ? config[`services ${keys.services}`] : undefined;
  return keys['s3.endpoint_url'] ?? services?.['s3.endpoint_url'] ?? keys.endpoint_url;
}

/** Every profile of the two files, resolved; the ones that cannot be imported are in `skipped`. */
export function parseAwsProfiles(files: AwsConfigTexts): AwsProfiles {
  const all = mergeAwsProfiles(files);
  const config = parseAwsIni(files.config ?? '');
  const out: AwsProfiles = { profiles: [], skipped: [] };
  for (const [name, keys] of Object.entries(all)) {
    try {
      const profile: AwsProfile = { name, source: sourceOf(all, name, []) };
      if (keys.region) profile.region = keys.region;
      const endpointUrl = endpointOf(keys, config);
      if (endpointUrl) profile.endpointUrl = endpointUrl;
      if (keys['s3.addressing_style'] === 'path') profile.pathStyle = true;
      out.profiles.push(profile);
    } catch (err) {
      if (!(err instanceof CredentialConfigError)) throw err;
      out.skipped.push({ name, reason: err.message });
    }
  }
  return out;
}

/** One profile by name (AWS_PROFILE, else `default`); throws CredentialConfigError saying what to change. */
export function resolveAwsProfile(files: AwsConfigTexts, name: string): AwsProfile {
  const { profiles, skipped } = parseAwsProfiles(files);
  const found = profiles.find((p) => p.name === name);
  if (found) return found;
  const bad = skipped.find((p) => p.name === name);
  if (bad) throw new CredentialConfigError(bad.reason);
  const names = profiles.map((p) => p.name);
  throw new CredentialConfigError(
    names.length
      ? t('There is no AWS profile {0} (found: {1}): add it to ~/.aws/credentials or ~/.aws/config, or choose another', name, names.join(', '))
      : t('There is no AWS profile {0}: add it to ~/.aws/credentials or ~/.aws/config, or choose another', name),
  );
}

/** What the AWS_* environment variables say. */
export interface AwsEnv {
  /** AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), when both are set. */
  credentials?: Credentials;
  /** AWS_REGION, else AWS_DEFAULT_REGION. */
  region?: string;
  /** AWS_PROFILE (else AWS_DEFAULT_PROFILE), else 'default'. */
  profile: string;
  /** AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL. */
  endpointUrl?: string;
}

function envValue(env: EnvLike, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** Reads the AWS_* variables; one of the key pair without the other is an error naming the missing one. */
export function readAwsEnv(env: EnvLike): AwsEnv {
  const id = envValue(env, 'AWS_ACCESS_KEY_ID');
  const secret = envValue(env, 'AWS_SECRET_ACCESS_KEY');
  if (!!id !== !!secret) {
    throw new CredentialConfigError(t('{0} is set but {1} is not: set both, or neither', id ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY', id ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'));
  }
  const out: AwsEnv = { profile: envValue(env, 'AWS_PROFILE') ?? envValue(env, 'AWS_DEFAULT_PROFILE') ?? 'default' };
  if (id && secret) out.credentials = secureCredentials({ accessKeyId: id, accessKeySecret: secret, securityToken: envValue(env, 'AWS_SESSION_TOKEN') });
  const region = envValue(env, 'AWS_REGION') ?? envValue(env, 'AWS_DEFAULT_REGION');
  if (region) out.region = region;
  const endpointUrl = envValue(env, 'AWS_ENDPOINT_URL_S3') ?? envValue(env, 'AWS_ENDPOINT_URL');
  if (endpointUrl) out.endpointUrl = endpointUrl;
  return guardSecrets(out, () => ({ ...out, credentials: out.credentials && describeCredentials(out.credentials) }));
}

/** Where the two files are: AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else under `<home>/.aws/`. */
export function awsConfigPaths(env: EnvLike, home: string): { credentials: string; config: string } {
  const expand = (p: string): string => (p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p);
  return {
    credentials: expand(envValue(env, 'AWS_SHARED_CREDENTIALS_FILE') ?? path.join(home, '.aws', 'credentials')),
    config: expand(envValue(env, 'AWS_CONFIG_FILE') ?? path.join(home, '.aws', 'config')),
  };
}
