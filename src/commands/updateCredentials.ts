import * as vscode from 'vscode';
import type { ConnectionRecord } from '../connections/model';
import { connectionForm } from './connectionWizard';
import type { Deps } from './deps';
import { offerOrphanCleanUp } from './orphanCleanup';
import { resolveConnection } from './targets';

/** Asks only the credential fields (AccessKey, secret, STS token + expiry) and stores them. */
export async function updateCredentials(deps: Deps, arg?: unknown): Promise<ConnectionRecord | undefined> {
  const title = vscode.l10n.t('Update Credentials');
  const c = await resolveConnection(deps, arg, title);
  if (!c) return undefined;
  const form = await connectionForm(deps.prompter, `${title}: ${c.name}`, { existing: c, only: 'credentials' });
  if (!form) return undefined;
  const updated = await deps.store.update(
    c.id,
    { accessKeyId: form.accessKeyId, stsExpiration: c.authType === 'sts' ? form.stsExpiration : undefined },
    { accessKeySecret: form.accessKeySecret, securityToken: c.authType === 'sts' ? form.securityToken : undefined },
  );
  deps.log.info(`Credentials updated: ${c.name}`);
  void deps.prompter().showInformationMessage(vscode.l10n.t('Credentials of "{0}" updated.', c.name), {});
  // Multipart uploads the old credentials could not abort can be cleaned up now.
  deps.uploads.cleanUpOffer = offerOrphanCleanUp(deps, c.id).catch((err: unknown) => deps.errors.handleError(err, vscode.l10n.t('Clean-up of incomplete uploads failed')));
  return updated;
}
