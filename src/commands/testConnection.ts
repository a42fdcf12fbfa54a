import * as vscode from 'vscode';
import { withCancellableProgress } from '../ui/progress';
import type { Deps } from './deps';
import { resolveConnection } from './targets';

export interface TestResult {
  ok: boolean;
  message: string;
}

/** Lists buckets (or one key of the pinned bucket) and reports the outcome. */
export async function testConnection(deps: Deps, arg?: unknown): Promise<TestResult | undefined> {
  const c = await resolveConnection(deps, arg, vscode.l10n.t('Test OSS Connection'));
  if (!c) return undefined;
  deps.factory.invalidate(c.id);
  const message = await withCancellableProgress(deps.prompter(), vscode.l10n.t('Testing "{0}"…', c.name), async ({ signal }) => {
    const { api } = await deps.factory.session(c.id);
    if (c.pinnedBucket) {
      await api.listObjects({ bucket: c.pinnedBucket, prefix: c.pinnedPrefix, maxKeys: 1, signal });
      return vscode.l10n.t('Connection "{0}" works: bucket {1} is readable.', c.name, c.pinnedBucket);
    }
    const buckets = await api.listBuckets(signal);
    return vscode.l10n.t('Connection "{0}" works: {1} bucket(s).', c.name, buckets.length);
  });
  deps.log.info(message);
  void deps.prompter().showInformationMessage(message, {});
  return { ok: true, message };
}
