import * as path from 'path';
import * as vscode from 'vscode';
import { buildConnectionList, serializeConnectionList } from '../core/connections';
import type { Deps } from './deps';

export interface ExportResult {
  file: string;
  count: number;
}

/**
 * Writes every connection to a JSON file a team can share: names, endpoints, regions, role ARNs,
 * pinned buckets and per-connection settings, never an AccessKey ID, secret or token. The save
 * dialog asks before replacing an existing file.
 */
export async function exportConnections(deps: Deps): Promise<ExportResult | undefined> {
  const p = deps.prompter();
  const list = deps.store.list();
  if (list.length === 0) {
    void p.showInformationMessage(vscode.l10n.t('There is no OSS connection to export.'), {});
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await p.showSaveDialog({
    title: vscode.l10n.t('Export Connections'),
    saveLabel: vscode.l10n.t('Export'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, 'oss-connections.json') : undefined,
    filters: { [vscode.l10n.t('Connection list')]: ['json'] },
  });
  if (!uri) return undefined;
  const text = serializeConnectionList(buildConnectionList(list, new Date()));
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  deps.log.info(`Exported ${list.length} connection(s) to ${uri.fsPath}`);
  void p.showInformationMessage(
    vscode.l10n.t('Exported {0} connection(s) to {1}. The file holds no credentials: whoever imports it enters their own.', list.length, path.basename(uri.fsPath)),
    {},
  );
  return { file: uri.fsPath, count: list.length };
}
