import * as vscode from 'vscode';
import { AccessCodeError, decodeAccessCode, type DecodedAccessCode } from '../core/share';
import type { ConnectionRecord } from '../connections/model';
import { formatDateTime } from '../ui/format';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';

/** What is wrong with a pasted code, in the user's words; undefined when it can be imported. */
export function accessCodeProblem(text: string, now = new Date()): string | undefined {
  if (!text.trim()) return vscode.l10n.t('Paste the access code (it starts with "ossx1.")');
  let decoded: DecodedAccessCode;
  try {
    decoded = decodeAccessCode(text, { now, allowExpired: true });
  } catch (err) {
    if (!(err instanceof AccessCodeError)) throw err;
    switch (err.code) {
      case 'NotAccessCode':
        return vscode.l10n.t('This is not an access code: a code starts with "ossx1."');
      case 'Truncated':
        return vscode.l10n.t('The access code is truncated: copy the whole code');
      case 'Corrupted':
        return vscode.l10n.t('The access code is corrupted (its checksum does not match): copy it again');
      case 'UnsupportedVersion':
        return vscode.l10n.t('The access code was made by another version of OSS Explorer: update the extension');
      default:
        return vscode.l10n.t('The access code is not usable: {0}', err.message);
    }
  }
  if (decoded.expired) return vscode.l10n.t('The access code expired at {0}: ask for a new one', formatDateTime(new Date(decoded.expiration)));
  return undefined;
}

function defaultName(d: DecodedAccessCode, taken: Set<string>): string {
  const base = `${d.bucket}${d.prefix ? `/${d.prefix.replace(/\/$/, '')}` : ''} (shared)`;
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base} ${i}`;
  return name;
}

/**
 * Import Connection → From Access Code: a pinned STS connection restricted to the code's bucket and
 * prefix. The secret and token go to SecretStorage only; nothing is stored for a bad code.
 */
export async function importFromAccessCode(deps: Deps, title: string): Promise<ConnectionRecord | undefined> {
  const p = deps.prompter();
  const code = await p.showInputBox({
    title,
    prompt: vscode.l10n.t('Paste the access code you were given. It is a credential: it is kept in VS Code\'s secret storage.'),
    placeholder: 'ossx1.…',
    password: true,
    validate: (v) => accessCodeProblem(v),
  });
  if (code === undefined || code === BACK) return undefined;
  // Decoded again: the code may have expired while the name was being typed (then this throws).
  const problem = accessCodeProblem(code);
  if (problem) throw new AccessCodeError('Expired', problem);
  const d = decodeAccessCode(code);
  const taken = new Set(deps.store.list().map((x) => x.name.toLowerCase()));
  const name = await p.showInputBox({
    title,
    prompt: vscode.l10n.t('Connection name'),
    value: defaultName(d, taken),
    validate: (v) => (!v.trim() ? vscode.l10n.t('Enter a name') : taken.has(v.trim().toLowerCase()) ? vscode.l10n.t('A connection with this name exists') : undefined),
  });
  if (name === undefined || name === BACK) return undefined;
  if (Date.parse(d.expiration) <= Date.now()) {
    throw new AccessCodeError('Expired', vscode.l10n.t('The access code expired at {0}: ask for a new one', formatDateTime(new Date(d.expiration))));
  }
  const record = await deps.store.add(
    {
      name: name.trim(),
      region: d.region,
      endpoint: d.endpoint.replace(/\/+$/, ''),
      authType: 'sts',
      accessKeyId: d.accessKeyId,
      stsExpiration: d.expiration,
      pinnedBucket: d.bucket,
      pinnedPrefix: d.prefix || undefined,
      sharedAccess: d.access,
    },
    { accessKeySecret: d.accessKeySecret, securityToken: d.securityToken },
  );
  deps.log.info(`Connection imported from an access code: ${record.name} (${d.access} on oss://${d.bucket}/${d.prefix}, until ${d.expiration})`);
  void p.showInformationMessage(vscode.l10n.t('Connection "{0}" imported: access until {1}.', record.name, formatDateTime(new Date(d.expiration))), {});
  return record;
}
