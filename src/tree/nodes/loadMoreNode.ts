import * as vscode from 'vscode';
import { ContextValue } from '../contextValues';
import type { NodeBase, PagedParentNode } from './base';
import { loadMoreNodeId } from '../nodeIds';
import { loadMoreRowLabel } from '../rowLabels';

export class LoadMoreNode implements NodeBase {
  readonly kind = 'loadMore' as const;
  readonly id: string;

  constructor(readonly parent: PagedParentNode, readonly loadedCount: number) {
    this.id = loadMoreNodeId(parent.id);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = ContextValue.loadMore;
    item.tooltip = vscode.l10n.t('{0} items loaded; load the next page', this.loadedCount);
    item.accessibilityInformation = { label: loadMoreRowLabel(vscode.l10n.t, this.loadedCount) };
    item.command = { command: 'ossExplorer.loadMore', title: vscode.l10n.t('Load more…'), arguments: [this] };
    return item;
  }
}
