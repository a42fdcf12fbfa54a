/** Typed reads of the ossExplorer.paste.* settings (paste/drop into documents, Upload and Copy Link). */
import * as vscode from 'vscode';
import { DEFAULT_KEY_TEMPLATE } from '../core/paste';

export type LinkKind = 'signed' | 'public' | 'customDomain';

/** Where pasted files go; kept in the workspace settings. */
export interface PasteTarget {
  connectionId: string;
  /** Shown when the connection id is not known on this machine. */
  connectionName?: string;
  bucket: string;
  /** '' or ending with '/'. */
  prefix: string;
}

export const PASTE_BOUNDS = { signedLinkExpiry: { min: 60, max: 604800, def: 604800 }, parallel: { min: 1, max: 16, def: 4 } } as const;

function cfg(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('ossExplorer.paste', scope);
}

function isTarget(x: unknown): x is PasteTarget {
  const t = x as Partial<PasteTarget> | undefined;
  return !!t && typeof t === 'object' && typeof t.connectionId === 'string' && typeof t.bucket === 'string' && typeof t.prefix === 'string';
}

export const PasteSettings = {
  languages: (): string[] => {
    const v = cfg().get<unknown>('languages');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : ['markdown'];
  },
  target: (scope?: vscode.ConfigurationScope): PasteTarget | undefined => {
    const v = cfg(scope).get<unknown>('target');
    return isTarget(v) && v.connectionId && v.bucket ? v : undefined;
  },
  keyTemplate: (scope?: vscode.ConfigurationScope): string => {
    const v = cfg(scope).get<unknown>('keyTemplate');
    return typeof v === 'string' && v.trim() ? v : DEFAULT_KEY_TEMPLATE;
  },
  linkKind: (scope?: vscode.ConfigurationScope): LinkKind => {
    const v = cfg(scope).get<unknown>('linkKind');
    return v === 'public' || v === 'customDomain' ? v : 'signed';
  },
  signedLinkExpiry: (scope?: vscode.ConfigurationScope): number => {
    const b = PASTE_BOUNDS.signedLinkExpiry;
    const v = cfg(scope).get<unknown>('signedLinkExpiry');
    const n = typeof v === 'number' && Number.isFinite(v) ? Math.floor(v) : b.def;
    return Math.min(b.max, Math.max(b.min, n));
  },
  imageProcess: (scope?: vscode.ConfigurationScope): string => {
    const v = cfg(scope).get<unknown>('imageProcess');
    return typeof v === 'string' ? v.trim() : '';
  },
  copyAsMarkdown: (): boolean => vscode.workspace.getConfiguration('ossExplorer').get('uploadAndCopyLink.markdown') === true,
  /** Workspace settings when a folder is open, else user settings. */
  async setTarget(t: PasteTarget): Promise<void> {
    const where = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await cfg().update('target', t, where);
  },
  async setLinkKind(kind: LinkKind): Promise<void> {
    const where = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await cfg().update('linkKind', kind, where);
  },
};
