/** Small pieces shared by the upload and download questions. */
import * as vscode from 'vscode';

/** The first `max` lines of a list for a message's detail, with "…and N more". */
export function listDetail(lines: readonly string[], max = 10): string {
  const shown = lines.slice(0, max).join('\n');
  return lines.length > max ? `${shown}\n${vscode.l10n.t('…and {0} more', lines.length - max)}` : shown;
}

/** A one-line list for a non-modal message: "a, b, c …and 4 more". */
export function shortList(items: readonly string[], max = 5): string {
  const more = items.length > max ? vscode.l10n.t(' …and {0} more', items.length - max) : '';
  return items.slice(0, max).join(', ') + more;
}
