/**
 * One paste or drop: a placeholder goes into the document, the files upload in the background under
 * a cancellable notification, and the links replace the placeholder. Cancel or failure removes the
 * placeholder (and the objects this job created), so the document ends as it was.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { joinLinks, linkMarkup } from '../../core/paste';
import type { PasteTarget } from '../../connections/pasteSettings';
import { PasteSettings } from '../../connections/pasteSettings';
import { isAbortError } from '../../ui/errors';
import { withTransferProgress } from '../../ui/progress';
import type { Deps } from '../deps';
import type { BuiltLink } from './pasteLink';
import type { PlannedFile } from './pasteUpload';

export type PasteOutcome = 'inserted' | 'cancelled' | 'failed' | 'notApplied';

export interface PasteResult {
  outcome: PasteOutcome;
  /** The text that replaced the placeholder. */
  text?: string;
  links: BuiltLink[];
  keys: string[];
  /** Files not sent because the object was already there with the same CRC-64. */
  reused?: number;
}

/** How long the placeholder may take to show up in the document before the job gives up (nothing sent). */
const APPLY_WAIT_MS = 15000;

export function placeholderFor(files: readonly PlannedFile[]): string {
  const id = randomBytes(4).toString('hex');
  const names = files.map((f) => f.name).join(', ');
  return `[${vscode.l10n.t('Uploading {0} to OSS…', names)} ${id}]`;
}

function findText(doc: vscode.TextDocument, text: string): vscode.Range | undefined {
  const at = doc.getText().indexOf(text);
  return at < 0 ? undefined : new vscode.Range(doc.positionAt(at), doc.positionAt(at + text.length));
}

/** Resolves once `text` is in the document (true), or after the wait (false). */
async function appeared(doc: vscode.TextDocument, text: string): Promise<boolean> {
  if (findText(doc, text)) return true;
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => done(false), APPLY_WAIT_MS);
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && findText(doc, text)) done(true);
    });
    function done(v: boolean): void {
      clearTimeout(timer);
      sub.dispose();
      resolve(v);
    }
  });
}

async function replaceText(doc: vscode.TextDocument, text: string, by: string): Promise<boolean> {
  const range = findText(doc, text);
  if (!range) return false;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, by);
  return vscode.workspace.applyEdit(edit);
}

/** Runs paste jobs and lets tests wait for them. */
export class PasteJobs {
  private readonly running = new Set<Promise<PasteResult>>();
  private readonly finished: PasteResult[] = [];

  constructor(private readonly deps: Deps) {}

  start(doc: vscode.TextDocument, target: PasteTarget, files: PlannedFile[], placeholder: string): void {
    const job = this.run(doc, target, files, placeholder).then((r) => {
      this.finished.push(r);
      return r;
    });
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }

  /** Waits for every running job; returns the results since the last call. */
  async settle(): Promise<PasteResult[]> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    return this.finished.splice(0);
  }

  private async run(doc: vscode.TextDocument, target: PasteTarget, files: PlannedFile[], placeholder: string): Promise<PasteResult> {
    const keys = files.map((f) => f.key);
    if (!(await appeared(doc, placeholder))) return { outcome: 'notApplied', links: [], keys };
    const p = this.deps.prompter();
    try {
      const session = await this.deps.factory.session(target.connectionId);
      // The upload and link code loads with the first paste, not at activation.
      const [{ uploadPlanned, uniqueBytes }, { buildLink, expiryNotice }] = await Promise.all([import('./pasteUpload.js'), import('./pasteLink.js')]);
      const title = files.length === 1 ? vscode.l10n.t('Uploading {0}', files[0].name) : vscode.l10n.t('Uploading {0} files', files.length);
      let reused = 0;
      const links = await withTransferProgress(p, title, uniqueBytes(files), async (ctx) => {
        ctx.status(`${target.bucket}/${target.prefix}`);
        const done = await uploadPlanned(session, target, files, ctx.signal, async (existing) => {
          const ow = vscode.l10n.t('Overwrite');
          const msg = vscode.l10n.t('{0} already exists in {1} with other content. Overwrite it?', existing.join(', '), target.bucket);
          return (await p.showWarningMessage(msg, { modal: true }, ow)) === ow;
        }, (n) => ctx.bytes(n));
        reused = done.filter((d) => !d.uploaded).length;
        return Promise.all(files.map((f) => buildLink(session, target.bucket, f.key, doc.uri)));
      });
      const text = joinLinks(doc.languageId, files.map((f, i) => linkMarkup(doc.languageId, { url: links[i].url, name: f.name, image: f.image })));
      if (!(await replaceText(doc, placeholder, text))) {
        const copy = vscode.l10n.t('Copy Link');
        void p.showWarningMessage(vscode.l10n.t('Uploaded, but the placeholder was edited, so the link was not inserted.'), {}, copy).then(async (c) => {
          if (c === copy) await vscode.env.clipboard.writeText(text);
        });
      } else {
        this.deps.log.info(`Pasted ${files.length} file(s) to ${target.bucket}/${target.prefix} (${PasteSettings.linkKind(doc.uri)} link)`);
        this.noticeExpiry(links.map(expiryNotice));
      }
      for (const k of keys) this.deps.tree.refreshLocation(target.connectionId, target.bucket, k);
      return { outcome: 'inserted', text, links, keys, reused };
    } catch (err) {
      await replaceText(doc, placeholder, '');
      if (isAbortError(err)) return { outcome: 'cancelled', links: [], keys };
      this.deps.errors.handleError(err, vscode.l10n.t('Upload to OSS and insert link'));
      return { outcome: 'failed', links: [], keys };
    }
  }

  private noticeExpiry(notices: Array<string | undefined>): void {
    const notice = notices.find((x) => x);
    if (!notice) return;
    const change = vscode.l10n.t('Change Link Kind…');
    void this.deps.prompter().showInformationMessage(notice, {}, change).then(async (c) => {
      if (c === change) await vscode.commands.executeCommand('ossExplorer.paste.chooseLinkKind');
    });
  }
}
