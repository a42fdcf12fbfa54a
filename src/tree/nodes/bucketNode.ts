import * as vscode from 'vscode';
import type { BucketInfo, VersioningStatus } from '../../core/client';
import { ContextValue } from '../contextValues';
import { type NodeBase, nodeContextValue } from './base';
import type { ConnectionNode } from './connectionNode';
import { escapeMd } from './connectionNode';
import { bucketNodeId } from '../nodeIds';
import { bucketRowLabel } from '../rowLabels';

export class BucketNode implements NodeBase {
  readonly kind = 'bucket' as const;
  readonly id: string;
  filter?: string;
  /** Known once the bucket was expanded. */
  versioning?: VersioningStatus;

  constructor(
    readonly parent: ConnectionNode,
    readonly connectionId: string,
    readonly info: BucketInfo,
    /** For a pinned prefix: the node lists this prefix instead of the bucket root. */
    readonly prefix = '',
  ) {
    this.id = bucketNodeId(connectionId, info.name);
  }

  get bucket(): string {
    return this.info.name;
  }

  getTreeItem(): vscode.TreeItem {
    const label = this.prefix ? `${this.bucket}/${this.prefix}` : this.bucket;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const parts: string[] = [];
    if (this.info.region) parts.push(this.info.region);
    if (this.filter) parts.push(vscode.l10n.t('filter: {0}', this.filter));
    if (this.versioning === 'Enabled') parts.push(vscode.l10n.t('versioning on'));
    if (this.versioning === 'Suspended') parts.push(vscode.l10n.t('versioning suspended'));
    item.description = parts.join(' · ');
    item.iconPath = new vscode.ThemeIcon(this.filter ? 'filter' : 'database');
    item.contextValue = nodeContextValue(this, this.filter ? ContextValue.bucketFiltered : ContextValue.bucket);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMd(this.bucket)}**`);
    if (this.info.region) md.appendMarkdown(`\n\n${vscode.l10n.t('Region')}: ${escapeMd(this.info.region)}`);
    if (this.info.storageClass) md.appendMarkdown(`\n\n${vscode.l10n.t('Storage class')}: ${escapeMd(this.info.storageClass)}`);
    if (this.info.creationDate) md.appendMarkdown(`\n\n${vscode.l10n.t('Created')}: ${this.info.creationDate.toISOString()}`);
    if (this.versioning) md.appendMarkdown(`\n\n${vscode.l10n.t('Versioning')}: ${this.versioning}`);
    if (this.filter) md.appendMarkdown(`\n\n${vscode.l10n.t('Filter')}: \`${this.filter}\``);
    item.tooltip = md;
    item.accessibilityInformation = {
      label: bucketRowLabel(vscode.l10n.t, { bucket: this.bucket, prefix: this.prefix, region: this.info.region, filter: this.filter, versioning: this.versioning }),
    };
    return item;
  }
}
