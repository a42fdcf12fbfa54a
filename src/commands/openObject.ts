import * as vscode from 'vscode';
import { toOssUri } from '../connections/ossUri';
import { Settings } from '../connections/settings';
import { fileKind, isImage } from '../tree/fileIcons';
import { formatBytes } from '../ui/format';
import type { Deps } from './deps';
import { resolveObjects, type ObjectTarget } from './targets';

/** 'text': editable; 'readonly': opened read-only (the reason was shown). */
export type OpenOutcome = 'text' | 'readonly' | 'image' | 'tooLarge' | 'notPreviewable' | undefined;

const BINARY_KINDS = new Set(['media', 'zip', 'pdf']);

/**
 * Opens an object: text in an ordinary editable editor on oss://… (saved back with Ctrl+S), images
 * in the image preview. Objects over ossExplorer.editMaxBytes open read-only on request, binary
 * ones offer a download; a read-only connection opens read-only and says so.
 */
export async function openObject(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<OpenOutcome> {
  const [t] = await resolveObjects(deps, arg0, Array.isArray(arg1) ? undefined : arg1, vscode.l10n.t('Open Object'));
  if (!t) return undefined;
  const session = await deps.factory.session(t.connectionId);
  const size = t.size ?? (await session.api.headObject(t.bucket, t.key)).size;
  const download = vscode.l10n.t('Download…');
  const offerDownload = async (message: string, ...more: string[]): Promise<string | undefined> => {
    const choice = await deps.prompter().showInformationMessage(message, { modal: true }, ...more, download);
    if (choice === download) await vscode.commands.executeCommand('ossExplorer.download', t);
    return choice;
  };
  const uri = toOssUri(t);
  if (isImage(t.key)) {
    const max = Settings.previewMaxBytes();
    if (size > max) {
      await offerDownload(vscode.l10n.t('{0} is {1}, more than the preview limit of {2} (setting ossExplorer.previewMaxBytes).', t.key, formatBytes(size), formatBytes(max)));
      return 'tooLarge';
    }
    await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
    return 'image';
  }
  if (BINARY_KINDS.has(fileKind(t.key)) || (await peekBinary(deps, t, size))) {
    await offerDownload(vscode.l10n.t('{0} looks like a binary file and cannot be edited here.', t.key));
    return 'notPreviewable';
  }
  let reason: string | undefined;
  const editMax = Settings.editMaxBytes();
  if (size > editMax) {
    const openRo = vscode.l10n.t('Open Read-only');
    const choice = await offerDownload(
      vscode.l10n.t('{0} is {1}, more than the editing limit of {2} (setting ossExplorer.editMaxBytes).', t.key, formatBytes(size), formatBytes(editMax)),
      openRo,
    );
    if (choice !== openRo) return 'tooLarge';
    reason = vscode.l10n.t('{0} is open read-only: it is larger than ossExplorer.editMaxBytes.', t.key);
  } else if (session.connection.readOnly) {
    reason = vscode.l10n.t('{0} is open read-only: the connection "{1}" is read-only (see Access in Edit Connection).', t.key, session.connection.name);
  }
  // An editor closed earlier may still hold the old text: let VS Code check the object again.
  deps.files.changed(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  if (reason) {
    void deps.prompter().showInformationMessage(reason, {});
    vscode.window.setStatusBarMessage(reason, 10000);
    return 'readonly';
  }
  return 'text';
}

/** Objects of unknown type: look for NUL bytes in the first 8000 bytes before opening as text. */
async function peekBinary(deps: Deps, t: ObjectTarget, size: number): Promise<boolean> {
  if (fileKind(t.key) !== 'other' || size === 0) return false;
  const { api } = await deps.factory.session(t.connectionId);
  const head = await api.getObjectRange(t.bucket, t.key, 0, Math.min(size, 8000) - 1);
  const binary = head.includes(0);
  if (binary) deps.files.markReadonly(toOssUri(t), 'binary');
  return binary;
}
