import type { Deps } from './deps';
import { isNode } from './targets';

/** OSS: Refresh (view title) — reloads the whole tree (clients and credentials are kept). */
export async function refresh(deps: Deps): Promise<void> {
  deps.tree.refresh();
}

/** Refresh one node (inline button); without a node, the whole tree. */
export async function refreshNode(deps: Deps, arg?: unknown): Promise<void> {
  deps.tree.refresh(isNode(arg) ? arg : undefined);
}
