import * as vscode from 'vscode';
import { revealNode } from '../tree/reveal';
import * as path from 'path';
import { contentTypeFor } from '../core/mime';
import type { UploadResult } from '../core/client';
import { walkFolder, type SkippedEntry } from '../core/transfer';
import {
  applyExistingChoice,
  duplicateKeys,
  findExistingKeys,
  firstKeyProblem,
  itemsForEntries,
  type ExistingChoice,
  type LocalEntry,
  type UploadItem,
  type UploadJob,
} from '../core/transfer';
import type { OssApi } from '../connections/ossApi';
import { Settings } from '../connections/settings';
import { BACK, type Prompter } from '../ui/prompter';
import { runTransfersWithProgress } from '../ui/progress';
import type { Deps } from './deps';
import { listDetail, shortList } from './transferPrompts';
import { type ContainerRef, containerTargetFrom, isNode, resolveContainer } from './targets';

const LAST_TARGET_KEY = 'ossExplorer.lastUploadTarget';

/**
 * What the command keeps of each upload until the batch ends: its key (to refresh the tree, report
 * and link it) and whether it went in parts. Not the whole UploadResult: its ETag and CRC-64 were
 * checked by the client already, and no caller reads them, yet a batch would hold them for every file.
 */
export type UploadedObject = Pick<UploadResult, 'key' | 'multipart'>;

export interface UploadOutcome {
  target: ContainerRef;
  uploaded: UploadedObject[];
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

interface Sources {
  uris: vscode.Uri[];
  untitled?: vscode.TextDocument;
}

/** What to upload: the arguments, the active editor, or files asked for; unsaved editors offered a save. */
async function gatherSources(p: Prompter, title: string, arg0: unknown, arg1: unknown): Promise<Sources | undefined> {
  let uris = urisFrom(arg0, arg1);
  let untitled: vscode.TextDocument | undefined;
  if (uris.length === 0 && !containerTargetFrom(arg0)) {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && (doc.uri.scheme === 'file' || doc.isUntitled)) uris = [doc.uri];
  }
  if (uris.length === 1 && uris[0].scheme === 'untitled') {
    untitled = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uris[0].toString());
  }
  if (!untitled) {
    for (const u of uris) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString());
      if (doc?.isDirty) {
        const save = vscode.l10n.t('Save and Upload');
        const asIs = vscode.l10n.t('Upload Saved Version');
        const choice = await p.showWarningMessage(vscode.l10n.t('{0} has unsaved changes.', path.basename(u.fsPath)), { modal: true }, save, asIs);
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
  return { uris, untitled };
}

interface UploadPlan {
  target: ContainerRef;
  items: UploadItem[];
  /** The in-memory body of an untitled editor (then `items` has exactly one entry). */
  body?: Uint8Array;
  existing: Set<string>;
}

/** Tells what a folder walk left out (symbolic links, loops, …); the rest is still uploaded. */
function reportLocalSkipped(p: Prompter, skipped: readonly SkippedEntry[]): void {
  if (skipped.length === 0) return;
  const reasons: Record<SkippedEntry['reason'], string> = {
    symlink: vscode.l10n.t('symbolic link (see ossExplorer.upload.followSymlinks)'),
    outside: vscode.l10n.t('link to outside the chosen folder'),
    loop: vscode.l10n.t('link back into its own folder'),
    broken: vscode.l10n.t('broken link'),
    depth: vscode.l10n.t('nested too deeply'),
    limit: vscode.l10n.t('too many files; the rest was not read'),
    special: vscode.l10n.t('not a regular file'),
  };
  const shown = shortList(skipped.map((s) => `${path.basename(s.path)} (${reasons[s.reason]})`));
  void p.showWarningMessage(vscode.l10n.t('Not uploading {0} item(s): {1}', skipped.length, shown), {
    detail: listDetail(skipped.map((s) => `${s.path} (${reasons[s.reason]})`)),
  });
}

