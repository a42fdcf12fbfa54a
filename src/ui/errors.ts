import * as vscode from 'vscode';
import type { OssLog } from './log';
import type { Prompter } from './prompter';
import { isAbortError as isCoreAbortError, isServiceError } from '../core/errors';
import { translateMessage } from '../core/translate';

/** The stored credentials are wrong or expired. */
export { isCredentialError } from '../core/errors';

/** The fields of core's OssError / StsError that the UI shows. */
export interface OssErrorLike {
  name: string;
  message: string;
  status?: number;
  code: string;
  requestId?: string;
  hostId?: string;
  ec?: string;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof vscode.CancellationError || isCoreAbortError(err);
}

/** An OSS or STS error answer (core's classes), with the fields the UI shows. */
export function isOssError(err: unknown): err is OssErrorLike {
  return isServiceError(err);
}

/** A text core wrote with its `t` (English), in the display language (see core/translate.ts). */
export function localText(message: string): string {
  return translateMessage(message, vscode.l10n.bundle, vscode.l10n.t);
}

/** "NoSuchKey: The specified key does not exist. (RequestId: 5C3D…)" or the plain message. */
export function describeError(err: unknown): string {
  if (isOssError(err)) {
    const e = err as OssErrorLike & { serverMessage?: string; stsMessage?: string };
    const server = e.serverMessage ?? e.stsMessage;
    if (server === undefined && err.message.startsWith(err.code)) return err.message;
    const text = server ?? translateMessage(err.message, vscode.l10n.bundle, vscode.l10n.t);
    const rid = err.requestId ? ` ${vscode.l10n.t('(RequestId: {0})', err.requestId)}` : '';
    const msg = text && text !== err.code ? `: ${text}` : '';
    return `${err.code}${msg}${rid}`;
  }
  if (err instanceof Error) return translateMessage(err.message, vscode.l10n.bundle, vscode.l10n.t) || err.name;
  return String(err);
}

/**
 * The one place where errors become messages. Cancellation is silent; every error is logged;
 * each error object is shown at most once (re-thrown errors are not shown twice).
 */
export class ErrorHandler {
  private readonly shown = new WeakSet<object>();

  constructor(
    private readonly log: OssLog,
    private readonly prompter: () => Prompter,
  ) {}

  handleError(err: unknown, context?: string): void {
    if (isAbortError(err)) {
      this.log.info(`${context ?? 'operation'}: cancelled`);
      return;
    }
    if (err && typeof err === 'object') {
      if (this.shown.has(err)) return;
      this.shown.add(err);
    }
    const text = describeError(err);
    const extra = isOssError(err)
      ? ` [status=${err.status ?? '?'}${err.ec ? ` ec=${err.ec}` : ''}${err.hostId ? ` host=${err.hostId}` : ''}]`
      : '';
    this.log.error(`${context ? `${context}: ` : ''}${text}${extra}`);
    if (err instanceof Error && err.stack && !isOssError(err)) this.log.error(err.stack);
    const showLog = vscode.l10n.t('Show Log');
    const message = context ? `${context}: ${text}` : text;
    void this.prompter()
      .showErrorMessage(message, {}, showLog)
      .then((choice) => {
        if (choice === showLog) this.log.show();
      });
  }
}
