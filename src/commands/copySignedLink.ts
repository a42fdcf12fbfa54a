import * as vscode from 'vscode';
import { contentTypeFor } from '../core/mime';
import { curlCommand, curlMethodCommand, isContentType } from '../core/shellQuote';
import { attachmentDisposition, signLink, type SignedLink } from '../connections/links';
import { Settings } from '../connections/settings';
import { formatDateTime, formatDuration } from '../ui/format';
import { inputStep, pickStep, runWizard } from '../ui/multiStep';
import type { Deps } from './deps';
import { expirySteps, MAX_LINK_SECONDS } from './expirySteps';
import { baseName } from './listing';
import { resolveObjects } from './targets';


export type LinkMethod = 'GET' | 'PUT' | 'DELETE' | 'HEAD';

interface LinkState {
  method: LinkMethod;
  contentType: string;
  expires: number | 'custom';
  seconds: number;
  disposition: 'default' | 'inline' | 'attachment';
}

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

export interface CopiedLink extends SignedLink {
  key: string;
  method: LinkMethod;
  contentType?: string;
  /** For sh/bash/zsh (POSIX quoting). */
  curl?: string;
  /** The same for PowerShell (curl.exe, PowerShell quoting). */
  curlPowerShell?: string;
}


/** "Link copied — expires 2026-11-29 18:30 (in 1 h)" / "…expires when the STS token does, at …". */
export function expiryText(link: SignedLink, now = new Date()): string {
  const when = formatDateTime(link.expiresAt);
  const left = formatDuration((link.expiresAt.getTime() - now.getTime()) / 1000);
  return link.limitedByToken
    ? vscode.l10n.t('expires when the STS token does, at {0} (in {1})', when, left)
    : vscode.l10n.t('expires {0} (in {1})', when, left);
}

function curlFor(method: LinkMethod, url: string, contentType: string, name: string, shell: 'posix' | 'powershell'): string | undefined {
  if (method === 'PUT') return curlCommand(url, contentType, name, shell);
  if (method === 'DELETE' || method === 'HEAD') return curlMethodCommand(method, url, shell);
  return undefined;
}

/**
 * OSS: Copy Signed Link — a presigned URL to the clipboard: GET (view/download), PUT (upload),
 * DELETE (delete the object) or HEAD (check it and read its metadata).
 */
export async function copySignedLink(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<CopiedLink[] | undefined> {
  const title = vscode.l10n.t('Copy Signed Link');
  const targets = await resolveObjects(deps, arg0, arg1, title);
  if (targets.length === 0) return undefined;
  const first = targets[0];
  const def = Settings.defaultLinkExpiry();
  const p = deps.prompter;
  const state = await runWizard<LinkState>(title, { method: 'GET', contentType: contentTypeFor(first.key), expires: def, seconds: def, disposition: 'default' }, [
    pickStep<LinkState, Item<LinkMethod>>(
      p,
      () => ({
        placeholder: vscode.l10n.t('What is the link for?'),
        items: [
          { label: '$(eye) GET', description: vscode.l10n.t('view / download the object'), value: 'GET' },
          { label: '$(cloud-upload) PUT', description: vscode.l10n.t('let someone upload to this key'), value: 'PUT' },
          { label: '$(trash) DELETE', description: vscode.l10n.t('let someone delete this object'), value: 'DELETE' },
          { label: '$(info) HEAD', description: vscode.l10n.t('check that the object exists and read its metadata'), value: 'HEAD' },
        ],
      }),
      (s, i) => (s.method = i.value),
    ),
    inputStep(
      p,
      (s) => ({
        prompt: vscode.l10n.t('Content-Type the uploader must send (it is signed)'),
        value: s.contentType,
        validate: (v) => (isContentType(v) ? undefined : vscode.l10n.t('Enter a MIME type such as text/plain')),
      }),
      (s, v) => (s.contentType = v.trim()),
      (s) => s.method !== 'PUT',
    ),
    ...expirySteps<LinkState>(
      p,
      { placeholder: vscode.l10n.t('How long should the link work?'), prompt: vscode.l10n.t('Link lifetime in seconds (1–{0})', MAX_LINK_SECONDS) },
      def,
    ),
    pickStep<LinkState, Item<LinkState['disposition']>>(
      p,
      () => ({
        placeholder: vscode.l10n.t('How should a browser treat the file?'),
        items: [
          { label: '$(file) ' + vscode.l10n.t('As stored'), description: vscode.l10n.t('no Content-Disposition override'), value: 'default' },
          { label: '$(eye) ' + vscode.l10n.t('Inline'), description: vscode.l10n.t('show in the browser'), value: 'inline' },
          { label: '$(cloud-download) ' + vscode.l10n.t('Attachment'), description: vscode.l10n.t('download with the file name'), value: 'attachment' },
        ],
      }),
      (s, i) => (s.disposition = i.value),
      (s) => s.method !== 'GET',
    ),
  ]);
  if (!state) return undefined;

  const results: CopiedLink[] = [];
  for (const t of targets) {
    const session = await deps.factory.session(t.connectionId);
    const name = baseName(t.key);
    const link = await signLink(session, t.bucket, t.key, {
      method: state.method,
      expiresInSeconds: state.seconds,
      contentType: state.method === 'PUT' ? state.contentType : undefined,
      contentDisposition:
        state.method === 'GET' && state.disposition !== 'default'
          ? state.disposition === 'inline'
            ? 'inline'
            : attachmentDisposition(name)
          : undefined,
    });
    results.push({
      ...link,
      key: t.key,
      method: state.method,
      contentType: state.method === 'PUT' ? state.contentType : undefined,
      curl: curlFor(state.method, link.url, state.contentType, name, 'posix'),
      curlPowerShell: curlFor(state.method, link.url, state.contentType, name, 'powershell'),
    });
  }
  await vscode.env.clipboard.writeText(results.map((r) => r.url).join('\n'));
  deps.log.info(`Signed ${state.method} link(s) copied for ${targets.length} object(s), ${state.seconds} s`);
  const soonest = results.reduce((a, b) => (b.expiresAt < a.expiresAt ? b : a));
  const msg =
    results.length === 1
      ? vscode.l10n.t('Link copied — {0}', expiryText(soonest))
      : vscode.l10n.t('{0} links copied — {1}', results.length, expiryText(soonest));
  const copyCurl = vscode.l10n.t('Copy curl Command');
  const copyCurlPs = vscode.l10n.t('Copy curl Command (PowerShell)');
  const buttons = state.method === 'GET' ? [] : process.platform === 'win32' ? [copyCurl, copyCurlPs] : [copyCurl];
  void deps
    .prompter()
    .showInformationMessage(msg, {}, ...buttons)
    .then(async (choice) => {
      if (choice === copyCurl) await vscode.env.clipboard.writeText(results.map((r) => r.curl).join('\n'));
      else if (choice === copyCurlPs) await vscode.env.clipboard.writeText(results.map((r) => r.curlPowerShell).join('\n'));
    });
  return results;
}
