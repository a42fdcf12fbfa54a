/**
 * Where a command acts: taken from the tree node(s) it was invoked on, or asked for with pickers
 * (connection → bucket → folder/object) when run from the palette.
 */
import * as vscode from 'vscode';
import type { ObjectRef } from '../connections/ossUri';
import type { ConnectionRecord } from '../connections/model';
import { type Capabilities, capabilitiesOf } from '../connections/capabilities';
import { isContainer, isObjectNode, isOssNode, type OssNode } from '../tree/nodes/base';
import { BACK } from '../ui/prompter';
import { formatBytes } from '../ui/format';
import type { Deps } from './deps';

export interface ContainerRef {
  connectionId: string;
  bucket: string;
  /** '' or ending with '/'. */
  prefix: string;
}

export interface ObjectTarget extends ObjectRef {
  size?: number;
}

export const isNode = isOssNode;

function isObjectRef(x: unknown): x is ObjectRef {
  const r = x as Partial<ObjectRef> | undefined;
  return !!r && typeof r === 'object' && typeof r.connectionId === 'string' && typeof r.bucket === 'string' && typeof r.key === 'string';
}

function isContainerRef(x: unknown): x is ContainerRef {
  const r = x as Partial<ContainerRef> | undefined;
  return !!r && typeof r === 'object' && typeof r.connectionId === 'string' && typeof r.bucket === 'string' && typeof r.prefix === 'string';
}

/**
 * The nodes a tree command was invoked on: VS Code passes (clicked, selected[]) for multi-select.
 * The clicked node is included even when it is not part of the selection.
 */
export function selectedNodes(arg0: unknown, arg1: unknown): OssNode[] {
  const sel = Array.isArray(arg1) ? arg1.filter(isNode) : [];
  if (isNode(arg0)) {
    if (sel.length > 0 && sel.some((n) => n.id === arg0.id)) return sel;
    return [arg0];
  }
  return sel;
}

export function connectionIdOf(node: OssNode | undefined): string | undefined {
  for (let n: OssNode | undefined = node; n; n = n.parent) {
    if (n.kind !== 'loadMore' && n.kind !== 'message') return n.connectionId;
  }
  return undefined;
}

export function objectRefOf(n: OssNode): ObjectTarget | undefined {
  if (!isObjectNode(n)) return undefined;
  return { connectionId: n.connectionId, bucket: n.bucket, key: n.key, size: n.info.size };
}

export function containerRefOf(n: OssNode): ContainerRef | undefined {
  if (!isContainer(n)) return undefined;
  return { connectionId: n.connectionId, bucket: n.bucket, prefix: n.prefix };
}

/** Objects from nodes / refs; undefined when the argument is not about objects. */
export function objectTargetsFrom(arg0: unknown, arg1: unknown): ObjectTarget[] {
  if (isObjectRef(arg0)) return [arg0];
  return selectedNodes(arg0, arg1)
    .map(objectRefOf)
    .filter((x): x is ObjectTarget => !!x);
}

export function containerTargetFrom(arg0: unknown): ContainerRef | undefined {
  if (isNode(arg0)) return containerRefOf(arg0);
  if (isContainerRef(arg0)) return arg0;
  return undefined;
}

// ------------------------------------------------------------------ pickers

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

/** Asks for a connection (skipped when there is exactly one). */
export async function pickConnection(deps: Deps, title: string): Promise<ConnectionRecord | undefined> {
  const list = deps.store.list();
  if (list.length === 0) {
    const add = vscode.l10n.t('Add Connection');
    void deps
      .prompter()
      .showInformationMessage(vscode.l10n.t('There is no OSS connection yet.'), {}, add)
      .then((c) => (c === add ? vscode.commands.executeCommand('ossExplorer.addConnection') : undefined));
    return undefined;
  }
  if (list.length === 1) return list[0];
  const items: Item<ConnectionRecord>[] = list.map((c) => ({
    label: `$(plug) ${c.name}`,
    description: c.region,
    detail: c.pinnedBucket ? `${c.pinnedBucket}/${c.pinnedPrefix ?? ''}` : undefined,
    value: c,
  }));
  const r = await deps.prompter().showQuickPick({ title, placeholder: vscode.l10n.t('Choose a connection'), items });
  return r && r !== BACK ? r.value : undefined;
}

/** A connection from a node (walking up), or asked for. */
export async function resolveConnection(deps: Deps, arg: unknown, title: string): Promise<ConnectionRecord | undefined> {
  const id = isNode(arg) ? connectionIdOf(arg) : typeof arg === 'string' ? arg : undefined;
  if (id) {
    const c = deps.store.get(id);
    if (c) return c;
  }
  return pickConnection(deps, title);
}

