/**
 * Resuming interrupted uploads: the offer shown once at start-up, the "Resume Upload…" command
 * (palette: pick a checkpoint; tree: an incomplete upload that has one), and Discard.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import type { ResumeResult } from '../core/client';
import { checkpointPercent, type JobContext, type UploadCheckpoint } from '../core/transfer';
import { Settings } from '../connections/settings';
import { isOssNode } from '../tree/nodes/base';
import { formatBytes } from '../ui/format';
import { runListedTransfer } from '../ui/progress';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

/**
 * Resumes one checkpoint under a cancellable progress notification, as a row of the Transfers view
 * (a Retry there resumes it again, from the parts the server has by then).
 */
export async function runResume(deps: Deps, cp: UploadCheckpoint): Promise<ResumeResult> {
  const title = vscode.l10n.t('Resuming upload of {0}', path.posix.basename(cp.key));
  const spec = { direction: 'up' as const, kind: 'resume' as const, connectionId: cp.connectionId ?? '', bucket: cp.bucket, key: cp.key, localPath: cp.file, size: cp.fileSize };
  const r = await runListedTransfer(deps.prompter(), title, { registry: deps.transfers, spec }, (ctx) => resumeOnce(deps, cp, ctx));
  void deps.prompter().showInformationMessage(vscode.l10n.t('Uploaded {0} to {1} (resumed).', cp.key, cp.bucket), {});
  return r;
}

async function resumeOnce(deps: Deps, cp: UploadCheckpoint, ctx: JobContext): Promise<ResumeResult> {
  if (!cp.connectionId || !deps.store.get(cp.connectionId)) {
    throw new Error(vscode.l10n.t('The connection of the interrupted upload of {0} no longer exists; discard it instead.', cp.key));
  }
  const connectionId = cp.connectionId;
  if (!deps.uploads.claim(cp.id)) throw new Error(vscode.l10n.t('The upload of {0} is already being resumed.', cp.key));
  try {
    const { api } = await deps.factory.session(connectionId);
    const r = await api.resumeUpload(cp, { signal: ctx.signal, parallel: Settings.parallel(), onProgress: (p) => ctx.loaded(p.loaded) });
    deps.log.info(`Resumed upload of ${cp.bucket}/${cp.key}: ${r.keptParts} part(s) were already there, ${r.replacedParts.length} replaced`);
    return r;
  } finally {
    deps.uploads.release(cp.id);
    deps.tree.refreshBucket(connectionId, cp.bucket);
  }
}

/** Aborts the multipart upload of a checkpoint and deletes the checkpoint. */
export async function discardCheckpoint(deps: Deps, cp: UploadCheckpoint): Promise<void> {
  if (cp.connectionId && deps.store.get(cp.connectionId)) {
    const { api } = await deps.factory.session(cp.connectionId);
    try {
      await api.abortMultipartUpload(cp.bucket, cp.key, cp.uploadId);
    } catch (err) {
      if (!isCode(err, 'NoSuchUpload')) throw err; // kept: Discard can be tried again
    }
    deps.tree.refreshBucket(cp.connectionId, cp.bucket);
  }
  await deps.uploads.checkpoints.delete(cp.id);
  deps.log.info(`Discarded the interrupted upload of ${cp.bucket}/${cp.key}`);
}

function describe(cp: UploadCheckpoint): string {
  return vscode.l10n.t('{0} % of {1}', checkpointPercent(cp), formatBytes(cp.fileSize));
}

/**
 * At start-up: one notification for the interrupted uploads, "Resume upload of <key> (62 %)" with
 * Resume / Discard (and "Show All…" when there are more). Resolves with what was chosen.
 */
export async function offerResume(deps: Deps): Promise<'resume' | 'discard' | 'list' | undefined> {
  const cps = await deps.uploads.checkpoints.list();
  if (cps.length === 0) return undefined;
  const cp = cps[0];
  const resume = vscode.l10n.t('Resume');
  const discard = vscode.l10n.t('Discard');
  const all = vscode.l10n.t('Show All…');
  const msg =
    cps.length === 1
      ? vscode.l10n.t('Resume upload of {0} ({1} %)?', cp.key, checkpointPercent(cp))
      : vscode.l10n.t('Resume upload of {0} ({1} %)? {2} more interrupted upload(s) can be resumed.', cp.key, checkpointPercent(cp), cps.length - 1);
  const choice = await deps.prompter().showInformationMessage(msg, {}, resume, discard, ...(cps.length > 1 ? [all] : []));
  const run = async <T>(action: string, fn: () => Promise<T>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      deps.errors.handleError(err, action);
    }
  };
  if (choice === resume) {
    await run(vscode.l10n.t('Resume upload failed'), () => runResume(deps, cp));
    return 'resume';
  }
  if (choice === discard) {
    await run(vscode.l10n.t('Discard failed'), () => discardCheckpoint(deps, cp));
    return 'discard';
  }
  if (choice === all) {
    await run(vscode.l10n.t('Resume upload failed'), () => resumeUpload(deps));
    return 'list';
  }
  return undefined;
}

/** The checkpoint of an incomplete-upload node, when this window has one. */
function checkpointOfNode(arg: unknown): UploadCheckpoint | undefined {
  return isOssNode(arg) && arg.kind === 'incompleteUpload' ? arg.checkpoint : undefined;
}

/** OSS: Resume Upload… — from an incomplete upload that has a checkpoint, or a pick of all checkpoints. */
export async function resumeUpload(deps: Deps, arg?: unknown): Promise<ResumeResult | undefined> {
  let cp = checkpointOfNode(arg);
  if (!cp) {
    if (isOssNode(arg) && arg.kind === 'incompleteUpload') {
      throw new Error(vscode.l10n.t('The upload of {0} cannot be resumed from this window: there is no checkpoint for it.', arg.key));
    }
    const cps = await deps.uploads.checkpoints.list();
    if (cps.length === 0) {
      void deps.prompter().showInformationMessage(vscode.l10n.t('There is no interrupted upload to resume.'), {});
      return undefined;
    }
    const names = new Map(deps.store.list().map((c) => [c.id, c.name]));
    const r = await deps.prompter().showQuickPick({
      title: vscode.l10n.t('Resume Upload'),
      placeholder: vscode.l10n.t('Choose an interrupted upload'),
      items: cps.map((c) => ({
        label: `$(cloud-upload) ${c.key}`,
        description: `${names.get(c.connectionId ?? '') ?? '?'} · ${c.bucket} · ${describe(c)}`,
        detail: c.file,
        value: c,
      })),
    });
    if (!r || r === BACK) return undefined;
    cp = r.value;
  }
  return runResume(deps, cp);
}
