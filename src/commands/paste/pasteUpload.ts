/** Paste/drop to upload: where to, which keys, and the upload itself (parallel, deduplicated by CRC-64 or MD5). */
import { createHash } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { mapLimit } from '../../core/concurrency';
import { crc64String } from '../../core/crc64';
import { contentTypeFor } from '../../core/mime';
import { describeKeyTemplateProblem, isImageName, KeyTemplateError, keyTemplateProblem, renderKeyTemplate, type KeyTemplateProblem } from '../../core/paste';
import type { HeadObjectResult } from '../../core/client';
import type { Session } from '../../connections/factory';
import { PASTE_BOUNDS, PasteSettings, type PasteTarget } from '../../connections/pasteSettings';
import type { Deps } from '../deps';
import { resolveContainer } from '../targets';

/** A file handed over by a paste or a drop: its name and a way to read it. */
export interface IncomingFile {
  name: string;
  read(): Promise<Uint8Array>;
}

export interface PlannedFile {
  name: string;
  bytes: Uint8Array;
  key: string;
  image: boolean;
}

export interface UploadedFile extends PlannedFile {
  /** False when an object with the same CRC-64 was already there (nothing was sent). */
  uploaded: boolean;
}

/** The paste target of the document's workspace; asked for (and saved) the first time. */
export async function resolvePasteTarget(deps: Deps, scope: vscode.Uri | undefined): Promise<PasteTarget | undefined> {
  const saved = PasteSettings.target(scope);
  if (saved) {
    if (deps.store.get(saved.connectionId)) return saved;
    const byName = deps.store.list().find((c) => c.name === saved.connectionName);
    if (byName) return { ...saved, connectionId: byName.id };
  }
  const picked = await resolveContainer(deps, undefined, vscode.l10n.t('Where should pasted files be uploaded?'));
  if (!picked) return undefined;
  const target: PasteTarget = { ...picked, connectionName: deps.store.get(picked.connectionId)?.name };
  await PasteSettings.setTarget(target);
  return target;
}

function relativeDirOf(doc: vscode.Uri): { workspaceFolder: string; relativeDir: string } {
  const folder = vscode.workspace.getWorkspaceFolder(doc);
  if (!folder || doc.scheme !== folder.uri.scheme) return { workspaceFolder: '', relativeDir: '' };
  const rel = path.posix.relative(folder.uri.path, path.posix.dirname(doc.path));
  return { workspaceFolder: folder.name, relativeDir: rel.startsWith('..') ? '' : rel };
}

/** Core's key-template problem in the UI language, naming the setting to change. */
export function keyTemplateFailure(problem: KeyTemplateProblem): Error {
  return new Error(vscode.l10n.t('{0} (ossExplorer.paste.keyTemplate)', describeKeyTemplateProblem(problem, vscode.l10n.t)));
}

/** Reads every file and computes its key; throws an Error that says what is wrong, before anything is sent. */
export async function planPaste(doc: vscode.Uri, files: readonly IncomingFile[], target: PasteTarget, now = new Date()): Promise<PlannedFile[]> {
  const template = PasteSettings.keyTemplate(doc);
  const problem = keyTemplateProblem(template);
  if (problem) throw keyTemplateFailure(problem);
  const where = relativeDirOf(doc);
  const planned: PlannedFile[] = [];
  for (const f of files) {
    let bytes: Uint8Array;
    try {
      bytes = await f.read();
    } catch (err) {
      throw new Error(vscode.l10n.t('Cannot read {0}: {1}', f.name, err instanceof Error ? err.message : String(err)));
    }
    try {
      const key = renderKeyTemplate(template, { prefix: target.prefix, fileName: f.name, content: bytes, date: now, ...where });
      planned.push({ name: f.name, bytes, key, image: isImageName(f.name) });
    } catch (err) {
      if (err instanceof KeyTemplateError) throw keyTemplateFailure(err.problem);
      throw err;
    }
  }
  const seen = new Map<string, string>();
  for (const p of planned) {
    const crc = crc64String(p.bytes);
    const other = seen.get(p.key);
    if (other !== undefined && other !== crc) {
      throw new Error(vscode.l10n.t('Two of the files would be uploaded to the same key {0}; add ${contentHash} to ossExplorer.paste.keyTemplate.', p.key));
    }
    seen.set(p.key, crc);
  }
  return planned;
}

