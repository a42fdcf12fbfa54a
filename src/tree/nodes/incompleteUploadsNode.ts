import * as vscode from 'vscode';
import { ContextValue } from '../contextValues';
import { incompleteUploadsNodeId } from '../nodeIds';
import type { NodeBase } from './base';
import type { BucketNode } from './bucketNode';

/** "Incomplete Uploads" under a bucket: its children are the bucket's in-progress multipart uploads. */
export class IncompleteUploadsNode implements NodeBase {
  readonly kind = 'incompleteUploads' as const;
  readonly id: string;

  constructor(readonly parent: BucketNode) {
    this.id = incompleteUploadsNodeId(parent.id);
  }

  get connectionId(): string {
    return this.parent.connectionId;
  }

  get bucket(): string {
    return this.parent.bucket;
  }

  /** The bucket node's prefix (a pinned prefix), which the listing is limited to. */
  get prefix(): string {
    return this.parent.prefix;
  }

  getTreeItem(): vscode.TreeItem {
    const label = vscode.l10n.t('Incomplete Uploads');
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('cloud-upload', new vscode.ThemeColor('list.warningForeground'));
    item.contextValue = ContextValue.incompleteUploads;
    item.tooltip = vscode.l10n.t('Multipart uploads of {0} that were started but neither completed nor aborted. Their parts are stored, and billed, until they are aborted.', this.bucket);
    item.accessibilityInformation = { label: vscode.l10n.t('{0}, incomplete uploads of bucket {1}', label, this.bucket) };
    return item;
  }
}
