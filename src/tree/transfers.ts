/**
 * The Transfers view: one row per upload or download, newest first. Rows keep their node object
 * across refreshes, so a progress report refreshes only the rows that changed.
 */
import * as vscode from 'vscode';
import type { TransferRegistry, TransferRow, TransferState } from '../core/transfer';
import { rowAccessibilityLabel, rowDescription, rowTooltip } from '../ui/transfers';
import { ContextValue } from './contextValues';

const CONTEXT: Record<TransferState, string> = {
  queued: ContextValue.transferQueued,
  running: ContextValue.transferRunning,
  done: ContextValue.transferDone,
  failed: ContextValue.transferFailed,
  cancelled: ContextValue.transferCancelled,
};

function iconFor(row: TransferRow): vscode.ThemeIcon {
  switch (row.state) {
    case 'queued':
      return new vscode.ThemeIcon('clock');
    case 'running':
      return new vscode.ThemeIcon(row.direction === 'up' ? 'cloud-upload' : 'cloud-download');
    case 'done':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash');
  }
}

/** One row of the Transfers view (what its commands receive). */
export class TransferNode {
  readonly kind = 'transfer';

  constructor(
    readonly id: string,
    private readonly registry: TransferRegistry,
    private readonly connectionName: (id: string) => string | undefined,
  ) {}

  /** The row now (undefined once cleared). */
  get row(): TransferRow | undefined {
    return this.registry.get(this.id);
  }

  getTreeItem(): vscode.TreeItem {
    const row = this.row;
    const item = new vscode.TreeItem(row?.key ?? this.id, vscode.TreeItemCollapsibleState.None);
    item.id = `transfer:${this.id}`;
    if (!row) return item;
    item.description = rowDescription(row);
    item.tooltip = rowTooltip(row, this.connectionName(row.connectionId));
    item.iconPath = iconFor(row);
    item.contextValue = row.final && row.state === 'failed' ? ContextValue.transferFailedFinal : row.final && row.state === 'cancelled' ? ContextValue.transferCancelledFinal : CONTEXT[row.state];
    item.accessibilityInformation = { label: rowAccessibilityLabel(row) };
    return item;
  }
}

export function isTransferNode(x: unknown): x is TransferNode {
  return x instanceof TransferNode;
}

export class TransfersTreeProvider implements vscode.TreeDataProvider<TransferNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TransferNode | TransferNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly nodes = new Map<string, TransferNode>();

  constructor(
    private readonly registry: TransferRegistry,
    private readonly connectionName: (id: string) => string | undefined,
  ) {}

  /** From the registry's change event: the changed rows, or everything when rows came or went. */
  changed(ids: readonly string[] | undefined): void {
    if (!ids) {
      this.emitter.fire(undefined);
      return;
    }
    const nodes = ids.flatMap((id) => this.nodes.get(id) ?? []);
    if (nodes.length > 0) this.emitter.fire(nodes);
  }

  getTreeItem(node: TransferNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: TransferNode): TransferNode[] {
    if (node) return [];
    const rows = this.registry.rows();
    const live = new Set(rows.map((r) => r.id));
    for (const id of [...this.nodes.keys()]) if (!live.has(id)) this.nodes.delete(id);
    return rows.reverse().map((r) => {
      let n = this.nodes.get(r.id);
      if (!n) {
        n = new TransferNode(r.id, this.registry, this.connectionName);
        this.nodes.set(r.id, n);
      }
      return n;
    });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
