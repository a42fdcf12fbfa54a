import * as vscode from 'vscode';
import type { DeleteObjectsResult } from '../core/client';
import { isContainer } from '../tree/nodes/base';
import { confirm } from '../ui/prompter';
import { withCancellableProgress } from '../ui/progress';
import type { Deps } from './deps';
import { listAll } from './listing';
import { containerRefOf, objectRefOf, resolveObjects, selectedNodes } from './targets';

const SHOWN_KEYS = 10;

/** "a\nb\n…and 5 more" */
export function keyListDetail(keys: string[]): string {
  const shown = keys.slice(0, SHOWN_KEYS).join('\n');
  return keys.length > SHOWN_KEYS ? `${shown}\n${vscode.l10n.t('…and {0} more', keys.length - SHOWN_KEYS)}` : shown;
}

/** OSS: Delete — objects and folders (recursively), after a modal confirmation; batch API. */
export async function deleteObjects(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<DeleteObjectsResult | undefined> {
  const title = vscode.l10n.t('Delete');
  const nodes = selectedNodes(arg0, arg1);
  const groups = new Map<string, { connectionId: string; bucket: string; keys: Set<string> }>();
  const add = (connectionId: string, bucket: string, key: string): void => {
    const id = `${connectionId}\n${bucket}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { connectionId, bucket, keys: new Set() }));
    g.keys.add(key);
  };
  for (const n of nodes) {
    const o = objectRefOf(n);
    if (o) add(o.connectionId, o.bucket, o.key);
  }
  const folderNodes = nodes.filter((n) => n.kind === 'folder');
  if (nodes.length === 0) {
    for (const o of await resolveObjects(deps, arg0, arg1, title)) add(o.connectionId, o.bucket, o.key);
  }
  if (folderNodes.length > 0) {
    await withCancellableProgress(deps.prompter(), vscode.l10n.t('Listing folders…'), async ({ signal }) => {
      for (const f of folderNodes) {
        const c = containerRefOf(f);
        if (!c) continue;
        const { api } = await deps.factory.session(c.connectionId);
        add(c.connectionId, c.bucket, c.prefix);
        for (const o of await listAll(api, c.bucket, c.prefix, signal)) add(c.connectionId, c.bucket, o.key);
      }
    });
  }
  const allKeys = [...groups.values()].flatMap((g) => [...g.keys].map((k) => `${g.bucket}/${k}`));
  if (allKeys.length === 0) return undefined;
  const ok = await confirm(
    deps.prompter(),
    allKeys.length === 1 ? vscode.l10n.t('Delete {0}?', allKeys[0]) : vscode.l10n.t('Delete {0} objects?', allKeys.length),
    vscode.l10n.t('Delete'),
    `${keyListDetail(allKeys)}\n\n${vscode.l10n.t('This cannot be undone.')}`,
  );
  if (!ok) return undefined;
  const result: DeleteObjectsResult = { deleted: [], errors: [] };
  for (const g of groups.values()) {
    const { api } = await deps.factory.session(g.connectionId);
    const r = await api.deleteObjects(g.bucket, [...g.keys]);
    result.deleted.push(...r.deleted);
    result.errors.push(...r.errors);
  }
  deps.log.info(`Deleted ${result.deleted.length} object(s), ${result.errors.length} failed`);
  // Refresh the containers the nodes came from (or the locations, for palette use).
  const parents = new Set(nodes.map((n) => n.parent).filter((n) => n && isContainer(n)));
  if (parents.size > 0) parents.forEach((n) => deps.tree.refresh(n));
  else for (const g of groups.values()) for (const k of g.keys) deps.tree.refreshLocation(g.connectionId, g.bucket, k);
  if (result.errors.length > 0) {
    const first = result.errors[0];
    void deps
      .prompter()
      .showErrorMessage(
        vscode.l10n.t('{0} object(s) could not be deleted. First: {1}: {2} ({3})', result.errors.length, first.key, first.code, first.message),
        {},
      );
  } else {
    void deps.prompter().showInformationMessage(vscode.l10n.t('Deleted {0} object(s).', result.deleted.length), {});
  }
  return result;
}
