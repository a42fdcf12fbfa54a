import * as vscode from 'vscode';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';
import { isNode, resolveContainer } from './targets';

/** Validates a folder name (may contain '/' for nested folders). */
export function folderNameProblem(name: string): string | undefined {
  const n = name.trim().replace(/\/+$/, '');
  if (!n) return vscode.l10n.t('Enter a folder name');
  if (n.startsWith('/')) return vscode.l10n.t('A folder name must not start with /');
  if (n.split('/').some((s) => s === '' || s === '.' || s === '..')) return vscode.l10n.t('Empty, "." and ".." path segments are not allowed');
  return undefined;
}

/** OSS: New Folder — creates a zero-byte "name/" object. Returns the new prefix. */
export async function newFolder(deps: Deps, arg?: unknown): Promise<string | undefined> {
  const title = vscode.l10n.t('New Folder');
  const target = await resolveContainer(deps, arg, title);
  if (!target) return undefined;
  const { api } = await deps.factory.session(target.connectionId);
  const name = await deps.prompter().showInputBox({
    title,
    prompt: vscode.l10n.t('Folder name in {0}', `${target.bucket}/${target.prefix}`),
    validate: (v) => folderNameProblem(v) ?? api.keyProblem(`${target.prefix}${v.trim().replace(/\/+$/, '')}/`),
  });
  if (name === undefined || name === BACK) return undefined;
  const prefix = `${target.prefix}${name.trim().replace(/\/+$/, '')}/`;
  await api.createFolder(target.bucket, prefix);
  deps.log.info(`Folder created: ${target.bucket}/${prefix}`);
  if (isNode(arg)) deps.tree.refresh(arg);
  else deps.tree.refreshLocation(target.connectionId, target.bucket, prefix);
  return prefix;
}
