/**
 * Keybindings of the Buckets view (package.json). VS Code passes no tree node to a command run by
 * a key, and `viewItem` is known only to menus (it is not a context key a keybinding's when-clause
 * can read). So every keybinding passes KEYBOARD_ARGS, the form the workbench uses for a view's
 * title actions: the extension host replaces it with the focused node (the row the arrow keys are
 * on), or null when no row has focus. The kind of that node is checked here instead of in the
 * when-clause; a key pressed on a row it does not apply to says so in the status bar.
 */
import * as vscode from 'vscode';
import { isOssNode, type OssNode } from '../tree/nodes/base';
import { VIEW_ID } from '../tree/contextValues';

/** The `args` of every keybinding of the Buckets view (package.json). */
export const KEYBOARD_ARGS = { $treeViewId: VIEW_ID, $focusedTreeItem: true } as const;

interface KeyTarget {
  /** What the status bar calls the command. */
  title(): string;
  /** The row kinds it acts on. */
  kinds: readonly OssNode['kind'][];
  /** It acts on every selected row (when the focused one is among them). */
  many?: true;
}

/** The commands with a key, and the rows they act on. */
export const KEY_TARGETS: Readonly<Record<string, KeyTarget>> = {
  'ossExplorer.copySignedLink': { title: () => vscode.l10n.t('Copy Signed Link'), kinds: ['object'], many: true },
  'ossExplorer.uploadFile': { title: () => vscode.l10n.t('Upload'), kinds: ['bucket', 'folder'] },
  'ossExplorer.download': { title: () => vscode.l10n.t('Download'), kinds: ['object', 'folder'], many: true },
  'ossExplorer.deleteObjects': { title: () => vscode.l10n.t('Delete'), kinds: ['object', 'folder'], many: true },
  'ossExplorer.renameObject': { title: () => vscode.l10n.t('Rename / Move Object'), kinds: ['object'] },
  'ossExplorer.refreshNode': {
    title: () => vscode.l10n.t('Refresh'),
    kinds: ['connection', 'bucket', 'folder', 'object', 'incompleteUploads', 'incompleteUpload', 'loadMore', 'message'],
  },
};

/** KEYBOARD_ARGS as it arrives when the host did not replace it (then the selection stands in). */
function isUnresolvedKeyboardArgs(x: unknown): boolean {
  return typeof x === 'object' && x !== null && (x as { $focusedTreeItem?: unknown }).$focusedTreeItem === true;
}

export type KeyedArgs = { run: true; args: unknown[] } | { run: false; refused: KeyTarget };

/**
 * The arguments a command with a key runs with. A node alone (what a key gives) of a kind the
 * command does not act on is refused; for a command on many rows it becomes (node, selection), as
 * a context menu on a multi-selection gives. Any other call keeps its arguments.
 */
export function keyedArgs(command: string, view: vscode.TreeView<OssNode> | undefined, args: readonly unknown[]): KeyedArgs {
  const target = KEY_TARGETS[command];
  if (!target) return { run: true, args: [...args] };
  const selection = [...(view?.selection ?? [])];
  if (isUnresolvedKeyboardArgs(args[0])) return { run: true, args: selection.length > 0 ? [selection[0], selection] : [] };
  if (args.length === 1 && args[0] === null) return { run: true, args: [] };
  if (args.length !== 1 || !isOssNode(args[0])) return { run: true, args: [...args] };
  const node = args[0];
  if (!target.kinds.includes(node.kind)) return { run: false, refused: target };
  if (!target.many) return { run: true, args: [node] };
  return { run: true, args: [node, selection.some((n) => n.id === node.id) ? selection : [node]] };
}

/** Said in the status bar when a key was pressed on a row its command does not act on. */
export function refuseKey(target: KeyTarget): void {
  const names = target.kinds.map(kindName).join(', ');
  vscode.window.setStatusBarMessage(vscode.l10n.t('{0} does not apply to this row; it works on: {1}', target.title(), names), 5000);
}

function kindName(kind: OssNode['kind']): string {
  switch (kind) {
    case 'object':
      return vscode.l10n.t('object');
    case 'folder':
      return vscode.l10n.t('folder');
    case 'bucket':
      return vscode.l10n.t('bucket');
    default:
      return kind;
  }
}
