/** Aborting incomplete multipart uploads from the tree: one, or all older than a number of days. */
import * as vscode from 'vscode';
import type { MultipartUploadInfo } from '../core/client';
import { mapLimit } from '../core/concurrency';
import { isOssNode } from '../tree/nodes/base';
import type { IncompleteUploadNode } from '../tree/nodes/incompleteUploadNode';
import type { IncompleteUploadsNode } from '../tree/nodes/incompleteUploadsNode';
import { describeError } from '../ui/errors';
import { BACK, confirm } from '../ui/prompter';
import type { Deps } from './deps';
import { listDetail } from './transferPrompts';

const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_DAYS = 3650;

const uploadNode = (a: unknown): IncompleteUploadNode | undefined => (isOssNode(a) && a.kind === 'incompleteUpload' ? a : undefined);
const uploadsNode = (a: unknown): IncompleteUploadsNode | undefined => (isOssNode(a) && a.kind === 'incompleteUploads' ? a : undefined);

/** Deletes the checkpoints that belong to aborted uploads. */
async function forgetCheckpoints(deps: Deps, connectionId: string, bucket: string, uploadIds: Set<string>): Promise<void> {
  for (const cp of await deps.uploads.checkpoints.list()) {
    if (cp.connectionId === connectionId && cp.bucket === bucket && uploadIds.has(cp.uploadId)) await deps.uploads.checkpoints.delete(cp.id);
  }
}

/** OSS: Abort Upload — from an incomplete upload node, after a confirmation. */
export async function abortUpload(deps: Deps, arg?: unknown): Promise<boolean> {
  const node = uploadNode(arg);
  if (!node) {
    void deps.prompter().showInformationMessage(vscode.l10n.t('Choose an incomplete upload under a bucket\'s "Incomplete Uploads" in the OSS Explorer.'), {});
    return false;
  }
  const ok = await confirm(
    deps.prompter(),
    vscode.l10n.t('Abort the incomplete upload of {0} in {1}? Its uploaded parts are deleted.', node.key, node.bucket),
    vscode.l10n.t('Abort Upload'),
  );
  if (!ok) return false;
  const { api } = await deps.factory.session(node.connectionId);
  await api.abortMultipartUpload(node.bucket, node.key, node.uploadId);
  await forgetCheckpoints(deps, node.connectionId, node.bucket, new Set([node.uploadId]));
  deps.log.info(`Aborted the multipart upload ${node.uploadId} of ${node.bucket}/${node.key}`);
  deps.tree.refreshBucket(node.connectionId, node.bucket);
  return true;
}

/** Asks for a number of days (presets or a validated custom value). */
async function askDays(deps: Deps, title: string): Promise<number | undefined> {
  const p = deps.prompter();
  const presets = [1, 7, 30, 90];
  const r = await p.showQuickPick({
    title,
    placeholder: vscode.l10n.t('Abort the uploads started more than … ago'),
    items: [
      ...presets.map((d) => ({ label: vscode.l10n.t('{0} day(s)', d), value: d })),
      { label: `$(edit) ${vscode.l10n.t('Other number of days…')}`, value: 0 },
    ],
  });
  if (!r || r === BACK) return undefined;
  if (r.value > 0) return r.value;
  const typed = await p.showInputBox({
    title,
    prompt: vscode.l10n.t('Days (a whole number from 0 to {0}); 0 aborts every incomplete upload', MAX_DAYS),
    value: '7',
    validate: (v) => (/^\d+$/.test(v.trim()) && Number(v) <= MAX_DAYS ? undefined : vscode.l10n.t('Enter a whole number of days from 0 to {0}.', MAX_DAYS)),
  });
  if (typed === undefined || typed === BACK) return undefined;
  return Number(typed.trim());
}

export interface AbortOlderResult {
  aborted: MultipartUploadInfo[];
  failed: { upload: MultipartUploadInfo; reason: string }[];
}

/** OSS: Abort All Older Than… — on a bucket's "Incomplete Uploads" node. */
export async function abortUploadsOlderThan(deps: Deps, arg?: unknown): Promise<AbortOlderResult | undefined> {
  const node = uploadsNode(arg);
  if (!node) {
    void deps.prompter().showInformationMessage(vscode.l10n.t('Run this on a bucket\'s "Incomplete Uploads" in the OSS Explorer.'), {});
    return undefined;
  }
  const title = vscode.l10n.t('Abort Incomplete Uploads in {0}', node.bucket);
  const days = await askDays(deps, title);
  if (days === undefined) return undefined;
  const { api } = await deps.factory.session(node.connectionId);
  const cutoff = api.now().getTime() - days * DAY_MS;
  const all = await api.listMultipartUploads(node.bucket, { prefix: node.prefix || undefined });
  const old = all.filter((u) => u.initiated !== undefined && u.initiated.getTime() < cutoff);
  if (old.length === 0) {
    void deps.prompter().showInformationMessage(vscode.l10n.t('No incomplete upload in {0} is older than {1} day(s).', node.bucket, days), {});
    return { aborted: [], failed: [] };
  }
  const ok = await confirm(
    deps.prompter(),
    vscode.l10n.t('Abort {0} incomplete upload(s) in {1} started more than {2} day(s) ago? Their uploaded parts are deleted.', old.length, node.bucket, days),
    vscode.l10n.t('Abort {0} Upload(s)', old.length),
    listDetail(old.map((u) => u.key)),
  );
  if (!ok) return undefined;
  const result: AbortOlderResult = { aborted: [], failed: [] };
  await mapLimit(old, 4, async (u) => {
    try {
      await api.abortMultipartUpload(node.bucket, u.key, u.uploadId);
      result.aborted.push(u);
    } catch (err) {
      result.failed.push({ upload: u, reason: describeError(err) });
    }
  }, { stopOnError: false });
  await forgetCheckpoints(deps, node.connectionId, node.bucket, new Set(result.aborted.map((u) => u.uploadId)));
  deps.log.info(`Aborted ${result.aborted.length} incomplete upload(s) in ${node.bucket}; ${result.failed.length} failed`);
  deps.tree.refreshBucket(node.connectionId, node.bucket);
  if (result.failed.length > 0) {
    void deps.prompter().showWarningMessage(
      vscode.l10n.t('Aborted {0} incomplete upload(s) in {1}; {2} could not be aborted.', result.aborted.length, node.bucket, result.failed.length),
      { detail: listDetail(result.failed.map((f) => `${f.upload.key}: ${f.reason}`)) },
    );
  } else {
    void deps.prompter().showInformationMessage(vscode.l10n.t('Aborted {0} incomplete upload(s) in {1}.', result.aborted.length, node.bucket), {});
  }
  return result;
}
