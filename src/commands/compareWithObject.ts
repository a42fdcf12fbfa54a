import * as vscode from 'vscode';
import { toReadonlyUri } from '../connections/ossUri';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';
import { resolveObjects } from './targets';

/**
 * OSS: Compare with… — VS Code's diff editor: another object of the same bucket (asked by key)
 * against this one, both read-only.
 */
export async function compareWithObject(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<string | undefined> {
  const title = vscode.l10n.t('Compare with Object');
  const [t] = await resolveObjects(deps, arg0, Array.isArray(arg1) ? undefined : arg1, title);
  if (!t) return undefined;
  const { api } = await deps.factory.session(t.connectionId);
  const slash = t.key.lastIndexOf('/');
  const other = await deps.prompter().showInputBox({
    title,
    prompt: vscode.l10n.t('Key of the object in {0} to compare {1} with', t.bucket, t.key),
    value: t.key,
    valueSelection: [slash + 1, t.key.length],
    validate: (v) => (v.trim() === t.key ? vscode.l10n.t('Choose another object') : api.keyProblem(v.trim())),
  });
  if (other === undefined || other === BACK) return undefined;
  const key = other.trim();
  if (!(await api.objectExists(t.bucket, key))) throw new Error(vscode.l10n.t('{0} does not exist in {1}.', key, t.bucket));
  await vscode.commands.executeCommand('vscode.diff', toReadonlyUri({ ...t, key }), toReadonlyUri(t), vscode.l10n.t('{0} ↔ {1}', key, t.key));
  return key;
}
