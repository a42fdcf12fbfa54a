import * as vscode from 'vscode';
import { toReadonlyUri } from '../connections/ossUri';
import type { Deps } from './deps';
import { resolveObjects } from './targets';

/** OSS: Compare with Local File… — VS Code's diff editor: the object (read-only) against a chosen file. */
export async function compareWithLocal(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<vscode.Uri | undefined> {
  const title = vscode.l10n.t('Compare with Local File');
  const [t] = await resolveObjects(deps, arg0, Array.isArray(arg1) ? undefined : arg1, title);
  if (!t) return undefined;
  const picked = await deps.prompter().showOpenDialog({ title, canSelectFiles: true, canSelectFolders: false, canSelectMany: false, openLabel: vscode.l10n.t('Compare') });
  const local = picked?.[0];
  if (!local) return undefined;
  const name = t.key.slice(t.key.lastIndexOf('/') + 1);
  const localName = local.path.slice(local.path.lastIndexOf('/') + 1);
  await vscode.commands.executeCommand('vscode.diff', toReadonlyUri(t), local, vscode.l10n.t('{0} (OSS) ↔ {1} (local)', name, localName));
  return local;
}
