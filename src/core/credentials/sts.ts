/**
 * Minimal STS client: AssumeRole over POP RPC (HMAC-SHA1), POST with a form body.
 * See docs/protocol.md §5. No secret is ever put into an error message.
 */
import { randomUUID } from 'node:crypto';
import { popEncode, popSign } from '../signer';
import { MAX_XML_BYTES, readCapped } from '../http/limits';
import type { NetworkOptions } from '../http/network';
import { NetworkAgents, startRequest } from '../http/proxyAgents';
import { redactText } from '../redact';
import { t } from '../translate';
import { CredentialConfigError, StsError, StsNetworkError } from './errors';
import { guardSecrets, describeCredentials, secureCredentials } from './secure';
import type { Credentials } from '../signer/types';

export const DEFAULT_STS_ENDPOINT = 'https://sts.aliyuncs.com';
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43200;
export const MAX_POLICY_LENGTH = 1024;

/** The subset of a fetch Response that the STS client uses. */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  text(): Promise<string>;
}
/** The subset of fetch that the STS client uses (by default a request over the proxy-aware agents; injectable for tests). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<FetchResponseLike>;

/**
 * STS endpoint: an explicit URL wins ('https://sts.cn-hangzhou.aliyuncs.com', 'http://127.0.0.1:1234');
 * otherwise `sts.<region>.aliyuncs.com` (`sts-vpc.<region>.aliyuncs.com` with `vpc`), otherwise the
 * default `https://sts.aliyuncs.com`. A bare host gets `https://`.
 */
export function stsEndpoint(opts: { endpoint?: string; region?: string; vpc?: boolean } = {}): string {
  if (opts.endpoint) {
    const e = opts.endpoint.trim();
    return /^https?:\/\//i.test(e) ? e : `https://${e}`;
  }
  if (opts.region) {
    const region = opts.region.replace(/^oss-/, '');
    return `https://${opts.vpc ? 'sts-vpc' : 'sts'}.${region}.aliyuncs.com`;
  }
  return DEFAULT_STS_ENDPOINT;
}

const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,32}$/;

/** Validates AssumeRole inputs; throws CredentialConfigError with a helpful message. */
export function validateAssumeRoleParams(p: { roleArn: string; roleSessionName: string; durationSeconds: number; policy?: string }): void {
  if (!p.roleArn || !/^acs:ram::[^:]*:role\/.+/.test(p.roleArn)) {
    throw new CredentialConfigError(t('RoleArn must look like acs:ram::<accountId>:role/<roleName> (got {0})', String(JSON.stringify(p.roleArn))));
  }
  if (!SESSION_NAME.test(p.roleSessionName ?? '')) {
    throw new CredentialConfigError(
      t('RoleSessionName must be 2-32 characters of A-Z a-z 0-9 . @ _ - (got {0})', String(JSON.stringify(p.roleSessionName))),
    );
  }
  if (!Number.isInteger(p.durationSeconds) || p.durationSeconds < MIN_DURATION_SECONDS || p.durationSeconds > MAX_DURATION_SECONDS) {
    throw new CredentialConfigError(
      t('DurationSeconds must be an integer from {0} to {1} (got {2})', MIN_DURATION_SECONDS, MAX_DURATION_SECONDS, String(p.durationSeconds)),
    );
  }
  if (p.policy !== undefined && p.policy.length > MAX_POLICY_LENGTH) {
    throw new CredentialConfigError(t('Policy must be at most {0} characters (got {1})', MAX_POLICY_LENGTH, p.policy.length));
  }
}

export interface AssumeRoleInput {
  endpoint?: string;
  accessKeyId: string;
  accessKeySecret: string;
  roleArn: string;
  roleSessionName: string;
  durationSeconds: number;
  policy?: string;
  now?: () => Date;
  fetch?: FetchLike;
  /** Request timeout; default 15 s. */
  timeoutMs?: number;
  /** Proxy, certificate checking and trusted CAs for the STS call (docs/network.md). */
  network?: NetworkOptions;
}

export interface AssumeRoleResult {
  credentials: Credentials;
  requestId?: string;
  assumedRoleUser?: { arn?: string; assumedRoleId?: string };
}

/** `yyyy-MM-ddTHH:mm:ssZ` */
export function popTimestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Builds the signed AssumeRole form parameters (exported for tests). */
export function buildAssumeRoleParams(input: AssumeRoleInput, nonce: string = randomUUID()): Record<string, string> {
  const now = input.now ? input.now() : new Date();
  const params: Record<string, string> = {
    Action: 'AssumeRole',
    Format: 'JSON',
    Version: '2015-04-01',
    AccessKeyId: input.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: nonce,
    Timestamp: popTimestamp(now),
    RoleArn: input.roleArn,
    RoleSessionName: input.roleSessionName,
    DurationSeconds: String(input.durationSeconds),
  };
  if (input.policy) params.Policy = input.policy;
  params.Signature = popSign('POST', params, input.accessKeySecret);
  return params;
}

