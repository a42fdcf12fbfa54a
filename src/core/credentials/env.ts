/**
 * Credentials from environment variables and from the aliyun CLI config (~/.aliyun/config.json).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { maskId } from '../redact';
import { t } from '../translate';
import { CredentialConfigError } from './errors';
import { parseCredentialJson } from './json';
import { describeCredentials, guardSecrets, secureCredentials } from './secure';
import { StaticAccessKeyProvider, StaticStsProvider } from './providers';
import type { CredentialProvider } from './types';
import type { Credentials } from '../signer/types';

export type EnvLike = Record<string, string | undefined>;

/** Which variables were used, for messages. */
export interface EnvCredentials extends Credentials {
  source: 'OSS_*' | 'ALIBABA_CLOUD_*';
}

/**
 * Reads OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET / OSS_SESSION_TOKEN, falling back to
 * ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET / ALIBABA_CLOUD_SECURITY_TOKEN.
 * A set is used only when both id and secret are present. Returns undefined when neither is.
 */
export function readEnvCredentials(env: EnvLike = process.env): EnvCredentials | undefined {
  const sets: Array<[EnvCredentials['source'], string, string, string]> = [
    ['OSS_*', 'OSS_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET', 'OSS_SESSION_TOKEN'],
    ['ALIBABA_CLOUD_*', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN'],
  ];
  for (const [source, idName, secretName, tokenName] of sets) {
    const id = env[idName]?.trim();
    const secret = env[secretName]?.trim();
    if (id && secret) {
      const token = env[tokenName]?.trim();
      const c = secureCredentials({ accessKeyId: id, accessKeySecret: secret, securityToken: token || undefined }) as EnvCredentials;
      Object.defineProperty(c, 'source', { value: source, enumerable: true });
      return c;
    }
  }
  return undefined;
}

/** Credentials from the (injectable) environment, read on every call. */
export class EnvCredentialProvider implements CredentialProvider {
  readonly kind = 'env';
  readonly #env: EnvLike;
  constructor(env: EnvLike = process.env) {
    this.#env = env;
  }
  async getCredentials(): Promise<Credentials> {
    const c = readEnvCredentials(this.#env);
    if (!c) {
      throw new CredentialConfigError(
        t('No credentials in the environment: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET (and OSS_SESSION_TOKEN for STS), or the ALIBABA_CLOUD_* equivalents'),
      );
    }
    const inner: CredentialProvider = c.securityToken
      ? new StaticStsProvider({ accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken })
      : new StaticAccessKeyProvider(c.accessKeyId, c.accessKeySecret);
    return inner.getCredentials();
  }
  invalidate(_code?: string): void {
    /* the environment cannot be refreshed */
  }
  describe(): string {
    const c = readEnvCredentials(this.#env);
    return c ? `Environment ${c.source} ${maskId(c.accessKeyId)}${c.securityToken ? ' (STS)' : ''}` : 'Environment (no credentials set)';
  }
  toJSON(): Record<string, string> {
    return { kind: this.kind, description: this.describe() };
  }
  toString(): string {
    return this.describe();
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `EnvCredentialProvider { ${this.describe()} }`;
  }
}

/** One importable profile of the aliyun CLI. */
export interface AliyunProfile {
  name: string;
  mode: 'AK' | 'StsToken' | 'RamRoleArn';
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  roleArn?: string;
  roleSessionName?: string;
  durationSeconds?: number;
  region?: string;
}

export interface AliyunConfig {
  /** The CLI's current profile name, if any. */
  current?: string;
  /** Importable profiles (modes AK, StsToken, RamRoleArn with the needed fields). */
  profiles: AliyunProfile[];
  /** Profiles that cannot be imported, with the reason (unsupported mode, missing fields). */
  skipped: Array<{ name: string; mode: string; reason: string }>;
}

/** Default location of the aliyun CLI config. */
export function defaultAliyunConfigPath(home: string = os.homedir()): string {
  return path.join(home, '.aliyun', 'config.json');
}

function s(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Parses the text of ~/.aliyun/config.json. Throws CredentialConfigError on malformed JSON. */
export function parseAliyunConfig(text: string): AliyunConfig {
  // Never the parser's message: it would quote the file, i.e. part of a secret.
  const doc = parseCredentialJson(text, 'The aliyun CLI config', (_m, at) =>
    new CredentialConfigError(
      at ? t('The aliyun CLI config is not valid JSON (line {0}, column {1})', at.line, at.column) : t('The aliyun CLI config is not valid JSON'),
    ),
  );
  const root = (doc ?? {}) as Record<string, unknown>;
  const list = Array.isArray(root.profiles) ? (root.profiles as unknown[]) : [];
  const out: AliyunConfig = { current: s(root.current), profiles: [], skipped: [] };
  for (const raw of list) {
    const p = (raw ?? {}) as Record<string, unknown>;
    const name = s(p.name) ?? '(unnamed)';
    const mode = s(p.mode) ?? 'AK';
    const accessKeyId = s(p.access_key_id);
    const accessKeySecret = s(p.access_key_secret);
    const region = s(p.region_id);
    if (mode !== 'AK' && mode !== 'StsToken' && mode !== 'RamRoleArn') {
      out.skipped.push({ name, mode, reason: `mode ${mode} is not supported (use AK, StsToken or RamRoleArn)` });
      continue;
    }
    if (!accessKeyId || !accessKeySecret) {
      out.skipped.push({ name, mode, reason: 'access_key_id or access_key_secret is missing' });
      continue;
    }
    const profile: AliyunProfile = { name, mode, accessKeyId, accessKeySecret };
    if (region) profile.region = region;
    if (mode === 'StsToken') {
      const token = s(p.sts_token);
      if (!token) {
        out.skipped.push({ name, mode, reason: 'sts_token is missing' });
        continue;
      }
      profile.securityToken = token;
    }
    if (mode === 'RamRoleArn') {
      const roleArn = s(p.ram_role_arn);
      if (!roleArn) {
        out.skipped.push({ name, mode, reason: 'ram_role_arn is missing' });
        continue;
      }
      profile.roleArn = roleArn;
      profile.roleSessionName = s(p.ram_session_name);
      const d = Number(p.expired_seconds);
      if (Number.isInteger(d) && d > 0) profile.durationSeconds = d;
    }
    out.profiles.push(
      guardSecrets(profile, () => ({
        ...describeCredentials(profile),
        name: profile.name,
        mode: profile.mode,
        roleArn: profile.roleArn,
        roleSessionName: profile.roleSessionName,
        durationSeconds: profile.durationSeconds,
        region: profile.region,
      })),
    );
  }
  return out;
}

/** Reads and parses the aliyun CLI config; resolves to undefined when the file does not exist. */
export async function readAliyunConfig(file: string = defaultAliyunConfigPath()): Promise<AliyunConfig | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CredentialConfigError(t('Cannot read {0}: {1}', file, (e as Error).message));
  }
  return parseAliyunConfig(text);
}
