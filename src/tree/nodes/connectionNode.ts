import * as vscode from 'vscode';
import { type ConnectionRecord, describeConnection, isStsExpired } from '../../connections/model';
import { maskId } from '../../ui/format';
import { ContextValue } from '../contextValues';
import type { NodeBase } from './base';
import { connectionNodeId } from '../nodeIds';
import { connectionRowLabel } from '../rowLabels';

export class ConnectionNode implements NodeBase {
  readonly kind = 'connection' as const;
  readonly id: string;
  readonly parent = undefined;

  constructor(readonly connection: ConnectionRecord) {
    this.id = connectionNodeId(connection.id);
  }

  get connectionId(): string {
    return this.connection.id;
  }

  get expired(): boolean {
    return isStsExpired(this.connection);
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.connection;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const pinned = c.pinnedBucket ? ` · ${c.pinnedBucket}${c.pinnedPrefix ? `/${c.pinnedPrefix}` : ''}` : '';
    if (this.expired) {
      item.description = vscode.l10n.t('expired');
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.contextValue = ContextValue.connectionExpired;
    } else {
      item.description = `${c.region}${pinned}`;
      item.iconPath = new vscode.ThemeIcon('plug');
      item.contextValue = ContextValue.connection;
    }
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(c.name)}**\n\n`);
    md.appendMarkdown(`${escapeMd(describeConnection(c, vscode.l10n.t))}\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('AccessKey ID')}: \`${maskId(c.accessKeyId)}\``);
    if (c.stsExpiration) {
      md.appendMarkdown(`\n\n${vscode.l10n.t('STS token expires')}: ${escapeMd(c.stsExpiration)}`);
      if (this.expired) md.appendMarkdown(` — $(warning) ${vscode.l10n.t('expired, use "Update Credentials"')}`);
    }
    if (c.customDomain) md.appendMarkdown(`\n\n${vscode.l10n.t('Custom domain')}: ${escapeMd(c.customDomain)}`);
    item.tooltip = md;
    item.accessibilityInformation = {
      label: connectionRowLabel(vscode.l10n.t, { name: c.name, region: c.region, pinnedBucket: c.pinnedBucket, pinnedPrefix: c.pinnedPrefix, expired: this.expired }),
    };
    return item;
  }
}

export function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
