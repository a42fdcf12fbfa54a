/**
 * AWS STS AssumeRole: a SigV4-signed (service `sts`) form POST of `Action=AssumeRole` to
 * `https://sts.<region>.amazonaws.com` or a given endpoint, and a provider that keeps the role's
 * temporary credentials fresh under the same rules as the Alibaba Cloud one
 * ({@link RefreshingProvider}). No secret is ever put into an error message.
 */
import { createHash } from 'node:crypto';
import { signRequest } from '../signer';
import { redactText } from '../redact';
import { t } from '../translate';
import { assertPlainXml, scanElement } from '../xmlScan';
import { CredentialConfigError, StsError } from './errors';
import { describeCredentials, guardSecrets, secureCredentials } from './secure';
import { postForm, type AssumeRoleResult, type FetchLike } from './sts';
import { RefreshingProvider, StaticAccessKeyProvider, StaticStsProvider, type RefreshOptions } from './providers';
import type { AwsRoleSource, AwsStaticSource } from './awsProfiles';
import type { CredentialProvider } from './types';
import type { NetworkOptions } from '../http/network';
import type { Credentials } from '../signer/types';

export const AWS_STS_VERSION = '2011-06-15';
export const AWS_MIN_DURATION_SECONDS = 900;
export const AWS_MAX_DURATION_SECONDS = 43200;
/** The packed size limit of an inline session policy. */
export const AWS_MAX_POLICY_LENGTH = 2048;

/**
 * STS endpoint: an explicit URL wins ('http://127.0.0.1:5000'); otherwise the regional one,
 * `https://sts.<region>.amazonaws.com` (`.amazonaws.com.cn` in the China regions), with us-east-1
 * when no region is given. A bare host gets `https://`.
 */
