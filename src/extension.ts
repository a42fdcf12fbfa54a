import * as vscode from 'vscode';

export interface ExtensionApi {
  /** Milliseconds spent in activate(), measured with performance.now(). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  void context;
  return { activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Nothing to release yet.
}
