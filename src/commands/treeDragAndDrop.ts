/**
 * Drag and drop in the OSS Explorer tree:
 * - files and folders from the Explorer or the OS onto a bucket/folder upload there (the upload
 *   command's overwrite rules);
 * - objects and folders onto another folder of the same bucket move (copy, verify, delete) or,
 *   when chosen, copy; the tree API does not report modifier keys, so the drop asks which;
 * - objects dragged into an editor carry their refs (OBJECTS_MIME) for the drop provider's link.
 * What a drop does is in treeDrop.ts, loaded with the first drop.
 */
import * as vscode from 'vscode';
import { toOssUri } from '../connections/ossUri';
import { isObjectNode, type OssNode } from '../tree/nodes/base';
import { VIEW_ID } from '../tree/contextValues';
import type { Deps } from './deps';
import { OBJECTS_MIME } from './paste/providers';

export const TREE_MIME = `application/vnd.code.tree.${VIEW_ID.toLowerCase()}`;
/**
 * Everything dragged out of this tree, folders included (JSON array of DraggedRef). A drop from
 * the workbench carries the tree's own mime only as a JSON string of VS Code's item handles, which
 * the extension cannot map back to nodes; this item (set by handleDrag) is what says what moves.
 */
export const REFS_MIME = 'application/vnd.oss-explorer.tree-refs+json';

export interface DraggedRef {
  connectionId: string;
  bucket: string;
  key: string;
  /** A folder: every object under key (which ends with '/'). */
  folder?: boolean;
}

export interface TreeDropResult {
  action: 'upload' | 'move' | 'copy' | 'none';
  keys: string[];
}

export function dragged(nodes: readonly OssNode[]): DraggedRef[] {
  const out: DraggedRef[] = [];
  for (const n of nodes) {
    if (isObjectNode(n)) out.push({ connectionId: n.connectionId, bucket: n.bucket, key: n.key });
    else if (n.kind === 'folder') out.push({ connectionId: n.connectionId, bucket: n.bucket, key: n.prefix, folder: true });
  }
  return out;
}

export class OssTreeDragAndDrop implements vscode.TreeDragAndDropController<OssNode> {
  readonly dragMimeTypes = [OBJECTS_MIME, REFS_MIME, 'text/uri-list'];
  readonly dropMimeTypes = [TREE_MIME, 'files', 'text/uri-list'];
  /** The last drop's outcome (for tests). */
  lastDrop: Promise<TreeDropResult> = Promise.resolve({ action: 'none', keys: [] });

  constructor(private readonly getDeps: () => Deps) {}

  private get deps(): Deps {
    return this.getDeps();
  }

  handleDrag(source: readonly OssNode[], dt: vscode.DataTransfer): void {
    const refs = dragged(source);
    if (refs.length === 0) return;
    dt.set(REFS_MIME, new vscode.DataTransferItem(JSON.stringify(refs)));
    dt.set(OBJECTS_MIME, new vscode.DataTransferItem(JSON.stringify(refs.filter((r) => !r.folder))));
    const uris = refs.filter((r) => !r.folder).map((r) => toOssUri({ connectionId: r.connectionId, bucket: r.bucket, key: r.key }).toString());
    if (uris.length > 0) dt.set('text/uri-list', new vscode.DataTransferItem(uris.join('\r\n')));
  }

  async handleDrop(target: OssNode | undefined, dt: vscode.DataTransfer): Promise<void> {
    // The drop code (upload, move, copy) loads with the first drop, not at activation.
    this.lastDrop = import('./treeDrop.js').then((m) => m.dropOnTree(this.deps, target, dt)).catch((err: unknown) => {
      this.deps.errors.handleError(err, vscode.l10n.t('Drop failed'));
      return { action: 'none' as const, keys: [] };
    });
    await this.lastDrop;
  }
}
