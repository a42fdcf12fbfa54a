import * as vscode from 'vscode';
import { confirm } from '../ui/prompter';
import type { Deps } from './deps';
import { resolveConnection } from './targets';

/** Removes the connection and deletes its secrets, after a modal confirmation. */
export async function removeConnection(deps: Deps, arg?: unknown): Promise<boolean> {
  const c = await resolveConnection(deps, arg, vscode.l10n.t('Remove OSS Connection'));
  if (!c) return false;
  const remove = vscode.l10n.t('Remove');
  const ok = await confirm(
    deps.prompter(),
    vscode.l10n.t('Remove the connection "{0}"?', c.name),
    remove,
    vscode.l10n.t('Its stored credentials are deleted from this machine. Objects in OSS are not touched.'),
  );
  if (!ok) return false;
  await deps.store.remove(c.id);
  deps.log.info(`Connection removed: ${c.name}`);
  return true;
}
