/**
 * OSS: Show Versions… — an object's versions and delete markers (size, date, storage class) on a
 * versioned bucket; each offers Open (read-only), Compare with Current, Restore and Delete Version.
 */
import * as vscode from 'vscode';
import type { ObjectVersion } from '../core/client';
import { toOssUri, toReadonlyUri } from '../connections/ossUri';
import { formatBytes } from '../ui/format';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';
import { resolveObjects, type ObjectTarget } from './targets';

export const MAX_VERSIONS = 1000;

export interface VersionActionResult {
  versionId: string;
  action: 'open' | 'compare' | 'restore' | 'delete';
}

export function versionDescription(v: ObjectVersion): string {
  const when = v.lastModified?.toLocaleString() ?? '';
  if (v.deleteMarker) return vscode.l10n.t('delete marker · {0}', when);
  return [formatBytes(v.size), when, v.storageClass ?? ''].filter(Boolean).join(' · ');
}

export async function showVersions(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<VersionActionResult | undefined> {
  const title = vscode.l10n.t('Show Versions');
  const [t] = await resolveObjects(deps, arg0, Array.isArray(arg1) ? undefined : arg1, title);
  if (!t) return undefined;
  const { api } = await deps.factory.session(t.connectionId);
  const status = await api.getBucketVersioning(t.bucket);
  const versions = (await api.listObjectVersions(t.bucket, t.key, MAX_VERSIONS)).filter((v) => v.key === t.key);
  if (status === 'Off' || versions.length === 0) {
    void deps.prompter().showInformationMessage(
      status === 'Off' ? vscode.l10n.t('Versioning is off for bucket {0}: there are no older versions.', t.bucket) : vscode.l10n.t('{0} has no versions.', t.key),
      {},
    );
    return undefined;
  }
  const p = deps.prompter();
  const picked = await p.showQuickPick({
    title: `${title}: ${t.key}`,
    items: versions.map((v) => ({
      label: `${v.deleteMarker ? '$(trash)' : '$(versions)'} ${v.versionId}${v.isLatest ? ` ${vscode.l10n.t('(current)')}` : ''}`,
      description: versionDescription(v),
      version: v,
    })),
    matchOnDescription: true,
  });
  if (!picked || picked === BACK) return undefined;
  return versionAction(deps, t, picked.version);
}

async function versionAction(deps: Deps, t: ObjectTarget, v: ObjectVersion): Promise<VersionActionResult | undefined> {
  const { api } = await deps.factory.session(t.connectionId);
  const p = deps.prompter();
  type A = VersionActionResult['action'];
  const actions: (vscode.QuickPickItem & { action: A })[] = [];
  if (!v.deleteMarker) {
    actions.push(
      { label: `$(go-to-file) ${vscode.l10n.t('Open (read-only)')}`, action: 'open' },
      { label: `$(diff) ${vscode.l10n.t('Compare with Current')}`, action: 'compare' },
    );
    if (!v.isLatest) actions.push({ label: `$(history) ${vscode.l10n.t('Restore (copy over the current version)')}`, action: 'restore' });
  }
  actions.push({ label: `$(trash) ${vscode.l10n.t('Delete Version…')}`, action: 'delete' });
  const a = await p.showQuickPick({ title: `${t.key} · ${v.versionId}`, items: actions });
  if (!a || a === BACK) return undefined;
  const version = toReadonlyUri(t, { versionId: v.versionId });
  const name = t.key.slice(t.key.lastIndexOf('/') + 1);
  switch (a.action) {
    case 'open':
      await vscode.commands.executeCommand('vscode.open', version, { preview: true });
      break;
    case 'compare':
      await vscode.commands.executeCommand('vscode.diff', version, toReadonlyUri(t, { orEmpty: true }), vscode.l10n.t('{0} ({1}) ↔ {0} (current)', name, v.versionId));
      break;
    case 'restore':
      await api.restoreVersion(t.bucket, t.key, v.versionId);
      deps.files.changed(toOssUri(t));
      deps.tree.refreshLocation(t.connectionId, t.bucket, t.key);
      void p.showInformationMessage(vscode.l10n.t('Version {0} of {1} is the current version again.', v.versionId, t.key), {});
      break;
    case 'delete': {
      const del = vscode.l10n.t('Delete Version');
      const choice = await p.showWarningMessage(
        vscode.l10n.t('Delete version {0} of {1} for good?', v.versionId, t.key),
        { modal: true, detail: v.deleteMarker ? vscode.l10n.t('Removing a delete marker brings back the version before it.') : vscode.l10n.t('This version cannot be recovered.') },
        del,
      );
      if (choice !== del) return undefined;
      await api.deleteObjectVersion(t.bucket, t.key, v.versionId);
      deps.tree.refreshLocation(t.connectionId, t.bucket, t.key);
      break;
    }
  }
  return { versionId: v.versionId, action: a.action };
}
