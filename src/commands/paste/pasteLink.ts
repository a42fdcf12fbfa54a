/** The link inserted for a pasted/dropped/uploaded object, of the workspace's link kind. */
import * as vscode from 'vscode';
import { isImageName } from '../../core/paste';
import type { Session } from '../../connections/factory';
import { objectUrl, signLink } from '../../connections/links';
import { type LinkKind, PasteSettings } from '../../connections/pasteSettings';
import { formatDateTime } from '../../ui/format';

export interface BuiltLink {
  url: string;
  kind: LinkKind;
  /** Signed links: when they stop working. */
  expiresAt?: Date;
  limitedByToken?: boolean;
}

/** Builds the link; the image-processing suffix is added to images only. */
export async function buildLink(session: Session, bucket: string, key: string, scope?: vscode.ConfigurationScope): Promise<BuiltLink> {
  const kind = PasteSettings.linkKind(scope);
  const process = isImageName(key) ? PasteSettings.imageProcess(scope) || undefined : undefined;
  if (kind === 'signed') {
    const l = await signLink(session, bucket, key, { method: 'GET', expiresInSeconds: PasteSettings.signedLinkExpiry(scope), process });
    return { url: l.url, kind, expiresAt: l.expiresAt, limitedByToken: l.limitedByToken };
  }
  if (kind === 'customDomain' && !session.capabilities.customDomain) {
    throw new Error(vscode.l10n.t('The connection "{0}" is S3-compatible and has no custom domain; choose another link kind (ossExplorer.paste.linkKind).', session.connection.name));
  }
  if (kind === 'customDomain' && !session.connection.customDomain) {
    throw new Error(
      vscode.l10n.t('The connection "{0}" has no custom domain; set one in Edit Connection or choose another link kind (ossExplorer.paste.linkKind).', session.connection.name),
    );
  }
  return { url: objectUrl(session, bucket, key, { useCustomDomain: kind === 'customDomain', process }), kind };
}

/** What to tell the user about a link that will stop working. */
export function expiryNotice(link: BuiltLink): string | undefined {
  if (!link.expiresAt) return undefined;
  const when = formatDateTime(link.expiresAt);
  return link.limitedByToken
    ? vscode.l10n.t('The inserted signed link stops working at {0}, when the STS token expires.', when)
    : vscode.l10n.t('The inserted signed link stops working at {0}.', when);
}
