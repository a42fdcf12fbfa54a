import * as vscode from 'vscode';
import { fromOssUri, OSS_SCHEME, toOssUri } from '../connections/ossUri';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';

/** The oss: document a Save As / Compare command acts on: the URI VS Code passed, else the active editor. */
export function ossDocument(arg: unknown): vscode.TextDocument | undefined {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== OSS_SCHEME) return undefined;
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

/**
 * OSS: Save As… — writes the editor's text to another key of the same bucket. An existing object is
 * overwritten only after a confirmation (and then keeps its own properties); the new object opens.
 */
export async function saveAs(deps: Deps, arg?: unknown): Promise<{ key: string; overwritten: boolean } | undefined> {
  const doc = ossDocument(arg);
  if (!doc) {
    void deps.prompter().showInformationMessage(vscode.l10n.t('Save As works on an object open in the editor (oss://…).'), {});
    return undefined;
  }
  const ref = fromOssUri(doc.uri);
  const { api } = await deps.factory.session(ref.connectionId);
  const slash = ref.key.lastIndexOf('/');
  const key = await deps.prompter().showInputBox({
    title: vscode.l10n.t('Save As'),
    prompt: vscode.l10n.t('New key in bucket {0}', ref.bucket),
    value: ref.key,
    valueSelection: [slash + 1, ref.key.length],
    validate: (v) => (v.trim() === ref.key ? vscode.l10n.t('Choose another key (Ctrl+S saves this one)') : api.keyProblem(v.trim())),
  });
  if (key === undefined || key === BACK) return undefined;
  const target = { ...ref, key: key.trim() };
  const body = new TextEncoder().encode(doc.getText());
  let overwritten = false;
  let expected: Parameters<typeof api.saveObject>[3]['expected'] = 'absent';
  if (await api.objectExists(target.bucket, target.key)) {
    const overwrite = vscode.l10n.t('Overwrite');
    const choice = await deps.prompter().showWarningMessage(
      vscode.l10n.t('{0} exists already. Overwrite it?', target.key),
      { modal: true, detail: vscode.l10n.t('Its headers, metadata, storage class, ACL and tags are kept; its bytes are replaced.') },
      overwrite,
    );
    if (choice !== overwrite) return undefined;
    const h = await api.headObject(target.bucket, target.key);
    expected = { etag: h.etag, size: h.size, crc64: h.crc64 };
    overwritten = true;
  }
  await api.saveObject(target.bucket, target.key, body, { expected });
  deps.log.info(`Saved as: ${target.bucket}/${target.key}`);
  deps.tree.refreshLocation(target.connectionId, target.bucket, target.key);
  const uri = toOssUri(target);
  deps.files.changed(uri);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  return { key: target.key, overwritten };
}
