/**
 * Tree item context values: the ONE definition used by the tree nodes and the tests; the
 * package.json menus match them with anchored `viewItem =~` regexes.
 */
export const VIEW_ID = 'ossExplorer.buckets';

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
} as const;
