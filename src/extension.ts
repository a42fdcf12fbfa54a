import { loadStartedAt } from './loadClock';
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { PasteJobs } from './commands/paste/pasteJob';
import { OssDropProvider, OssPasteProvider, registerPasteProviders } from './commands/paste/providers';
import { OssTreeDragAndDrop } from './commands/treeDragAndDrop';
import type { Deps } from './commands/deps';
import { ClientFactory, type Session } from './connections/factory';
import { secretKey } from './connections/model';
import type { OssApi } from './connections/ossApi';
import { OssFileSystemProvider } from './connections/ossFileSystem';
import { OSS_READONLY_SCHEME, OSS_SCHEME } from './connections/ossUri';
import { createEditHooks } from './commands/editHooks';
import { affectsClients, Settings } from './connections/settings';
import { networkOptions } from './connections/network';
import { ConnectionStore } from './connections/store';
import { SEED_FILE_ENV } from './connections/seedFile';
import { FileCheckpointStore } from './connections/checkpointStore';
import { UploadState } from './connections/uploadState';
import type { offerResume } from './commands/resumeUpload';
import { ContextValue, TRANSFERS_VIEW_ID, VIEW_ID } from './tree/contextValues';
import { TransferRegistry, type TransferRow } from './core/transfer';
import { TransfersTreeProvider, type TransferNode } from './tree/transfers';
import { TransferStatusBar } from './ui/transfers';
import type { OssNode } from './tree/nodes/base';
import { watchExpiry } from './tree/expiryWatch';
import { OssTreeProvider } from './tree/provider';
import { revealNode, type RevealResult } from './tree/reveal';
import { describeError, ErrorHandler } from './ui/errors';
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
  /** The oss: file system (what each open object was when it was read, why it is read-only). */
  readonly files: OssFileSystemProvider;
  /** What "Reveal" does: find, show and select an object; resolves once the workbench confirmed it. */
  revealObject(connectionId: string, bucket: string, key: string): Promise<RevealResult | undefined>;
  /** Checkpoints, the orphaned-upload log and the running uploads. */
  readonly uploads: UploadState;
  /** What deactivate() does to running uploads: stops them, keeping them resumable. */
  suspendUploads(): Promise<void>;
  /** What activation does about interrupted uploads: the one "Resume upload of …" offer. */
  offerResume(): ReturnType<typeof offerResume>;
  /** Paste/drop into documents and drag and drop in the tree, driven with a DataTransfer. */
  readonly paste: { provider: OssPasteProvider; drop: OssDropProvider; jobs: PasteJobs; tree: OssTreeDragAndDrop };
  /** The Transfers view: its rows (oldest first), its tree, and the status bar text (undefined when hidden). */
  readonly transfers: {
    registry: TransferRegistry;
    rows(): TransferRow[];
    provider: TransfersTreeProvider;
    view: vscode.TreeView<TransferNode>;
    statusText(): string | undefined;
  };
}

export interface ExtensionApi {
  /** Milliseconds spent in activate(), measured with performance.now(). */
  readonly activationMs: number;
  /**
   * performance.now() when the bundle began and finished evaluating and when activate() began
   * (the extension host's clock: tests in the same host can compare them with their own).
   */
  readonly activationProfile: { loadStartedAt: number; loadEndedAt: number; activateStartedAt: number };
  /**
   * Only when the extension runs in development or test mode. Never in an installed extension:
   * it hands out sessions that hold credentials, and other extensions can read these exports.
   */
  readonly testing?: TestingApi;
}

