import * as vscode from 'vscode';
import * as path from 'path';
import { promises as fs } from 'fs';
import { withCancellableProgress, withTransferProgress } from '../ui/progress';
import type { Deps } from './deps';
import { baseName, listAll, parentPrefix } from './listing';
import { containerRefOf, objectRefOf, resolveObjects, selectedNodes, type ObjectTarget } from './targets';

interface Job extends ObjectTarget {
  size: number;
  file: string;
}

/** Local relative path for a key below `base`; refuses '..', '.', empty and absolute segments. */
export function safeRelative(key: string, base: string): string | undefined {
  const rel = key.slice(base.length);
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))) return undefined;
  return path.join(...parts);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * OSS: Download — one object to a chosen file; several objects or folders (recursively) into a
 * chosen folder. Streams through core's download (temporary file, CRC-64, rename).
 */
export async function download(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<string[] | undefined> {
  const title = vscode.l10n.t('Download');
  const nodes = selectedNodes(arg0, arg1);
  const objects: ObjectTarget[] = nodes.map(objectRefOf).filter((x): x is ObjectTarget => !!x);
  const folders = nodes.map(containerRefOf).filter((x) => !!x);
  if (objects.length === 0 && folders.length === 0) objects.push(...(await resolveObjects(deps, arg0, arg1, title)));
  if (objects.length === 0 && folders.length === 0) return undefined;
  const p = deps.prompter();
  const jobs: Job[] = [];
  const workspaceDir = vscode.workspace.workspaceFolders?.[0]?.uri;

  if (objects.length === 1 && folders.length === 0) {
    const o = objects[0];
    const target = await p.showSaveDialog({
      title,
      defaultUri: workspaceDir ? vscode.Uri.joinPath(workspaceDir, baseName(o.key)) : undefined,
      saveLabel: vscode.l10n.t('Download'),
    });
    if (!target) return undefined;
    jobs.push({ ...o, size: o.size ?? 0, file: target.fsPath });
  } else {
    const picked = await p.showOpenDialog({
      title,
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      defaultUri: workspaceDir,
      openLabel: vscode.l10n.t('Download Here'),
    });
    if (!picked || picked.length === 0) return undefined;
    const dir = picked[0].fsPath;
    for (const o of objects) jobs.push({ ...o, size: o.size ?? 0, file: path.join(dir, baseName(o.key)) });
    if (folders.length > 0) {
      // A large or misbehaving listing can take long: it runs under a cancellable notification.
      await withCancellableProgress(deps.prompter(), vscode.l10n.t('Listing folders…'), async ({ signal }) => {
        for (const f of folders) {
          const { api } = await deps.factory.session(f.connectionId);
          const base = parentPrefix(f.prefix);
          for (const info of await listAll(api, f.bucket, f.prefix, signal)) {
            if (info.key.endsWith('/')) continue;
            const rel = safeRelative(info.key, base);
            if (!rel) {
              deps.log.warn(`Skipping ${info.key}: not a safe local path`);
              continue;
            }
            jobs.push({ connectionId: f.connectionId, bucket: f.bucket, key: info.key, size: info.size, file: path.join(dir, rel) });
          }
        }
      });
    }
    const existing: Job[] = [];
    for (const j of jobs) if (await exists(j.file)) existing.push(j);
    if (existing.length > 0) {
      const overwrite = vscode.l10n.t('Overwrite All');
      const skip = vscode.l10n.t('Skip Existing');
      const choice = await p.showWarningMessage(
        vscode.l10n.t('{0} of {1} files already exist locally.', existing.length, jobs.length),
        { modal: true, detail: existing.slice(0, 10).map((j) => j.file).join('\n') },
        overwrite,
        skip,
      );
      if (choice === undefined) return undefined;
      if (choice === skip) {
        const skipSet = new Set(existing);
        jobs.splice(0, jobs.length, ...jobs.filter((j) => !skipSet.has(j)));
      }
    }
  }
  if (jobs.length === 0) return [];

  const total = jobs.reduce((a, j) => a + j.size, 0);
  const label = jobs.length === 1 ? vscode.l10n.t('Downloading {0}', baseName(jobs[0].key)) : vscode.l10n.t('Downloading {0} files', jobs.length);
  const done: string[] = [];
  await withTransferProgress(deps.prompter(), label, total, async (ctx) => {
    let before = 0;
    for (const j of jobs) {
      ctx.status(baseName(j.key));
      const { api } = await deps.factory.session(j.connectionId);
      await fs.mkdir(path.dirname(j.file), { recursive: true });
      await api.download({
        bucket: j.bucket,
        key: j.key,
        file: j.file,
        signal: ctx.signal,
        onProgress: (pr) => ctx.bytes(before + pr.loaded),
      });
      before += j.size;
      ctx.bytes(before);
      done.push(j.file);
    }
  });
  deps.log.info(`Downloaded ${done.length} file(s)`);
  const reveal = vscode.l10n.t('Reveal in File Explorer');
  const open = vscode.l10n.t('Open');
  void p
    .showInformationMessage(vscode.l10n.t('Downloaded {0} file(s).', done.length), {}, ...(done.length === 1 ? [open] : [reveal]))
    .then(async (choice) => {
      if (choice === open) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(done[0]));
      else if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(done[0]));
    });
  return done;
}
