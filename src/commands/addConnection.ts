import * as vscode from 'vscode';
import type { ConnectionRecord } from '../connections/model';
import { connectionForm, splitForm } from './connectionWizard';
import type { Deps } from './deps';

/** OSS: Add Connection — the multi-step form; secrets go to SecretStorage only. */
export async function addConnection(deps: Deps): Promise<ConnectionRecord | undefined> {
  const form = await connectionForm(deps.prompter, vscode.l10n.t('Add Connection'), {
    otherNames: deps.store.list().map((c) => c.name),
  });
  if (!form) return undefined;
  const { record, secrets } = splitForm(form);
  if (!secrets) return undefined;
  const c = await deps.store.add(record, secrets);
  deps.log.info(`Connection added: ${c.name} (${c.authType}, ${c.region})`);
  const test = vscode.l10n.t('Test Connection');
  void deps
    .prompter()
    .showInformationMessage(vscode.l10n.t('Connection "{0}" added.', c.name), {}, test)
    .then((choice) => (choice === test ? vscode.commands.executeCommand('ossExplorer.testConnection', c.id) : undefined));
  return c;
}
