/**
 * The network options every request of the extension uses, read from VS Code's settings:
 * http.proxy, http.noProxy, http.proxyStrictSSL, http.proxySupport ('off' = no proxy) and
 * http.proxyAuthorization, with HTTPS_PROXY / HTTP_PROXY / NO_PROXY as the fallback when no proxy
 * is set; the CAs are Node's, the system's and those of ossExplorer.extraCertificates.
 * docs/network.md has the rules.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import * as vscode from 'vscode';
import { proxyFromEnv, type NetworkOptions } from '../core/http';

/** Where Linux distributions keep the system's CA bundle (the first that exists is read). */
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/ssl/cert.pem'];
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

let systemCas: string[] | undefined;

/** The system's CAs: Node's own list of them where it has one, else the distribution's bundle file. */
function systemCertificates(): string[] {
  if (systemCas) return systemCas;
  const fromNode = (tls as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  if (fromNode) {
    try {
      systemCas = fromNode('system');
      return systemCas;
    } catch {
      /* older Node: read the bundle file */
    }
  }
  systemCas = [];
  for (const f of SYSTEM_BUNDLES) {
    try {
      systemCas = fs.readFileSync(f, 'utf8').match(PEM_BLOCK) ?? [];
      break;
    } catch {
      /* not on this system */
    }
  }
  return systemCas;
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** A setting names a file that is not a usable CA file. */
export class ExtraCertificateError extends Error {
  override readonly name = 'ExtraCertificateError';
}

/** The certificates of the ossExplorer.extraCertificates files; a bad entry throws ExtraCertificateError saying which and why. */
export function readExtraCertificates(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of paths) {
    const p = expandHome(raw.trim());
    if (!path.isAbsolute(p)) {
      throw new ExtraCertificateError(vscode.l10n.t('ossExplorer.extraCertificates: "{0}" is not an absolute path.', raw));
    }
    let text: string;
    try {
      text = fs.readFileSync(p, 'utf8');
    } catch (err) {
      const reason = (err as { code?: string }).code ?? String(err);
      throw new ExtraCertificateError(vscode.l10n.t('ossExplorer.extraCertificates: cannot read {0} ({1}).', p, reason));
    }
    const blocks = text.match(PEM_BLOCK);
    if (!blocks) throw new ExtraCertificateError(vscode.l10n.t('ossExplorer.extraCertificates: {0} holds no PEM certificate (-----BEGIN CERTIFICATE-----).', p));
    for (const b of blocks) {
      try {
        tls.createSecureContext({ ca: b });
      } catch (err) {
        throw new ExtraCertificateError(vscode.l10n.t('ossExplorer.extraCertificates: {0} holds a certificate that cannot be read ({1}).', p, err instanceof Error ? err.message : String(err)));
      }
    }
    out.push(...blocks);
  }
  return out;
}

/** The settings that change the network options (clients are rebuilt when one changes). */
export const NETWORK_SETTINGS = [
  'http.proxy', 'http.noProxy', 'http.proxyStrictSSL', 'http.proxySupport', 'http.proxyAuthorization', 'ossExplorer.extraCertificates',
] as const;

let current: NetworkOptions | undefined;

/**
 * The network options in force, read once and kept until {@link forgetNetworkOptions} (called when
 * one of NETWORK_SETTINGS changes). Throws ExtraCertificateError for a bad CA file.
 */
export function networkOptions(): NetworkOptions {
  return (current ??= readNetworkOptions());
}

export function forgetNetworkOptions(): void {
  current = undefined;
}

/** The network options from the current settings (and environment). Throws ExtraCertificateError for a bad CA file. */
export function readNetworkOptions(env: Record<string, string | undefined> = process.env): NetworkOptions {
  const http = vscode.workspace.getConfiguration('http');
  const support = http.get<string>('proxySupport', 'override');
  const strictSSL = http.get<boolean>('proxyStrictSSL', true) !== false;
  const extras = readExtraCertificates(vscode.workspace.getConfiguration('ossExplorer').get<string[]>('extraCertificates', []) ?? []);
  const ca = [...tls.rootCertificates, ...systemCertificates(), ...extras];
  const base: NetworkOptions = { strictSSL, ca, t: vscode.l10n.t };
  if (support === 'off') return base;
  const setProxy = (http.get<string>('proxy') ?? '').trim();
  const setNoProxy = (http.get<string[]>('noProxy') ?? []).filter((s) => typeof s === 'string');
  const fromEnv = proxyFromEnv(env);
  const proxy = setProxy || fromEnv.proxy;
  const noProxy = setNoProxy.length ? setNoProxy : fromEnv.noProxy;
  const auth = http.get<string | null>('proxyAuthorization');
  return {
    ...base,
    proxy: proxy || undefined,
    noProxy,
    proxyAuthorization: typeof auth === 'string' && auth ? auth : undefined,
    // No proxy named anywhere we can read: VS Code may still know one (system settings, PAC).
    hostProxyResolution: !proxy,
  };
}

/** True when a configuration change affects the network options. */
export function affectsNetwork(e: vscode.ConfigurationChangeEvent): boolean {
  return NETWORK_SETTINGS.some((s) => e.affectsConfiguration(s));
}
