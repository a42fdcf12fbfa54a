import type * as vscode from 'vscode';
import type { ConnectionRecord } from '../../connections/model';
import { capabilitiesOf } from '../../connections/capabilities';
import { withCapabilities } from '../contextValues';
import type { BucketNode } from './bucketNode';
import type { ConnectionNode } from './connectionNode';
import type { FolderNode } from './folderNode';
import type { IncompleteUploadNode } from './incompleteUploadNode';
import type { IncompleteUploadsNode } from './incompleteUploadsNode';
import type { LoadMoreNode } from './loadMoreNode';
import type { MessageNode } from './messageNode';
import type { ObjectNode } from './objectNode';

/** What every node class has: plain data plus how it renders. Nodes never call the network. */
export interface NodeBase {
  /** Unique and stable across refreshes (used as TreeItem.id and for reveal); see ../nodeIds. */
  readonly id: string;
  getTreeItem(): vscode.TreeItem;
}

/** Every tree node, discriminated on `kind`: narrow with `node.kind === …` or the guards below. */
export type OssNode = ConnectionNode | BucketNode | FolderNode | ObjectNode | LoadMoreNode | MessageNode | IncompleteUploadsNode | IncompleteUploadNode;

/** Buckets and folders: nodes whose children are a paged object listing. */
export type ContainerNode = BucketNode | FolderNode;

/** Every kind once (the compiler insists when a kind is added). */
const KINDS: Record<OssNode['kind'], true> = {
  connection: true, bucket: true, folder: true, object: true, loadMore: true, message: true, incompleteUploads: true, incompleteUpload: true,
};

/** A tree node (as VS Code passes it to commands), as opposed to a ref, a URI or a picker value. */
export function isOssNode(x: unknown): x is OssNode {
  if (typeof x !== 'object' || x === null || !('kind' in x) || !('getTreeItem' in x)) return false;
  return typeof x.kind === 'string' && Object.hasOwn(KINDS, x.kind) && typeof x.getTreeItem === 'function';
}

export function isContainer(x: unknown): x is ContainerNode {
  return isOssNode(x) && (x.kind === 'bucket' || x.kind === 'folder');
}

export function isObjectNode(x: unknown): x is ObjectNode {
  return isOssNode(x) && x.kind === 'object';
}

/** Nodes whose children are a paged listing: containers, and a bucket's "Incomplete Uploads". */
export type PagedParentNode = ContainerNode | IncompleteUploadsNode;

/** The prefix sent to ListObjects: prefix + filter. */
export function listPrefix(n: ContainerNode): string {
  return n.prefix + (n.filter ?? '');
}

/** The connection a bucket, folder or object belongs to. */
export function connectionOfNode(n: ContainerNode | ObjectNode): ConnectionRecord {
  let c: ContainerNode = n.kind === 'object' ? n.parent : n;
  while (c.kind === 'folder') c = c.parent;
  return c.parent.connection;
}

/** A node's context value with its connection's capability suffix (see contextValues.ts). */
export function nodeContextValue(n: ContainerNode | ObjectNode, value: string): string {
  return withCapabilities(value, capabilitiesOf(connectionOfNode(n)));
}
