import * as vscode from 'vscode';
import { ContextValue } from '../contextValues';
import type { NodeBase, PagedParentNode } from './base';
import type { ConnectionNode } from './connectionNode';
import { messageNodeId } from '../nodeIds';
import { messageRowLabel, type MessageKind } from '../rowLabels';

/** An inline message in the tree: "No objects", or a loading error with a retry command. */
export class MessageNode implements NodeBase {
  readonly kind = 'message' as const;
  readonly id: string;

  constructor(
    readonly parent: ConnectionNode | PagedParentNode | undefined,
    readonly message: string,
    readonly messageKind: MessageKind,
  ) {
    this.id = messageNodeId(parent?.id);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.tooltip = this.message;
    item.accessibilityInformation = { label: messageRowLabel(vscode.l10n.t, this.message, this.messageKind) };
    if (this.messageKind === 'empty') {
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = ContextValue.message;
      return item;
    }
    item.contextValue = ContextValue.messageError;
    if (this.messageKind === 'credentials') {
      item.iconPath = new vscode.ThemeIcon('key', new vscode.ThemeColor('list.warningForeground'));
      item.description = vscode.l10n.t('click to update credentials');
      item.command = { command: 'ossExplorer.updateCredentials', title: vscode.l10n.t('Update Credentials'), arguments: [this] };
    } else {
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.description = vscode.l10n.t('click to retry');
      item.command = { command: 'ossExplorer.refreshNode', title: vscode.l10n.t('Retry'), arguments: [this.parent] };
    }
    return item;
  }
}
