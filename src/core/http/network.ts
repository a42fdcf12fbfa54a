/**
 * Network options shared by every request core makes (the OSS and S3 transport, signed-link
 * transfers, STS): the proxy, the hosts that bypass it, certificate checking and the trusted CAs.
 * The agents that carry them out are in proxyAgents.ts; docs/network.md describes the rules.
 */
import { OssExplorerError } from '../errorBase';
import { fillPlaceholders, type Translate } from '../translate';

export interface NetworkOptions {
  /** `http://[user:password@]host:port` (or `https://…` for a TLS proxy); undefined or '' = direct. */
  proxy?: string;
  /**
   * Hosts that bypass the proxy: `host`, `.suffix` / `*.suffix` (the domain and its subdomains),
   * `host:port`, an IP, an IPv4 CIDR (`10.0.0.0/8`), or `*` (everything). localhost and
   * 127.0.0.1 are NOT bypassed unless listed.
   */
  noProxy?: readonly string[];
  /** Verify server (and TLS proxy) certificates; default true. */
  strictSSL?: boolean;
  /** Trusted CA certificates (PEM text). When given they replace Node's default list, so callers pass the whole list. */
  ca?: readonly string[];
  /** A Proxy-Authorization value; default Basic from the proxy URL's user and password. */
  proxyAuthorization?: string;
  /**
   * With no `proxy`: hand requests to node's http.request / https.request instead of building
   * them directly, so a host that patches those (VS Code's extension host) can apply the
   * system's proxy or a PAC script. `ca` and `strictSSL` then travel with each request.
   */
  hostProxyResolution?: boolean;
  /** Translates the network error messages (vscode.l10n.t); default English. */
  t?: Translate;
}

/** The proxy to use for one target, or undefined for a direct connection. */
export interface ProxyChoice {
  url: URL;
  /** The proxy as shown in messages: scheme, host and port, never the user or password. */
  display: string;
  authorization?: string;
}

/** A proxy setting that is not a usable URL. */
export class ProxyConfigError extends OssExplorerError {
  override readonly name = 'ProxyConfigError';
  constructor(message: string) {
    super(message, 'ProxyConfig');
  }
}

/** The proxy refused the request: it wants (other) credentials (HTTP 407). */
export class ProxyAuthError extends OssExplorerError {
  override readonly name = 'ProxyAuthError';
  constructor(message: string, readonly proxy: string) {
    super(message, 'ProxyAuthenticationRequired');
  }
}

/** The proxy could not be reached or would not open the tunnel. */
export class ProxyConnectError extends OssExplorerError {
  override readonly name = 'ProxyConnectError';
  constructor(message: string, readonly proxy: string, cause?: unknown) {
    super(message, 'ProxyError', cause === undefined ? undefined : { cause });
  }
}

/** The server's certificate was not accepted (unknown CA, self-signed, wrong name, expired). */
export class CertificateError extends OssExplorerError {
  override readonly name = 'CertificateError';
  constructor(message: string, readonly host: string, readonly reason: string, cause?: unknown) {
    super(message, 'CertificateError', cause === undefined ? undefined : { cause });
  }
}

/** Parses a proxy setting; a bare `host:port` means `http://host:port`. Throws ProxyConfigError. */
export function parseProxyUrl(value: string, t: Translate = fillPlaceholders): URL {
  const v = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `http://${v}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new ProxyConfigError(t('The proxy setting "{0}" is not a URL such as http://proxy.example.com:8080.', hideUserInfo(v)));
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ProxyConfigError(t('The proxy "{0}" uses {1}; only http:// and https:// proxies are supported.', displayProxy(u), u.protocol));
  }
  if (!u.hostname) throw new ProxyConfigError(t('The proxy setting "{0}" names no host.', hideUserInfo(v)));
  return u;
}

function hideUserInfo(v: string): string {
  return v.replace(/\/\/[^@/]*@/, '//');
}

/** scheme://host:port of a proxy, without user or password. */
export function displayProxy(u: URL): string {
  return `${u.protocol}//${u.host}`;
}

function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80;
}

function ipv4ToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function matchesCidr(host: string, rule: string): boolean {
  const [net, bitsText] = rule.split('/');
  const bits = Number(bitsText);
  const a = ipv4ToInt(host);
  const b = ipv4ToInt(net);
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

/** True when `host:port` is covered by one of the noProxy rules (see NetworkOptions.noProxy). */
export function bypassesProxy(hostname: string, port: number, noProxy: readonly string[] | undefined): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  for (const raw of noProxy ?? []) {
    let rule = raw.trim().toLowerCase();
    if (!rule) continue;
    if (rule === '*') return true;
    if (rule.includes('/')) {
      if (matchesCidr(host, rule)) return true;
      continue;
    }
    let rulePort: number | undefined;
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rule);
    if (bracket) {
      rule = bracket[1];
      rulePort = bracket[2] ? Number(bracket[2]) : undefined;
    } else {
      const m = /^([^:]+):(\d+)$/.exec(rule);
      if (m) {
        rule = m[1];
        rulePort = Number(m[2]);
      }
    }
    if (rulePort !== undefined && rulePort !== port) continue;
    if (rule.startsWith('*.')) rule = rule.slice(1);
    if (rule.startsWith('.')) {
      if (host === rule.slice(1) || host.endsWith(rule)) return true;
    } else if (host === rule || host.endsWith(`.${rule}`)) {
      return true;
    }
  }
  return false;
}

