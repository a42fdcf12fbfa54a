/**
 * Orphaned multipart uploads (audit finding 12): uploads whose abort failed, typically because the
 * STS token had expired, are logged by core. Once the connection's credentials are updated, one
 * notification offers to abort them with the new credentials.
 */
import * as vscode from 'vscode';
import { cleanUpOrphanedUploads, type CleanUpResult } from '../core/orphans';
import type { Deps } from './deps';
import { listDetail } from './transferPrompts';

/** Offers "Clean up N incomplete upload(s)" for a connection with recorded orphans; resolves with what was done. */
export async function offerOrphanCleanUp(deps: Deps, connectionId: string): Promise<CleanUpResult | undefined> {
  const entries = deps.uploads.orphans.list({ connectionId });
  const c = deps.store.get(connectionId);
  if (entries.length === 0 || !c) return undefined;
  const p = deps.prompter();
  const clean = vscode.l10n.t('Clean up {0} incomplete upload(s)', entries.length);
  const choice = await p.showInformationMessage(
    vscode.l10n.t('{0} multipart upload(s) of "{1}" could not be aborted when they failed (the credentials were refused). Abort them now with the new credentials?', entries.length, c.name),
    { detail: listDetail(entries.map((e) => `${e.bucket}/${e.key}`)) },
    clean,
  );
  if (choice !== clean) return undefined;
  const { api } = await deps.factory.session(connectionId);
  const result = await cleanUpOrphanedUploads(
    { listMultipartUploads: (b, o) => api.listMultipartUploads(b, o), abortMultipartUpload: (b, k, u) => api.abortMultipartUpload(b, k, u) },
    deps.uploads.orphans,
    { connectionId },
  );
  await deps.uploads.saveOrphans();
  for (const b of new Set([...result.aborted, ...result.gone].map((e) => e.bucket))) deps.tree.refreshBucket(connectionId, b);
  deps.log.info(`Orphaned uploads of ${c.name}: ${result.aborted.length} aborted, ${result.gone.length} already gone, ${result.failed.length} failed`);
  const done = result.aborted.length + result.gone.length;
  if (result.failed.length > 0) {
    void p.showWarningMessage(
      vscode.l10n.t('Cleaned up {0} incomplete upload(s); {1} could not be aborted and are kept for another try.', done, result.failed.length),
      { detail: listDetail(result.failed.map((f) => `${f.entry.bucket}/${f.entry.key}: ${f.reason}`)) },
    );
  } else {
    void p.showInformationMessage(vscode.l10n.t('Cleaned up {0} incomplete upload(s).', done), {});
  }
  return result;
}
