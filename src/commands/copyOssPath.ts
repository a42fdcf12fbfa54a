import * as vscode from 'vscode';
import { ossPath } from '../connections/links';
import { capabilitiesOf } from '../connections/capabilities';
import type { Deps } from './deps';
import { containerRefOf, objectRefOf, resolveObjects, selectedNodes } from './targets';

/** OSS: Copy OSS Path — oss://bucket/key (s3://bucket/key on S3 connections) for objects, folders and buckets. */
export async function copyOssPath(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<string[] | undefined> {
  const paths: string[] = [];
  const path = (r: { connectionId: string; bucket: string }, key: string): string => {
    const c = deps.store.get(r.connectionId);
    return ossPath(r.bucket, key, c ? capabilitiesOf(c).pathScheme : undefined);
  };
  for (const n of selectedNodes(arg0, arg1)) {
    const c = containerRefOf(n);
    const o = objectRefOf(n);
    if (c) paths.push(path(c, c.prefix));
    else if (o) paths.push(path(o, o.key));
  }
  if (paths.length === 0) {
    for (const o of await resolveObjects(deps, arg0, arg1, vscode.l10n.t('Copy OSS Path'))) paths.push(path(o, o.key));
  }
  if (paths.length === 0) return undefined;
  await vscode.env.clipboard.writeText(paths.join('\n'));
  void deps.prompter().showInformationMessage(vscode.l10n.t('Copied {0}', paths.length === 1 ? paths[0] : vscode.l10n.t('{0} paths', paths.length)), {});
  return paths;
}
