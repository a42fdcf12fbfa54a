import type * as vscode from 'vscode';

export type NodeKind = 'connection' | 'bucket' | 'folder' | 'object' | 'loadMore' | 'message';

/** Every tree node: plain data plus how it renders. Nodes never call the network. */
export interface OssNode {
  readonly kind: NodeKind;
  /** Unique and stable across refreshes (used as TreeItem.id and for reveal). */
  readonly id: string;
  readonly parent?: OssNode;
  getTreeItem(): vscode.TreeItem;
}

/** Buckets and folders: nodes whose children are a paged object listing. */
export interface ContainerNode extends OssNode {
  readonly kind: 'bucket' | 'folder';
  readonly connectionId: string;
  readonly bucket: string;
  /** The prefix the node stands for ('' for a bucket root, 'a/b/' for a folder). */
  readonly prefix: string;
  /** Server-side name filter appended to the prefix, set by the provider. */
  filter?: string;
}

export function isContainer(n: unknown): n is ContainerNode {
  const k = (n as OssNode | undefined)?.kind;
  return k === 'bucket' || k === 'folder';
}

/** The prefix sent to ListObjects: prefix + filter. */
export function listPrefix(n: ContainerNode): string {
  return n.prefix + (n.filter ?? '');
}
