import * as vscode from 'vscode';
import type { MultipartUploadInfo } from '../../core/client';
import { checkpointDone, checkpointPercent, type UploadCheckpoint } from '../../core/transfer';
import { formatBytes, formatDateTime } from '../../ui/format';
import { ContextValue } from '../contextValues';
import { incompleteUploadNodeId } from '../nodeIds';
import type { NodeBase } from './base';
import { escapeMd } from './connectionNode';
import type { IncompleteUploadsNode } from './incompleteUploadsNode';

/** One in-progress multipart upload; resumable when this window holds its checkpoint. */
export class IncompleteUploadNode implements NodeBase {
  readonly kind = 'incompleteUpload' as const;
  readonly id: string;

  constructor(
    readonly parent: IncompleteUploadsNode,
    readonly info: MultipartUploadInfo,
    /** The matching checkpoint (same connection, bucket and upload id), if any. */
    readonly checkpoint?: UploadCheckpoint,
  ) {
    this.id = incompleteUploadNodeId(parent.id, info.uploadId);
  }

  get connectionId(): string {
    return this.parent.connectionId;
  }
  get bucket(): string {
    return this.parent.bucket;
  }
  get key(): string {
    return this.info.key;
  }
  get uploadId(): string {
    return this.info.uploadId;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.key, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const parts: string[] = [];
    if (this.info.initiated) parts.push(vscode.l10n.t('started {0}', formatDateTime(this.info.initiated)));
    const cp = this.checkpoint;
    if (cp) parts.push(vscode.l10n.t('{0} % of {1}, resumable', checkpointPercent(cp), formatBytes(cp.fileSize)));
    item.description = parts.join(' · ');
    item.iconPath = new vscode.ThemeIcon(cp ? 'debug-continue' : 'clock');
    item.contextValue = cp ? ContextValue.incompleteUploadResumable : ContextValue.incompleteUpload;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMd(this.key)}**\n\n${vscode.l10n.t('Upload ID')}: \`${escapeMd(this.uploadId)}\``);
    if (this.info.initiated) md.appendMarkdown(`\n\n${vscode.l10n.t('Started')}: ${this.info.initiated.toISOString()}`);
    if (cp) {
      md.appendMarkdown(`\n\n${vscode.l10n.t('Uploaded so far')}: ${formatBytes(checkpointDone(cp))} / ${formatBytes(cp.fileSize)}`);
      md.appendMarkdown(`\n\n${vscode.l10n.t('Local file')}: ${escapeMd(cp.file)}`);
    }
    item.tooltip = md;
    item.accessibilityInformation = {
      label: cp
        ? vscode.l10n.t('{0}, incomplete upload, {1} % done, resumable', this.key, checkpointPercent(cp))
        : vscode.l10n.t('{0}, incomplete upload', this.key),
    };
    return item;
  }
}
