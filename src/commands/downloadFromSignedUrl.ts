import * as vscode from 'vscode';
import * as path from 'path';
import { downloadFromSignedUrl as download, type SignedGetResult } from '../core/http';
import { probeLocal } from '../core/transfer';
import { confirm } from '../ui/prompter';
import { runListedTransfer } from '../ui/progress';
import type { Deps } from './deps';
import { askSignedUrl } from './signedUrlInput';

/**
 * OSS: Download from Signed URL… — the receiving end of a GET link: streamed to a chosen file (temp
 * file, then moved into place; an existing file is replaced only after asking), CRC-64 checked when
 * the server sends x-oss-hash-crc64ecma.
 */
export async function downloadFromSignedUrl(deps: Deps): Promise<(SignedGetResult & { file: string }) | undefined> {
  const title = vscode.l10n.t('Download from Signed URL');
  const p = deps.prompter();
  const asked = await askSignedUrl(p, title, vscode.l10n.t('Paste the presigned GET URL'), vscode.l10n.t('Download'));
  if (!asked) return undefined;
  const { url, info } = asked;
  const name = path.posix.basename(info.key) || 'download';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await p.showSaveDialog({
    title,
    saveLabel: vscode.l10n.t('Download'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
  });
  if (!uri) return undefined;
  const file = uri.fsPath;
  let overwrite = false;
  if ((await probeLocal(file)) !== 'none') {
    overwrite = await confirm(p, vscode.l10n.t('{0} exists. Replace it?', file), vscode.l10n.t('Replace'));
    if (!overwrite) return undefined;
  }
  // A Retry never replaces a file that appeared since: without `overwrite` the download fails with EEXIST.
  // The size is not known before the server answers (0 until then).
  const spec = { direction: 'down' as const, kind: 'signedUrl' as const, connectionId: '', bucket: '', key: info.key || name, host: info.host, localPath: file, size: 0 };
  const result = await runListedTransfer(deps.prompter(), vscode.l10n.t('Downloading {0}', path.basename(file)), { registry: deps.transfers, spec }, (ctx) =>
    download({
      url,
      file,
      overwrite,
      signal: ctx.signal,
      network: deps.factory.network(),
      // The size comes with the answer (Content-Length); without one the row shows the bytes so far.
      onProgress: (n, total) => {
        if (total > 0) ctx.size?.(total);
        ctx.loaded(n);
      },
    }),
  );
  deps.log.info(`Downloaded a signed URL on ${info.host} to ${file}: ${result.size} bytes${result.crc64 ? ', CRC-64 checked' : ''}`);
  void p.showInformationMessage(
    result.crc64
      ? vscode.l10n.t('Downloaded {0} (CRC-64 checked).', path.basename(file))
      : vscode.l10n.t('Downloaded {0} (the server sent no CRC-64 to check).', path.basename(file)),
    {},
  );
  return { ...result, file };
}
