import * as vscode from 'vscode';
import type { ConnectionRecord } from '../connections/model';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';
import { resolveConnection } from './targets';

export async function renameConnection(deps: Deps, arg?: unknown): Promise<ConnectionRecord | undefined> {
  const title = vscode.l10n.t('Rename OSS Connection');
  const c = await resolveConnection(deps, arg, title);
  if (!c) return undefined;
  const others = new Set(deps.store.list().filter((x) => x.id !== c.id).map((x) => x.name.toLowerCase()));
  const name = await deps.prompter().showInputBox({
    title,
    prompt: vscode.l10n.t('New name'),
    value: c.name,
    validate: (v) =>
      !v.trim() ? vscode.l10n.t('Enter a name') : others.has(v.trim().toLowerCase()) ? vscode.l10n.t('A connection with this name exists') : undefined,
  });
  if (name === undefined || name === BACK || name.trim() === c.name) return undefined;
  return deps.store.rename(c.id, name.trim());
}
