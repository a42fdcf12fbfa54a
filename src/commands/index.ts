/** Every command, registered in one place from one table. */
import * as vscode from 'vscode';
import { addConnection } from './addConnection';
import { clearFilter, setFilter } from './filter';
import { findObjectsCommand } from './findObjects';
import { copyObjectUrl } from './copyObjectUrl';
import { copyOssPath } from './copyOssPath';
import { copySignedLink } from './copySignedLink';
import { copyUploadForm } from './copyUploadForm';
import { deleteObjects } from './deleteObjects';
import type { Deps } from './deps';
import { download } from './download';
import { downloadFromSignedUrl } from './downloadFromSignedUrl';
import { editConnection } from './editConnection';
import { exportConnections } from './exportConnections';
import { importConnection } from './importConnection';
import { importConnectionList } from './importConnectionList';
import { loadMore } from './loadMore';
import { compareWithLocal } from './compareWithLocal';
import { compareWithObject } from './compareWithObject';
import { newFile } from './newFile';
import { newFolder } from './newFolder';
import { properties } from './properties';
import { saveAs } from './saveAs';
import { showDeleted } from './showDeleted';
import { showVersions } from './showVersions';
import { openInBrowser } from './openInBrowser';
import { openObject } from './openObject';
import { refresh, refreshNode } from './refresh';
import { removeConnection } from './removeConnection';
import { renameConnection } from './renameConnection';
import { renameObject } from './renameObject';
import { resumeUpload } from './resumeUpload';
import { abortUpload, abortUploadsOlderThan } from './incompleteUploads';
import { shareAccess } from './shareAccess';
import { showLog } from './showLog';
import { testConnection } from './testConnection';
import { updateCredentials } from './updateCredentials';
import { uploadFile } from './uploadFile';
import { uploadToSignedUrl } from './uploadToSignedUrl';
import { chooseLinkKind, uploadAndCopyLink } from './uploadAndCopyLink';
import { cancelTransfer, clearFinishedTransfers, retryTransfer, revealTransfer, showTransfers } from './transfers';

type Handler = (deps: Deps, ...args: unknown[]) => Promise<unknown>;

interface CommandEntry {
  id: string;
  /** Used as the context of error messages ("Upload failed: …"). */
  action: () => string;
  run: Handler;
}

