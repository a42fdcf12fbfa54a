/**
 * Tree item context values: the ONE definition used by the tree nodes and the tests; the
 * package.json menus match them with anchored `viewItem =~` regexes.
 *
 * Nodes of a connection that lacks some menu capabilities (an S3 connection) end in `.caps`
 * followed by one `.<capability>` segment per capability it has, in MENU_CAPABILITIES order, e.g.
 * `ossExplorer.object.caps.versioning`. OSS nodes have every capability and no suffix. A menu for
 * every service allows the suffix, `…(\.caps(\.[A-Za-z]+)*)?$`; a menu that needs a capability
 * asks for its segment, `…(\.caps(\.[A-Za-z]+)*\.shareAccess(\.[A-Za-z]+)*)?$`.
 */
import type { Capabilities } from '../connections/capabilities';
import { MENU_CAPABILITIES } from '../connections/capabilities';

export const VIEW_ID = 'ossExplorer.buckets';
export const TRANSFERS_VIEW_ID = 'ossExplorer.transfers';

export const ContextValue = {
  connection: 'ossExplorer.connection',
  connectionExpired: 'ossExplorer.connection.expired',
  bucket: 'ossExplorer.bucket',
  bucketFiltered: 'ossExplorer.bucket.filtered',
  folder: 'ossExplorer.folder',
  folderFiltered: 'ossExplorer.folder.filtered',
  object: 'ossExplorer.object',
  incompleteUploads: 'ossExplorer.incompleteUploads',
  incompleteUpload: 'ossExplorer.incompleteUpload',
  incompleteUploadResumable: 'ossExplorer.incompleteUpload.resumable',
  loadMore: 'ossExplorer.loadMore',
  message: 'ossExplorer.message',
  messageError: 'ossExplorer.message.error',
  // Rows of the Transfers view: ossExplorer.transfer.<state>[.retryable].
  transferQueued: 'ossExplorer.transfer.queued',
  transferRunning: 'ossExplorer.transfer.running',
  transferDone: 'ossExplorer.transfer.done',
  transferFailed: 'ossExplorer.transfer.failed.retryable',
  transferCancelled: 'ossExplorer.transfer.cancelled.retryable',
  // A row Retry cannot run again (a save: saving the editor again is its retry).
  transferFailedFinal: 'ossExplorer.transfer.failed',
  transferCancelledFinal: 'ossExplorer.transfer.cancelled',
} as const;

/** `value` with the capability suffix of a connection with `caps` (unchanged when it has them all). */
export function withCapabilities(value: string, caps: Readonly<Capabilities>): string {
  if (MENU_CAPABILITIES.every((c) => caps[c])) return value;
  return [value, 'caps', ...MENU_CAPABILITIES.filter((c) => caps[c])].join('.');
}