/** Basic credentials from the proxy URL's user info, if it has any. */
function basicFromUrl(u: URL): string | undefined {
  if (!u.username && !u.password) return undefined;
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

/** The proxy for a target URL under these options, or undefined to connect directly. */
export function proxyFor(target: URL | string, o: NetworkOptions): ProxyChoice | undefined {
  if (!o.proxy || !o.proxy.trim()) return undefined;
  const u = typeof target === 'string' ? new URL(target) : target;
  const port = u.port ? Number(u.port) : defaultPort(u.protocol);
  if (bypassesProxy(u.hostname, port, o.noProxy)) return undefined;
  const url = parseProxyUrl(o.proxy, o.t);
  return { url, display: displayProxy(url), authorization: o.proxyAuthorization ?? basicFromUrl(url) };
}

/** Splits a NO_PROXY-style list (commas or white space). */
export function splitNoProxy(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

/**
 * The proxy named by the environment (HTTPS_PROXY, then HTTP_PROXY, any case) and NO_PROXY;
 * used only when no proxy is configured.
 */
export function proxyFromEnv(env: Record<string, string | undefined>): { proxy?: string; noProxy: string[] } {
  const get = (name: string): string | undefined => env[name] ?? env[name.toLowerCase()];
  const proxy = get('HTTPS_PROXY') || get('HTTP_PROXY') || undefined;
  return { proxy, noProxy: splitNoProxy(get('NO_PROXY')) };
}

/** Codes of Node's TLS errors that mean the certificate was not accepted. */
const CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH',
  'INVALID_CA', 'PATH_LENGTH_EXCEEDED', 'CERT_CHAIN_TOO_LONG',
]);

function codeOf(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string' && CERT_CODES.has(e.code)) return e.code;
  }
  return undefined;
}

/** A certificate failure for `host` as a CertificateError that says what to do, or undefined for other errors. */
export function certificateProblem(err: unknown, host: string, t: Translate = fillPlaceholders): CertificateError | undefined {
  if (err instanceof CertificateError) return err;
  const code = codeOf(err);
  if (!code) return undefined;
  const message = code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH'
    ? t('The certificate of {0} is for another host name ({1}). Check the endpoint; turning off http.proxyStrictSSL skips this check (not recommended).', host, code)
    : t(
      'The certificate of {0} is not trusted ({1}). If your network uses its own certificate authority, add its PEM file to the setting ossExplorer.extraCertificates; turning off http.proxyStrictSSL skips the check (not recommended).',
      host,
      code,
    );
  return new CertificateError(message, host, code, err);
}

/** The error for a 407 answer of the proxy. */
export function proxyAuthRequired(proxy: ProxyChoice, t: Translate = fillPlaceholders): ProxyAuthError {
  const message = proxy.authorization
    ? t('The proxy at {0} refused the credentials it was given (407 Proxy Authentication Required). Check the user and password in http.proxy (or http.proxyAuthorization).', proxy.display)
    : t('The proxy at {0} wants authentication (407 Proxy Authentication Required). Put the user and password in http.proxy (http://user:password@host:port) or set http.proxyAuthorization.', proxy.display);
  return new ProxyAuthError(message, proxy.display);
}

/** The error for a proxy that is unreachable or answered CONNECT with another failure. */
export function proxyFailed(proxy: ProxyChoice, target: string, detail: string, t: Translate = fillPlaceholders, cause?: unknown): ProxyConnectError {
  return new ProxyConnectError(t('The proxy at {0} could not connect to {1}: {2}', proxy.display, target, detail), proxy.display, cause);
}

/** The error for a proxy that could not be reached at all (refused, unknown host, no route). */
export function proxyUnreachable(proxy: ProxyChoice, target: string, detail: string, t: Translate = fillPlaceholders, cause?: unknown): ProxyConnectError {
  return new ProxyConnectError(t('Could not reach the proxy at {0} (for {1}): {2}. Check http.proxy or the HTTPS_PROXY / HTTP_PROXY variables.', proxy.display, target, detail), proxy.display, cause);
}

/** Socket error codes that mean the connection was never made. */
export const CONNECT_FAILURES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** True for the errors of this module, which are final (retrying cannot help). */
export function isNetworkSetupError(err: unknown): boolean {
  return err instanceof ProxyAuthError || err instanceof ProxyConfigError || err instanceof CertificateError || err instanceof ProxyConnectError;
}
