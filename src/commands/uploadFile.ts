import * as vscode from 'vscode';
import { revealNode } from '../tree/reveal';
import * as path from 'path';
import { contentTypeFor } from '../core/mime';
import type { UploadResult } from '../core/client/types';
import { Settings } from '../connections/settings';
import { BACK, type Prompter } from '../ui/prompter';
import { withTransferProgress } from '../ui/progress';
import type { Deps } from './deps';
import { mapLimit } from './listing';
import { type ContainerRef, containerTargetFrom, isNode, resolveContainer } from './targets';

const LAST_TARGET_KEY = 'ossExplorer.lastUploadTarget';

interface LocalItem {
  file: string;
  key: string;
  size: number;
}

export interface UploadOutcome {
  target: ContainerRef;
  uploaded: UploadResult[];
  skipped: string[];
}

function isUri(x: unknown): x is vscode.Uri {
  return x instanceof vscode.Uri;
}

/** Files (and folders, walked recursively) from the arguments VS Code passes to menu commands. */
function urisFrom(arg0: unknown, arg1: unknown): vscode.Uri[] {
  if (Array.isArray(arg1) && arg1.length > 0 && arg1.every(isUri)) return arg1;
  if (isUri(arg0)) return [arg0];
  return [];
}

async function walk(dir: vscode.Uri, relBase: string, out: { uri: vscode.Uri; rel: string }[]): Promise<void> {
  for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
    const child = vscode.Uri.joinPath(dir, name);
    const rel = `${relBase}${name}`;
    if (type & vscode.FileType.Directory) await walk(child, `${rel}/`, out);
    else if (type & vscode.FileType.File) out.push({ uri: child, rel });
  }
}

/** Where to upload: the node, the last target (offered first), or connection → bucket → folder. */
async function chooseTarget(deps: Deps, arg0: unknown, title: string): Promise<ContainerRef | undefined> {
  const direct = containerTargetFrom(arg0);
  if (direct) return direct;
  const last = deps.context.workspaceState.get<ContainerRef>(LAST_TARGET_KEY);
  const lastConn = last && deps.store.get(last.connectionId);
  if (last && lastConn) {
    const r = await deps.prompter().showQuickPick({
      title,
      placeholder: vscode.l10n.t('Upload to…'),
      items: [
        { label: `$(history) ${lastConn.name}: ${last.bucket}/${last.prefix}`, description: vscode.l10n.t('last used'), value: 'last' as const },
        { label: `$(folder-opened) ${vscode.l10n.t('Choose another location…')}`, value: 'choose' as const },
      ],
    });
    if (!r || r === BACK) return undefined;
    if (r.value === 'last') return last;
  }
  return resolveContainer(deps, isNode(arg0) ? arg0 : undefined, title);
}

async function askKey(p: Prompter, title: string, value: string, problem: (k: string) => string | undefined): Promise<string | undefined> {
  const slash = value.lastIndexOf('/') + 1;
  const dot = value.lastIndexOf('.');
  const r = await p.showInputBox({
    title,
    prompt: vscode.l10n.t('Object key'),
    value,
    valueSelection: [slash, dot > slash ? dot : value.length],
    validate: (k) => (k.endsWith('/') ? vscode.l10n.t('A key must not end with /') : problem(k)),
  });
  return r === BACK ? undefined : r;
}

/**
 * OSS: Upload File — from the editor, the editor title, the Explorer (multi-select, folders
 * recursively), a bucket/folder node, or the palette. Never overwrites silently.
 */
