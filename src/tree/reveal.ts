import * as vscode from 'vscode';
import { VIEW_ID } from './contextValues';
import type { OssNode } from './nodes/base';
import type { OssTreeProvider } from './provider';

export interface RevealResult {
  node: OssNode;
  /** Node ids of the view's selection once the workbench confirmed it ([] when it never did). */
  selection: string[];
  /** How many reveals it took (more than 1 when the workbench dropped one). */
  attempts: number;
}

export interface RevealOptions {
  focus?: boolean;
  /** How long to wait for the workbench to confirm the selection, per attempt. */
  confirmMs?: number;
  attempts?: number;
}

/**
 * Shows an object (or folder, for a key ending in '/') in the OSS Explorer and selects it,
 * loading pages as needed.
 *
 * `TreeView.reveal` resolves before the workbench has rendered anything, and the workbench drops a
 * reveal silently when it does not know the element yet: when the view has never been shown (its
 * tree does not exist yet), or when the parent's children were fetched before the page holding the
 * element was loaded and the refresh that findNode fired has not reached it yet. So this makes the
 * view visible first, reveals, and waits for the selection event that proves the workbench got
 * there; when it does not come, it reveals again (the refresh has landed by then).
 */
export async function revealNode(
  provider: OssTreeProvider,
  view: vscode.TreeView<OssNode>,
  connectionId: string,
  bucket: string,
  key: string,
  opts: RevealOptions = {},
): Promise<RevealResult | undefined> {
  const node = await provider.findNode(connectionId, bucket, key);
  if (!node) return undefined;
  const wanted = key.endsWith('/') ? node.kind === 'folder' : node.kind === 'object';
  if (!wanted) return undefined;
  if (!view.visible) await showView(view, opts.confirmMs ?? 5000);
  const attempts = opts.attempts ?? 3;
  const confirmMs = opts.confirmMs ?? 5000;
  let tries = 0;
  while (tries < attempts) {
    tries++;
    const confirmed = selectionOf(view, node.id, confirmMs);
    await view.reveal(node, { select: true, focus: opts.focus ?? false, expand: node.kind === 'folder' });
    if (await confirmed) break;
  }
  return { node, selection: view.selection.map((n) => n.id), attempts: tries };
}

/** Resolves true when the view's selection is exactly `id` (now or within `ms`), false otherwise. */
function selectionOf(view: vscode.TreeView<OssNode>, id: string, ms: number): Promise<boolean> {
  const matches = (sel: readonly OssNode[]): boolean => sel.length === 1 && sel[0].id === id;
  return new Promise((resolve) => {
    const sub = view.onDidChangeSelection((e) => {
      if (!matches(e.selection)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(true);
    });
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(matches(view.selection));
    }, ms);
  });
}

/** Opens the OSS Explorer view and waits until the workbench says it is visible. */
async function showView(view: vscode.TreeView<OssNode>, ms: number): Promise<void> {
  const visible = new Promise<void>((resolve) => {
    const sub = view.onDidChangeVisibility((e) => {
      if (!e.visible) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      resolve();
    }, ms);
  });
  await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  if (!view.visible) await visible;
}
