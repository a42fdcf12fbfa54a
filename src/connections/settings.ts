import * as vscode from 'vscode';
import type { SignatureVersion } from '../core/signer';
import { affectsNetwork, forgetNetworkOptions } from './network';

/** Bounds shared with package.json contributes.configuration. */
export const SETTING_BOUNDS = {
  pageSize: { min: 1, max: 1000, def: 100 },
  defaultLinkExpiry: { min: 1, max: 604800, def: 3600 },
  previewMaxBytes: { min: 1024, max: 50 * 1024 * 1024, def: 1024 * 1024 },
  editMaxBytes: { min: 1024, max: 100 * 1024 * 1024, def: 10 * 1024 * 1024 },
  partSizeMiB: { min: 1, max: 5120, def: 16 },
  parallel: { min: 1, max: 32, def: 4 },
  requestTimeoutSeconds: { min: 5, max: 3600, def: 60 },
  keepFinishedTransfers: { min: 1, max: 10000, def: 100 },
  findMaxResults: { min: 1, max: 10000, def: 1000 },
} as const;

function clampInt(v: unknown, b: { min: number; max: number; def: number }): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? Math.floor(v) : b.def;
  return Math.min(b.max, Math.max(b.min, n));
}

function cfg(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('ossExplorer');
}

/** Typed, clamped reads of the ossExplorer.* settings. */
export const Settings = {
  pageSize: (): number => clampInt(cfg().get('pageSize'), SETTING_BOUNDS.pageSize),
  signatureVersion: (): SignatureVersion => (cfg().get('signatureVersion') === 'v1' ? 'v1' : 'v4'),
  defaultLinkExpiry: (): number => clampInt(cfg().get('defaultLinkExpiry'), SETTING_BOUNDS.defaultLinkExpiry),
  previewMaxBytes: (): number => clampInt(cfg().get('previewMaxBytes'), SETTING_BOUNDS.previewMaxBytes),
  editMaxBytes: (): number => clampInt(cfg().get('editMaxBytes'), SETTING_BOUNDS.editMaxBytes),
  partSizeBytes: (): number => clampInt(cfg().get('upload.partSize'), SETTING_BOUNDS.partSizeMiB) * 1024 * 1024,
  parallel: (): number => clampInt(cfg().get('upload.parallel'), SETTING_BOUNDS.parallel),
  followSymlinks: (): boolean => cfg().get('upload.followSymlinks') === true,
  keepFinishedTransfers: (): number => clampInt(cfg().get('transfers.keepFinished'), SETTING_BOUNDS.keepFinishedTransfers),
  findMaxResults: (): number => clampInt(cfg().get('find.maxResults'), SETTING_BOUNDS.findMaxResults),
  requestTimeoutMs: (): number => clampInt(cfg().get('requestTimeoutSeconds'), SETTING_BOUNDS.requestTimeoutSeconds) * 1000,
};

/** True when a configuration change affects the OSS clients (they are then rebuilt); a network change also drops the kept network options. */
export function affectsClients(e: vscode.ConfigurationChangeEvent): boolean {
  if (affectsNetwork(e)) {
    forgetNetworkOptions();
    return true;
  }
  return e.affectsConfiguration('ossExplorer.signatureVersion') || e.affectsConfiguration('ossExplorer.requestTimeoutSeconds');
}