/** Asks for a bucket of the connection (the pinned bucket is taken without asking). */
export async function pickBucket(deps: Deps, connection: ConnectionRecord, title: string): Promise<string | undefined> {
  if (connection.pinnedBucket) return connection.pinnedBucket;
  const { api } = await deps.factory.session(connection.id);
  const buckets = await api.listBuckets();
  if (buckets.length === 0) {
    void deps.prompter().showInformationMessage(vscode.l10n.t('The connection "{0}" has no buckets.', connection.name), {});
    return undefined;
  }
  const items: Item<string>[] = buckets.map((b) => ({ label: `$(database) ${b.name}`, description: b.region, value: b.name }));
  const r = await deps.prompter().showQuickPick({ title, placeholder: vscode.l10n.t('Choose a bucket'), items });
  return r && r !== BACK ? r.value : undefined;
}

type BrowseValue = { kind: 'here' } | { kind: 'up' } | { kind: 'folder'; prefix: string } | { kind: 'object'; key: string; size: number };

async function browse(
  deps: Deps,
  connection: ConnectionRecord,
  bucket: string,
  start: string,
  wantObject: boolean,
  title: string,
): Promise<{ prefix: string } | { key: string; size: number } | undefined> {
  const { api } = await deps.factory.session(connection.id);
  const root = connection.pinnedBucket === bucket ? (connection.pinnedPrefix ?? '') : '';
  let prefix = start.startsWith(root) ? start : root;
  for (;;) {
    const page = await api.listObjects({ bucket, prefix, delimiter: '/', maxKeys: 1000 });
    const items: Item<BrowseValue>[] = [];
    if (!wantObject) {
      items.push({
        label: `$(check) ${vscode.l10n.t('Here: {0}', `${bucket}/${prefix}`)}`,
        value: { kind: 'here' },
      });
    }
    if (prefix !== root) items.push({ label: '$(arrow-up) ..', value: { kind: 'up' } });
    for (const p of page.prefixes) {
      items.push({ label: `$(folder) ${p.slice(prefix.length)}`, value: { kind: 'folder', prefix: p } });
    }
    if (wantObject) {
      for (const o of page.objects) {
        if (o.key === prefix) continue;
        items.push({ label: `$(file) ${o.key.slice(prefix.length)}`, description: formatBytes(o.size), value: { kind: 'object', key: o.key, size: o.size } });
      }
    }
    const placeholder = wantObject
      ? vscode.l10n.t('Choose an object in {0}', `${bucket}/${prefix}`)
      : vscode.l10n.t('Choose a folder in {0}', `${bucket}/${prefix}`);
    const r = await deps.prompter().showQuickPick({ title, placeholder, items });
    if (!r || r === BACK) return undefined;
    const v = r.value;
    if (v.kind === 'here') return { prefix };
    if (v.kind === 'object') return { key: v.key, size: v.size };
    if (v.kind === 'folder') prefix = v.prefix;
    else {
      const trimmed = prefix.slice(0, -1);
      prefix = trimmed.includes('/') ? trimmed.slice(0, trimmed.lastIndexOf('/') + 1) : '';
      if (!prefix.startsWith(root)) prefix = root;
    }
  }
}

export async function pickFolder(deps: Deps, connection: ConnectionRecord, bucket: string, title: string, start = ''): Promise<string | undefined> {
  const r = await browse(deps, connection, bucket, start, false, title);
  return r && 'prefix' in r ? r.prefix : undefined;
}

/** A bucket/folder from the node, or connection → bucket → folder asked for. */
export async function resolveContainer(deps: Deps, arg: unknown, title: string): Promise<ContainerRef | undefined> {
  const direct = containerTargetFrom(arg);
  if (direct) return direct;
  const connection = await resolveConnection(deps, arg, title);
  if (!connection) return undefined;
  const bucket = await pickBucket(deps, connection, title);
  if (!bucket) return undefined;
  const prefix = await pickFolder(deps, connection, bucket, title, connection.pinnedPrefix ?? '');
  if (prefix === undefined) return undefined;
  return { connectionId: connection.id, bucket, prefix };
}

/** Objects from the node(s), or one object asked for (connection → bucket → browse). */
export async function resolveObjects(deps: Deps, arg0: unknown, arg1: unknown, title: string): Promise<ObjectTarget[]> {
  const direct = objectTargetsFrom(arg0, arg1);
  if (direct.length > 0) return direct;
  const connection = await resolveConnection(deps, isNode(arg0) ? arg0 : undefined, title);
  if (!connection) return [];
  const container = isNode(arg0) ? containerRefOf(arg0) : undefined;
  const bucket = container?.bucket ?? (await pickBucket(deps, connection, title));
  if (!bucket) return [];
  const r = await browse(deps, connection, bucket, container?.prefix ?? connection.pinnedPrefix ?? '', true, title);
  return r && 'key' in r ? [{ connectionId: connection.id, bucket, key: r.key, size: r.size }] : [];
}

/**
 * Refuses, saying why, when the connection's service lacks a capability the command needs (the
 * tree hides such menus; this catches the palette and keybindings).
 */
export function requireCapability(deps: Deps, connectionId: string, capability: keyof Capabilities, title: string): void {
  const c = deps.store.get(connectionId);
  if (c && !capabilitiesOf(c)[capability]) {
    throw new Error(vscode.l10n.t('{0} is not available on connection "{1}": it is an Alibaba Cloud OSS feature that S3-compatible stores do not have.', title, c.name));
  }
}
