import * as vscode from 'vscode';
import type { RequestLog } from '../core/client';

const SECRET_QUERY = /([?&](?:x-oss-signature|signature|x-oss-security-token|security-token|securitytoken|x-oss-credential|ossaccesskeyid|accesskeysecret)=)[^&#\s]*/gi;

/** Masks signatures, tokens and credentials in a URL path or any text before it is logged. */
export function maskSecrets(text: string): string {
  return text
    .replace(SECRET_QUERY, '$1***')
    .replace(/(authorization:\s*)\S.*$/gim, '$1***')
    .replace(/(OSS4-HMAC-SHA256\s+Credential=)[^,\s]+/g, '$1***')
    .replace(/(Signature=)[0-9a-f]{16,}/gi, '$1***');
}

/**
 * The 'OSS Explorer' log channel. Created on first use so activation stays cheap. Keeps the last
 * lines in memory for host tests.
 */
export class OssLog implements vscode.Disposable {
  private channel?: vscode.LogOutputChannel;
  private readonly recent: string[] = [];
  private static readonly KEEP = 1000;

  private get out(): vscode.LogOutputChannel {
    if (!this.channel) this.channel = vscode.window.createOutputChannel('OSS Explorer', { log: true });
    return this.channel;
  }

  private remember(level: string, line: string): void {
    this.recent.push(`[${level}] ${line}`);
    if (this.recent.length > OssLog.KEEP) this.recent.splice(0, this.recent.length - OssLog.KEEP);
  }

  /** One line per HTTP attempt, from OssClientOptions.onRequest. */
  request(r: RequestLog): void {
    const status = r.status !== undefined ? String(r.status) : (r.error ?? 'error');
    const rid = r.requestId ? ` rid=${r.requestId}` : '';
    const attempt = r.attempt > 1 ? ` attempt=${r.attempt}` : '';
    const line = maskSecrets(`${r.method} ${r.host}${r.path} → ${status}${rid} ${Math.round(r.durationMs)} ms${attempt}`);
    if (r.status !== undefined && r.status < 400) this.info(line);
    else this.warn(line);
  }

  info(message: string): void {
    const m = maskSecrets(message);
    this.remember('info', m);
    this.out.info(m);
  }

  warn(message: string): void {
    const m = maskSecrets(message);
    this.remember('warn', m);
    this.out.warn(m);
  }

  error(message: string): void {
    const m = maskSecrets(message);
    this.remember('error', m);
    this.out.error(m);
  }

  show(): void {
    this.out.show(true);
  }

  lines(): string[] {
    return [...this.recent];
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