export const COMMANDS: readonly CommandEntry[] = [
  { id: 'ossExplorer.addConnection', action: () => vscode.l10n.t('Add connection'), run: (d) => addConnection(d) },
  { id: 'ossExplorer.importConnection', action: () => vscode.l10n.t('Import connection'), run: (d) => importConnection(d) },
  { id: 'ossExplorer.exportConnections', action: () => vscode.l10n.t('Export connections'), run: (d) => exportConnections(d) },
  { id: 'ossExplorer.importConnectionList', action: () => vscode.l10n.t('Import connections'), run: (d, a) => importConnectionList(d, a) },
  { id: 'ossExplorer.editConnection', action: () => vscode.l10n.t('Edit connection'), run: (d, a) => editConnection(d, a) },
  { id: 'ossExplorer.renameConnection', action: () => vscode.l10n.t('Rename connection'), run: (d, a) => renameConnection(d, a) },
  { id: 'ossExplorer.removeConnection', action: () => vscode.l10n.t('Remove connection'), run: (d, a) => removeConnection(d, a) },
  { id: 'ossExplorer.testConnection', action: () => vscode.l10n.t('Connection test failed'), run: (d, a) => testConnection(d, a) },
  { id: 'ossExplorer.updateCredentials', action: () => vscode.l10n.t('Update credentials'), run: (d, a) => updateCredentials(d, a) },
  { id: 'ossExplorer.refresh', action: () => vscode.l10n.t('Refresh'), run: (d) => refresh(d) },
  { id: 'ossExplorer.refreshNode', action: () => vscode.l10n.t('Refresh'), run: (d, a) => refreshNode(d, a) },
  { id: 'ossExplorer.setFilter', action: () => vscode.l10n.t('Filter'), run: (d, a, v) => setFilter(d, a, v) },
  { id: 'ossExplorer.findObjects', action: () => vscode.l10n.t('Find Objects failed'), run: (d, a, b) => findObjectsCommand(d, a, b) },
  { id: 'ossExplorer.clearFilter', action: () => vscode.l10n.t('Clear filter'), run: (d, a) => clearFilter(d, a) },
  { id: 'ossExplorer.loadMore', action: () => vscode.l10n.t('Load more'), run: (d, a) => loadMore(d, a) },
  { id: 'ossExplorer.openObject', action: () => vscode.l10n.t('Open failed'), run: (d, a, b) => openObject(d, a, b) },
  { id: 'ossExplorer.uploadFile', action: () => vscode.l10n.t('Upload failed'), run: (d, a, b) => uploadFile(d, a, b) },
  { id: 'ossExplorer.uploadAndCopyLink', action: () => vscode.l10n.t('Upload and copy link'), run: (d, a, b) => uploadAndCopyLink(d, a, b) },
  { id: 'ossExplorer.paste.chooseLinkKind', action: () => vscode.l10n.t('Choose link kind'), run: (d) => chooseLinkKind(d) },
  { id: 'ossExplorer.copySignedLink', action: () => vscode.l10n.t('Copy signed link'), run: (d, a, b) => copySignedLink(d, a, b) },
  { id: 'ossExplorer.copyObjectUrl', action: () => vscode.l10n.t('Copy URL'), run: (d, a, b) => copyObjectUrl(d, a, b) },
  { id: 'ossExplorer.copyOssPath', action: () => vscode.l10n.t('Copy OSS path'), run: (d, a, b) => copyOssPath(d, a, b) },
  { id: 'ossExplorer.openInBrowser', action: () => vscode.l10n.t('Open in browser'), run: (d, a, b) => openInBrowser(d, a, b) },
  { id: 'ossExplorer.uploadToSignedUrl', action: () => vscode.l10n.t('Upload to signed URL failed'), run: (d, a) => uploadToSignedUrl(d, a) },
  { id: 'ossExplorer.downloadFromSignedUrl', action: () => vscode.l10n.t('Download from signed URL failed'), run: (d) => downloadFromSignedUrl(d) },
  { id: 'ossExplorer.copyUploadForm', action: () => vscode.l10n.t('Copy upload form'), run: (d, a) => copyUploadForm(d, a) },
  { id: 'ossExplorer.download', action: () => vscode.l10n.t('Download failed'), run: (d, a, b) => download(d, a, b) },
  { id: 'ossExplorer.deleteObjects', action: () => vscode.l10n.t('Delete failed'), run: (d, a, b) => deleteObjects(d, a, b) },
  { id: 'ossExplorer.newFolder', action: () => vscode.l10n.t('New folder'), run: (d, a) => newFolder(d, a) },
  { id: 'ossExplorer.newFile', action: () => vscode.l10n.t('New file'), run: (d, a) => newFile(d, a) },
  { id: 'ossExplorer.saveAs', action: () => vscode.l10n.t('Save as failed'), run: (d, a) => saveAs(d, a) },
  { id: 'ossExplorer.properties', action: () => vscode.l10n.t('Properties'), run: (d, a, b) => properties(d, a, b) },
  { id: 'ossExplorer.compareWithLocal', action: () => vscode.l10n.t('Compare failed'), run: (d, a, b) => compareWithLocal(d, a, b) },
  { id: 'ossExplorer.compareWithObject', action: () => vscode.l10n.t('Compare failed'), run: (d, a, b) => compareWithObject(d, a, b) },
  { id: 'ossExplorer.showVersions', action: () => vscode.l10n.t('Versions'), run: (d, a, b) => showVersions(d, a, b) },
  { id: 'ossExplorer.showDeleted', action: () => vscode.l10n.t('Deleted objects'), run: (d, a) => showDeleted(d, a) },
  { id: 'ossExplorer.renameObject', action: () => vscode.l10n.t('Rename / move failed'), run: (d, a, b) => renameObject(d, a, b) },
  { id: 'ossExplorer.resumeUpload', action: () => vscode.l10n.t('Resume upload failed'), run: (d, a) => resumeUpload(d, a) },
  { id: 'ossExplorer.abortUpload', action: () => vscode.l10n.t('Abort upload failed'), run: (d, a) => abortUpload(d, a) },
  { id: 'ossExplorer.abortUploadsOlderThan', action: () => vscode.l10n.t('Abort incomplete uploads failed'), run: (d, a) => abortUploadsOlderThan(d, a) },
  { id: 'ossExplorer.shareAccess', action: () => vscode.l10n.t('Share access'), run: (d, a) => shareAccess(d, a) },
  { id: 'ossExplorer.showLog', action: () => vscode.l10n.t('Show log'), run: (d) => showLog(d) },
  { id: 'ossExplorer.showTransfers', action: () => vscode.l10n.t('Show transfers'), run: () => showTransfers() },
  { id: 'ossExplorer.cancelTransfer', action: () => vscode.l10n.t('Cancel transfer'), run: (d, a) => cancelTransfer(d, a) },
  { id: 'ossExplorer.retryTransfer', action: () => vscode.l10n.t('Retry failed'), run: (d, a) => retryTransfer(d, a) },
  { id: 'ossExplorer.revealTransfer', action: () => vscode.l10n.t('Reveal'), run: (d, a) => revealTransfer(d, a) },
  { id: 'ossExplorer.clearFinishedTransfers', action: () => vscode.l10n.t('Clear finished transfers'), run: (d) => clearFinishedTransfers(d) },
];

/**
 * Registers the table. Every command resolves to its result (for tests) or to undefined after an
 * error, which goes to the one error handler.
 */
export function registerCommands(deps: Deps): vscode.Disposable[] {
  return COMMANDS.map((c) =>
    vscode.commands.registerCommand(c.id, async (...args: unknown[]) => {
      try {
        return await c.run(deps, ...args);
      } catch (err) {
        deps.errors.handleError(err, c.action());
        return undefined;
      }
    }),
  );
}
