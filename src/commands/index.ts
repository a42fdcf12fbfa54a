/** Every command, registered in one place from one table. */
import * as vscode from 'vscode';
import type { Deps } from './deps';
import { keyedArgs, refuseKey } from './keyboard';

type Handler = (deps: Deps, ...args: unknown[]) => Promise<unknown>;

interface CommandEntry {
  id: string;
  /** Used as the context of error messages ("Upload failed: …"). */
  action: () => string;
  run: Handler;
}

export const COMMANDS: readonly CommandEntry[] = [
  { id: 'ossExplorer.addConnection', action: () => vscode.l10n.t('Add connection'), run: (d) => import(/* webpackChunkName: "connections" */ './addConnection.js').then((m) => m.addConnection(d)) },
  { id: 'ossExplorer.importConnection', action: () => vscode.l10n.t('Import connection'), run: (d) => import(/* webpackChunkName: "connections" */ './importConnection.js').then((m) => m.importConnection(d)) },
  { id: 'ossExplorer.exportConnections', action: () => vscode.l10n.t('Export connections'), run: (d) => import(/* webpackChunkName: "connections" */ './exportConnections.js').then((m) => m.exportConnections(d)) },
  { id: 'ossExplorer.importConnectionList', action: () => vscode.l10n.t('Import connections'), run: (d, a) => import(/* webpackChunkName: "connections" */ './importConnectionList.js').then((m) => m.importConnectionList(d, a)) },
  { id: 'ossExplorer.editConnection', action: () => vscode.l10n.t('Edit connection'), run: (d, a) => import(/* webpackChunkName: "connections" */ './editConnection.js').then((m) => m.editConnection(d, a)) },
  { id: 'ossExplorer.renameConnection', action: () => vscode.l10n.t('Rename connection'), run: (d, a) => import(/* webpackChunkName: "connections" */ './renameConnection.js').then((m) => m.renameConnection(d, a)) },
  { id: 'ossExplorer.removeConnection', action: () => vscode.l10n.t('Remove connection'), run: (d, a) => import(/* webpackChunkName: "connections" */ './removeConnection.js').then((m) => m.removeConnection(d, a)) },
  { id: 'ossExplorer.testConnection', action: () => vscode.l10n.t('Connection test failed'), run: (d, a) => import(/* webpackChunkName: "connections" */ './testConnection.js').then((m) => m.testConnection(d, a)) },
  { id: 'ossExplorer.updateCredentials', action: () => vscode.l10n.t('Update credentials'), run: (d, a) => import(/* webpackChunkName: "connections" */ './updateCredentials.js').then((m) => m.updateCredentials(d, a)) },
  { id: 'ossExplorer.refresh', action: () => vscode.l10n.t('Refresh'), run: (d) => import(/* webpackChunkName: "browse" */ './refresh.js').then((m) => m.refresh(d)) },
  { id: 'ossExplorer.refreshNode', action: () => vscode.l10n.t('Refresh'), run: (d, a) => import(/* webpackChunkName: "browse" */ './refresh.js').then((m) => m.refreshNode(d, a)) },
  { id: 'ossExplorer.setFilter', action: () => vscode.l10n.t('Filter'), run: (d, a, v) => import(/* webpackChunkName: "browse" */ './filter.js').then((m) => m.setFilter(d, a, v)) },
  { id: 'ossExplorer.clearFilter', action: () => vscode.l10n.t('Clear filter'), run: (d, a) => import(/* webpackChunkName: "browse" */ './filter.js').then((m) => m.clearFilter(d, a)) },
  { id: 'ossExplorer.loadMore', action: () => vscode.l10n.t('Load more'), run: (d, a) => import(/* webpackChunkName: "browse" */ './loadMore.js').then((m) => m.loadMore(d, a)) },
  { id: 'ossExplorer.openObject', action: () => vscode.l10n.t('Open failed'), run: (d, a, b) => import(/* webpackChunkName: "object" */ './openObject.js').then((m) => m.openObject(d, a, b)) },
  { id: 'ossExplorer.uploadFile', action: () => vscode.l10n.t('Upload failed'), run: (d, a, b) => import(/* webpackChunkName: "transfer" */ './uploadFile.js').then((m) => m.uploadFile(d, a, b)) },
  { id: 'ossExplorer.uploadAndCopyLink', action: () => vscode.l10n.t('Upload and copy link'), run: (d, a, b) => import(/* webpackChunkName: "transfer" */ './uploadAndCopyLink.js').then((m) => m.uploadAndCopyLink(d, a, b)) },
  { id: 'ossExplorer.paste.chooseLinkKind', action: () => vscode.l10n.t('Choose link kind'), run: (d) => import(/* webpackChunkName: "transfer" */ './uploadAndCopyLink.js').then((m) => m.chooseLinkKind(d)) },
  { id: 'ossExplorer.copySignedLink', action: () => vscode.l10n.t('Copy signed link'), run: (d, a, b) => import(/* webpackChunkName: "share" */ './copySignedLink.js').then((m) => m.copySignedLink(d, a, b)) },
  { id: 'ossExplorer.copyObjectUrl', action: () => vscode.l10n.t('Copy URL'), run: (d, a, b) => import(/* webpackChunkName: "share" */ './copyObjectUrl.js').then((m) => m.copyObjectUrl(d, a, b)) },
  { id: 'ossExplorer.copyOssPath', action: () => vscode.l10n.t('Copy OSS path'), run: (d, a, b) => import(/* webpackChunkName: "share" */ './copyOssPath.js').then((m) => m.copyOssPath(d, a, b)) },
  { id: 'ossExplorer.openInBrowser', action: () => vscode.l10n.t('Open in browser'), run: (d, a, b) => import(/* webpackChunkName: "share" */ './openInBrowser.js').then((m) => m.openInBrowser(d, a, b)) },
  { id: 'ossExplorer.uploadToSignedUrl', action: () => vscode.l10n.t('Upload to signed URL failed'), run: (d, a) => import(/* webpackChunkName: "transfer" */ './uploadToSignedUrl.js').then((m) => m.uploadToSignedUrl(d, a)) },
  { id: 'ossExplorer.downloadFromSignedUrl', action: () => vscode.l10n.t('Download from signed URL failed'), run: (d) => import(/* webpackChunkName: "transfer" */ './downloadFromSignedUrl.js').then((m) => m.downloadFromSignedUrl(d)) },
  { id: 'ossExplorer.copyUploadForm', action: () => vscode.l10n.t('Copy upload form'), run: (d, a) => import(/* webpackChunkName: "share" */ './copyUploadForm.js').then((m) => m.copyUploadForm(d, a)) },
  { id: 'ossExplorer.download', action: () => vscode.l10n.t('Download failed'), run: (d, a, b) => import(/* webpackChunkName: "transfer" */ './download.js').then((m) => m.download(d, a, b)) },
  { id: 'ossExplorer.deleteObjects', action: () => vscode.l10n.t('Delete failed'), run: (d, a, b) => import(/* webpackChunkName: "object" */ './deleteObjects.js').then((m) => m.deleteObjects(d, a, b)) },
  { id: 'ossExplorer.newFolder', action: () => vscode.l10n.t('New folder'), run: (d, a) => import(/* webpackChunkName: "object" */ './newFolder.js').then((m) => m.newFolder(d, a)) },
  { id: 'ossExplorer.newFile', action: () => vscode.l10n.t('New file'), run: (d, a) => import(/* webpackChunkName: "object" */ './newFile.js').then((m) => m.newFile(d, a)) },
  { id: 'ossExplorer.saveAs', action: () => vscode.l10n.t('Save as failed'), run: (d, a) => import(/* webpackChunkName: "object" */ './saveAs.js').then((m) => m.saveAs(d, a)) },
  { id: 'ossExplorer.properties', action: () => vscode.l10n.t('Properties'), run: (d, a, b) => import(/* webpackChunkName: "object" */ './properties.js').then((m) => m.properties(d, a, b)) },
  { id: 'ossExplorer.compareWithLocal', action: () => vscode.l10n.t('Compare failed'), run: (d, a, b) => import(/* webpackChunkName: "object" */ './compareWithLocal.js').then((m) => m.compareWithLocal(d, a, b)) },
  { id: 'ossExplorer.compareWithObject', action: () => vscode.l10n.t('Compare failed'), run: (d, a, b) => import(/* webpackChunkName: "object" */ './compareWithObject.js').then((m) => m.compareWithObject(d, a, b)) },
  { id: 'ossExplorer.showVersions', action: () => vscode.l10n.t('Versions'), run: (d, a, b) => import(/* webpackChunkName: "object" */ './showVersions.js').then((m) => m.showVersions(d, a, b)) },
  { id: 'ossExplorer.showDeleted', action: () => vscode.l10n.t('Deleted objects'), run: (d, a) => import(/* webpackChunkName: "object" */ './showDeleted.js').then((m) => m.showDeleted(d, a)) },
  { id: 'ossExplorer.renameObject', action: () => vscode.l10n.t('Rename / move failed'), run: (d, a, b) => import(/* webpackChunkName: "object" */ './renameObject.js').then((m) => m.renameObject(d, a, b)) },
  { id: 'ossExplorer.resumeUpload', action: () => vscode.l10n.t('Resume upload failed'), run: (d, a) => import(/* webpackChunkName: "transfer" */ './resumeUpload.js').then((m) => m.resumeUpload(d, a)) },
  { id: 'ossExplorer.abortUpload', action: () => vscode.l10n.t('Abort upload failed'), run: (d, a) => import(/* webpackChunkName: "transfer" */ './incompleteUploads.js').then((m) => m.abortUpload(d, a)) },
  { id: 'ossExplorer.abortUploadsOlderThan', action: () => vscode.l10n.t('Abort incomplete uploads failed'), run: (d, a) => import(/* webpackChunkName: "transfer" */ './incompleteUploads.js').then((m) => m.abortUploadsOlderThan(d, a)) },
  { id: 'ossExplorer.shareAccess', action: () => vscode.l10n.t('Share access'), run: (d, a) => import(/* webpackChunkName: "share" */ './shareAccess.js').then((m) => m.shareAccess(d, a)) },
  { id: 'ossExplorer.showLog', action: () => vscode.l10n.t('Show log'), run: (d) => import(/* webpackChunkName: "browse" */ './showLog.js').then((m) => m.showLog(d)) },
  { id: 'ossExplorer.showTransfers', action: () => vscode.l10n.t('Show transfers'), run: () => import(/* webpackChunkName: "transfer" */ './transfers.js').then((m) => m.showTransfers()) },
  { id: 'ossExplorer.cancelTransfer', action: () => vscode.l10n.t('Cancel transfer'), run: (d, a) => import(/* webpackChunkName: "transfer" */ './transfers.js').then((m) => m.cancelTransfer(d, a)) },
  { id: 'ossExplorer.retryTransfer', action: () => vscode.l10n.t('Retry failed'), run: (d, a) => import(/* webpackChunkName: "transfer" */ './transfers.js').then((m) => m.retryTransfer(d, a)) },
  { id: 'ossExplorer.revealTransfer', action: () => vscode.l10n.t('Reveal'), run: (d, a) => import(/* webpackChunkName: "transfer" */ './transfers.js').then((m) => m.revealTransfer(d, a)) },
  { id: 'ossExplorer.clearFinishedTransfers', action: () => vscode.l10n.t('Clear finished transfers'), run: (d) => import(/* webpackChunkName: "transfer" */ './transfers.js').then((m) => m.clearFinishedTransfers(d)) },
  { id: 'ossExplorer.findObjects', action: () => vscode.l10n.t('Find Objects failed'), run: (d, a, b) => import(/* webpackChunkName: "browse" */ './findObjects.js').then((m) => m.findObjectsCommand(d, a, b)) },
];

/**
 * Registers the table. Every command resolves to its result (for tests) or to undefined after an
 * error, which goes to the one error handler.
 */
export function registerCommands(deps: Deps): vscode.Disposable[] {
  return COMMANDS.map((c) =>
    vscode.commands.registerCommand(c.id, async (...args: unknown[]) => {
      try {
        const keyed = keyedArgs(c.id, deps.view, args);
        if (!keyed.run) {
          refuseKey(keyed.refused);
          return undefined;
        }
        return await c.run(deps, ...keyed.args);
      } catch (err) {
        deps.errors.handleError(err, c.action());
        return undefined;
      }
    }),
  );
}
