import * as vscode from 'vscode';
import type { ConnectionRecord } from '../connections/model';
import { connectionForm, splitForm } from './connectionWizard';
import type { Deps } from './deps';
import { resolveConnection } from './targets';

/** OSS: Edit Connection — the same form, pre-filled; empty secret fields keep the stored ones. */
export async function editConnection(deps: Deps, arg?: unknown): Promise<ConnectionRecord | undefined> {
  const title = vscode.l10n.t('Edit Connection');
  const existing = await resolveConnection(deps, arg, title);
  if (!existing) return undefined;
  const form = await connectionForm(deps.prompter, title, {
    existing,
    otherNames: deps.store.list().filter((c) => c.id !== existing.id).map((c) => c.name),
  });
  if (!form) return undefined;
  const { record, secrets } = splitForm(form);
  let merged = secrets;
  if (!merged && form.securityToken) {
    const stored = await deps.store.getSecrets(existing.id);
    if (stored) merged = { ...stored, securityToken: form.securityToken };
  }
  const updated = await deps.store.update(existing.id, record, merged);
  deps.log.info(`Connection edited: ${updated.name}`);
  return updated;
}
