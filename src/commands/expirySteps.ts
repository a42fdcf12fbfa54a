import * as vscode from 'vscode';
import { formatDuration } from '../ui/format';
import { inputStep, pickStep, type WizardStep } from '../ui/multiStep';
import type { Prompter } from '../ui/prompter';

export const EXPIRY_PRESETS: readonly { seconds: number; label: () => string }[] = [
  { seconds: 900, label: () => vscode.l10n.t('15 min') },
  { seconds: 3600, label: () => vscode.l10n.t('1 h') },
  { seconds: 86400, label: () => vscode.l10n.t('1 day') },
  { seconds: 604800, label: () => vscode.l10n.t('7 days') },
];
export const MAX_LINK_SECONDS = 604800;

/** The part of a wizard's state the expiry steps fill in. */
export interface ExpiryState {
  expires: number | 'custom';
  seconds: number;
}

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

/**
 * Two wizard steps: a preset lifetime (15 min … 7 days, `def` marked as the default) or Custom…,
 * then the number of seconds (1–604800) when Custom… was picked.
 */
export function expirySteps<S extends ExpiryState>(p: () => Prompter, texts: { placeholder: string; prompt: string }, def?: number): WizardStep<S>[] {
  return [
    pickStep<S, Item<number | 'custom'>>(
      p,
      (s) => {
        const items: Item<number | 'custom'>[] = EXPIRY_PRESETS.map((e) => ({
          label: `$(clock) ${e.label()}`,
          description: e.seconds === def ? vscode.l10n.t('default') : undefined,
          value: e.seconds,
        }));
        if (def !== undefined && !EXPIRY_PRESETS.some((e) => e.seconds === def)) {
          items.unshift({ label: `$(clock) ${formatDuration(def)}`, description: vscode.l10n.t('default'), value: def });
        }
        items.push({ label: `$(edit) ${vscode.l10n.t('Custom…')}`, description: vscode.l10n.t('seconds, 1–604800'), value: 'custom' });
        return { placeholder: texts.placeholder, items, activeItem: items.find((i) => i.value === s.expires) ?? items[0] };
      },
      (s, i) => {
        s.expires = i.value;
        if (i.value !== 'custom') s.seconds = i.value;
      },
    ),
    inputStep<S>(
      p,
      (s) => ({
        prompt: texts.prompt,
        value: String(s.seconds),
        validate: (v) => {
          const n = Number(v.trim());
          return Number.isInteger(n) && n >= 1 && n <= MAX_LINK_SECONDS ? undefined : vscode.l10n.t('Enter a whole number from 1 to {0}', MAX_LINK_SECONDS);
        },
      }),
      (s, v) => (s.seconds = Number(v.trim())),
      (s) => s.expires !== 'custom',
    ),
  ];
}
