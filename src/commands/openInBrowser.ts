import * as vscode from 'vscode';
import { signLink } from '../connections/links';
import { Settings } from '../connections/settings';
import type { Deps } from './deps';
import { resolveObjects } from './targets';

/** Opens a signed GET link (default expiry) in the system browser. Returns the URL. */
export async function openInBrowser(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<string | undefined> {
  const [t] = await resolveObjects(deps, arg0, arg1, vscode.l10n.t('Open in Browser'));
  if (!t) return undefined;
  const session = await deps.factory.session(t.connectionId);
  const link = await signLink(session, t.bucket, t.key, { method: 'GET', expiresInSeconds: Settings.defaultLinkExpiry() });
  await deps.prompter().openExternal(link.url);
  return link.url;
}

