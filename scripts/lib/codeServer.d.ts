// Types for codeServer.js (see the comment at the top of that file for the API description).
import type { Browser, Page } from 'playwright-core';

export const CODE_SERVER_VERSION: string;
export const VSCODE_VERSION: string;
/** Absolute path of the repository (the extension root). */
export const repoRoot: string;

export interface CodeServerInstall {
  dir: string;
  entry: string;
}

export interface WorkbenchTarget {
  /** Folder to open in the workbench. */
  folder?: string;
  /** Extension root loaded as a development extension (its dist/ must be built). */
  extensionDevelopmentPath?: string | string[];
  /** Compiled test entry exporting run(); the host calls it after start-up. */
  extensionTestsPath?: string;
}

export interface CodeServer {
  readonly port: number;
  readonly pid: number;
  readonly tmpDir: string;
  readonly logFile: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly baseUrl: string;
  readonly exited: boolean;
  workbenchUrl(target?: WorkbenchTarget): string;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Merged over process.env; reaches the extension host. */
  env?: Record<string, string | undefined>;
  port?: number;
  userDataDir?: string;
  extensionsDir?: string;
  log?: (msg: string) => void;
  startTimeoutMs?: number;
  quiet?: boolean;
  /** Written to <userDataDir>/User/settings.json over quiet defaults (only for a new user data dir). */
  settings?: Record<string, unknown>;
  /** Behind scripts/lib/guardProxy.js: Unix socket, Host check, access token in workbenchUrl(). */
  guard?: boolean;
}

export interface Workbench {
  browser: Browser;
  page: Page;
  url: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  folder?: string;
  /** Defaults to repoRoot; pass null to load no development extension (e.g. installed vsix). */
  extensionDevelopmentPath?: string | string[] | null;
  extensionTestsPath?: string;
  headless?: boolean;
  viewport?: { width: number; height: number };
}

export function cacheCandidates(): string[];
export function findCodeServer(): CodeServerInstall | null;
export function ensureCodeServer(opts?: { log?: (msg: string) => void }): Promise<CodeServerInstall>;
export function findChromium(): string | null;
export function startCodeServer(opts?: StartOptions): Promise<CodeServer>;
export function buildWorkbenchUrl(o: WorkbenchTarget & { port: number }): string;
export function installExtension(
  vsixPath: string,
  opts: { extensionsDir: string; userDataDir?: string; log?: (msg: string) => void },
): Promise<void>;
export function launchChromium(opts?: { headless?: boolean; args?: string[] }): Promise<Browser>;
export function openWorkbench(server: CodeServer, opts?: OpenOptions): Promise<Workbench>;
export function waitForWorkbench(page: Page, timeoutMs?: number): Promise<void>;
export function killGroup(pid: number, graceMs?: number): Promise<void>;
