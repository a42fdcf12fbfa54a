import type * as vscode from 'vscode';
import type { ClientFactory } from '../connections/factory';
import type { TransferRegistry } from '../core/transfer';
import type { OssFileSystemProvider } from '../connections/ossFileSystem';
import type { ConnectionStore } from '../connections/store';
import type { UploadState } from '../connections/uploadState';
import type { OssNode } from '../tree/nodes/base';
import type { OssTreeProvider } from '../tree/provider';
import type { ErrorHandler } from '../ui/errors';
import type { OssLog } from '../ui/log';
import type { Prompter } from '../ui/prompter';

/** What every command may use. Passed explicitly so tests and commands share one wiring. */
export interface Deps {
  readonly context: vscode.ExtensionContext;
  readonly store: ConnectionStore;
  readonly factory: ClientFactory;
  readonly tree: OssTreeProvider;
  readonly view?: vscode.TreeView<OssNode>;
  readonly log: OssLog;
  readonly errors: ErrorHandler;
  readonly prompter: () => Prompter;
  /** Checkpoints of resumable uploads, the orphaned-upload log, and suspending uploads on deactivation. */
  readonly uploads: UploadState;
  /** The oss: file system behind editable objects. */
  readonly files: OssFileSystemProvider;
  /** The rows of the Transfers view (uploads and downloads, with Cancel and Retry). */
  readonly transfers: TransferRegistry;
}
