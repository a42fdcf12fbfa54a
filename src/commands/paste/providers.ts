/**
 * "Upload to OSS and insert link" as a paste and a drop edit, for the languages in
 * ossExplorer.paste.languages. Files are read while the DataTransfer is valid; the target is asked
 * for, and keys are checked, when the edit is chosen; a bad template or an unreadable file leaves
 * the document unchanged.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { isImageName, joinLinks, linkMarkup } from '../../core/paste';
import { PasteSettings } from '../../connections/pasteSettings';
import type { Deps } from '../deps';
import { type PasteJobs, placeholderFor } from './pasteJob';
import type { IncomingFile } from './pasteUpload';

/** Objects dragged out of the OSS Explorer tree (JSON array of { connectionId, bucket, key }). */
export const OBJECTS_MIME = 'application/vnd.oss-explorer.objects+json';

export const PASTE_KIND = vscode.DocumentDropOrPasteEditKind.Empty.append('ossExplorer', 'upload');
export const LINK_KIND = vscode.DocumentDropOrPasteEditKind.Empty.append('ossExplorer', 'link');

interface ObjectRefJson {
  connectionId: string;
  bucket: string;
  key: string;
}

/** Files of a DataTransfer: pasted/dropped file items, then file: URIs from text/uri-list (Explorer drops). */
export function filesOf(dt: vscode.DataTransfer): IncomingFile[] {
  const out: IncomingFile[] = [];
  const seen = new Set<string>();
  dt.forEach((item) => {
    const f = item.asFile();
    if (!f) return;
    if (f.uri) seen.add(f.uri.toString());
    out.push({ name: f.name || 'pasted', read: async () => f.data() });
  });
  const uriList = dt.get('text/uri-list');
  if (uriList && typeof uriList.value === 'string') {
    for (const line of uriList.value.split(/\r?\n/)) {
      const s = line.trim();
      if (!s || s.startsWith('#')) continue;
      let uri: vscode.Uri;
      try {
        uri = vscode.Uri.parse(s, true);
      } catch {
        continue;
      }
      if (uri.scheme !== 'file' || seen.has(uri.toString())) continue;
      seen.add(uri.toString());
      out.push({ name: path.basename(uri.fsPath), read: async () => vscode.workspace.fs.readFile(uri) });
    }
  }
  return out;
}

async function objectRefsOf(dt: vscode.DataTransfer): Promise<ObjectRefJson[]> {
  const item = dt.get(OBJECTS_MIME);
  if (!item) return [];
  try {
    const v = JSON.parse(await item.asString()) as unknown;
    const list: Array<Partial<ObjectRefJson> | null> = Array.isArray(v) ? (v as Array<Partial<ObjectRefJson> | null>) : [];
    return list.filter((r): r is ObjectRefJson => typeof r?.key === 'string' && typeof r.bucket === 'string' && typeof r.connectionId === 'string');
  } catch {
    return [];
  }
}

class UploadEdit extends vscode.DocumentPasteEdit {
  constructor(
    readonly doc: vscode.TextDocument,
    readonly files: IncomingFile[],
  ) {
    super('', vscode.l10n.t('Upload to OSS and insert link'), PASTE_KIND);
  }
}

class UploadDropEdit extends vscode.DocumentDropEdit {
  constructor(
    readonly doc: vscode.TextDocument,
    readonly files: IncomingFile[],
  ) {
    super('', vscode.l10n.t('Upload to OSS and insert link'), PASTE_KIND);
  }
}

/** Buffers the files now (the DataTransfer is only valid during the call). */
async function buffered(files: IncomingFile[]): Promise<IncomingFile[]> {
  return Promise.all(
    files.map(async (f) => {
      let got: Promise<Uint8Array> | undefined;
      try {
        const bytes = await f.read();
        got = Promise.resolve(bytes);
      } catch (err) {
        got = Promise.reject(err instanceof Error ? err : new Error(String(err)));
        got.catch(() => undefined);
      }
      const fixed = got;
      return { name: f.name, read: () => fixed };
    }),
  );
}

