/**
 * Find Objects…: search the keys below a bucket or folder by substring or glob. Matches stream into
 * a quick pick as listing pages arrive; closing the pick stops the scan; it stops by itself at
 * ossExplorer.find.maxResults. The chosen object is opened, or revealed in the tree (item buttons).
 */
import * as vscode from 'vscode';
import { Settings } from '../connections/settings';
import { isGlob, type ObjectInfo } from '../core/client';
import { iconFor } from '../tree/fileIcons';
import { revealNode } from '../tree/reveal';
import { formatBytes } from '../ui/format';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';
import { resolveContainer, type ContainerRef } from './targets';

export interface FoundItem extends vscode.QuickPickItem {
  object: ObjectInfo;
}

export interface FindOutcome {
  pattern: string;
  glob: boolean;
  scanned: number;
  found: number;
  /** Why the scan stopped: it reached the end, the limit, or the pick was closed (or an item chosen) first. */
  stopped: 'end' | 'limit' | 'closed';
  /** What was done with the chosen object, when one was chosen. */
  chosen?: { key: string; action: 'open' | 'reveal' };
}

function buttons(): { open: vscode.QuickInputButton; reveal: vscode.QuickInputButton } {
  return {
    open: { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: vscode.l10n.t('Open') },
    reveal: { iconPath: new vscode.ThemeIcon('list-tree'), tooltip: vscode.l10n.t('Reveal in OSS Explorer') },
  };
}

function itemFor(o: ObjectInfo, prefix: string, itemButtons: vscode.QuickInputButton[]): FoundItem {
  const rel = o.key.slice(prefix.length);
  const cut = rel.lastIndexOf('/') + 1;
  const folder = rel.slice(0, cut);
  return {
    label: rel.slice(cut),
    description: folder ? `${folder} · ${formatBytes(o.size)}` : formatBytes(o.size),
    iconPath: iconFor(o.key),
    buttons: itemButtons,
    object: o,
  };
}

async function askPattern(deps: Deps, where: string): Promise<string | undefined> {
  const r = await deps.prompter().showInputBox({
    title: vscode.l10n.t('Find Objects in {0}', where),
    prompt: vscode.l10n.t('Part of a key (substring), or a glob when it has * or ?: *.png matches names at any depth, ** crosses folders'),
    placeholder: vscode.l10n.t('e.g. report or **/2024/*.csv'),
    validate: (v) => (v.trim() === '' ? vscode.l10n.t('Type part of a key, or a glob') : undefined),
  });
  return r === undefined || r === BACK ? undefined : r;
}

/** Find Objects… on a bucket/folder node (or asked for); `patternArg` skips the pattern prompt. */
export async function findObjectsCommand(deps: Deps, arg?: unknown, patternArg?: unknown): Promise<FindOutcome | undefined> {
  const target: ContainerRef | undefined = await resolveContainer(deps, arg, vscode.l10n.t('Find Objects'));
  if (!target) return undefined;
  const where = `${target.bucket}/${target.prefix}`;
  const pattern = typeof patternArg === 'string' && patternArg.trim() ? patternArg : await askPattern(deps, where);
  if (pattern === undefined) return undefined;
  const { api } = await deps.factory.session(target.connectionId);
  const limit = Settings.findMaxResults();
  const glob = isGlob(pattern);
  const { open, reveal } = buttons();
  const pick = deps.prompter().createLivePick<FoundItem>({
    title: vscode.l10n.t('Find in {0}', where),
    placeholder: glob ? vscode.l10n.t('Objects matching the glob {0}', pattern) : vscode.l10n.t('Objects whose keys contain {0}', pattern),
  });
  pick.busy = true;
  const outcome: FindOutcome = { pattern, glob, scanned: 0, found: 0, stopped: 'closed' };
  const progressTitle = (): string => vscode.l10n.t('Find in {0}: {1} scanned, {2} found', where, outcome.scanned.toLocaleString(), outcome.found.toLocaleString());
  let pending: FoundItem[] = [];
  const flush = (): void => {
    pick.append(pending);
    pending = [];
    pick.title = progressTitle();
  };
  const scan = (async () => {
    for await (const o of api.findObjects({
      bucket: target.bucket, prefix: target.prefix, pattern, limit, signal: pick.signal,
      onProgress: (p) => {
        outcome.scanned = p.scanned;
        flush();
      },
    })) {
      outcome.found++;
      pending.push(itemFor(o, target.prefix, [open, reveal]));
    }
    outcome.stopped = outcome.found >= limit ? 'limit' : 'end';
    flush();
    pick.busy = false;
    if (outcome.stopped === 'limit') {
      pick.title = vscode.l10n.t('Find in {0}: stopped at the first {1} matches (setting ossExplorer.find.maxResults)', where, limit.toLocaleString());
    } else if (outcome.found === 0) {
      pick.placeholder = vscode.l10n.t('No object below {0} matches {1} ({2} keys scanned)', where, pattern, outcome.scanned.toLocaleString());
    }
  })();
  let failure: { err: unknown } | undefined;
  const scanned = scan.catch((err: unknown) => {
    if (pick.signal.aborted) return; // closed: the scan's abort is expected
    failure = { err };
    pick.close();
  });
  const choice = await pick.result;
  await scanned;
  if (failure) throw failure.err instanceof Error ? failure.err : new Error(String(failure.err));
  if (!choice) return outcome;
  const key = choice.item.object.key;
  if (choice.button === reveal) {
    if (deps.view) await revealNode(deps.tree, deps.view, target.connectionId, target.bucket, key, { focus: true });
    outcome.chosen = { key, action: 'reveal' };
  } else {
    await vscode.commands.executeCommand('ossExplorer.openObject', { connectionId: target.connectionId, bucket: target.bucket, key, size: choice.item.object.size });
    outcome.chosen = { key, action: 'open' };
  }
  return outcome;
}
