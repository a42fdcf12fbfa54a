/** The Transfers view's commands: Show, Cancel, Retry, Reveal and Clear Finished. */
import * as vscode from 'vscode';
import type { TransferRow } from '../core/transfer';
import { TRANSFERS_VIEW_ID } from '../tree/contextValues';
import { isTransferNode } from '../tree/transfers';
import { BACK } from '../ui/prompter';
import { directionText, rowDescription } from '../ui/transfers';
import type { Deps } from './deps';
import { revealObject } from './uploadFile';

/** The row a command is for: the node it was invoked on, or one picked among those that fit. */
async function targetRow(deps: Deps, arg: unknown, fits: (r: TransferRow) => boolean, title: string, none: string): Promise<TransferRow | undefined> {
  if (isTransferNode(arg)) return arg.row;
  const rows = deps.transfers.rows().filter(fits).reverse();
  if (rows.length === 0) {
    void deps.prompter().showInformationMessage(none, {});
    return undefined;
  }
  const picked = await deps.prompter().showQuickPick({
    title,
    items: rows.map((r) => ({ label: r.key, description: `${directionText(r)} · ${rowDescription(r)}`, row: r })),
  });
  return picked && picked !== BACK ? picked.row : undefined;
}

/** OSS: Show Transfers (also the status bar item's click). */
export async function showTransfers(): Promise<void> {
  await vscode.commands.executeCommand(`${TRANSFERS_VIEW_ID}.focus`);
}

/** OSS: Cancel Transfer — a queued one never starts, a running one is aborted. */
export async function cancelTransfer(deps: Deps, arg?: unknown): Promise<boolean> {
  const active = (r: TransferRow): boolean => r.state === 'queued' || r.state === 'running';
  const row = await targetRow(deps, arg, active, vscode.l10n.t('Cancel Transfer'), vscode.l10n.t('No transfer is running.'));
  return row ? deps.transfers.cancel(row.id) : false;
}

/** OSS: Retry Transfer — runs a failed or cancelled transfer again (its errors go to the error handler). */
export async function retryTransfer(deps: Deps, arg?: unknown): Promise<boolean> {
  const row = await targetRow(deps, arg, (r) => r.retryable, vscode.l10n.t('Retry Transfer'), vscode.l10n.t('No failed or cancelled transfer to retry.'));
  if (!row) return false;
  await deps.transfers.retry(row.id);
  return true;
}

/** OSS: Reveal — an uploaded object in the OSS Explorer, a downloaded file in the OS. */
export async function revealTransfer(deps: Deps, arg?: unknown): Promise<'object' | 'file' | undefined> {
  const row = await targetRow(deps, arg, (r) => r.state === 'done', vscode.l10n.t('Reveal'), vscode.l10n.t('No finished transfer to reveal.'));
  if (!row) return undefined;
  if (row.direction === 'up') return (await revealObject(deps, row.connectionId, row.bucket, row.key)) ? 'object' : undefined;
  if (!row.localPath) return undefined;
  await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(row.localPath));
  return 'file';
}

/** OSS: Clear Finished Transfers — removes done, failed and cancelled rows. */
export async function clearFinishedTransfers(deps: Deps): Promise<number> {
  return deps.transfers.clearFinished();
}
