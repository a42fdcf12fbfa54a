/** Small pieces shared by the upload and download questions. */
import * as vscode from 'vscode';

/** The first `max` lines of a list for a message's detail, with "…and N more". */
export function listDetail(lines: readonly string[], max = 10): string {
  const shown = lines.slice(0, max).join('\n');
  return lines.length > max ? `${shown}\n${vscode.l10n.t('…and {0} more', lines.length - max)}` : shown;
}
