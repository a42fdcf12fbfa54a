import * as vscode from 'vscode';
import { moveObject } from '../core/transfer';
import { confirm, BACK } from '../ui/prompter';
import { withCancellableProgress } from '../ui/progress';
import type { Deps } from './deps';
import { baseName } from './listing';
import { isNode, resolveObjects } from './targets';

export interface RenameResult {
  from: string;
  to: string;
}

/**
 * OSS: Rename / Move — copy, verify (size and CRC-64; see core's moveObject), then delete the source.
 * An existing destination is overwritten only after asking.
 */
export async function renameObject(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<RenameResult | undefined> {
  const title = vscode.l10n.t('Rename / Move Object');
  const [t] = await resolveObjects(deps, arg0, Array.isArray(arg1) ? undefined : arg1, title);
  if (!t) return undefined;
  const { api } = await deps.factory.session(t.connectionId);
  const nameStart = t.key.length - baseName(t.key).length;
  const dot = t.key.lastIndexOf('.');
  const answer = await deps.prompter().showInputBox({
    title,
    prompt: vscode.l10n.t('New key in bucket {0} (change the folder part to move)', t.bucket),
    value: t.key,
    valueSelection: [nameStart, dot > nameStart ? dot : t.key.length],
    validate: (v) => (v.endsWith('/') ? vscode.l10n.t('A key must not end with /') : api.keyProblem(v)),
  });
  if (answer === undefined || answer === BACK || answer === t.key) return undefined;
  const dest = answer;
  let overwrite = false;
  if (await api.objectExists(t.bucket, dest)) {
    overwrite = await confirm(
      deps.prompter(),
      vscode.l10n.t('{0} already exists. Replace it?', dest),
      vscode.l10n.t('Overwrite'),
    );
    if (!overwrite) return undefined;
  }
  await withCancellableProgress(deps.prompter(), vscode.l10n.t('Moving {0}…', baseName(t.key)), async () => {
    await moveObject(api, { bucket: t.bucket, from: t.key, to: dest, overwrite });
  });
  deps.log.info(`Moved ${t.bucket}/${t.key} → ${dest}`);
  if (isNode(arg0) && arg0.parent) deps.tree.refresh(arg0.parent);
  deps.tree.refreshLocation(t.connectionId, t.bucket, t.key);
  deps.tree.refreshLocation(t.connectionId, t.bucket, dest);
  return { from: t.key, to: dest };
}
