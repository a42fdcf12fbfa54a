import * as vscode from 'vscode';
import { CredentialError, type CredentialProvider } from '../core/credentials';
import type { RequestLog } from '../core/client';
import type { SignatureVersion } from '../core/signer';
import type { NetworkOptions } from '../core/http';
import { type Capabilities, capabilitiesOf } from './capabilities';
import { type ConnectionRecord, type ConnectionService, customDomainRequestsProblem, requestAddressing, serviceOf } from './model';
import type { OssApi, UploadEnvironment } from './ossApi';
import type { ConnectionStore } from './store';

export interface ClientSettings {
  signatureVersion: SignatureVersion;
  timeoutMs: number;
  /** Proxy, certificate checking and CAs (src/connections/network.ts). */
  network: NetworkOptions;
}

/** A connection turned into something that can talk to OSS (or an S3-compatible store). */
export interface Session {
  readonly connection: ConnectionRecord;
  readonly service: ConnectionService;
  /** What the service can do beyond OssApi; commands ask these, never the service. */
  readonly capabilities: Readonly<Capabilities>;
  readonly provider: CredentialProvider;
  readonly api: OssApi;
  /** Where requests go: the endpoint, or the custom domain when `cname` is true. */
  readonly endpoint: string;
  /** Requests use CNAME addressing (the connection sends them through its custom domain). */
  readonly cname: boolean;
  readonly signatureVersion: SignatureVersion;
  /** S3: /bucket/key addressing (links too). */
  readonly pathStyle: boolean;
}

/** A connection without stored secrets: a core CredentialError, so isCredentialError() offers "Update Credentials". */
export class MissingSecretsError extends CredentialError {
  constructor(name: string) {
    super(vscode.l10n.t('No stored credentials for connection "{0}". Use "Update Credentials".', name), 'MissingCredentials');
    this.name = 'MissingSecretsError';
  }
}

/**
 * Turns connections into credential providers and clients, cached per connection and dropped when
 * the connection or the relevant settings change.
 */
export class ClientFactory implements vscode.Disposable {
  private readonly sessions = new Map<string, Promise<Session>>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: ConnectionStore,
    private readonly settings: () => ClientSettings,
    private readonly onRequest: (r: RequestLog) => void,
    /** Makes uploads resumable and records orphaned uploads (see UploadState). */
    private readonly uploads?: UploadEnvironment,
  ) {
    this.subscription = store.onDidChange((e) => this.invalidate(e.id));
  }

  async session(connectionId: string): Promise<Session> {
    let s = this.sessions.get(connectionId);
    if (!s) {
      s = this.create(connectionId);
      this.sessions.set(connectionId, s);
      s.catch(() => {
        if (this.sessions.get(connectionId) === s) this.sessions.delete(connectionId);
      });
    }
    return s;
  }

  private async create(connectionId: string): Promise<Session> {
    const connection = this.store.get(connectionId);
    if (!connection) throw new Error(vscode.l10n.t('The connection no longer exists.'));
    const secrets = await this.store.getSecrets(connectionId);
    if (!secrets) throw new MissingSecretsError(connection.name);
    const problem = customDomainRequestsProblem(connection, vscode.l10n.t);
    if (problem) throw new Error(vscode.l10n.t('Connection "{0}": {1}', connection.name, problem));
    // The client, the signer and the XML parser load with the first session, not at activation.
    const { createApi, createProvider } = await import('./coreAdapter.js');
    const cfg = this.settings();
    const provider = createProvider(connection, secrets, cfg.network);
    const { endpoint, cname } = requestAddressing(connection);
    const service = serviceOf(connection);
    const capabilities = capabilitiesOf(connection);
    if (service === 's3') {
      const pathStyle = !!connection.pathStyle;
      // Lazy: the S3 client is not evaluated at activation, only when an S3 connection is used.
      const { createS3Api } = await import('./s3Adapter.js');
      const api = createS3Api({
        endpoint, region: connection.region, credentials: provider, pathStyle, timeoutMs: cfg.timeoutMs, onRequest: this.onRequest, network: cfg.network,
      }, connectionId, this.uploads);
      return { connection, service, capabilities, provider, api, endpoint, cname: false, signatureVersion: 'aws4', pathStyle };
    }
    const signatureVersion = connection.signatureVersion ?? cfg.signatureVersion;
    const api = createApi({
      endpoint,
      cname,
      region: connection.region,
      credentials: provider,
      signatureVersion,
      timeoutMs: cfg.timeoutMs,
      onRequest: this.onRequest,
      network: cfg.network,
    }, connectionId, this.uploads);
    return { connection, service, capabilities, provider, api, endpoint, cname, signatureVersion, pathStyle: false };
  }

  /** The network options of requests made outside a session (signed links). */
  network(): NetworkOptions {
    return this.settings().network;
  }

  /** Drops cached clients (one connection, or all when no id is given). */
  invalidate(connectionId?: string): void {
    const ids = connectionId ? [connectionId] : [...this.sessions.keys()];
    for (const id of ids) {
      const s = this.sessions.get(id);
      this.sessions.delete(id);
      void s?.then((x) => x.api.dispose(), () => undefined);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.invalidate();
  }
}