/** Plan: local files → keys (asking for the key of a single file), checked, and existing keys found. */
async function planUpload(p: Prompter, title: string, api: OssApi, target: ContainerRef, src: Sources, askForKey: boolean): Promise<UploadPlan | undefined> {
  const keyProblem = (k: string): string | undefined => api.keyProblem(k);
  let items: UploadItem[] = [];
  let body: Uint8Array | undefined;
  const localSkipped: SkippedEntry[] = [];
  if (src.untitled) {
    const key = await askKey(p, title, `${target.prefix}${path.basename(src.untitled.fileName) || 'untitled'}.txt`, keyProblem);
    if (!key) return undefined;
    body = new TextEncoder().encode(src.untitled.getText());
    items.push({ file: '', key, size: body.byteLength });
  } else {
    let fromFolder = false;
    const entries: LocalEntry[] = [];
    const walkOptions = { followSymlinks: Settings.followSymlinks() };
    for (const u of src.uris) {
      const st = await vscode.workspace.fs.stat(u);
      if (st.type & vscode.FileType.Directory) {
        fromFolder = true;
        // Keys keep the folder's own name: <prefix><folder>/<path inside the folder>.
        const found = await walkFolder(u.fsPath, `${path.basename(u.fsPath)}/`, walkOptions);
        entries.push(...found.files);
        localSkipped.push(...found.skipped);
      } else {
        entries.push({ file: u.fsPath, rel: path.basename(u.fsPath), size: st.size });
      }
    }
    items = itemsForEntries(target.prefix, entries);
    reportLocalSkipped(p, localSkipped);
    if (items.length === 0) {
      void p.showInformationMessage(vscode.l10n.t('Nothing to upload: the folder is empty.'), {});
      return undefined;
    }
    if (items.length === 1 && !fromFolder && askForKey) {
      const key = await askKey(p, title, items[0].key, keyProblem);
      if (!key) return undefined;
      items[0].key = key;
    } else {
      const bad = firstKeyProblem(items, keyProblem);
      if (bad) throw new Error(vscode.l10n.t('Cannot upload {0}: {1}', bad.item.file, bad.problem));
      const dup = duplicateKeys(items);
      if (dup.length > 0) throw new Error(vscode.l10n.t('Several selected files would be uploaded to the same key: {0}', dup.slice(0, 5).join(', ')));
    }
  }
  // One listing of the keys' common prefix answers a folder; a few keys are HEADed instead.
  const existing = await findExistingKeys(target.bucket, items, {
    listObjects: (params) => api.listObjects(params),
    exists: (k, signal) => api.objectExists(target.bucket, k, signal),
  });
  return { target, items, body, existing };
}

/** Confirm: asks once about existing objects; undefined when the user cancels. */
async function confirmUpload(p: Prompter, plan: UploadPlan): Promise<ExistingChoice | undefined> {
  const { existing, items, target } = plan;
  if (existing.size === 0) return 'skip';
  if (items.length === 1) {
    const ow = vscode.l10n.t('Overwrite');
    const choice = await p.showWarningMessage(vscode.l10n.t('{0} already exists in {1}. Overwrite it?', items[0].key, target.bucket), { modal: true }, ow);
    return choice === ow ? 'overwrite' : undefined;
  }
  const all = vscode.l10n.t('Overwrite All');
  const skip = vscode.l10n.t('Skip Existing');
  const choice = await p.showWarningMessage(
    vscode.l10n.t('{0} of {1} objects already exist in {2}.', existing.size, items.length, target.bucket),
    { modal: true, detail: listDetail([...existing]) },
    all,
    skip,
  );
  if (choice === undefined) return undefined;
  return choice === all ? 'overwrite' : 'skip';
}

