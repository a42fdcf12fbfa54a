/** What the oss: file system asks the person while saving: conflicts, progress, errors. */
import * as vscode from 'vscode';
import type { EditHooks } from '../connections/ossFileSystem';
import type { SaveConflict } from '../connections/ossApi';
import { fromOssUri, toReadonlyUri } from '../connections/ossUri';
import { Settings } from '../connections/settings';
import { runListedTransfer } from '../ui/progress';
import type { Deps } from './deps';

/** Saves at least this big show a progress notification. */
export const SAVE_PROGRESS_BYTES = 1024 * 1024;

/** Opens VS Code's diff editor: the server's current object (read-only) against the editor. */
export async function showConflictDiff(uri: vscode.Uri): Promise<void> {
  const ref = fromOssUri(uri);
  const theirs = toReadonlyUri(ref, { orEmpty: true });
  const name = ref.key.slice(ref.key.lastIndexOf('/') + 1);
  await vscode.commands.executeCommand('vscode.diff', theirs, uri, vscode.l10n.t('{0} (on the server) ↔ {0} (yours)', name));
}

export function createEditHooks(deps: Pick<Deps, 'prompter' | 'errors' | 'transfers'>): EditHooks {
  return {
    maxEditBytes: () => Settings.editMaxBytes(),
    async onConflict(uri: vscode.Uri, conflict: SaveConflict): Promise<'overwrite' | 'cancel'> {
      const { key } = fromOssUri(uri);
      const compare = vscode.l10n.t('Compare');
      const overwrite = vscode.l10n.t('Overwrite');
      const message =
        conflict === 'deleted'
          ? vscode.l10n.t('{0} was deleted on the server after you opened it. Save it again anyway?', key)
          : vscode.l10n.t('{0} changed on the server after you opened it. Overwrite the other change?', key);
      const choice = await deps.prompter().showWarningMessage(
        message,
        { modal: true, detail: vscode.l10n.t('Compare shows the server version next to yours; your changes stay unsaved until you save again.') },
        compare,
        overwrite,
      );
      if (choice === overwrite) return 'overwrite';
      if (choice === compare) await showConflictDiff(uri);
      return 'cancel';
    },
    async withSaveProgress(uri, size, task) {
      if (size < SAVE_PROGRESS_BYTES) return task(undefined, () => undefined);
      const { connectionId, bucket, key } = fromOssUri(uri);
      // A row of the Transfers view that Retry leaves alone: the editor stays dirty, and saving it again is the retry.
      const spec = { direction: 'up' as const, kind: 'save' as const, final: true, connectionId, bucket, key, size };
      return runListedTransfer(deps.prompter(), vscode.l10n.t('Saving {0}', key), { registry: deps.transfers, spec }, (ctx) => task(ctx.signal, (n) => ctx.loaded(n)));
    },
    onError(err: unknown) {
      deps.errors.handleError(err, vscode.l10n.t('Save failed'));
    },
  };
}
