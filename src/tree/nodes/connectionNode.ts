import * as vscode from 'vscode';
import { type ConnectionRecord, credentialTerms, describeConnection, isStsExpired, serviceOf } from '../../connections/model';
import { formatDuration, maskId } from '../../ui/format';
import { ContextValue, withCapabilities } from '../contextValues';
import { capabilitiesOf } from '../../connections/capabilities';
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
      item.contextValue = withCapabilities(ContextValue.connectionExpired, capabilitiesOf(c));
    } else if (c.sharedAccess) {
      item.description = `${sharedAccessText(c.sharedAccess)} · ${timeLeftText(c.stsExpiration)}${pinned}`;
      item.iconPath = new vscode.ThemeIcon(c.sharedAccess === 'upload' ? 'cloud-upload' : 'person');
      item.contextValue = withCapabilities(ContextValue.connection, capabilitiesOf(c));
    } else {
      item.description = `${c.region}${pinned}`;
      item.iconPath = new vscode.ThemeIcon('plug');
      item.contextValue = withCapabilities(ContextValue.connection, capabilitiesOf(c));
    }
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(c.name)}**\n\n`);
    md.appendMarkdown(`${escapeMd(describeConnection(c, vscode.l10n.t))}\n\n`);
    if (c.sharedAccess) md.appendMarkdown(`${vscode.l10n.t('Shared access')}: ${sharedAccessText(c.sharedAccess)}\n\n`);
    md.appendMarkdown(`${credentialTerms(serviceOf(c), c.authType, vscode.l10n.t).keyId}: \`${maskId(c.accessKeyId)}\``);
    if (c.stsExpiration) {
      md.appendMarkdown(`\n\n${serviceOf(c) === 's3' ? vscode.l10n.t('Session token expires') : vscode.l10n.t('STS token expires')}: ${escapeMd(c.stsExpiration)}`);
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

/** "read only" / "read and write" / "upload only". */
export function sharedAccessText(a: NonNullable<ConnectionRecord['sharedAccess']>): string {
  return a === 'read' ? vscode.l10n.t('read only') : a === 'read-write' ? vscode.l10n.t('read and write') : vscode.l10n.t('upload only');
}

/** "58 min left" (the node is re-rendered every minute and when the token expires). */
function timeLeftText(expiration: string | undefined, now = Date.now()): string {
  const t = expiration ? Date.parse(expiration) : NaN;
  if (!Number.isFinite(t)) return vscode.l10n.t('no expiry');
  return vscode.l10n.t('{0} left', formatDuration((t - now) / 1000));
}

export function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
