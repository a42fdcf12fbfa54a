import * as vscode from 'vscode';
import * as path from 'path';
import { promises as fs } from 'fs';
import { localPathForKey } from '../core/localPath';
import { localText } from '../ui/errors';
import {
  findClashes,
  findLocalConflicts,
  mapToLocal,
  resolveClashes,
  type Clash,
  type ClashChoice,
  type DownloadCandidate,
  type PlannedDownload,
  type RejectedKey,
  isCaseInsensitiveAt,
  probeLocal,
  directoryProbe,
} from '../core/transfer';
import type { Prompter } from '../ui/prompter';
import { runTransfersWithProgress, withCancellableProgress } from '../ui/progress';
import type { Deps } from './deps';
import { baseName, listAll, parentPrefix } from './listing';
import { containerRefOf, objectRefOf, resolveObjects, selectedNodes, type ContainerRef, type ObjectTarget } from './targets';
import { listDetail, shortList } from './transferPrompts';

/** Where a job's object is; its key and size are the job's own (one Place serves a whole folder). */
type Place = Pick<ObjectTarget, 'connectionId' | 'bucket'>;
type Job = PlannedDownload<Place>;


/**
 * What a multi-download consists of: each selected object under its last key segment, each
 * selected folder's objects under "<folder name>/<path inside the folder>".
 */
async function candidatesFor(deps: Deps, objects: readonly ObjectTarget[], folders: readonly ContainerRef[]): Promise<DownloadCandidate<Place>[]> {
  const out: DownloadCandidate<Place>[] = objects.map((o) => ({ ref: o, key: o.key, relativeKey: baseName(o.key), size: o.size ?? 0 }));
  if (folders.length === 0) return out;
  // A large or misbehaving listing can take long: it runs under a cancellable notification.
  await withCancellableProgress(deps.prompter(), vscode.l10n.t('Listing folders…'), async ({ signal }) => {
    for (const f of folders) {
      const { api } = await deps.factory.session(f.connectionId);
      const base = parentPrefix(f.prefix);
      // One place for the folder's objects: thousands of files need not each carry their own.
      const ref: Place = { connectionId: f.connectionId, bucket: f.bucket };
      for (const info of await listAll(api, f.bucket, f.prefix, signal)) {
        if (info.key.endsWith('/')) continue;
        out.push({ ref, key: info.key, relativeKey: info.key.slice(base.length), size: info.size });
      }
    }
  });
  return out;
}

/** Keys that cannot be saved safely or are blocked locally: logged, and listed to the user (the rest still download). */
function reportRejected(deps: Deps, p: Prompter, rejected: readonly RejectedKey[]): void {
  if (rejected.length === 0) return;
  for (const r of rejected) deps.log.warn(`Skipping ${r.key}: ${r.reason}`);
  void p.showWarningMessage(
    vscode.l10n.t('Skipped {0} object(s) that cannot be saved safely here: {1}', rejected.length, shortList(rejected.map((r) => r.key))),
    { detail: listDetail(rejected.map((r) => `${r.key} (${localText(r.reason)})`)) },
  );
}

/** Asks how to resolve clashes within the batch; undefined when the user cancels. */
async function askClashes(p: Prompter, dir: string, clashes: readonly Clash<Place>[]): Promise<ClashChoice | undefined> {
  const keepBoth = vscode.l10n.t('Keep Both');
  const skip = vscode.l10n.t('Skip These');
  const rel = (f: string): string => path.relative(dir, f);
  const lines = clashes.map((c) =>
    c.kind === 'same-file'
      ? vscode.l10n.t('{0} ← {1}', rel(c.file), c.jobs.map((j) => j.key).join(', '))
      : vscode.l10n.t('{0} ← {1} (other objects need a folder of that name)', rel(c.file), c.jobs[0].key),
  );
  const choice = await p.showWarningMessage(
    vscode.l10n.t('{0} object(s) would be saved under a local name another object of this download needs.', new Set(clashes.flatMap((c) => c.jobs)).size),
    { modal: true, detail: listDetail(lines) },
    keepBoth,
    skip,
  );
  if (choice === keepBoth) return 'keepBoth';
  return choice === skip ? 'skip' : undefined;
}

/** Asks about files that exist locally; resolves to the jobs to run, undefined when cancelled. */
async function askExisting(p: Prompter, jobs: Job[], existing: readonly Job[]): Promise<Job[] | undefined> {
  if (existing.length === 0) return jobs;
  const overwrite = vscode.l10n.t('Overwrite All');
  const skip = vscode.l10n.t('Skip Existing');
  const choice = await p.showWarningMessage(
    vscode.l10n.t('{0} of {1} files already exist locally.', existing.length, jobs.length),
    { modal: true, detail: listDetail(existing.map((j) => j.file)) },
    overwrite,
    skip,
  );
  if (choice === undefined) return undefined;
  if (choice === overwrite) return jobs;
  const skipSet = new Set(existing);
  return jobs.filter((j) => !skipSet.has(j));
}

