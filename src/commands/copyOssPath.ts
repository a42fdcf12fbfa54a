import * as vscode from 'vscode';
import { ossPath } from '../connections/links';
import type { Deps } from './deps';
import { containerRefOf, objectRefOf, resolveObjects, selectedNodes } from './targets';

/** OSS: Copy OSS Path — oss://bucket/key for objects, folders and buckets. */
export async function copyOssPath(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<string[] | undefined> {
  const paths: string[] = [];
  for (const n of selectedNodes(arg0, arg1)) {
    const c = containerRefOf(n);
    const o = objectRefOf(n);
    if (c) paths.push(ossPath(c.bucket, c.prefix));
    else if (o) paths.push(ossPath(o.bucket, o.key));
  }
  if (paths.length === 0) {
    for (const o of await resolveObjects(deps, arg0, arg1, vscode.l10n.t('Copy OSS Path'))) paths.push(ossPath(o.bucket, o.key));
  }
  if (paths.length === 0) return undefined;
  await vscode.env.clipboard.writeText(paths.join('\n'));
  void deps.prompter().showInformationMessage(vscode.l10n.t('Copied {0}', paths.length === 1 ? paths[0] : vscode.l10n.t('{0} paths', paths.length)), {});
  return paths;
}
