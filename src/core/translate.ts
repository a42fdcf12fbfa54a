/**
 * The translator core's user-facing texts go through. Core never imports VS Code: callers pass
 * `vscode.l10n.t`; without one, texts are English with their placeholders filled.
 * (scripts/l10n-export.js collects the messages of calls to a function named `t`.)
 */

/** `vscode.l10n.t(message, ...args)`: fills {0}, {1}… (and translates when a bundle is loaded). */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** English without a bundle: only fills the placeholders, as vscode.l10n.t does. */
export const fillPlaceholders: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
