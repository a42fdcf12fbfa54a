import * as vscode from 'vscode';
import { promises as fsp } from 'fs';
import { isContentType } from '../core/shellQuote';
import { buildPostForm, curlForPost, POST_OBJECT_MAX_BYTES, renderUploadFormHtml, type PostForm } from '../core/share';
import type { SignatureVersion } from '../core/signer';
import { probeLocal } from '../core/transfer';
import { formatDateTime } from '../ui/format';
import { inputStep, pickStep, runWizard } from '../ui/multiStep';
import { confirm } from '../ui/prompter';
import { expirySteps, MAX_LINK_SECONDS } from './expirySteps';
import type { Deps } from './deps';
import { requireCapability, resolveContainer } from './targets';

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

interface FormState {
  maxMiB: number;
  contentType: string;
  expires: number | 'custom';
  seconds: number;
  version: SignatureVersion;
}

export interface UploadFormResult {
  form: PostForm;
  html: string;
  curl: string;
}

const MAX_MIB = POST_OBJECT_MAX_BYTES / 1024 / 1024;

/**
 * OSS: Copy Upload Form… — a PostObject drop box for a bucket or folder: anyone with the form can
 * upload files under the prefix, up to a size, optionally of one content type, until it expires.
 * Offers the HTML page (copied or saved) and the matching curl command.
 */
export async function copyUploadForm(deps: Deps, arg?: unknown): Promise<UploadFormResult | undefined> {
  const title = vscode.l10n.t('Copy Upload Form');
  const target = await resolveContainer(deps, arg, title);
  if (!target) return undefined;
  requireCapability(deps, target.connectionId, 'uploadForm', title);
  const p = deps.prompter;
  const state = await runWizard<FormState>(title, { maxMiB: 100, contentType: '', expires: 86400, seconds: 86400, version: 'v4' }, [
    inputStep(
      p,
      (s) => ({
        prompt: vscode.l10n.t('Largest file in MiB (1–{0})', MAX_MIB),
        value: String(s.maxMiB),
        validate: (v) => {
          const n = Number(v.trim());
          return Number.isInteger(n) && n >= 1 && n <= MAX_MIB ? undefined : vscode.l10n.t('Enter a whole number from 1 to {0}', MAX_MIB);
        },
      }),
      (s, v) => (s.maxMiB = Number(v.trim())),
    ),
    inputStep(
      p,
      (s) => ({
        prompt: vscode.l10n.t('Accept only this Content-Type (optional, e.g. image/png)'),
        value: s.contentType,
        validate: (v) => (!v.trim() || isContentType(v) ? undefined : vscode.l10n.t('Enter a MIME type, or leave empty to accept any')),
      }),
      (s, v) => (s.contentType = v.trim()),
    ),
    ...expirySteps<FormState>(p, {
      placeholder: vscode.l10n.t('How long should the form work?'),
      prompt: vscode.l10n.t('Form lifetime in seconds (1–{0})', MAX_LINK_SECONDS),
    }),
    pickStep<FormState, Item<SignatureVersion>>(
      p,
      () => ({
        placeholder: vscode.l10n.t('Signature version'),
        items: [
          { label: 'V4', description: vscode.l10n.t('recommended'), value: 'v4' },
          { label: 'V1', description: vscode.l10n.t('for older clients'), value: 'v1' },
        ],
      }),
      (s, i) => (s.version = i.value),
    ),
  ]);
  if (!state) return undefined;

  const session = await deps.factory.session(target.connectionId);
  const credentials = await session.provider.getCredentials();
  const form = buildPostForm({
    credentials,
    endpoint: session.endpoint,
    cname: session.cname,
    region: session.connection.region,
    bucket: target.bucket,
    prefix: target.prefix,
    maxSizeBytes: state.maxMiB * 1024 * 1024,
    contentType: state.contentType || undefined,
    expiresInSeconds: state.seconds,
    signatureVersion: state.version,
    now: session.api.now(),
  });
  const result: UploadFormResult = { form, html: renderUploadFormHtml(form), curl: curlForPost(form, 'FILE_TO_UPLOAD') };
  deps.log.info(`Upload form made for oss://${target.bucket}/${target.prefix} (${state.version}, ≤ ${state.maxMiB} MiB, until ${form.expiresAt.toISOString()})`);
  offer(deps, result);
  return result;
}

function offer(deps: Deps, r: UploadFormResult): void {
  const copyHtml = vscode.l10n.t('Copy HTML');
  const saveHtml = vscode.l10n.t('Save HTML…');
  const copyCurl = vscode.l10n.t('Copy curl Command');
  const msg = vscode.l10n.t(
    'Upload form ready for {0} until {1}. Anyone who has it can upload there until then: share it only with the uploader.',
    `oss://${r.form.bucket}/${r.form.prefix}`,
    formatDateTime(r.form.expiresAt),
  );
  void deps
    .prompter()
    .showInformationMessage(msg, {}, copyHtml, saveHtml, copyCurl)
    .then(async (choice) => {
      try {
        if (choice === copyHtml) await vscode.env.clipboard.writeText(r.html);
        else if (choice === copyCurl) await vscode.env.clipboard.writeText(r.curl);
        else if (choice === saveHtml) await saveFormHtml(deps, r.html);
      } catch (err) {
        deps.errors.handleError(err, vscode.l10n.t('Copy upload form'));
      }
    });
}

/** Save HTML…: asks where; an existing file is replaced only after a modal question. */
export async function saveFormHtml(deps: Deps, html: string): Promise<string | undefined> {
  const p = deps.prompter();
  const uri = await p.showSaveDialog({ title: vscode.l10n.t('Save the upload form'), filters: { HTML: ['html'] }, saveLabel: vscode.l10n.t('Save') });
  if (!uri) return undefined;
  const exists = (await probeLocal(uri.fsPath)) !== 'none';
  if (exists && !(await confirm(p, vscode.l10n.t('{0} exists. Replace it?', uri.fsPath), vscode.l10n.t('Replace')))) return undefined;
  await fsp.writeFile(uri.fsPath, html, { flag: exists ? 'w' : 'wx', mode: 0o600 });
  deps.log.info(`Upload form saved to ${uri.fsPath}`);
  return uri.fsPath;
}