function formBody(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${popEncode(k)}=${popEncode(v)}`)
    .join('&');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A POST over the proxy-aware agents; the answer is read up to MAX_XML_BYTES. */
function post(agents: NetworkAgents, url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }): Promise<FetchResponseLike> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
    const req = startRequest(agents, u, `${u.pathname}${u.search}`, { method: init.method, headers, signal: init.signal }, (res) => {
      const status = res.statusCode ?? 0;
      const text = readCapped(res, MAX_XML_BYTES).then((b) => b.toString('utf8'));
      text.catch(() => undefined);
      resolve({ ok: status >= 200 && status < 300, status, text: () => text });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * One form POST to an STS endpoint; a network failure or time-out becomes StsNetworkError saying
 * what was being done (never with the secret).
 */
export async function postForm(
  endpoint: string,
  headers: Record<string, string>,
  body: string,
  opts: { fetch?: FetchLike; timeoutMs?: number; secret: string; what: string; network?: NetworkOptions },
): Promise<{ status: number; ok: boolean; text: string }> {
  // An injected fetch (tests) brings its own transport; node-fetch gets the proxy-aware agents.
  const agents = opts.fetch ? undefined : new NetworkAgents(opts.network, { keepAlive: false });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 15000);
  const unreachable = (reason: string, cause: unknown): StsNetworkError =>
    new StsNetworkError(t('Could not reach STS at {0} to {1}: {2}', endpoint, opts.what, reason), cause);
  try {
    const init = { method: 'POST', headers, body, signal: controller.signal };
    const res = agents ? await post(agents, endpoint, init) : await opts.fetch!(endpoint, init);
    const proxyError = agents?.proxyAnswerError(endpoint, res.status);
    if (proxyError) throw unreachable(proxyError.message, proxyError);
    return { status: res.status, ok: res.ok, text: await res.text() };
  } catch (err) {
    if (err instanceof StsNetworkError) throw err;
    const explained = agents ? agents.explain(err, endpoint) : err;
    const reason = controller.signal.aborted
      ? 'timed out'
      : redactText(explained instanceof Error ? explained.message : String(explained), [opts.secret]);
    throw unreachable(reason, explained);
  } finally {
    clearTimeout(timer);
    agents?.destroy();
  }
}

/**
 * Calls STS AssumeRole and maps the answer to Credentials (with `expiration`).
 * Errors: StsError (STS answered with an error or an unusable body: code, message, requestId, status),
 * StsNetworkError (STS unreachable), CredentialConfigError (bad input; nothing sent).
 */
export async function assumeRole(input: AssumeRoleInput): Promise<AssumeRoleResult> {
  if (!input.accessKeyId || !input.accessKeySecret) throw new CredentialConfigError(t('AssumeRole needs a long-term AccessKeyId and AccessKeySecret'));
  validateAssumeRoleParams(input);
  const endpoint = stsEndpoint({ endpoint: input.endpoint });
  const params = buildAssumeRoleParams(input);
  const { status, ok, text } = await postForm(endpoint, { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, formBody(params), {
    fetch: input.fetch, timeoutMs: input.timeoutMs, secret: input.accessKeySecret, what: `assume role ${input.roleArn}`, network: input.network,
  });

  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  if (!ok) {
    if (body && str(body.Code)) {
      throw new StsError({
        code: str(body.Code)!,
        message: redactText(str(body.Message) ?? '', [input.accessKeySecret]),
        requestId: str(body.RequestId),
        hostId: str(body.HostId),
        status,
      });
    }
    const snippet = redactText(text.slice(0, 200), [input.accessKeySecret]).replace(/\s+/g, ' ');
    throw new StsError({ code: `HTTP${status}`, message: t('unexpected response from {0}: {1}', endpoint, snippet), status });
  }
  const c = body?.Credentials as Record<string, unknown> | undefined;
  const accessKeyId = str(c?.AccessKeyId);
  const accessKeySecret = str(c?.AccessKeySecret);
  const securityToken = str(c?.SecurityToken);
  const expirationText = str(c?.Expiration);
  const expiration = expirationText ? new Date(expirationText) : undefined;
  if (!accessKeyId || !accessKeySecret || !securityToken || !expiration || Number.isNaN(expiration.getTime())) {
    throw new StsError({
      code: 'InvalidResponse',
      message: t('the AssumeRole answer from {0} has no usable Credentials (AccessKeyId, AccessKeySecret, SecurityToken, Expiration)', endpoint),
      requestId: str(body?.RequestId),
      status,
    });
  }
  const user = body?.AssumedRoleUser as Record<string, unknown> | undefined;
  const result: AssumeRoleResult = {
    credentials: secureCredentials({ accessKeyId, accessKeySecret, securityToken, expiration }),
    requestId: str(body?.RequestId),
    assumedRoleUser: user ? { arn: str(user.Arn), assumedRoleId: str(user.AssumedRoleId) } : undefined,
  };
  return guardSecrets(result, () => ({
    credentials: describeCredentials(result.credentials),
    requestId: result.requestId,
    assumedRoleUser: result.assumedRoleUser,
  }));
}