/** The chosen edit's text: the placeholder once the job started, or '' (document unchanged). */
async function startUpload(deps: Deps, jobs: PasteJobs, doc: vscode.TextDocument, files: IncomingFile[]): Promise<string> {
  try {
    // Planning and uploading load when an edit is chosen, not at activation.
    const { planPaste, resolvePasteTarget } = await import('./pasteUpload.js');
    const target = await resolvePasteTarget(deps, doc.uri);
    if (!target) return '';
    const conn = deps.store.get(target.connectionId);
    if (conn?.readOnly) {
      throw new Error(vscode.l10n.t('The connection "{0}" is read-only (see Access in Edit Connection): nothing is uploaded to it. Choose another target in ossExplorer.paste.target.', conn.name));
    }
    const planned = await planPaste(doc.uri, files, target);
    const placeholder = placeholderFor(planned);
    jobs.start(doc, target, planned, placeholder);
    return placeholder;
  } catch (err) {
    deps.errors.handleError(err, vscode.l10n.t('Upload to OSS and insert link'));
    return '';
  }
}

export class OssPasteProvider implements vscode.DocumentPasteEditProvider<UploadEdit> {
  constructor(
    private readonly deps: Deps,
    private readonly jobs: PasteJobs,
  ) {}

  async provideDocumentPasteEdits(doc: vscode.TextDocument, _ranges: readonly vscode.Range[], dt: vscode.DataTransfer): Promise<UploadEdit[] | undefined> {
    const files = filesOf(dt);
    if (files.length === 0) return undefined;
    return [new UploadEdit(doc, await buffered(files))];
  }

  async resolveDocumentPasteEdit(edit: UploadEdit): Promise<UploadEdit> {
    edit.insertText = await startUpload(this.deps, this.jobs, edit.doc, edit.files);
    return edit;
  }
}

export class OssDropProvider implements vscode.DocumentDropEditProvider<UploadDropEdit | vscode.DocumentDropEdit> {
  constructor(
    private readonly deps: Deps,
    private readonly jobs: PasteJobs,
  ) {}

  async provideDocumentDropEdits(doc: vscode.TextDocument, _pos: vscode.Position, dt: vscode.DataTransfer): Promise<Array<UploadDropEdit | vscode.DocumentDropEdit> | undefined> {
    const refs = await objectRefsOf(dt);
    if (refs.length > 0) return [await this.linkEdit(doc, refs)];
    const files = filesOf(dt);
    if (files.length === 0) return undefined;
    return [new UploadDropEdit(doc, await buffered(files))];
  }

  async resolveDocumentDropEdit(edit: UploadDropEdit | vscode.DocumentDropEdit): Promise<UploadDropEdit | vscode.DocumentDropEdit> {
    if (edit instanceof UploadDropEdit) edit.insertText = await startUpload(this.deps, this.jobs, edit.doc, edit.files);
    return edit;
  }

  /** Objects dragged from the tree: their links, no upload. */
  private async linkEdit(doc: vscode.TextDocument, refs: ObjectRefJson[]): Promise<vscode.DocumentDropEdit> {
    const parts: string[] = [];
    const { buildLink } = await import('./pasteLink.js');
    for (const r of refs) {
      const session = await this.deps.factory.session(r.connectionId);
      const link = await buildLink(session, r.bucket, r.key, doc.uri);
      const name = r.key.slice(r.key.lastIndexOf('/') + 1) || r.key;
      parts.push(linkMarkup(doc.languageId, { url: link.url, name, image: isImageName(name) }));
    }
    return new vscode.DocumentDropEdit(joinLinks(doc.languageId, parts), vscode.l10n.t('Insert OSS link'), LINK_KIND);
  }
}

/** Registers both providers for the configured languages, again whenever the setting changes. */
export function registerPasteProviders(paste: OssPasteProvider, drop: OssDropProvider): vscode.Disposable {
  let regs: vscode.Disposable[] = [];
  const register = (): void => {
    for (const r of regs) r.dispose();
    const selector = PasteSettings.languages().map((language) => ({ language }));
    regs = [
      vscode.languages.registerDocumentPasteEditProvider(selector, paste, { providedPasteEditKinds: [PASTE_KIND], pasteMimeTypes: ['files', 'text/uri-list'] }),
      vscode.languages.registerDocumentDropEditProvider(selector, drop, { providedDropEditKinds: [PASTE_KIND, LINK_KIND], dropMimeTypes: ['files', 'text/uri-list', OBJECTS_MIME] }),
    ];
  };
  register();
  const sub = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('ossExplorer.paste.languages')) register();
  });
  return new vscode.Disposable(() => {
    sub.dispose();
    for (const r of regs) r.dispose();
  });
}
