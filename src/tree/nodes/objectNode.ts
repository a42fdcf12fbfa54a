import * as vscode from 'vscode';
import type { ObjectInfo } from '../../core/client';
import { toOssUri } from '../../connections/ossUri';
import { formatBytes, formatDateTime, formatInteger } from '../../ui/format';
import { ContextValue } from '../contextValues';
import { fileKind, iconFor } from '../fileIcons';
import { type ContainerNode, type NodeBase, nodeContextValue } from './base';
import { escapeMd } from './connectionNode';
import { objectNodeId } from '../nodeIds';
import { objectRowLabel } from '../rowLabels';

export class ObjectNode implements NodeBase {
  readonly kind = 'object' as const;
  readonly id: string;

  constructor(
    readonly parent: ContainerNode,
    readonly connectionId: string,
    readonly bucket: string,
    readonly info: ObjectInfo,
  ) {
    this.id = objectNodeId(connectionId, bucket, info.key);
  }

  get key(): string {
    return this.info.key;
  }

  get name(): string {
    const k = this.info.key;
    return k.startsWith(this.parent.prefix) ? k.slice(this.parent.prefix.length) : k;
  }

  get uri(): vscode.Uri {
    return toOssUri({ connectionId: this.connectionId, bucket: this.bucket, key: this.key });
  }

  getTreeItem(): vscode.TreeItem {
    const i = this.info;
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.resourceUri = this.uri;
    item.iconPath = iconFor(i.key);
    item.contextValue = nodeContextValue(this, ContextValue.object);
    const date = i.lastModified ? formatDateTime(i.lastModified) : '';
    item.description = [formatBytes(i.size), date].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMd(i.key)}**\n\n`);
    md.appendMarkdown(`| | |\n|---|---|\n`);
    md.appendMarkdown(`| ${vscode.l10n.t('Type')} | ${escapeMd(i.type ?? fileKind(i.key))} |\n`);
    md.appendMarkdown(`| ${vscode.l10n.t('Size')} | ${formatBytes(i.size)} (${formatInteger(i.size)} B) |\n`);
    if (i.storageClass) md.appendMarkdown(`| ${vscode.l10n.t('Storage class')} | ${escapeMd(i.storageClass)} |\n`);
    if (i.etag) md.appendMarkdown(`| ETag | \`${i.etag.replace(/`/g, '')}\` |\n`);
    if (i.lastModified) md.appendMarkdown(`| ${vscode.l10n.t('Last modified')} | ${i.lastModified.toISOString()} |\n`);
    item.tooltip = md;
    item.accessibilityInformation = { label: objectRowLabel(vscode.l10n.t, { name: this.name, size: i.size, lastModified: i.lastModified }) };
    item.command = {
      command: 'ossExplorer.openObject',
      title: vscode.l10n.t('Open'),
      arguments: [this],
    };
    return item;
  }
}