export function awsStsEndpoint(opts: { endpoint?: string; region?: string } = {}): string {
  if (opts.endpoint?.trim()) {
    const e = opts.endpoint.trim();
    return /^https?:\/\//i.test(e) ? e : `https://${e}`;
  }
  const region = opts.region?.trim() || 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new CredentialConfigError(t('"{0}" is not an AWS region for STS (for example us-east-1): set the region, or give the STS endpoint URL', region));
  }
  return `https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** The signing region of an STS endpoint: sts.<region>.amazonaws.com → region, else the given or us-east-1. */
function signingRegion(endpoint: string, region?: string): string {
  const m = /^sts[.-]([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(new URL(endpoint).hostname);
  return m && m[1] !== 'fips' ? m[1] : region?.trim() || 'us-east-1';
}

const AWS_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const AWS_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export interface AwsAssumeRoleParams {
  roleArn: string;
  roleSessionName: string;
  durationSeconds: number;
  externalId?: string;
  policy?: string;
}

/** Validates AssumeRole inputs; throws CredentialConfigError saying what to change. */
export function validateAwsAssumeRoleParams(p: AwsAssumeRoleParams): void {
  if (!AWS_ROLE_ARN.test(p.roleArn ?? '')) {
    throw new CredentialConfigError(t('The role ARN must look like arn:aws:iam::<12-digit account>:role/<name> (got {0})', String(JSON.stringify(p.roleArn))));
  }
  if (!AWS_SESSION_NAME.test(p.roleSessionName ?? '')) {
    throw new CredentialConfigError(t('The role session name must be 2-64 characters of A-Z a-z 0-9 + = , . @ _ - (got {0})', String(JSON.stringify(p.roleSessionName))));
  }
  if (!Number.isInteger(p.durationSeconds) || p.durationSeconds < AWS_MIN_DURATION_SECONDS || p.durationSeconds > AWS_MAX_DURATION_SECONDS) {
    throw new CredentialConfigError(t('The duration must be a whole number of seconds from {0} to {1} (got {2})', AWS_MIN_DURATION_SECONDS, AWS_MAX_DURATION_SECONDS, String(p.durationSeconds)));
  }
  if (p.externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(p.externalId)) {
    throw new CredentialConfigError(t('The external ID must be 2-1224 characters of A-Z a-z 0-9 + = , . @ : / _ -'));
  }
  if (p.policy !== undefined && p.policy.length > AWS_MAX_POLICY_LENGTH) {
    throw new CredentialConfigError(t('The session policy must be at most {0} characters (got {1})', AWS_MAX_POLICY_LENGTH, p.policy.length));
  }
}

export interface AwsAssumeRoleInput extends AwsAssumeRoleParams {
  /** The caller's credentials (an access key pair, or temporary ones with a session token). */
  source: Credentials;
  /** Explicit STS URL; else sts.<region>.amazonaws.com. */
  endpoint?: string;
  region?: string;
  now?: () => Date;
  fetch?: FetchLike;
  /** Request timeout; default 15 s. */
  timeoutMs?: number;
  /** Proxy, certificate checking and trusted CAs for the STS call (docs/network.md). */
  network?: NetworkOptions;
}

/** The form body of an AssumeRole call (exported for tests). */
export function awsAssumeRoleBody(p: AwsAssumeRoleParams): string {
  const form = new URLSearchParams({
    Action: 'AssumeRole',
    Version: AWS_STS_VERSION,
    RoleArn: p.roleArn,
    RoleSessionName: p.roleSessionName,
    DurationSeconds: String(p.durationSeconds),
  });
  if (p.externalId) form.set('ExternalId', p.externalId);
  if (p.policy) form.set('Policy', p.policy);
  return form.toString();
}

/** Element texts of an STS XML answer; a document with a DTD, or that is not XML, has none. */
function readStsXml(text: string): (name: string) => string | undefined {
  try {
    assertPlainXml(text);
  } catch {
    return () => undefined;
  }
  return (name) => {
    try {
      return scanElement(text, name) || undefined;
    } catch {
      return undefined;
    }
  };
}

/**
 * Calls AWS STS AssumeRole and maps the answer to Credentials (with `expiration`).
 * Errors: StsError (STS answered with an error, e.g. AccessDenied or SignatureDoesNotMatch, or an
 * unusable body), StsNetworkError (STS unreachable), CredentialConfigError (bad input; nothing sent).
 */
export async function awsAssumeRole(input: AwsAssumeRoleInput): Promise<AssumeRoleResult> {
  const src = input.source;
  if (!src?.accessKeyId || !src.accessKeySecret) throw new CredentialConfigError(t('AssumeRole needs the access key ID and secret access key of a user or role allowed to assume the role'));
  validateAwsAssumeRoleParams(input);
  const endpoint = awsStsEndpoint(input);
  const url = new URL(endpoint);
  const body = awsAssumeRoleBody(input);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const signed = signRequest({
    credentials: src, signatureVersion: 'aws4', product: 'sts', method: 'POST', region: signingRegion(endpoint, input.region),
    headers, host: url.host, now: input.now?.(), payloadHash: createHash('sha256').update(body).digest('hex'),
  });
  const secrets = [src.accessKeySecret, ...(src.securityToken ? [src.securityToken] : [])];
  const { status, ok, text } = await postForm(endpoint, { ...headers, ...signed.headers }, body, {
    fetch: input.fetch, timeoutMs: input.timeoutMs, secret: src.accessKeySecret, what: `assume role ${input.roleArn}`, network: input.network,
  });
  const el = readStsXml(text);
  const requestId = el('RequestId');
  if (!ok) {
    const code = el('Code');
    if (!code) {
      const snippet = redactText(text.slice(0, 200), secrets).replace(/\s+/g, ' ');
      throw new StsError({ code: `HTTP${status}`, message: t('unexpected response from {0} (is it an STS endpoint?): {1}', endpoint, snippet), status, action: 'AWS STS AssumeRole' });
    }
    // Named, since a wrong STS endpoint (another store's, or AWS's for a MinIO key) shows up as a refused key.
    throw new StsError({ code, message: redactText(el('Message') ?? '', secrets), requestId, status, action: `AWS STS AssumeRole at ${endpoint}` });
  }
  const accessKeyId = el('AccessKeyId');
  const accessKeySecret = el('SecretAccessKey');
  const securityToken = el('SessionToken');
  const expirationText = el('Expiration');
  const expiration = expirationText ? new Date(expirationText) : undefined;
  if (!accessKeyId || !accessKeySecret || !securityToken || !expiration || Number.isNaN(expiration.getTime())) {
    throw new StsError({
      code: 'InvalidResponse',
      message: t('the AssumeRole answer from {0} has no usable Credentials (AccessKeyId, SecretAccessKey, SessionToken, Expiration)', endpoint),
      requestId,
      status,
    });
  }
  const arn = el('Arn');
  const assumedRoleId = el('AssumedRoleId');
  const result: AssumeRoleResult = {
    credentials: secureCredentials({ accessKeyId, accessKeySecret, securityToken, expiration }),
    requestId,
    assumedRoleUser: arn || assumedRoleId ? { arn, assumedRoleId } : undefined,
  };
  return guardSecrets(result, () => ({ credentials: describeCredentials(result.credentials), requestId, assumedRoleUser: result.assumedRoleUser }));
}

export interface AwsAssumeRoleProviderOptions extends RefreshOptions {
  /** Where the caller's credentials come from: an access key pair, a session, or another role (a chain). */
  source: CredentialProvider;
  roleArn: string;
  roleSessionName: string;
  /** 900–43200; default 3600. */
  durationSeconds?: number;
  externalId?: string;
  /** Optional JSON session policy (≤ 2048 characters) that narrows the role's permissions. */
  policy?: string;
  /** Explicit STS URL; default https://sts.<region>.amazonaws.com. */
  endpoint?: string;
  region?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

/** Assumes an IAM role through AWS STS and keeps the temporary credentials fresh (rules: {@link RefreshingProvider}). */
export class AwsAssumeRoleProvider extends RefreshingProvider {
  readonly kind = 'assumeRole';
  readonly #o: AwsAssumeRoleProviderOptions & { durationSeconds: number };
  readonly #endpoint: string;

  constructor(opts: AwsAssumeRoleProviderOptions) {
    const durationSeconds = opts.durationSeconds ?? 3600;
    super(durationSeconds, opts);
    validateAwsAssumeRoleParams({ ...opts, durationSeconds });
    this.#endpoint = awsStsEndpoint(opts);
    this.#o = { ...opts, durationSeconds };
  }

  /** The STS endpoint in use. */
  get endpoint(): string {
    return this.#endpoint;
  }

  protected async fetchToken(): Promise<Credentials> {
    const o = this.#o;
    const source = await o.source.getCredentials();
    try {
      const res = await awsAssumeRole({ ...o, source, endpoint: this.#endpoint, now: this.now, network: this.network });
      return res.credentials;
    } catch (err) {
      // The caller's own token may be what STS refused (e.g. ExpiredToken from a chained role).
      if (err instanceof StsError) o.source.invalidate(err.code);
      throw err;
    }
  }

  describe(): string {
    return `AssumeRole ${this.#o.roleArn} (via ${this.#o.source.describe()})`;
  }
}

/**
 * The provider for an imported profile's credentials (see parseAwsProfiles): static keys, with or
 * without a session token, or a role (chains of roles assume each in turn). `roleSessionName` is
 * used where the profile names none.
 */
export function awsSourceProvider(
  source: AwsStaticSource | AwsRoleSource,
  opts: { roleSessionName: string; endpoint?: string; fetch?: FetchLike; now?: () => Date; timeoutMs?: number; network?: NetworkOptions },
): CredentialProvider {
  if (source.kind === 'static') {
    const c = source.credentials;
    return c.securityToken
      ? new StaticStsProvider({ accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken, now: opts.now })
      : new StaticAccessKeyProvider(c.accessKeyId, c.accessKeySecret);
  }
  return new AwsAssumeRoleProvider({
    ...opts,
    source: awsSourceProvider(source.source, opts),
    roleArn: source.roleArn,
    roleSessionName: source.roleSessionName ?? opts.roleSessionName,
    durationSeconds: source.durationSeconds,
    externalId: source.externalId,
    region: source.region,
  });
}
