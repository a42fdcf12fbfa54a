import * as vscode from 'vscode';
import type { ConnectionStore } from '../connections/store';
import type { OssTreeProvider } from './provider';

/** How often the "… left" of shared-access connections is re-rendered. */
export const TIME_LEFT_TICK_MS = 60_000;

/**
 * Re-renders the tree when an STS token of a connection expires (so it shows "expired" on time),
 * and every minute while a shared-access connection shows its time left. One timer at a time.
 */
export function watchExpiry(store: ConnectionStore, tree: OssTreeProvider): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const now = Date.now();
    const live = store
      .list()
      .filter((c) => c.authType === 'sts' && c.stsExpiration)
      .map((c) => ({ at: Date.parse(c.stsExpiration ?? ''), shared: !!c.sharedAccess }))
      .filter((x) => Number.isFinite(x.at) && x.at > now);
    const nextExpiry = Math.min(...live.map((x) => x.at));
    const tick = live.some((x) => x.shared) ? now + TIME_LEFT_TICK_MS : Infinity;
    if (!Number.isFinite(nextExpiry) && !Number.isFinite(tick)) return;
    const expiring = nextExpiry + 500 <= tick;
    const due = expiring ? nextExpiry + 500 : tick;
    timer = setTimeout(() => {
      timer = undefined;
      if (expiring) tree.refresh();
      else tree.rerenderConnections();
      schedule();
    }, Math.min(due - now, 2 ** 31 - 1));
    timer.unref?.();
  };
  schedule();
  const sub = store.onDidChange(schedule);
  return new vscode.Disposable(() => {
    sub.dispose();
    if (timer) clearTimeout(timer);
    timer = undefined;
  });
}
