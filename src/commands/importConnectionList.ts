import * as path from 'path';
import * as vscode from 'vscode';
import { type EntryProblem, parseConnectionList, type SharedConnection } from '../core/connections';
import type { ConnectionRecord } from '../connections/model';
import type { Prompter } from '../ui/prompter';
import { connectionForm } from './connectionWizard';
import type { Deps } from './deps';

/** A connection list is a few KB; anything much larger is not one. */
const MAX_FILE_BYTES = 1024 * 1024;

export interface ImportListResult {
  imported: ConnectionRecord[];
  /** Names of valid entries not created (name taken and skipped, or no credentials given). */
  skipped: string[];
  /** Entries of the file that could not be imported, with their problems. */
  invalid: EntryProblem[];
}

function describeProblems(invalid: readonly EntryProblem[]): string {
  return invalid
    .map((e) => vscode.l10n.t('Entry {0} ({1}): {2}', e.index, e.name || '—', e.problems.join('; ')))
    .join('\n');
}

async function readList(uri: vscode.Uri): Promise<string> {
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > MAX_FILE_BYTES) throw new Error(vscode.l10n.t('{0} is too large to be a connection list.', path.basename(uri.fsPath)));
  return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}

/** "Name (2)", "Name (3)"… the first that is free. */
function freeName(name: string, taken: ReadonlySet<string>): string {
  let i = 2;
  while (taken.has(`${name} (${i})`.toLowerCase())) i++;
  return `${name} (${i})`;
}

/** The name to import under: the file's, or (asked) a free one; undefined = skip, null = stop. */
async function chooseName(p: Prompter, name: string, taken: ReadonlySet<string>): Promise<string | undefined | null> {
  if (!taken.has(name.toLowerCase())) return name;
  const alt = freeName(name, taken);
  const importAs = vscode.l10n.t('Import as "{0}"', alt);
  const skip = vscode.l10n.t('Skip');
  const choice = await p.showWarningMessage(
    vscode.l10n.t('A connection named "{0}" already exists.', name),
    { modal: true, detail: vscode.l10n.t('The existing connection is not changed.') },
    importAs,
    skip,
  );
  return choice === importAs ? alt : choice === skip ? undefined : null;
}

/**
 * Imports a connection list written by "Export Connections…". Invalid entries are listed and left
 * out; an existing connection is never replaced (a taken name is imported under a new name or
 * skipped, as the user chooses). Each connection is created only once its credentials are entered
 * (they go to SecretStorage); cancelling the credentials skips that connection.
 */
export async function importConnectionList(deps: Deps, arg?: unknown): Promise<ImportListResult | undefined> {
  const p = deps.prompter();
  const title = vscode.l10n.t('Import Connections');
  const uri =
    arg instanceof vscode.Uri
      ? arg
      : (await p.showOpenDialog({ title, canSelectFiles: true, canSelectMany: false, openLabel: vscode.l10n.t('Import'), filters: { [vscode.l10n.t('Connection list')]: ['json'] } }))?.[0];
  if (!uri) return undefined;
  const file = path.basename(uri.fsPath);
  const parsed = parseConnectionList(await readList(uri), vscode.l10n.t);
  const result: ImportListResult = { imported: [], skipped: [], invalid: parsed.invalid };
  const total = parsed.connections.length + parsed.invalid.length;
  if (parsed.connections.length === 0) {
    const message = total === 0 ? vscode.l10n.t('{0} lists no connections.', file) : vscode.l10n.t('No connection in {0} can be imported.', file);
    void p.showErrorMessage(message, { modal: total > 0, detail: total > 0 ? describeProblems(parsed.invalid) : undefined });
    return result;
  }
  if (parsed.invalid.length > 0) {
    const go = vscode.l10n.t('Import the Others');
    const choice = await p.showWarningMessage(
      vscode.l10n.t('{0} of {1} entries in {2} cannot be imported.', parsed.invalid.length, total, file),
      { modal: true, detail: describeProblems(parsed.invalid) },
      go,
    );
    if (choice !== go) return undefined;
  }

  let lastKeyId = '';
  for (const [k, { connection }] of parsed.connections.entries()) {
    const taken = new Set(deps.store.list().map((c) => c.name.toLowerCase()));
    const name = await chooseName(p, connection.name, taken);
    if (name === null) break;
    if (name === undefined) {
      result.skipped.push(connection.name);
      continue;
    }
    const created = await createOne(deps, connection, name, lastKeyId, vscode.l10n.t('Import Connections ({0}/{1}): {2}', k + 1, parsed.connections.length, name));
    if (!created) {
      result.skipped.push(name);
      continue;
    }
    lastKeyId = created.accessKeyId;
    result.imported.push(created);
  }
  deps.log.info(`Imported ${result.imported.length} connection(s) from ${file}; skipped ${result.skipped.length}; invalid ${result.invalid.length}`);
  const skipped = result.skipped.length ? vscode.l10n.t(' Not imported: {0}.', result.skipped.join(', ')) : '';
  void p.showInformationMessage(vscode.l10n.t('Imported {0} connection(s) from {1}.{2}', result.imported.length, file, skipped), {});
  return result;
}

/** Asks the credentials of one entry and creates it; undefined when the user gives none. */
async function createOne(deps: Deps, shared: SharedConnection, name: string, lastKeyId: string, title: string): Promise<ConnectionRecord | undefined> {
  const { id: fileId, ...fields } = shared;
  const draft: ConnectionRecord = { ...fields, id: '', name, accessKeyId: lastKeyId };
  const form = await connectionForm(deps.prompter, title, { existing: draft, only: 'credentials' });
  if (!form) return undefined;
  const sts = shared.authType === 'sts';
  const idFree = fileId !== undefined && !deps.store.get(fileId);
  return deps.store.add(
    { ...fields, id: idFree ? fileId : undefined, name, accessKeyId: form.accessKeyId, stsExpiration: sts ? form.stsExpiration : undefined },
    { accessKeySecret: form.accessKeySecret, securityToken: sts ? form.securityToken : undefined },
  );
}
