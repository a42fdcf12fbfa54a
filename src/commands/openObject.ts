import * as vscode from 'vscode';
import { toOssUri } from '../connections/ossUri';
import { Settings } from '../connections/settings';
import { fileKind, isImage, isPreviewableText } from '../tree/fileIcons';
import { formatBytes } from '../ui/format';
import type { Deps } from './deps';
import { resolveObjects } from './targets';

export type OpenOutcome = 'text' | 'image' | 'tooLarge' | 'notPreviewable' | undefined;

/**
 * Read-only preview: text in an editor, images in the image preview, under the
 * ossExplorer.previewMaxBytes limit. Larger or binary objects offer a download instead.
 */
export async function openObject(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<OpenOutcome> {
  const [t] = await resolveObjects(deps, arg0, Array.isArray(arg1) ? undefined : arg1, vscode.l10n.t('Open Object'));
  if (!t) return undefined;
  let size = t.size;
  if (size === undefined) {
    const { api } = await deps.factory.session(t.connectionId);
    size = (await api.headObject(t.bucket, t.key)).size;
  }
  const max = Settings.previewMaxBytes();
  const download = vscode.l10n.t('Download…');
  const offerDownload = async (message: string): Promise<void> => {
    const choice = await deps.prompter().showInformationMessage(message, { modal: true }, download);
    if (choice === download) await vscode.commands.executeCommand('ossExplorer.download', t);
  };
  if (size > max) {
    await offerDownload(
      vscode.l10n.t('{0} is {1}, more than the preview limit of {2} (setting ossExplorer.previewMaxBytes).', t.key, formatBytes(size), formatBytes(max)),
    );
    return 'tooLarge';
  }
  const uri = toOssUri(t);
  if (isImage(t.key)) {
    await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
    return 'image';
  }
  if (isPreviewableText(t.key) || fileKind(t.key) === 'other') {
    if (!isPreviewableText(t.key) && size > 0) {
      // Unknown type: peek for NUL bytes before opening as text.
      const { api } = await deps.factory.session(t.connectionId);
      const body = await api.getObjectBuffer(t.bucket, t.key);
      if (body.subarray(0, 8000).includes(0)) {
        await offerDownload(vscode.l10n.t('{0} looks like a binary file and cannot be previewed.', t.key));
        return 'notPreviewable';
      }
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
    return 'text';
  }
  await offerDownload(vscode.l10n.t('{0} cannot be previewed ({1}).', t.key, fileKind(t.key)));
  return 'notPreviewable';
}
