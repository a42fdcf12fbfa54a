/**
 * OSS: Show Deleted Objects… — on a versioned bucket, the keys under a folder whose latest version
 * is a delete marker; Restore removes that marker, so the version before it is current again.
 */
import * as vscode from 'vscode';
import type { ObjectVersion } from '../core/client';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';
import { MAX_VERSIONS, versionDescription } from './showVersions';
import { resolveContainer } from './targets';

/** Keys whose latest entry is a delete marker, with that marker. */
export function deletedKeys(versions: readonly ObjectVersion[]): ObjectVersion[] {
  return versions.filter((v) => v.isLatest && v.deleteMarker);
}

export async function showDeleted(deps: Deps, arg?: unknown): Promise<string[] | undefined> {
  const title = vscode.l10n.t('Show Deleted Objects');
  const target = await resolveContainer(deps, arg, title);
  if (!target) return undefined;
  const { api } = await deps.factory.session(target.connectionId);
  const p = deps.prompter();
  if ((await api.getBucketVersioning(target.bucket)) === 'Off') {
    void p.showInformationMessage(vscode.l10n.t('Versioning is off for bucket {0}: deleted objects cannot be restored.', target.bucket), {});
    return undefined;
  }
  const markers = deletedKeys(await api.listObjectVersions(target.bucket, target.prefix, MAX_VERSIONS));
  if (markers.length === 0) {
    void p.showInformationMessage(vscode.l10n.t('No deleted objects in {0}.', `${target.bucket}/${target.prefix}`), {});
    return [];
  }
  const picked = await p.showQuickPick({
    title,
    placeholder: vscode.l10n.t('Choose a deleted object to restore'),
    items: markers.map((m) => ({ label: `$(trash) ${m.key.slice(target.prefix.length)}`, description: versionDescription(m), marker: m })),
  });
  if (!picked || picked === BACK) return undefined;
  const m = picked.marker;
  await api.deleteObjectVersion(target.bucket, m.key, m.versionId);
  deps.tree.refreshLocation(target.connectionId, target.bucket, m.key);
  void p.showInformationMessage(vscode.l10n.t('{0} is restored.', m.key), {});
  return [m.key];
}