/**
 * Plan for several objects into `dir`, decided before the first byte: safe local names, clashes
 * within the batch (asked), local files in the way (listed) and existing files (asked).
 */
async function planBatch(
  deps: Deps,
  p: Prompter,
  dir: string,
  objects: readonly ObjectTarget[],
  folders: readonly ContainerRef[],
): Promise<{ jobs: Job[]; replace: Set<string> } | undefined> {
  const mapped = mapToLocal(dir, await candidatesFor(deps, objects, folders));
  let jobs = mapped.jobs;
  const fold = { caseInsensitive: await isCaseInsensitiveAt(dir) };
  const clashes = findClashes(dir, jobs, fold);
  if (clashes.length > 0) {
    const choice = await askClashes(p, dir, clashes);
    if (!choice) return undefined;
    const resolved = await resolveClashes(dir, jobs, clashes, choice, { ...fold, isTaken: async (f) => (await probeLocal(f)) !== 'none' });
    for (const r of resolved.renamed) deps.log.info(`Saving ${r.key} as ${r.file}`);
    jobs = resolved.jobs;
  }
  // One readdir per target folder answers which files exist (not one stat per file).
  const local = await findLocalConflicts(dir, jobs, directoryProbe(fold));
  reportRejected(deps, p, [...mapped.rejected, ...local.blocked]);
  const blocked = new Set(local.blocked.map((b) => b.key));
  const chosen = await askExisting(
    p,
    jobs.filter((j) => !blocked.has(j.key)),
    local.existing,
  );
  return chosen && { jobs: chosen, replace: new Set(local.existing.map((j) => j.file)) };
}

/**
 * Refuses to write over a file that was not there when the download was planned (the person was
 * asked only about the files there were then): checked before every run, Retry included.
 */
async function checkNothingAppeared(job: Job, replace: ReadonlySet<string>): Promise<void> {
  if (replace.has(job.file) || (await probeLocal(job.file)) === 'none') return;
  throw new Error(vscode.l10n.t('{0} appeared after the download was planned and was left as it is. Move it away, then Retry.', job.file));
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
  /** Files that were there when planned and that the person agreed to replace. */
  const replace = new Set<string>();
  const workspaceDir = vscode.workspace.workspaceFolders?.[0]?.uri;

  if (objects.length === 1 && folders.length === 0) {
    const o = objects[0];
    // The suggested name goes through the same checks; an unsafe one is simply not suggested.
    const suggested = workspaceDir && localPathForKey(workspaceDir.fsPath, baseName(o.key));
    const target = await p.showSaveDialog({
      title,
      defaultUri: suggested && suggested.ok ? vscode.Uri.file(suggested.path) : workspaceDir,
      saveLabel: vscode.l10n.t('Download'),
    });
    if (!target) return undefined;
    jobs.push({ ref: o, key: o.key, size: o.size ?? 0, file: target.fsPath });
    // The save dialog asked before replacing a file that is there.
    if ((await probeLocal(target.fsPath)) !== 'none') replace.add(target.fsPath);
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
    const planned = await planBatch(deps, p, picked[0].fsPath, objects, folders);
    if (!planned) return undefined;
    jobs.push(...planned.jobs);
    for (const f of planned.replace) replace.add(f);
  }
  if (jobs.length === 0) return [];

  const label = jobs.length === 1 ? vscode.l10n.t('Downloading {0}', baseName(jobs[0].key)) : vscode.l10n.t('Downloading {0} files', jobs.length);
  const listing = {
    registry: deps.transfers,
    describe: (j: Job) => ({ direction: 'down' as const, connectionId: j.ref.connectionId, bucket: j.ref.bucket, key: j.key, localPath: j.file, size: j.size }),
    label: (j: Job) => baseName(j.key),
  };
  const done = await runTransfersWithProgress(deps.prompter(), label, jobs, async (j, ctx) => {
    await checkNothingAppeared(j, replace);
    const { api } = await deps.factory.session(j.ref.connectionId);
    await fs.mkdir(path.dirname(j.file), { recursive: true });
    await api.download({ bucket: j.ref.bucket, key: j.key, file: j.file, signal: ctx.signal, onProgress: (pr) => ctx.loaded(pr.loaded) });
    return j.file;
  }, listing);
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