/** Asks before replacing an object whose content differs; the answer covers the whole batch. */
export type OverwriteQuestion = (keys: string[]) => Promise<boolean>;

/**
 * Whether an existing object holds `bytes`: by CRC-64 where the service has it (OSS), else by the
 * ETag when it is a plain MD5 (a single-part S3 upload). Anything else counts as different, so
 * the person is asked before it is replaced.
 */
export function sameContent(head: HeadObjectResult, bytes: Uint8Array, caps: Session['capabilities']): boolean {
  if (head.size !== bytes.byteLength) return false;
  if (caps.crc64) return head.crc64 !== undefined && head.crc64 === crc64String(bytes);
  const etag = (head.etag ?? '').replace(/^"|"$/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(etag) && etag === createHash('md5').update(bytes).digest('hex');
}

/** What is at each file's key now: nothing, the same content (sameContent), or other content. */
export type ExistingState = 'new' | 'same' | 'different';

/** The ExistingState of each file's key, asked in parallel. */
export async function existingStates(
  session: Pick<Session, 'api' | 'capabilities'>,
  bucket: string,
  files: readonly Pick<PlannedFile, 'key' | 'bytes'>[],
  signal?: AbortSignal,
): Promise<ExistingState[]> {
  const { api } = session;
  return mapLimit(files, PASTE_BOUNDS.parallel.def, async (p): Promise<ExistingState> => {
    if (!(await api.objectExists(bucket, p.key, signal))) return 'new';
    const head = await api.headObject(bucket, p.key, undefined, signal);
    return sameContent(head, p.bytes, session.capabilities) ? 'same' : 'different';
  }, { signal });
}

/**
 * Uploads in parallel. An object already there with the same content (sameContent) is reused; one
 * with other content is overwritten only when `askOverwrite` says so. On failure or cancellation
 * every object this call created is removed again, so nothing is left half done.
 */
export async function uploadPlanned(
  session: Pick<Session, 'api' | 'capabilities'>,
  target: PasteTarget,
  planned: readonly PlannedFile[],
  signal: AbortSignal,
  askOverwrite: OverwriteQuestion,
  onBytes?: (loaded: number) => void,
): Promise<UploadedFile[]> {
  const { bucket } = target;
  const { api } = session;
  const unique = uniqueByKey(planned);
  const state = await existingStates(session, bucket, unique, signal);
  const different = unique.filter((_, i) => state[i] === 'different').map((p) => p.key);
  if (different.length > 0 && !(await askOverwrite(different))) throw new vscode.CancellationError();
  // Bytes done across the batch (uniqueBytes(planned) in all); content already there counts as done.
  const sent = unique.map((p, i) => (state[i] === 'same' ? p.bytes.byteLength : 0));
  const report = (i: number, n: number): void => {
    sent[i] = Math.max(sent[i], Math.min(n, unique[i].bytes.byteLength));
    onBytes?.(sent.reduce((a, b) => a + b, 0));
  };
  try {
    await mapLimit(unique, PASTE_BOUNDS.parallel.def, async (p, i) => {
      if (state[i] === 'same') return report(i, p.bytes.byteLength);
      await api.putObject(bucket, p.key, p.bytes, { contentType: contentTypeFor(p.key), forbidOverwrite: state[i] === 'new', signal, onProgress: (n) => report(i, n) });
      report(i, p.bytes.byteLength);
    }, { signal });
  } catch (err) {
    // Also the keys whose request was cut off: the server may have stored one before the abort.
    const fresh = unique.filter((_, i) => state[i] === 'new').map((p) => p.key);
    if (fresh.length > 0) await api.deleteObjects(bucket, fresh).catch(() => undefined);
    throw err;
  }
  const uploaded = new Set(unique.filter((_, i) => state[i] !== 'same').map((p) => p.key));
  return planned.map((p) => ({ ...p, uploaded: uploaded.has(p.key) }));
}

/** Each key once (the last file planned for it), as uploadPlanned sends them. */
function uniqueByKey<F extends { key: string }>(planned: readonly F[]): F[] {
  return [...new Map(planned.map((p) => [p.key, p])).values()];
}

/** The bytes uploadPlanned moves for `planned`: each key once. */
export function uniqueBytes(planned: readonly Pick<PlannedFile, 'key' | 'bytes'>[]): number {
  return uniqueByKey(planned).reduce((n, p) => n + p.bytes.byteLength, 0);
}
