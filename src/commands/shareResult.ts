import * as vscode from 'vscode';
import { promises as fsp } from 'fs';
import { guardSecrets } from '../core/credentials';
import { type AccessCodeInfo, aliOssSnippet, envLines, ossutilConfig } from '../core/share';
import { formatDateTime } from '../ui/format';
import type { Deps } from './deps';

/** A freshly minted share. Every field but `policy` and `roleArn` is (or holds) the credential. */
export interface MintedShare {
  info: AccessCodeInfo;
  code: string;
  policy: string;
  roleArn: string;
}

/** Renders masked in JSON, String() and util.inspect. */
export function guardShare(m: MintedShare): MintedShare {
  return guardSecrets(m, () => ({ bucket: m.info.bucket, prefix: m.info.prefix, access: m.info.access, expiration: m.info.expiration, code: '****' }));
}

type ChoiceId = 'code' | 'env' | 'ossutil' | 'alioss' | 'save';

function choices(): Record<ChoiceId, string> {
  return {
    code: vscode.l10n.t('Copy Access Code'),
    env: vscode.l10n.t('Copy Environment Variables'),
    ossutil: vscode.l10n.t('Copy ossutil Config'),
    alioss: vscode.l10n.t('Copy ali-oss Snippet'),
    save: vscode.l10n.t('Save to File…'),
  };
}

function accessText(a: AccessCodeInfo['access']): string {
  return a === 'read' ? vscode.l10n.t('read only') : a === 'read-write' ? vscode.l10n.t('read and write') : vscode.l10n.t('upload only');
}

/** The text each choice copies. */
export function shareText(m: MintedShare, id: Exclude<ChoiceId, 'save'>): string {
  switch (id) {
    case 'code':
      return m.code;
    case 'env':
      return envLines(m.info, process.platform === 'win32' ? 'powershell' : 'posix');
    case 'ossutil':
      return ossutilConfig(m.info);
    case 'alioss':
      return aliOssSnippet(m.info);
  }
}

/** Everything in one text file (Save to File…). */
export function shareFileText(m: MintedShare): string {
  return [
    `# OSS Explorer shared access — this file is a credential; delete it when it is no longer needed.`,
    '',
    '## Access code (OSS Explorer: Import Connection → From Access Code)',
    m.code,
    '',
    '## Environment variables (POSIX shell)',
    envLines(m.info, 'posix'),
    '',
    '## Environment variables (PowerShell)',
    envLines(m.info, 'powershell'),
    '',
    '## ossutil 2.0 config',
    ossutilConfig(m.info),
    '## ali-oss (Node.js)',
    aliOssSnippet(m.info),
  ].join('\n');
}

/**
 * The one notification that offers the credential. Nothing is copied or written until a button is
 * pressed; after each copy the choices come back, so another form can be copied too.
 */
export function showShareResult(deps: Deps, m: MintedShare): void {
  const c = choices();
  const when = formatDateTime(new Date(m.info.expiration));
  const message = vscode.l10n.t(
    'Temporary access minted: {0} on {1} until {2}. What you copy is a credential: anyone who has it gets this access, so send it only to the recipient.',
    accessText(m.info.access),
    `oss://${m.info.bucket}/${m.info.prefix}`,
    when,
  );
  const ask = (text: string): void => {
    void deps
      .prompter()
      .showInformationMessage(text, {}, c.code, c.env, c.ossutil, c.alioss, c.save)
      .then(async (picked) => {
        const id = (Object.keys(c) as ChoiceId[]).find((k) => c[k] === picked);
        if (!id) return;
        try {
          if (id === 'save') {
            if (!(await saveShare(deps, m))) return;
          } else {
            await vscode.env.clipboard.writeText(shareText(m, id));
            deps.log.info(`Shared access: ${id} copied to the clipboard (credential not logged)`);
          }
          ask(vscode.l10n.t('Done. It is a credential: paste it only where the recipient gets it. Copy another form?'));
        } catch (err) {
          deps.errors.handleError(err, vscode.l10n.t('Share access'));
        }
      });
  };
  ask(message);
}

/** Save to File…: a new file only (never over an existing one), readable by the owner only. */
async function saveShare(deps: Deps, m: MintedShare): Promise<boolean> {
  const uri = await deps.prompter().showSaveDialog({
    title: vscode.l10n.t('Save the shared credential'),
    saveLabel: vscode.l10n.t('Save'),
    filters: { [vscode.l10n.t('Text')]: ['txt'] },
  });
  if (!uri) return false;
  try {
    await fsp.writeFile(uri.fsPath, shareFileText(m), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(vscode.l10n.t('{0} exists; the credential is saved only to a new file.', uri.fsPath), { cause: err });
    }
    throw err;
  }
  deps.log.info('Shared access saved to a file (credential not logged)');
  return true;
}
