import * as vscode from 'vscode';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';
import { folderNameProblem } from './newFolder';
import { openObject, type OpenOutcome } from './openObject';
import { resolveContainer } from './targets';

/**
 * OSS: New File… on a bucket or folder: asks for the name, creates an empty object (never over an
 * existing one) and opens it for editing. Returns the key and how it opened.
 */
export async function newFile(deps: Deps, arg?: unknown): Promise<{ key: string; created: boolean; opened: OpenOutcome } | undefined> {
  const title = vscode.l10n.t('New File');
  const target = await resolveContainer(deps, arg, title);
  if (!target) return undefined;
  const { api } = await deps.factory.session(target.connectionId);
  const name = await deps.prompter().showInputBox({
    title,
    prompt: vscode.l10n.t('File name in {0}', `${target.bucket}/${target.prefix}`),
    validate: (v) => (v.trim().endsWith('/') ? vscode.l10n.t('A file name must not end with /') : undefined) ?? folderNameProblem(v) ?? api.keyProblem(`${target.prefix}${v.trim()}`),
  });
  if (name === undefined || name === BACK) return undefined;
  const key = `${target.prefix}${name.trim()}`;
  let created = true;
  if (await api.objectExists(target.bucket, key)) {
    created = false;
    void deps.prompter().showInformationMessage(vscode.l10n.t('{0} exists already: opening it.', key), {});
  } else {
    await api.putObject(target.bucket, key, new Uint8Array(), { forbidOverwrite: true });
    deps.log.info(`File created: ${target.bucket}/${key}`);
    deps.tree.refreshLocation(target.connectionId, target.bucket, key);
  }
  const opened = await openObject(deps, { connectionId: target.connectionId, bucket: target.bucket, key, size: created ? 0 : undefined });
  return { key, created, opened };
}
