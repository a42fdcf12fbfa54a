/**
 * Tree item context values: the ONE definition used by the tree nodes and the tests; the
 * package.json menus match them with anchored `viewItem =~` regexes.
 */
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
