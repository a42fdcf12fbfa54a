import * as vscode from 'vscode';
import * as path from 'path';
import { contentTypeFor } from '../core/mime';
import { isContentType } from '../core/shellQuote';
import { putFileToSignedUrl, type SignedPutResult } from '../core/http';
import { BACK } from '../ui/prompter';
import { runListedTransfer } from '../ui/progress';
import type { Deps } from './deps';
import { askSignedUrl } from './signedUrlInput';

/** OSS: Upload to Signed URL… — sends the active file (or a chosen one) to a pasted PUT link. */
export async function uploadToSignedUrl(deps: Deps, arg0?: unknown): Promise<SignedPutResult | undefined> {
  const title = vscode.l10n.t('Upload to Signed URL');
  const p = deps.prompter();
  const asked = await askSignedUrl(p, title, vscode.l10n.t('Paste the presigned PUT URL'), vscode.l10n.t('Upload'));
  if (!asked) return undefined;
  const { url, info } = asked;

  let file: string | undefined;
  if (arg0 instanceof vscode.Uri && arg0.scheme === 'file') file = arg0.fsPath;
  const active = vscode.window.activeTextEditor?.document;
  if (!file && active?.uri.scheme === 'file') {
    const useActive = vscode.l10n.t('Active file: {0}', path.basename(active.fileName));
    const r = await p.showQuickPick({
      title,
      placeholder: vscode.l10n.t('Which file?'),
      items: [
        { label: `$(file) ${useActive}`, value: 'active' as const },
        { label: `$(folder-opened) ${vscode.l10n.t('Choose a file…')}`, value: 'choose' as const },
      ],
    });
    if (!r || r === BACK) return undefined;
    if (r.value === 'active') {
      if (active.isDirty && !(await active.save())) return undefined;
      file = active.fileName;
    }
  }
  if (!file) {
    const picked = await p.showOpenDialog({ title, canSelectFiles: true, canSelectMany: false, openLabel: vscode.l10n.t('Upload') });
    if (!picked?.[0]) return undefined;
    file = picked[0].fsPath;
  }

  const hint = info.additionalHeaders.length ? vscode.l10n.t(' (the link also signs: {0})', info.additionalHeaders.join(', ')) : '';
  const contentType = await p.showInputBox({
    title,
    prompt: vscode.l10n.t('Content-Type the link was signed for{0}', hint),
    value: contentTypeFor(info.key || file),
    validate: (v) => (!v.trim() || isContentType(v) ? undefined : vscode.l10n.t('Enter a MIME type, or leave empty to send none')),
  });
  if (contentType === undefined || contentType === BACK) return undefined;

  const size = (await vscode.workspace.fs.stat(vscode.Uri.file(file))).size;
  const target = file;
  const spec = { direction: 'up' as const, kind: 'signedUrl' as const, connectionId: '', bucket: '', key: info.key || path.basename(file), host: info.host, localPath: file, size };
  const result = await runListedTransfer(deps.prompter(), vscode.l10n.t('Uploading {0}', path.basename(file)), { registry: deps.transfers, spec }, (ctx) =>
    putFileToSignedUrl({ url, file: target, contentType: contentType.trim() || undefined, signal: ctx.signal, network: deps.factory.network(), onProgress: (n) => ctx.loaded(n) }),
  );
  deps.log.info(`Uploaded ${path.basename(file)} to a signed URL on ${info.host} → ${result.status}${result.requestId ? ` rid=${result.requestId}` : ''}`);
  void p.showInformationMessage(vscode.l10n.t('Uploaded {0} to {1}.', path.basename(file), info.key || info.host), {});
  return result;
}
