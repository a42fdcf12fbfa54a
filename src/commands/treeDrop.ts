/**
 * What a drop onto the OSS Explorer tree does (see treeDragAndDrop.ts): upload files, or move or
 * copy objects within a bucket. Loaded with the first drop.
 */
import * as vscode from 'vscode';
import { moveObject } from '../core/transfer';
import { isContainer, isObjectNode, type OssNode } from '../tree/nodes/base';
import { runTransfersWithProgress } from '../ui/progress';
import type { Deps } from './deps';
import { existingStates, type PlannedFile } from './paste/pasteUpload';
import { contentTypeFor } from '../core/mime';
import type { Session } from '../connections/factory';
import { isImageName } from '../core/paste';
import { containerRefOf, type ContainerRef } from './targets';
import { dragged, type DraggedRef, REFS_MIME, TREE_MIME, type TreeDropResult } from './treeDragAndDrop';
import { uploadFile } from './uploadFile';

/** The refs of a drag from this tree: the nodes themselves (an in-process DataTransfer) or REFS_MIME. */
async function draggedRefs(own: vscode.DataTransferItem, dt: vscode.DataTransfer): Promise<DraggedRef[]> {
  if (Array.isArray(own.value)) return dragged(own.value as OssNode[]);
  const item = dt.get(REFS_MIME);
  if (!item) return [];
  let list: unknown;
  try {
    list = JSON.parse(await item.asString());
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  return (list as Array<Partial<DraggedRef> | null>)
    .filter((r): r is DraggedRef => typeof r?.connectionId === 'string' && typeof r.bucket === 'string' && typeof r.key === 'string')
    .map((r) => ({ connectionId: r.connectionId, bucket: r.bucket, key: r.key, ...(r.folder === true ? { folder: true } : {}) }));
}

function dropTarget(target: OssNode | undefined): ContainerRef | undefined {
  if (!target) return undefined;
  if (isContainer(target)) return containerRefOf(target);
  if (isObjectNode(target) && isContainer(target.parent)) return containerRefOf(target.parent);
  return undefined;
}

/** Where each source key lands: <prefix><name> for objects, <prefix><folder name>/<rest> for folders. */
async function plannedMoves(deps: Deps, refs: DraggedRef[], to: ContainerRef): Promise<Array<{ from: string; to: string }>> {
  const { api } = await deps.factory.session(to.connectionId);
  const moves: Array<{ from: string; to: string }> = [];
  for (const r of refs) {
    if (!r.folder) {
      moves.push({ from: r.key, to: to.prefix + r.key.slice(r.key.lastIndexOf('/') + 1) });
      continue;
    }
    if (to.prefix.startsWith(r.key)) throw new Error(vscode.l10n.t('Cannot move the folder {0} into itself.', r.key));
    const parent = r.key.slice(0, r.key.slice(0, -1).lastIndexOf('/') + 1);
    let token: string | undefined;
    do {
      const page = await api.listObjects({ bucket: r.bucket, prefix: r.key, continuationToken: token, maxKeys: 1000 });
      for (const o of page.objects) moves.push({ from: o.key, to: to.prefix + o.key.slice(parent.length) });
      token = page.nextContinuationToken;
    } while (token);
  }
  return moves.filter((m) => m.from !== m.to);
}

export async function dropOnTree(deps: Deps, target: OssNode | undefined, dt: vscode.DataTransfer): Promise<TreeDropResult> {
  const to = dropTarget(target);
  if (!to) return { action: 'none', keys: [] };
  const conn = deps.store.get(to.connectionId);
  if (conn?.readOnly) throw new Error(vscode.l10n.t('The connection "{0}" is read-only (see Access in Edit Connection): nothing can be dropped into it.', conn.name));
  const own = dt.get(TREE_MIME);
  if (own) return moveOrCopy(deps, await draggedRefs(own, dt), to);
  const uris: vscode.Uri[] = [];
  const bytesOnly: vscode.DataTransferFile[] = [];
  dt.forEach((item) => {
    const f = item.asFile();
    if (f?.uri?.scheme === 'file') uris.push(f.uri);
    else if (f && !f.uri) bytesOnly.push(f);
  });
  const list = dt.get('text/uri-list');
  if (list && typeof list.value === 'string') {
    for (const s of list.value.split(/\r?\n/).map((x) => x.trim()).filter((x) => x && !x.startsWith('#'))) {
      const u = vscode.Uri.parse(s);
      if (u.scheme === 'file' && !uris.some((x) => x.toString() === u.toString())) uris.push(u);
    }
  }
  if (uris.length === 0 && bytesOnly.length > 0) return uploadBytes(deps, bytesOnly, to);
  if (uris.length === 0) return { action: 'none', keys: [] };
  const outcome = await uploadFile(deps, to, uris, { askKey: false });
  return { action: 'upload', keys: outcome?.uploaded.map((u) => u.key) ?? [] };
}

/**
 * Files dropped from the OS into the web workbench come as bytes without a file URI: they are
 * uploaded as <prefix><name>, an object with other content replaced only after asking, one with
 * the same content left as it is. Each upload is a row of the Transfers view like a file's; its
 * Retry sends the bytes read at the drop again (they stay in memory until the row is cleared).
 */
async function uploadBytes(deps: Deps, files: vscode.DataTransferFile[], to: ContainerRef): Promise<TreeDropResult> {
  const session = await deps.factory.session(to.connectionId);
  const { api } = session;
  const planned: PlannedFile[] = [];
  for (const f of files) {
    const key = to.prefix + f.name;
    const problem = api.keyProblem(key);
    if (problem) throw new Error(vscode.l10n.t('Cannot upload {0}: {1}', f.name, problem));
    planned.push({ name: f.name, key, bytes: await f.data(), image: isImageName(f.name) });
  }
  const unique = [...new Map(planned.map((f) => [f.key, f])).values()];
  const { connectionId, bucket } = to;
  const state = await existingStates(session, bucket, unique);
  const different = unique.filter((_, i) => state[i] === 'different').map((f) => f.key);
  const p = deps.prompter();
  if (different.length > 0) {
    const ow = vscode.l10n.t('Overwrite');
    const where = `${bucket}/${to.prefix}`;
    const answer = await p.showWarningMessage(vscode.l10n.t('{0} object(s) already exist in {1}. Overwrite them?', different.length, where), { modal: true, detail: different.join('\n') }, ow);
    if (answer !== ow) return { action: 'none', keys: [] };
  }
  const jobs = unique.flatMap((f, i) => (state[i] === 'same' ? [] : [{ ...f, isNew: state[i] === 'new', size: f.bytes.byteLength, label: f.name }]));
  const title = jobs.length === 1 ? vscode.l10n.t('Uploading {0}', jobs[0].label) : vscode.l10n.t('Uploading {0} files', jobs.length);
  try {
    if (jobs.length > 0) await runTransfersWithProgress(
      p,
      title,
      jobs,
      async (j: (typeof jobs)[number], ctx) => {
        // The session is taken per job: a Retry after Update Credentials uses the new ones.
        const current = await deps.factory.session(connectionId);
        try {
          await current.api.putObject(bucket, j.key, j.bytes, { contentType: contentTypeFor(j.key), forbidOverwrite: j.isNew, signal: ctx.signal, onProgress: (n) => ctx.loaded(n) });
        } catch (err) {
          // A request cut off may still have been stored: a new key holding these bytes is removed again.
          if (j.isNew) await removeIfOurs(current, bucket, j);
          throw err;
        }
      },
      {
        registry: deps.transfers,
        describe: (j: (typeof jobs)[number]) => ({ direction: 'up', connectionId, bucket, key: j.key, size: j.size }),
        afterRetry: (j: (typeof jobs)[number]) => deps.tree.refreshLocation(connectionId, bucket, j.key),
      },
    );
  } finally {
    for (const f of unique) deps.tree.refreshLocation(connectionId, bucket, f.key);
  }
  deps.log.info(`Uploaded ${jobs.length} dropped file(s) to ${bucket}/${to.prefix}${jobs.length < unique.length ? `, ${unique.length - jobs.length} already there` : ''}`);
  return { action: 'upload', keys: unique.map((f) => f.key) };
}

/** Deletes the object at `f.key` when it holds exactly `f.bytes` (never someone else's). */
async function removeIfOurs(session: Pick<Session, 'api' | 'capabilities'>, bucket: string, f: Pick<PlannedFile, 'key' | 'bytes'>): Promise<void> {
  try {
    const [s] = await existingStates(session, bucket, [f]);
    if (s === 'same') await session.api.deleteObject(bucket, f.key);
  } catch {
    /* best effort: the error that matters is the upload's */
  }
}

async function moveOrCopy(deps: Deps, refs: DraggedRef[], to: ContainerRef): Promise<TreeDropResult> {
  if (refs.length === 0) return { action: 'none', keys: [] };
  if (refs.some((r) => r.connectionId !== to.connectionId || r.bucket !== to.bucket)) {
    throw new Error(vscode.l10n.t('Objects can be moved or copied by drag and drop only within one bucket; use Download and Upload between buckets.'));
  }
  const moves = await plannedMoves(deps, refs, to);
  if (moves.length === 0) return { action: 'none', keys: [] };
  const p = deps.prompter();
  const move = vscode.l10n.t('Move');
  const copy = vscode.l10n.t('Copy');
  const where = `${to.bucket}/${to.prefix}`;
  const choice = await p.showWarningMessage(vscode.l10n.t('Move or copy {0} object(s) to {1}?', moves.length, where), { modal: true, detail: moves.slice(0, 10).map((m) => `${m.from} → ${m.to}`).join('\n') }, move, copy);
  if (choice !== move && choice !== copy) return { action: 'none', keys: [] };
  const { api } = await deps.factory.session(to.connectionId);
  const existing: string[] = [];
  for (const m of moves) if (await api.objectExists(to.bucket, m.to)) existing.push(m.to);
  let overwrite = false;
  if (existing.length > 0) {
    const ow = vscode.l10n.t('Overwrite');
    overwrite = (await p.showWarningMessage(vscode.l10n.t('{0} object(s) already exist in {1}. Overwrite them?', existing.length, where), { modal: true, detail: existing.slice(0, 10).join('\n') }, ow)) === ow;
    if (!overwrite) return { action: 'none', keys: [] };
  }
  const action = choice === move ? 'move' : 'copy';
  // One row of the Transfers view per object; the bytes stay on the server (no size to count).
  const jobs = moves.map((m) => ({ ...m, size: 0, label: m.from }));
  const title = action === 'move' ? vscode.l10n.t('Moving {0} object(s)…', moves.length) : vscode.l10n.t('Copying {0} object(s)…', moves.length);
  const { connectionId, bucket } = to;
  try {
    await runTransfersWithProgress(
      p,
      title,
      jobs,
      async (m: (typeof jobs)[number]) => {
        // The session is taken per job: a Retry after Update Credentials uses the new ones.
        const { api } = await deps.factory.session(connectionId);
        if (action === 'move') await moveObject(api, { bucket, from: m.from, to: m.to, overwrite });
        else await api.copyObject(bucket, m.from, bucket, m.to, !overwrite);
      },
      {
        registry: deps.transfers,
        describe: (m: (typeof jobs)[number]) => ({ direction: 'up', kind: action, connectionId, bucket, key: m.to, size: 0 }),
        afterRetry: (m: (typeof jobs)[number]) => {
          deps.tree.refreshLocation(connectionId, bucket, m.from);
          deps.tree.refreshLocation(connectionId, bucket, m.to);
        },
      },
    );
  } finally {
    // Also after a cancel or a failure part way: the tree shows what is on the server.
    for (const m of moves) {
      deps.tree.refreshLocation(connectionId, bucket, m.from);
      deps.tree.refreshLocation(connectionId, bucket, m.to);
    }
  }
  deps.log.info(`${action === 'move' ? 'Moved' : 'Copied'} ${moves.length} object(s) to ${where}`);
  return { action, keys: moves.map((m) => m.to) };
}
