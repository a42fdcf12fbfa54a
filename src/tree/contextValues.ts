/**
 * Tree item context values: the ONE definition used by the tree nodes, the package.json menus
 * (when-clauses match them with anchored regexes) and the tests.
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
  loadMore: 'ossExplorer.loadMore',
  message: 'ossExplorer.message',
  messageError: 'ossExplorer.message.error',
} as const;

export type ContextValueType = (typeof ContextValue)[keyof typeof ContextValue];

/** The `viewItem` regexes used in package.json menus, for tests that check the manifest. */
export const ViewItemPatterns = {
  connection: /^ossExplorer\.connection(\.expired)?$/,
  connectionExpired: /^ossExplorer\.connection\.expired$/,
  container: /^ossExplorer\.(bucket|folder)(\.filtered)?$/,
  filtered: /^ossExplorer\.(bucket|folder)\.filtered$/,
  bucket: /^ossExplorer\.bucket(\.filtered)?$/,
  folder: /^ossExplorer\.folder(\.filtered)?$/,
  object: /^ossExplorer\.object$/,
  objectOrFolder: /^ossExplorer\.(object|folder(\.filtered)?)$/,
  refreshable: /^ossExplorer\.(connection(\.expired)?|bucket|folder)(\.filtered)?$/,
  messageError: /^ossExplorer\.message\.error$/,
} as const;
