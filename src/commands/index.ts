/** Every command, registered in one place from one table. */
import * as vscode from 'vscode';
import { addConnection } from './addConnection';
import { clearFilter, setFilter } from './filter';
import { copyObjectUrl } from './copyObjectUrl';
import { copyOssPath } from './copyOssPath';
import { copySignedLink } from './copySignedLink';
import { deleteObjects } from './deleteObjects';
import type { Deps } from './deps';
import { download } from './download';
import { editConnection } from './editConnection';
import { exportConnections } from './exportConnections';
import { importConnection } from './importConnection';
import { importConnectionList } from './importConnectionList';
import { loadMore } from './loadMore';
import { newFolder } from './newFolder';
import { openInBrowser } from './openInBrowser';
import { openObject } from './openObject';
import { refresh, refreshNode } from './refresh';
import { removeConnection } from './removeConnection';
import { renameConnection } from './renameConnection';
import { renameObject } from './renameObject';
import { showLog } from './showLog';
import { testConnection } from './testConnection';
import { updateCredentials } from './updateCredentials';
import { uploadFile } from './uploadFile';
import { uploadToSignedUrl } from './uploadToSignedUrl';

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
  { id: 'ossExplorer.clearFilter', action: () => vscode.l10n.t('Clear filter'), run: (d, a) => clearFilter(d, a) },
  { id: 'ossExplorer.loadMore', action: () => vscode.l10n.t('Load more'), run: (d, a) => loadMore(d, a) },
  { id: 'ossExplorer.openObject', action: () => vscode.l10n.t('Open failed'), run: (d, a, b) => openObject(d, a, b) },
  { id: 'ossExplorer.uploadFile', action: () => vscode.l10n.t('Upload failed'), run: (d, a, b) => uploadFile(d, a, b) },
  { id: 'ossExplorer.copySignedLink', action: () => vscode.l10n.t('Copy signed link'), run: (d, a, b) => copySignedLink(d, a, b) },
  { id: 'ossExplorer.copyObjectUrl', action: () => vscode.l10n.t('Copy URL'), run: (d, a, b) => copyObjectUrl(d, a, b) },
  { id: 'ossExplorer.copyOssPath', action: () => vscode.l10n.t('Copy OSS path'), run: (d, a, b) => copyOssPath(d, a, b) },
  { id: 'ossExplorer.openInBrowser', action: () => vscode.l10n.t('Open in browser'), run: (d, a, b) => openInBrowser(d, a, b) },
  { id: 'ossExplorer.uploadToSignedUrl', action: () => vscode.l10n.t('Upload to signed URL failed'), run: (d, a) => uploadToSignedUrl(d, a) },
  { id: 'ossExplorer.download', action: () => vscode.l10n.t('Download failed'), run: (d, a, b) => download(d, a, b) },
  { id: 'ossExplorer.deleteObjects', action: () => vscode.l10n.t('Delete failed'), run: (d, a, b) => deleteObjects(d, a, b) },
  { id: 'ossExplorer.newFolder', action: () => vscode.l10n.t('New folder'), run: (d, a) => newFolder(d, a) },
  { id: 'ossExplorer.renameObject', action: () => vscode.l10n.t('Rename / move failed'), run: (d, a, b) => renameObject(d, a, b) },
  { id: 'ossExplorer.showLog', action: () => vscode.l10n.t('Show log'), run: (d) => showLog(d) },
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
