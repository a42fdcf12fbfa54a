import * as vscode from 'vscode';
import { registerCommands } from './commands';
import type { Deps } from './commands/deps';
import { ClientFactory, type Session } from './connections/factory';
import { secretKey } from './connections/model';
import type { OssApi } from './connections/ossApi';
import { OssFileSystemProvider } from './connections/ossFileSystem';
import { OSS_SCHEME } from './connections/ossUri';
import { affectsClients, Settings } from './connections/settings';
import { ConnectionStore } from './connections/store';
import { importSeedFile, SEED_FILE_ENV } from './connections/seedFile';
import { ContextValue, VIEW_ID } from './tree/contextValues';
import type { OssNode } from './tree/nodes/base';
import { OssTreeProvider } from './tree/provider';
import { revealNode, type RevealResult } from './tree/reveal';
import { ErrorHandler } from './ui/errors';
import { setFormatLocale } from './ui/format';
import { OssLog } from './ui/log';
import { BACK, type Prompter, PrompterHolder } from './ui/prompter';

/** Hooks for tests running inside the real extension host. */
export interface TestingApi {
  /** Replace the prompter (missing methods fall back to the real UI); undefined restores it. */
  setPrompter(p: Partial<Prompter> | undefined): void;
  readonly store: ConnectionStore;
  readonly treeProvider: OssTreeProvider;
  readonly treeView: vscode.TreeView<OssNode>;
  getClient(connectionId: string): Promise<OssApi>;
  getSession(connectionId: string): Promise<Session>;
  /** Recent lines of the 'OSS Explorer' log channel. */
  logLines(): string[];
  /** SecretStorage key of a connection's secrets. */
  secretKey(connectionId: string): string;
  readonly contextValues: typeof ContextValue;
  /** Return this from a prompter method to press the Back button. */
  readonly BACK: typeof BACK;
  /** The one error handler (to check how errors are shown). */
  readonly errors: ErrorHandler;
  /** What "Reveal" does: find, show and select an object; resolves once the workbench confirmed it. */
  revealObject(connectionId: string, bucket: string, key: string): Promise<RevealResult | undefined>;
}

export interface ExtensionApi {
  /** Milliseconds spent in activate(), measured with performance.now(). */
  readonly activationMs: number;
  /**
   * Only when the extension runs in development or test mode. Never in an installed extension:
   * it hands out sessions that hold credentials, and other extensions can read these exports.
   */
  readonly testing?: TestingApi;
}

/** Re-renders the tree when an STS token of a connection expires, so it shows as expired. */
function watchExpiry(store: ConnectionStore, tree: OssTreeProvider): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const now = Date.now();
    const next = store
      .list()
      .map((c) => (c.authType === 'sts' && c.stsExpiration ? Date.parse(c.stsExpiration) : NaN))
      .filter((t) => Number.isFinite(t) && t > now)
      .sort((a, b) => a - b)[0];
    if (next !== undefined) {
      timer = setTimeout(() => {
        tree.refresh();
        schedule();
      }, Math.min(next - now + 500, 2 ** 31 - 1));
      timer.unref?.();
    }
  };
  schedule();
  const sub = store.onDidChange(schedule);
  return new vscode.Disposable(() => {
    sub.dispose();
    if (timer) clearTimeout(timer);
  });
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  setFormatLocale({ t: vscode.l10n.t, language: vscode.env.language });
  const log = new OssLog();
  const prompts = new PrompterHolder();
  const errors = new ErrorHandler(log, () => prompts.prompter);
  const store = new ConnectionStore(context.globalState, context.secrets);
  const factory = new ClientFactory(
    store,
    () => ({ signatureVersion: Settings.signatureVersion(), timeoutMs: Settings.requestTimeoutMs() }),
    (r) => log.request(r),
  );
  const tree = new OssTreeProvider(store, factory, Settings.pageSize, log);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const deps: Deps = { context, store, factory, tree, view, log, errors, prompter: () => prompts.prompter };

  context.subscriptions.push(
    log,
    store,
    factory,
    tree,
    view,
    vscode.workspace.registerFileSystemProvider(OSS_SCHEME, new OssFileSystemProvider(factory), { isReadonly: true, isCaseSensitive: true }),
    ...registerCommands(deps),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsClients(e)) factory.invalidate();
      if (e.affectsConfiguration('ossExplorer.pageSize')) tree.refresh();
    }),
    watchExpiry(store, tree),
  );
  void store.updateContext();
  // Dev-only: `npm run demo` and the UI tests pre-seed connections (see src/connections/seedFile.ts).
  if (process.env[SEED_FILE_ENV] && context.extensionMode !== vscode.ExtensionMode.Production) {
    void importSeedFile(store, (m) => log.warn(m)).then((names) => names.length && log.info(`Seeded connections: ${names.join(', ')}`));
  }

  const testing: TestingApi = {
    setPrompter: (p) => prompts.set(p),
    store,
    treeProvider: tree,
    treeView: view,
    getClient: async (id) => (await factory.session(id)).api,
    getSession: (id) => factory.session(id),
    logLines: () => log.lines(),
    secretKey,
    contextValues: ContextValue,
    BACK,
    errors,
    revealObject: (id, bucket, key) => revealNode(tree, view, id, bucket, key),
  };
  const exposeTesting = context.extensionMode !== vscode.ExtensionMode.Production;
  return { activationMs: performance.now() - started, testing: exposeTesting ? testing : undefined };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
