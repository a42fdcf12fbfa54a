import * as vscode from 'vscode';
import type { ContainerNode } from '../tree/nodes/base';
import { isContainer } from '../tree/nodes/base';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';
import { isNode, resolveContainer } from './targets';

/** The bucket/folder node: from the argument, the view's selection, or asked for and looked up in the tree. */
async function containerArg(deps: Deps, arg: unknown): Promise<ContainerNode | undefined> {
  if (isNode(arg) && isContainer(arg)) return arg;
  const sel = deps.view?.selection.find(isContainer);
  if (sel) return sel;
  const ref = await resolveContainer(deps, arg, vscode.l10n.t('Filter'));
  if (!ref) return undefined;
  const node = await deps.tree.findNode(ref.connectionId, ref.bucket, ref.prefix);
  return node && isContainer(node) ? node : undefined;
}

/** Server-side name filter (a prefix) on a bucket or folder. */
export async function setFilter(deps: Deps, arg?: unknown, value?: unknown): Promise<string | undefined> {
  const node = await containerArg(deps, arg);
  if (!node) return undefined;
  let filter = typeof value === 'string' ? value : undefined;
  if (filter === undefined) {
    const r = await deps.prompter().showInputBox({
      title: vscode.l10n.t('Filter {0}', `${node.bucket}/${node.prefix}`),
      prompt: vscode.l10n.t('Show only names starting with (server-side prefix; empty clears the filter)'),
      value: node.filter ?? '',
      validate: (v) => (v.startsWith('/') ? vscode.l10n.t('A filter must not start with /') : undefined),
    });
    if (r === undefined || r === BACK) return undefined;
    filter = r;
  }
  deps.tree.setFilter(node, filter || undefined);
  return filter;
}

export async function clearFilter(deps: Deps, arg?: unknown): Promise<void> {
  const node = await containerArg(deps, arg);
  if (node) deps.tree.setFilter(node, undefined);
}
