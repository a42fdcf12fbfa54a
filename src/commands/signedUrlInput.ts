import * as vscode from 'vscode';
import { inspectSignedUrl, type SignedUrlInfo } from '../core/http';
import { formatDateTime } from '../ui/format';
import { BACK, confirm, type Prompter } from '../ui/prompter';

function urlProblem(v: string): string | undefined {
  try {
    const u = new URL(v.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? undefined : vscode.l10n.t('Enter an http(s) URL');
  } catch {
    return vscode.l10n.t('Enter an http(s) URL');
  }
}

/**
 * Asks for a presigned URL; an expired one is used only after the user says "try anyway" (`go` is
 * the button). Undefined when cancelled.
 */
export async function askSignedUrl(p: Prompter, title: string, prompt: string, go: string): Promise<{ url: string; info: SignedUrlInfo } | undefined> {
  const raw = await p.showInputBox({
    title,
    prompt,
    placeholder: 'https://bucket.oss-cn-hangzhou.aliyuncs.com/key?x-oss-signature-version=…',
    validate: urlProblem,
  });
  if (raw === undefined || raw === BACK) return undefined;
  const url = raw.trim();
  const info = inspectSignedUrl(url);
  if (info.expiresAt && info.expiresAt.getTime() < Date.now()) {
    const ok = await confirm(p, vscode.l10n.t('This link expired at {0}. Try anyway?', formatDateTime(info.expiresAt)), go);
    if (!ok) return undefined;
  }
  return { url, info };
}