/** When the bundle's own modules had all been evaluated (performance.now()). */
const loadEndedAt = performance.now();

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  setFormatLocale({ t: vscode.l10n.t, language: vscode.env.language });
  const log = new OssLog();
  const prompts = new PrompterHolder();
  const errors = new ErrorHandler(log, () => prompts.prompter);
  const store = new ConnectionStore(context.globalState, context.secrets);
  const uploads = new UploadState(context.globalState, new FileCheckpointStore(context.globalStorageUri), (m) => log.warn(m));
  activeUploads = uploads;
  const factory = new ClientFactory(
    store,
    () => ({ signatureVersion: Settings.signatureVersion(), timeoutMs: Settings.requestTimeoutMs(), network: networkOptions() }),
    (r) => log.request(r),
    uploads,
  );
  const tree = new OssTreeProvider(store, factory, Settings.pageSize, log, () => uploads.checkpoints.list());
  // The controller reads deps lazily: the tree view it belongs to is part of deps.
  const dnd = new OssTreeDragAndDrop(() => deps);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true, dragAndDropController: dnd });
  const prompter = (): Prompter => prompts.prompter;
  const versions = new OssFileSystemProvider(factory);
  // The Transfers view and the status bar item follow the registry's changes.
  let onTransfersChanged: (ids: readonly string[] | undefined) => void = () => undefined;
  const transfers = new TransferRegistry({ describeError, onChange: (ids) => onTransfersChanged(ids), keepFinished: Settings.keepFinishedTransfers });
  const files = new OssFileSystemProvider(factory, createEditHooks({ prompter, errors, transfers }));
  const transfersTree = new TransfersTreeProvider(transfers, (id) => store.get(id)?.name);
  const transfersView = vscode.window.createTreeView(TRANSFERS_VIEW_ID, { treeDataProvider: transfersTree });
  const transferStatus = new TransferStatusBar(transfers);
  onTransfersChanged = (ids) => {
    transfersTree.changed(ids);
    transferStatus.update();
  };
  const deps: Deps = { context, store, factory, tree, view, log, errors, prompter, files, uploads, transfers };
  // The resume offer's code loads when there is something to offer or look for, after activation.
  const resume = (): ReturnType<typeof offerResume> => import('./commands/resumeUpload.js').then((m) => m.offerResume(deps));
  const pasteJobs = new PasteJobs(deps);
  const pasteProvider = new OssPasteProvider(deps, pasteJobs);
  const dropProvider = new OssDropProvider(deps, pasteJobs);

  context.subscriptions.push(
    uploads,
    log,
    store,
    factory,
    tree,
    view,
    transfers,
    transfersTree,
    transfersView,
    transferStatus,
    vscode.workspace.registerFileSystemProvider(OSS_SCHEME, files, { isCaseSensitive: true }),
    vscode.workspace.registerFileSystemProvider(OSS_READONLY_SCHEME, versions, {
      isCaseSensitive: true,
      isReadonly: new vscode.MarkdownString(vscode.l10n.t('A read-only view of an OSS object (another version, or the server side of a comparison).')),
    }),
    ...registerCommands(deps),
    registerPasteProviders(pasteProvider, dropProvider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsClients(e)) factory.invalidate();
      if (e.affectsConfiguration('ossExplorer.pageSize')) tree.refresh();
    }),
    watchExpiry(store, tree),
  );
  void store.updateContext();
  // An upload that failed in a way a resume may overcome (network, 5xx, expired token) is offered at once.
  uploads.onFailure = (where) => {
    // The bucket may now show (or show more) Incomplete Uploads.
    if (where) tree.refreshBucket(where.connectionId, where.bucket);
    uploads.failureOffer = resume().catch((err: unknown) => log.warn(`Offering to resume failed: ${String(err)}`));
  };
  // Uploads interrupted by a crash, a reload or a lost network: one offer to resume them.
  void resume().catch((err: unknown) => log.warn(`Looking for interrupted uploads failed: ${String(err)}`));
  // Dev-only: `npm run demo` and the UI tests pre-seed connections (see src/connections/seedFile.ts).
  if (process.env[SEED_FILE_ENV] && context.extensionMode !== vscode.ExtensionMode.Production) {
    void import('./connections/seedFile.js').then((m) => m.importSeedFile(store, (w) => log.warn(w))).then((names) => names.length && log.info(`Seeded connections: ${names.join(', ')}`));
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
    files,
    revealObject: (id, bucket, key) => revealNode(tree, view, id, bucket, key),
    uploads,
    suspendUploads: () => suspendUploads(),
    offerResume: resume,
    paste: { provider: pasteProvider, drop: dropProvider, jobs: pasteJobs, tree: dnd },
    transfers: { registry: transfers, rows: () => transfers.rows(), provider: transfersTree, view: transfersView, statusText: () => transferStatus.text },
  };
  const exposeTesting = context.extensionMode !== vscode.ExtensionMode.Production;
  return { activationMs: performance.now() - started, activationProfile: { loadStartedAt, loadEndedAt, activateStartedAt: started }, testing: exposeTesting ? testing : undefined };
}

let activeUploads: UploadState | undefined;

/** Stops running uploads without aborting them: their checkpoints stay, to be resumed on the next start. */
function suspendUploads(): Promise<void> {
  return activeUploads?.suspendAll() ?? Promise.resolve();
}

export function deactivate(): Promise<void> {
  // Everything else is released through context.subscriptions.
  return suspendUploads();
}