export async function uploadFile(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<UploadOutcome | undefined> {
  const title = vscode.l10n.t('Upload to OSS');
  const p = deps.prompter();
  let uris = urisFrom(arg0, arg1);
  let untitled: vscode.TextDocument | undefined;

  if (uris.length === 0 && !containerTargetFrom(arg0)) {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && (doc.uri.scheme === 'file' || doc.isUntitled)) uris = [doc.uri];
  }
  if (uris.length === 1 && uris[0].scheme === 'untitled') {
    untitled = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uris[0].toString());
  }

  // Unsaved editors: offer to save first.
  if (!untitled) {
    for (const u of uris) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString());
      if (doc?.isDirty) {
        const save = vscode.l10n.t('Save and Upload');
        const asIs = vscode.l10n.t('Upload Saved Version');
        const choice = await p.showWarningMessage(
          vscode.l10n.t('{0} has unsaved changes.', path.basename(u.fsPath)),
          { modal: true },
          save,
          asIs,
        );
        if (choice === undefined) return undefined;
        if (choice === save && !(await doc.save())) return undefined;
      }
    }
  }

  if (uris.length === 0) {
    const picked = await p.showOpenDialog({ title, canSelectFiles: true, canSelectFolders: false, canSelectMany: true, openLabel: vscode.l10n.t('Upload') });
    if (!picked || picked.length === 0) return undefined;
    uris = picked;
  }

  const target = await chooseTarget(deps, arg0, title);
  if (!target) return undefined;
  const { api } = await deps.factory.session(target.connectionId);
  const keyProblem = (k: string): string | undefined => api.keyProblem(k);

  // What to upload, and under which keys.
  const items: LocalItem[] = [];
  let untitledBody: Uint8Array | undefined;
  if (untitled) {
    const key = await askKey(p, title, `${target.prefix}${path.basename(untitled.fileName) || 'untitled'}.txt`, keyProblem);
    if (!key) return undefined;
    untitledBody = new TextEncoder().encode(untitled.getText());
    items.push({ file: '', key, size: untitledBody.byteLength });
  } else {
    let fromFolder = false;
    for (const u of uris) {
      const st = await vscode.workspace.fs.stat(u);
      if (st.type & vscode.FileType.Directory) {
        fromFolder = true;
        const found: { uri: vscode.Uri; rel: string }[] = [];
        // Keys keep the folder's own name: <prefix><folder>/<path inside the folder>.
        await walk(u, `${path.basename(u.fsPath)}/`, found);
        for (const f of found) {
          const fst = await vscode.workspace.fs.stat(f.uri);
          items.push({ file: f.uri.fsPath, key: `${target.prefix}${f.rel}`, size: fst.size });
        }
      } else {
        items.push({ file: u.fsPath, key: `${target.prefix}${path.basename(u.fsPath)}`, size: st.size });
      }
    }
    if (items.length === 0) {
      void p.showInformationMessage(vscode.l10n.t('Nothing to upload: the folder is empty.'), {});
      return undefined;
    }
    if (items.length === 1 && !fromFolder) {
      const key = await askKey(p, title, items[0].key, keyProblem);
      if (!key) return undefined;
      items[0].key = key;
    } else {
      const bad = items.find((i) => keyProblem(i.key));
      if (bad) throw new Error(vscode.l10n.t('Cannot upload {0}: {1}', bad.file, keyProblem(bad.key) ?? ''));
    }
  }

  // Existing objects: ask once.
  const existing = new Set<string>();
  await mapLimit(items, 8, async (i) => {
    if (await api.objectExists(target.bucket, i.key)) existing.add(i.key);
  });
  let overwrite = false;
  const skipped: string[] = [];
  if (existing.size > 0) {
    if (items.length === 1) {
      const ow = vscode.l10n.t('Overwrite');
      const choice = await p.showWarningMessage(
        vscode.l10n.t('{0} already exists in {1}. Overwrite it?', items[0].key, target.bucket),
        { modal: true },
        ow,
      );
      if (choice !== ow) return undefined;
      overwrite = true;
    } else {
      const all = vscode.l10n.t('Overwrite All');
      const skip = vscode.l10n.t('Skip Existing');
      const choice = await p.showWarningMessage(
        vscode.l10n.t('{0} of {1} objects already exist in {2}.', existing.size, items.length, target.bucket),
        { modal: true, detail: [...existing].slice(0, 10).join('\n') + (existing.size > 10 ? `\n${vscode.l10n.t('…and {0} more', existing.size - 10)}` : '') },
        all,
        skip,
      );
      if (choice === undefined) return undefined;
      overwrite = choice === all;
      if (!overwrite) {
        skipped.push(...existing);
        items.splice(0, items.length, ...items.filter((i) => !existing.has(i.key)));
      }
    }
  }

  const uploaded: UploadResult[] = [];
  if (items.length > 0) {
    const total = items.reduce((a, i) => a + i.size, 0);
    const label = items.length === 1 ? vscode.l10n.t('Uploading {0}', path.posix.basename(items[0].key)) : vscode.l10n.t('Uploading {0} files', items.length);
    await withTransferProgress(deps.prompter(), label, total, async (ctx) => {
      let before = 0;
      for (const i of items) {
        ctx.status(path.posix.basename(i.key));
        const forbidOverwrite = !(overwrite && existing.has(i.key));
        if (untitledBody) {
          await api.putObject(target.bucket, i.key, untitledBody, { contentType: contentTypeFor(i.key), forbidOverwrite, signal: ctx.signal });
          uploaded.push({ bucket: target.bucket, key: i.key, size: i.size, multipart: false });
        } else {
          uploaded.push(
            await api.upload({
              bucket: target.bucket,
              key: i.key,
              file: i.file,
              forbidOverwrite,
              partSize: Settings.partSizeBytes(),
              parallel: Settings.parallel(),
              signal: ctx.signal,
              onProgress: (pr) => ctx.bytes(before + pr.loaded),
            }),
          );
        }
        before += i.size;
        ctx.bytes(before);
      }
    });
  }
  await deps.context.workspaceState.update(LAST_TARGET_KEY, target);
  deps.log.info(`Uploaded ${uploaded.length} object(s) to ${target.bucket}/${target.prefix}${skipped.length ? `, skipped ${skipped.length}` : ''}`);
  for (const u of uploaded) deps.tree.refreshLocation(target.connectionId, target.bucket, u.key);
  if (isNode(arg0)) deps.tree.refresh(arg0);

  if (uploaded.length > 0) {
    const first = uploaded[0];
    const copy = vscode.l10n.t('Copy Signed Link');
    const reveal = vscode.l10n.t('Reveal');
    const msg =
      uploaded.length === 1
        ? vscode.l10n.t('Uploaded {0} to {1}.', first.key, target.bucket)
        : vscode.l10n.t('Uploaded {0} files to {1}{2}.', uploaded.length, `${target.bucket}/${target.prefix}`, skipped.length ? vscode.l10n.t(' ({0} skipped)', skipped.length) : '');
    void p.showInformationMessage(msg, {}, ...(uploaded.length === 1 ? [copy, reveal] : [reveal])).then(async (choice) => {
      const ref = { connectionId: target.connectionId, bucket: target.bucket, key: first.key };
      if (choice === copy) await vscode.commands.executeCommand('ossExplorer.copySignedLink', ref);
      else if (choice === reveal) await revealObject(deps, ref.connectionId, ref.bucket, ref.key);
    });
  } else if (skipped.length > 0) {
    void p.showInformationMessage(vscode.l10n.t('Nothing uploaded: all {0} objects already exist.', skipped.length), {});
  }
  return { target, uploaded, skipped };
}

/** Shows the object's node in the OSS Explorer (loading pages as needed). */
export async function revealObject(deps: Deps, connectionId: string, bucket: string, key: string): Promise<boolean> {
  if (!deps.view) return false;
  return (await revealNode(deps.tree, deps.view, connectionId, bucket, key, { focus: true })) !== undefined;
}
