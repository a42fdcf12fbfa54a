import * as vscode from 'vscode';
import { randomUUID } from 'crypto';
import { type ConnectionRecord, type ConnectionSecrets, secretKey } from './model';

const STATE_KEY = 'ossExplorer.connections';
export const HAS_CONNECTIONS_CONTEXT = 'ossExplorer.hasConnections';

/** Fired with the id of the connection that changed (added, updated, renamed or removed). */
export interface ConnectionChange {
  id: string;
  kind: 'added' | 'updated' | 'removed';
}

/**
 * Only these fields may be written to globalState; anything else is dropped. The compiler checks
 * the list against ConnectionRecord: a new field is an error until it is listed here, and a
 * secret's name (a key of ConnectionSecrets) can never be listed.
 */
const PUBLIC_FIELD_SET = {
  id: true, name: true, service: true, region: true, endpoint: true, pathStyle: true, authType: true, accessKeyId: true, stsExpiration: true,
  roleArn: true, roleSessionName: true, durationSeconds: true, customDomain: true, pinnedBucket: true,
  pinnedPrefix: true, sharedAccess: true, requestsViaCustomDomain: true, signatureVersion: true, stsEndpoint: true, readOnly: true,
} as const satisfies Record<keyof Omit<ConnectionRecord, keyof ConnectionSecrets>, true>;
const PUBLIC_FIELDS = Object.keys(PUBLIC_FIELD_SET) as (keyof typeof PUBLIC_FIELD_SET)[];

function publicPart(c: ConnectionRecord): ConnectionRecord {
  const out: Record<string, unknown> = {};
  for (const f of PUBLIC_FIELDS) {
    if (c[f] !== undefined && c[f] !== '') out[f] = c[f];
  }
  return out as unknown as ConnectionRecord;
}

/**
 * Connection records in globalState, their secrets in SecretStorage keyed by connection id.
 * Nothing secret is ever written to globalState or settings.
 */
export class ConnectionStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ConnectionChange>();
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  list(): ConnectionRecord[] {
    const raw = this.state.get<ConnectionRecord[]>(STATE_KEY, []);
    return Array.isArray(raw) ? raw.map((c) => ({ ...c })) : [];
  }

  get(id: string): ConnectionRecord | undefined {
    return this.list().find((c) => c.id === id);
  }

  /** Sets the `ossExplorer.hasConnections` context key (drives the welcome view). */
  async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', HAS_CONNECTIONS_CONTEXT, this.list().length > 0);
  }

  private async save(list: ConnectionRecord[]): Promise<void> {
    await this.state.update(STATE_KEY, list.map(publicPart));
    await this.updateContext();
  }

  async add(record: Omit<ConnectionRecord, 'id'> & { id?: string }, secrets: ConnectionSecrets): Promise<ConnectionRecord> {
    const c: ConnectionRecord = publicPart({ ...record, id: record.id ?? randomUUID() });
    await this.secrets.store(secretKey(c.id), JSON.stringify(secrets));
    await this.save([...this.list().filter((x) => x.id !== c.id), c]);
    this.emitter.fire({ id: c.id, kind: 'added' });
    return c;
  }

  /** Replaces the record's fields (the id stays); when `secrets` is given they replace the stored ones. */
  async update(id: string, changes: Partial<Omit<ConnectionRecord, 'id'>>, secrets?: ConnectionSecrets): Promise<ConnectionRecord> {
    const list = this.list();
    const i = list.findIndex((c) => c.id === id);
    if (i < 0) throw new Error(vscode.l10n.t('The connection no longer exists.'));
    const merged = { ...list[i], ...changes, id };
    // Explicit `undefined` in changes clears the field.
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete (merged as unknown as Record<string, unknown>)[k];
    }
    list[i] = publicPart(merged);
    if (secrets) await this.secrets.store(secretKey(id), JSON.stringify(secrets));
    await this.save(list);
    this.emitter.fire({ id, kind: 'updated' });
    return list[i];
  }

  async rename(id: string, name: string): Promise<ConnectionRecord> {
    return this.update(id, { name });
  }

  /** Removes the record and deletes its secrets. */
  async remove(id: string): Promise<void> {
    await this.secrets.delete(secretKey(id));
    await this.save(this.list().filter((c) => c.id !== id));
    this.emitter.fire({ id, kind: 'removed' });
  }

  async getSecrets(id: string): Promise<ConnectionSecrets | undefined> {
    const raw = await this.secrets.get(secretKey(id));
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<ConnectionSecrets>;
      if (typeof parsed.accessKeySecret !== 'string') return undefined;
      return { accessKeySecret: parsed.accessKeySecret, securityToken: parsed.securityToken };
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
