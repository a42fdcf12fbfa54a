/**
 * Keybindings in the Buckets view. VS Code passes no tree node to a command run by a key, and
 * `viewItem` is only known to menus: so the keybindings in package.json pass KEYBOARD_ARGS, which
 * stands for the view's selection (arrow keys move it), and their when-clauses match
 * SELECTED_ITEM_CONTEXT, the context value of the first selected row, kept here.
 */
import * as vscode from 'vscode';
import type { OssNode } from '../tree/nodes/base';

/** The `args` of every keybinding of the Buckets view (package.json). */
export const KEYBOARD_ARGS = { fromKeyboard: true } as const;

/** Context key: the context value of the first selected row of the Buckets view ('' when none). */
export const SELECTED_ITEM_CONTEXT = 'ossExplorer.selectedItem';

export function isKeyboardArgs(x: unknown): boolean {
  return typeof x === 'object' && x !== null && (x as { fromKeyboard?: unknown }).fromKeyboard === true;
}

/**
 * The arguments a command gets: a keybinding's become (first selected node, selection), like a
 * context menu on a multi-selection gives; any other call keeps its own.
 */
export function commandArgs(view: vscode.TreeView<OssNode> | undefined, args: readonly unknown[]): unknown[] {
  if (!isKeyboardArgs(args[0])) return [...args];
  const selection = view?.selection ?? [];
  return selection.length > 0 ? [selection[0], [...selection]] : [];
}

/** Keeps SELECTED_ITEM_CONTEXT in step with the view's selection. */
export function trackSelection(view: vscode.TreeView<OssNode>): vscode.Disposable {
  const set = (nodes: readonly OssNode[]): void => {
    void vscode.commands.executeCommand('setContext', SELECTED_ITEM_CONTEXT, nodes[0]?.getTreeItem().contextValue ?? '');
  };
  set(view.selection);
  return view.onDidChangeSelection((e) => set(e.selection));
}
