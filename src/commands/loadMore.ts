import type { Deps } from './deps';
import { isNode } from './targets';

/** Internal: the "Load more…" node appends the next page. */
export async function loadMore(deps: Deps, arg?: unknown): Promise<void> {
  if (isNode(arg) && arg.kind === 'loadMore') await deps.tree.loadMore(arg);
}