/** Run: the jobs one after another under one progress notification, each a row of the Transfers view. */
async function runUpload(deps: Deps, plan: UploadPlan, jobs: UploadJob[]): Promise<UploadedObject[]> {
  if (jobs.length === 0) return [];
  const { bucket, connectionId } = plan.target;
  const label = jobs.length === 1 ? vscode.l10n.t('Uploading {0}', path.posix.basename(jobs[0].key)) : vscode.l10n.t('Uploading {0} files', jobs.length);
  const listing = {
    registry: deps.transfers,
    describe: (j: UploadJob) => ({ direction: 'up' as const, connectionId, bucket, key: j.key, localPath: j.file || undefined, size: j.size }),
    label: (j: UploadJob) => path.posix.basename(j.key),
    afterRetry: (j: UploadJob) => deps.tree.refreshLocation(connectionId, bucket, j.key),
  };
  return runTransfersWithProgress(deps.prompter(), label, jobs, async (j, ctx): Promise<UploadedObject> => {
    // The session is taken per job: a Retry after Update Credentials uses the new ones.
    const { api } = await deps.factory.session(connectionId);
    if (plan.body) {
      await api.putObject(bucket, j.key, plan.body, { contentType: contentTypeFor(j.key), forbidOverwrite: j.forbidOverwrite, signal: ctx.signal, onProgress: (n) => ctx.loaded(n) });
      return { key: j.key, multipart: false };
    }
    const r = await api.upload({
      bucket,
      key: j.key,
      file: j.file,
      forbidOverwrite: j.forbidOverwrite,
      partSize: Settings.partSizeBytes(),
      parallel: Settings.parallel(),
      signal: ctx.signal,
      onProgress: (pr) => ctx.loaded(pr.loaded),
    });
    return { key: j.key, multipart: r.multipart };
  }, listing);
}

function reportUpload(deps: Deps, p: Prompter, target: ContainerRef, uploaded: readonly UploadedObject[], skipped: string[]): void {
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
}

/**
 * OSS: Upload File — from the editor, the editor title, the Explorer (multi-select, folders
 * recursively), a bucket/folder node, or the palette. Plan (keys, existing objects) → confirm
 * (overwrite questions) → run. Never overwrites silently.
 */
export interface UploadFileOptions {
  /** A single file's key is asked for (default true); drag and drop takes <prefix><name>. */
  askKey?: boolean;
  /** Show the "Uploaded …" message (default true). */
  report?: boolean;
}

export async function uploadFile(deps: Deps, arg0?: unknown, arg1?: unknown, opts: UploadFileOptions = {}): Promise<UploadOutcome | undefined> {
  const title = vscode.l10n.t('Upload to OSS');
  const p = deps.prompter();
  const src = await gatherSources(p, title, arg0, arg1);
  if (!src) return undefined;
  const target = await chooseTarget(deps, arg0, title);
  if (!target) return undefined;
  const { api } = await deps.factory.session(target.connectionId);

  const plan = await planUpload(p, title, api, target, src, opts.askKey !== false);
  if (!plan) return undefined;
  const choice = await confirmUpload(p, plan);
  if (!choice) return undefined;
  const { jobs, skipped } = applyExistingChoice(plan.items, plan.existing, choice);
  const uploaded = await runUpload(deps, plan, jobs);

  await deps.context.workspaceState.update(LAST_TARGET_KEY, target);
  deps.log.info(`Uploaded ${uploaded.length} object(s) to ${target.bucket}/${target.prefix}${skipped.length ? `, skipped ${skipped.length}` : ''}`);
  for (const u of uploaded) deps.tree.refreshLocation(target.connectionId, target.bucket, u.key);
  if (isNode(arg0)) deps.tree.refresh(arg0);
  if (opts.report !== false) reportUpload(deps, p, target, uploaded, skipped);
  return { target, uploaded, skipped };
}

/** Shows the object's node in the OSS Explorer (loading pages as needed). */
export async function revealObject(deps: Deps, connectionId: string, bucket: string, key: string): Promise<boolean> {
  if (!deps.view) return false;
  return (await revealNode(deps.tree, deps.view, connectionId, bucket, key, { focus: true })) !== undefined;
}
