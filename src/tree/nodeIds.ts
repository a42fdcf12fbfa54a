/**
 * Tree node ids: the ONE place they are built and read. They are TreeItem ids (unique and stable
 * across refreshes, so VS Code keeps expansion and can reveal) and the keys of the provider's
 * child caches and filters, which are invalidated by id prefix. No VS Code import.
 *
 *   connection   c/<connectionId>
 *   bucket       c/<connectionId>/b/<bucket>
 *   folder       c/<connectionId>/b/<bucket>/p/<prefix>      (prefix ends with '/')
 *   object       c/<connectionId>/b/<bucket>/o/<key>
 *   incomplete   <bucket id>/u (the "Incomplete Uploads" node), <bucket id>/u/<uploadId> (one upload)
 *   load more    <bucket or folder id>#more
 *   message      <connection, bucket or folder id>#msg, or root#msg
 *
 * Keys are kept verbatim (any character, '//' and '/o/' included): the part after `/p/` or `/o/`
 * is always the whole rest of the id. Connection ids are generated UUIDs and bucket names are
 * [a-z0-9-], so neither contains '/' or '#'; that is what keeps the scheme unambiguous.
 */

type ConnectionAddress = { kind: 'connection'; connectionId: string };
type BucketAddress = { kind: 'bucket'; connectionId: string; bucket: string };
type FolderAddress = { kind: 'folder'; connectionId: string; bucket: string; prefix: string };
type ObjectAddress = { kind: 'object'; connectionId: string; bucket: string; key: string };
export type ContainerAddress = BucketAddress | FolderAddress;
type LoadMoreAddress = { kind: 'loadMore'; parent: ContainerAddress };
/** A message under a connection or container, or (parent undefined) at the root of the view. */
type MessageAddress = { kind: 'message'; parent?: ConnectionAddress | ContainerAddress };
export type NodeAddress = ConnectionAddress | ContainerAddress | ObjectAddress | LoadMoreAddress | MessageAddress;

const MORE = '#more';
const MSG = '#msg';
const ROOT_MESSAGE = `root${MSG}`;

export function connectionNodeId(connectionId: string): string {
  return `c/${connectionId}`;
}

export function bucketNodeId(connectionId: string, bucket: string): string {
  return `${connectionNodeId(connectionId)}/b/${bucket}`;
}

/** `prefix` is a folder prefix: non-empty and ending with '/'. */
export function folderNodeId(connectionId: string, bucket: string, prefix: string): string {
  return `${bucketNodeId(connectionId, bucket)}/p/${prefix}`;
}

export function objectNodeId(connectionId: string, bucket: string, key: string): string {
  return `${bucketNodeId(connectionId, bucket)}/o/${key}`;
}

/** The "Incomplete Uploads" node of a bucket (given the bucket node's id). */
export function incompleteUploadsNodeId(bucketId: string): string {
  return `${bucketId}/u`;
}

/** One incomplete upload (upload ids are unique within a bucket). */
export function incompleteUploadNodeId(uploadsId: string, uploadId: string): string {
  return `${uploadsId}/${uploadId}`;
}

/** The "Load more…" row of a bucket or folder (given its id). */
export function loadMoreNodeId(containerId: string): string {
  return `${containerId}${MORE}`;
}

/** The message row under a node (given its id), or at the root. */
export function messageNodeId(parentId: string | undefined): string {
  return parentId === undefined ? ROOT_MESSAGE : `${parentId}${MSG}`;
}

export function nodeId(a: NodeAddress): string {
  switch (a.kind) {
    case 'connection':
      return connectionNodeId(a.connectionId);
    case 'bucket':
      return bucketNodeId(a.connectionId, a.bucket);
    case 'folder':
      return folderNodeId(a.connectionId, a.bucket, a.prefix);
    case 'object':
      return objectNodeId(a.connectionId, a.bucket, a.key);
    case 'loadMore':
      return loadMoreNodeId(nodeId(a.parent));
    case 'message':
      return messageNodeId(a.parent && nodeId(a.parent));
  }
}

/** Reads an id built by the functions above; undefined for anything else. */
export function parseNodeId(id: string): NodeAddress | undefined {
  if (id === ROOT_MESSAGE) return { kind: 'message' };
  if (!id.startsWith('c/')) return undefined;
  const [connectionId, afterConnection] = splitName(id.slice(2));
  if (!connectionId) return undefined;
  const connection: ConnectionAddress = { kind: 'connection', connectionId };
  if (afterConnection === '') return connection;
  if (afterConnection === MSG) return { kind: 'message', parent: connection };
  if (!afterConnection.startsWith('/b/')) return undefined;
  const [bucket, afterBucket] = splitName(afterConnection.slice(3));
  if (!bucket) return undefined;
  const bucketAddress: BucketAddress = { kind: 'bucket', connectionId, bucket };
  if (afterBucket === '') return bucketAddress;
  const rest = afterBucket.slice(3);
  if (afterBucket.startsWith('/o/')) return rest ? { kind: 'object', connectionId, bucket, key: rest } : undefined;
  if (afterBucket.startsWith('/p/')) return parseFolderPart(connectionId, bucket, rest);
  return withSuffix(bucketAddress, afterBucket);
}

/** Splits "name<rest>" where the name ends at the first '/' or '#'. */
function splitName(s: string): [string, string] {
  const end = s.search(/[/#]/);
  return end < 0 ? [s, ''] : [s.slice(0, end), s.slice(end)];
}

/** `rest` is what follows '/p/': a prefix ending with '/', optionally followed by #more or #msg. */
function parseFolderPart(connectionId: string, bucket: string, rest: string): NodeAddress | undefined {
  const hash = rest.endsWith(MORE) ? MORE.length : rest.endsWith(MSG) ? MSG.length : 0;
  const prefix = rest.slice(0, rest.length - hash);
  if (!prefix.endsWith('/')) return undefined;
  return withSuffix({ kind: 'folder', connectionId, bucket, prefix }, rest.slice(prefix.length));
}

function withSuffix(container: ContainerAddress, suffix: string): NodeAddress | undefined {
  if (suffix === '') return container;
  if (suffix === MORE) return { kind: 'loadMore', parent: container };
  if (suffix === MSG) return { kind: 'message', parent: container };
  return undefined;
}

/** True when `id` is `ancestorId` or an id of a node below it. */
export function isSameOrBelow(id: string, ancestorId: string): boolean {
  if (id === ancestorId) return true;
  // Folder ids end with '/', so their children's ids start with the id itself.
  const below = ancestorId.endsWith('/') ? ancestorId : `${ancestorId}/`;
  return id.startsWith(below);
}

/**
 * The ids of the containers on the way to `key`: the bucket, then each folder above the key
 * ('a/b/c.txt' → bucket, 'a/', 'a/b/'; a key ending with '/' includes that folder itself).
 */
export function containerIdsAlong(connectionId: string, bucket: string, key: string): string[] {
  const ids = [bucketNodeId(connectionId, bucket)];
  for (let i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) ids.push(folderNodeId(connectionId, bucket, key.slice(0, i + 1)));
  return ids;
}
