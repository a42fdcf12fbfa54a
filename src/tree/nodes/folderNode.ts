import * as vscode from 'vscode';
import { ContextValue } from '../contextValues';
import { type ContainerNode, type NodeBase, nodeContextValue } from './base';
import { folderNodeId } from '../nodeIds';
import { folderRowLabel } from '../rowLabels';

export class FolderNode implements NodeBase {
  readonly kind = 'folder' as const;
  readonly id: string;
  filter?: string;

  constructor(
    readonly parent: ContainerNode,
    readonly connectionId: string,
    readonly bucket: string,
    /** Ends with '/'. */
    readonly prefix: string,
  ) {
    this.id = folderNodeId(connectionId, bucket, prefix);
  }

  /** The last segment, without the trailing slash. */
  get name(): string {
    const rel = this.prefix.startsWith(this.parent.prefix) ? this.prefix.slice(this.parent.prefix.length) : this.prefix;
    return rel.endsWith('/') ? rel.slice(0, -1) : rel;
  }

  getTreeItem(): vscode.TreeItem {
    const name = this.name || '/';
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = this.filter ? new vscode.ThemeIcon('filter') : vscode.ThemeIcon.Folder;
    item.resourceUri = vscode.Uri.from({ scheme: 'oss', authority: this.connectionId, path: `/${this.bucket}/${this.prefix}` });
    item.description = this.filter ? vscode.l10n.t('filter: {0}', this.filter) : undefined;
    item.contextValue = nodeContextValue(this, this.filter ? ContextValue.folderFiltered : ContextValue.folder);
    item.tooltip = `oss://${this.bucket}/${this.prefix}${this.filter ? `\n${vscode.l10n.t('filter: {0}', this.filter)}` : ''}`;
    // Screen readers would otherwise read the tooltip (the oss:// address) instead of the name.
    item.accessibilityInformation = { label: folderRowLabel(vscode.l10n.t, { name, prefix: this.prefix, bucket: this.bucket, filter: this.filter }) };
    return item;
  }
}

