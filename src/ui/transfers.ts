/**
 * How transfers read: the row texts of the Transfers view and the status bar item shown while
 * transfers run (count and overall percent; a click opens the Transfers view).
 */
import * as vscode from 'vscode';
import type { TransferRegistry, TransferRow, TransferSummary } from '../core/transfer';
import { formatBytes, formatDateTime, formatInteger } from './format';

export const SHOW_TRANSFERS_COMMAND = 'ossExplorer.showTransfers';

function percentOf(row: TransferRow): number {
  return row.size > 0 ? Math.min(100, Math.floor((row.loaded / row.size) * 100)) : 0;
}

/** "Upload" / "Download", or what else moved the bytes ("Resume upload", "Copy", …). */
export function directionText(row: TransferRow): string {
  switch (row.kind) {
    case 'resume':
      return vscode.l10n.t('Resume upload');
    case 'signedUrl':
      return row.direction === 'up' ? vscode.l10n.t('Upload to signed URL') : vscode.l10n.t('Download from signed URL');
    case 'save':
      return vscode.l10n.t('Save');
    case 'copy':
      return vscode.l10n.t('Copy');
    case 'move':
      return vscode.l10n.t('Move');
    default:
      return row.direction === 'up' ? vscode.l10n.t('Upload') : vscode.l10n.t('Download');
  }
}

/** "Running", "Failed", … */
export function stateText(row: TransferRow): string {
  switch (row.state) {
    case 'queued':
      return vscode.l10n.t('Queued');
    case 'running':
      return vscode.l10n.t('Running');
    case 'done':
      return vscode.l10n.t('Done');
    case 'failed':
      return vscode.l10n.t('Failed');
    case 'cancelled':
      return vscode.l10n.t('Cancelled');
  }
}

/** The row's description: "42% · 3.1 MB/s" (or "1.2 MB · 3.1 MB/s" with no size known) while running, otherwise direction and outcome. */
export function rowDescription(row: TransferRow): string {
  const dir = directionText(row);
  switch (row.state) {
    case 'running': {
      const speed = row.speed > 0 ? ` · ${formatBytes(row.speed)}/s` : '';
      // A size not known (a server that sent no Content-Length): the bytes so far, not a stuck 0 %.
      return row.size > 0 ? `${formatInteger(percentOf(row))}%${speed}` : `${formatBytes(row.loaded)}${speed}`;
    }
    case 'done':
      return `${dir} · ${formatBytes(row.size || row.loaded)}`;
    case 'failed':
      return vscode.l10n.t('{0} failed: {1}', dir, row.error ?? '');
    default:
      return `${dir} · ${stateText(row)}`;
  }
}

/** The row's tooltip: every detail on its own line. */
export function rowTooltip(row: TransferRow, connectionName: string | undefined): string {
  const lines = [
    `${directionText(row)} · ${stateText(row)}`,
    row.kind === 'signedUrl'
      ? vscode.l10n.t('Signed URL on {0}', row.host ?? '')
      : vscode.l10n.t('Connection: {0}', connectionName ?? row.connectionId),
    row.kind === 'signedUrl' ? vscode.l10n.t('Object: {0}', row.key) : vscode.l10n.t('Object: oss://{0}/{1}', row.bucket, row.key),
  ];
  if (row.localPath) lines.push(vscode.l10n.t('Local file: {0}', row.localPath));
  lines.push(
    row.size > 0 || row.state === 'done'
      ? vscode.l10n.t('Progress: {0} / {1} ({2}%)', formatBytes(row.loaded), formatBytes(row.size || row.loaded), formatInteger(row.size > 0 ? percentOf(row) : 100))
      : vscode.l10n.t('Progress: {0} (size not known)', formatBytes(row.loaded)),
  );
  if (row.state === 'running' && row.speed > 0) lines.push(vscode.l10n.t('Speed: {0}/s', formatBytes(row.speed)));
  if (row.started !== undefined) lines.push(vscode.l10n.t('Started: {0}', formatDateTime(new Date(row.started))));
  if (row.ended !== undefined) lines.push(vscode.l10n.t('Ended: {0}', formatDateTime(new Date(row.ended))));
  if (row.error) lines.push(vscode.l10n.t('Error: {0}', row.error));
  return lines.join('\n');
}

/** What a screen reader says for a row: "Upload docs/a.txt, 42%, 3.1 MB/s". */
export function rowAccessibilityLabel(row: TransferRow): string {
  const state = row.state === 'running' ? rowDescription(row) : stateText(row);
  const label = vscode.l10n.t('{0} {1}, {2}', directionText(row), row.key, state);
  return row.error ? vscode.l10n.t('{0}: {1}', label, row.error) : label;
}

/** "$(cloud-upload) 2 · 37%", or undefined when nothing runs. */
export function statusText(s: TransferSummary): string | undefined {
  if (s.active === 0) return undefined;
  const icon = s.direction === 'down' ? '$(cloud-download)' : '$(cloud-upload)';
  return `${icon} ${formatInteger(s.active)} · ${formatInteger(Math.floor(s.percent))}%`;
}

/** The status bar item: shown while transfers are queued or running, hidden when idle. */
export class TransferStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ossExplorer.transfers', vscode.StatusBarAlignment.Left, 50);
  private shown: string | undefined;

  constructor(private readonly registry: TransferRegistry) {
    this.item.name = vscode.l10n.t('OSS Transfers');
    this.item.command = SHOW_TRANSFERS_COMMAND;
  }

  /** The text now shown (undefined when hidden). */
  get text(): string | undefined {
    return this.shown;
  }

  update(): void {
    const s = this.registry.summary();
    const text = statusText(s);
    if (text === this.shown) return;
    this.shown = text;
    if (text === undefined) {
      this.item.hide();
      return;
    }
    this.item.text = text;
    const tip = vscode.l10n.t('{0} OSS transfer(s) running, {1}% done. Click to show the Transfers view.', s.active, Math.floor(s.percent));
    this.item.tooltip = tip;
    this.item.accessibilityInformation = { label: tip };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
