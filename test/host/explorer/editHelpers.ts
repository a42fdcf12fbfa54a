/** Opening, typing into and closing oss: editors in host tests. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { OssClient } from '../../../src/core/client';
import { StaticAccessKeyProvider } from '../../../src/core/credentials';
import type { OssServer } from '../../support/ossServer';

/** A core client on the fixture's server: the second writer, and the reader of every property. */
export function coreClient(server: OssServer): OssClient {
  return new OssClient({ endpoint: server.endpoint, region: 'cn-hangzhou', credentials: new StaticAccessKeyProvider(server.accessKeyId, server.accessKeySecret) });
}

export async function openForEditing(target: { connectionId: string; bucket: string; key: string }): Promise<unknown> {
  return vscode.commands.executeCommand('ossExplorer.openObject', target);
}

/** The active editor, which must show `key` on the oss: scheme. */
export function activeOssEditor(key: string): vscode.TextEditor {
  const ed = vscode.window.activeTextEditor;
  assert.ok(ed, 'an editor is active');
  assert.strictEqual(ed.document.uri.scheme, 'oss');
  assert.ok(ed.document.uri.path.endsWith(`/${key}`), `${ed.document.uri.toString()} shows ${key}`);
  return ed;
}

/** Appends text at the end of the document, as typing would. */
export async function typeAtEnd(ed: vscode.TextEditor, text: string): Promise<void> {
  const end = ed.document.lineAt(ed.document.lineCount - 1).range.end;
  assert.ok(await ed.edit((b) => b.insert(end, text)), 'the edit was applied');
  assert.ok(ed.document.isDirty);
}

/**
 * Ctrl+S on the editor; true when the document is no longer dirty. The workbench sometimes skips a
 * save without calling the file system (right after opening, or after a failed save); then this
 * presses Ctrl+S again, as a person would, up to three times.
 */
export async function save(ed: vscode.TextEditor, files: { readonly writeCalls: number }): Promise<boolean> {
  for (let i = 0; i < 3; i++) {
    const before = files.writeCalls;
    await vscode.window.showTextDocument(ed.document);
    await vscode.commands.executeCommand('workbench.action.files.save');
    if (files.writeCalls !== before || !ed.document.isDirty) break;
  }
  return !ed.document.isDirty;
}

/** Reverts and closes every editor (dirty ones too, without asking). */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function isReadonlyOnServer(uri: vscode.Uri): Promise<boolean> {
  const st = await vscode.workspace.fs.stat(uri);
  return ((st.permissions ?? 0) & vscode.FilePermission.Readonly) !== 0;
}
