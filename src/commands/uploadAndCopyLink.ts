import * as path from 'path';
import * as vscode from 'vscode';
import { isImageName, linkMarkup } from '../core/paste';
import { type LinkKind, PasteSettings } from '../connections/pasteSettings';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';
import { buildLink, expiryNotice, type BuiltLink } from './paste/pasteLink';
import { uploadFile } from './uploadFile';

export interface UploadAndCopyResult {
  keys: string[];
  links: BuiltLink[];
  copied: string;
}

/**
 * OSS: Upload and Copy Link — the upload command (same sources, targets and overwrite rules), then
 * the link of the workspace's kind (ossExplorer.paste.linkKind) on the clipboard, as Markdown when
 * ossExplorer.uploadAndCopyLink.markdown is on.
 */
export async function uploadAndCopyLink(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<UploadAndCopyResult | undefined> {
  const outcome = await uploadFile(deps, arg0, arg1, { report: false, askKey: false });
  if (!outcome || outcome.uploaded.length === 0) return undefined;
  const { target, uploaded } = outcome;
  const session = await deps.factory.session(target.connectionId);
  const scope = vscode.window.activeTextEditor?.document.uri;
  const links = await Promise.all(uploaded.map((u) => buildLink(session, target.bucket, u.key, scope)));
  const markdown = PasteSettings.copyAsMarkdown();
  const lines = uploaded.map((u, i) => {
    const name = path.posix.basename(u.key);
    return markdown ? linkMarkup('markdown', { url: links[i].url, name, image: isImageName(name) }) : links[i].url;
  });
  const copied = lines.join('\n');
  await vscode.env.clipboard.writeText(copied);
  deps.log.info(`Uploaded ${uploaded.length} object(s) to ${target.bucket}/${target.prefix} and copied their ${links[0].kind} link(s)`);
  const first = vscode.l10n.t('Uploaded {0} and copied its link.', uploaded.length === 1 ? uploaded[0].key : vscode.l10n.t('{0} files', uploaded.length));
  const notice = expiryNotice(links[0]);
  void deps.prompter().showInformationMessage(notice ? `${first} ${notice}` : first, {});
  for (const u of uploaded) deps.tree.refreshLocation(target.connectionId, target.bucket, u.key);
  return { keys: uploaded.map((u) => u.key), links, copied };
}

/** OSS: Choose Link Kind for Pasted Files — signed (with expiry), public URL or custom domain. */
export async function chooseLinkKind(deps: Deps): Promise<LinkKind | undefined> {
  const current = PasteSettings.linkKind();
  const kinds: Array<vscode.QuickPickItem & { value: LinkKind }> = [
    { label: '$(key) ' + vscode.l10n.t('Signed link'), description: vscode.l10n.t('works for private objects; stops working after ossExplorer.paste.signedLinkExpiry'), value: 'signed' },
    { label: '$(globe) ' + vscode.l10n.t('Public URL'), description: vscode.l10n.t('for public-read buckets or objects; never expires'), value: 'public' },
    { label: '$(link) ' + vscode.l10n.t('Custom domain'), description: vscode.l10n.t("the connection's custom domain; for public-read objects"), value: 'customDomain' },
  ];
  const items = kinds.map((i) => ({ ...i, picked: i.value === current }));
  const r = await deps.prompter().showQuickPick({ title: vscode.l10n.t('Link kind for pasted and uploaded files'), items });
  if (!r || r === BACK) return undefined;
  await PasteSettings.setLinkKind(r.value);
  return r.value;
}
