import * as vscode from 'vscode';
import { objectUrl } from '../connections/links';
import type { Deps } from './deps';
import { resolveObjects } from './targets';

/** OSS: Copy URL — the unsigned URL (works for public-read objects or behind a CDN). */
export async function copyObjectUrl(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<string[] | undefined> {
  const targets = await resolveObjects(deps, arg0, arg1, vscode.l10n.t('Copy URL'));
  if (targets.length === 0) return undefined;
  const urls: string[] = [];
  for (const t of targets) urls.push(objectUrl(await deps.factory.session(t.connectionId), t.bucket, t.key));
  await vscode.env.clipboard.writeText(urls.join('\n'));
  void deps.prompter().showInformationMessage(vscode.l10n.t('URL copied (unsigned: it works only for public objects).'), {});
  return urls;
}
