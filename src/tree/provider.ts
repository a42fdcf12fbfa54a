import * as vscode from 'vscode';
import type { ConnectionRecord } from '../connections/model';
import type { OssApi } from '../connections/ossApi';
import type { ConnectionStore } from '../connections/store';
import { describeError, isCredentialError } from '../ui/errors';
import { type ContainerNode, isContainer, listPrefix, type OssNode } from './nodes/base';
import { BucketNode } from './nodes/bucketNode';
import { ConnectionNode } from './nodes/connectionNode';
import { FolderNode } from './nodes/folderNode';
import { LoadMoreNode } from './nodes/loadMoreNode';
import { MessageNode } from './nodes/messageNode';
import { ObjectNode } from './nodes/objectNode';
import { IncompleteUploadsNode } from './nodes/incompleteUploadsNode';
import { incompleteUploadsLoader, probeIncompleteUploads, type CheckpointSource } from './incompleteUploads';
import { PagedLoader } from './childLoader';
import { bucketNodeId, connectionNodeId, containerIdsAlong, isSameOrBelow } from './nodeIds';

interface SessionSource {
  session(connectionId: string): Promise<{ api: OssApi }>;
}

interface TreeLogger {
  warn(message: string): void;
}

const MAX_REVEAL_PAGES = 50;

/**
 * The OSS Explorer tree. Children are loaded lazily, cached per node and paged; errors become
 * MessageNodes (never pop-ups).
 */
export class OssTreeProvider implements vscode.TreeDataProvider<OssNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<OssNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly loaders = new Map<string, PagedLoader<OssNode>>();
  private readonly filters = new Map<string, string>();
  /** A bucket whose listing failed but that has incomplete uploads: that node, shown above the error. */
  private readonly uploadsBesideError = new WeakMap<PagedLoader<OssNode>, IncompleteUploadsNode>();
  private roots = new Map<string, ConnectionNode>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly store: ConnectionStore,
    private readonly sessions: SessionSource,
    private readonly pageSize: () => number,
    private readonly log?: TreeLogger,
    /** Checkpoints of resumable uploads (marks the incomplete uploads that can be resumed). */
    private readonly checkpoints: CheckpointSource = () => Promise.resolve([]),
  ) {
    this.subscriptions.push(
      store.onDidChange((e) => {
        this.dropUnder(connectionNodeId(e.id));
        this.roots.delete(e.id);
        this.emitter.fire(undefined);
      }),
    );
  }

  getTreeItem(node: OssNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getParent(node: OssNode): OssNode | undefined {
    return node.parent;
  }

  async getChildren(node?: OssNode): Promise<OssNode[]> {
    if (!node) return this.connectionNodes();
    if (!hasListing(node)) return [];
    if (node.kind === 'connection' && node.expired) {
      return [new MessageNode(node, vscode.l10n.t('The STS token has expired — update the credentials'), 'credentials')];
    }
    if (node.kind !== 'connection' && this.store.get(node.connectionId)?.sharedAccess === 'upload') {
      return [new MessageNode(node, vscode.l10n.t('Upload-only access: listing is not allowed here. Use Upload to add files.'), 'empty')];
    }
    const loader = this.loaderFor(node);
    try {
      await loader.ensureLoaded();
    } catch {
      // loader.error is set; shown below.
    }
    const out: OssNode[] = [...loader.children];
    if (loader.error !== undefined) {
      const uploads = this.uploadsBesideError.get(loader);
      if (uploads) out.push(uploads);
      out.push(this.errorNode(node, loader.error));
    } else if (out.length === 0) {
      const empty = node.kind === 'connection' ? vscode.l10n.t('No buckets') : node.kind === 'incompleteUploads' ? vscode.l10n.t('No incomplete uploads') : vscode.l10n.t('No objects');
      out.push(new MessageNode(node, empty, 'empty'));
    } else if (node.kind === 'bucket' && out.length === 1 && out[0].kind === 'incompleteUploads') {
      out.push(new MessageNode(node, vscode.l10n.t('No objects'), 'empty'));
    } else if (loader.hasMore && node.kind !== 'connection') {
      out.push(new LoadMoreNode(node, loader.children.length));
    }
    return out;
  }

  private connectionNodes(): OssNode[] {
    const list = this.store.list().sort((a, b) => a.name.localeCompare(b.name));
    const next = new Map<string, ConnectionNode>();
    for (const c of list) {
      const existing = this.roots.get(c.id);
      next.set(c.id, existing && sameRecord(existing.connection, c) ? existing : new ConnectionNode(c));
    }
    this.roots = next;
    return [...next.values()];
  }

  private errorNode(parent: ListedNode, err: unknown): MessageNode {
    const text = describeError(err);
    this.log?.warn(`Loading ${parent.id} failed: ${text}`);
    const kind = isCredentialError(err) ? 'credentials' : 'error';
    return new MessageNode(parent, text, kind);
  }

  private loaderFor(node: ListedNode): PagedLoader<OssNode> {
    let l = this.loaders.get(node.id);
    if (!l) {
      l =
        node.kind === 'connection'
          ? this.bucketLoader(node)
          : node.kind === 'incompleteUploads'
            ? incompleteUploadsLoader(node, this.sessions, this.pageSize, this.checkpoints)
            : this.objectLoader(node);
      this.loaders.set(node.id, l);
    }
    return l;
  }

  private bucketLoader(node: ConnectionNode): PagedLoader<OssNode> {
    return new PagedLoader<OssNode>(async () => {
      const c = node.connection;
      if (c.pinnedBucket) {
        return { items: [this.withFilter(new BucketNode(node, c.id, { name: c.pinnedBucket, region: c.region }, c.pinnedPrefix ?? ''))], truncated: false };
      }
      const { api } = await this.sessions.session(c.id);
      const buckets = await api.listBuckets();
      return { items: buckets.map((b) => this.withFilter(new BucketNode(node, c.id, b))), truncated: false };
    });
  }

  private objectLoader(node: ContainerNode): PagedLoader<OssNode> {
    const loader: PagedLoader<OssNode> = new PagedLoader<OssNode>(async (token) => {
      const { api } = await this.sessions.session(node.connectionId);
      // A bucket's first page also asks (in parallel) whether it has incomplete uploads to show.
      const probe = node.kind === 'bucket' && token === undefined ? probeIncompleteUploads(api, node, this.log) : Promise.resolve(false);
      if (node.kind === 'bucket' && node.versioning === undefined) this.loadVersioning(node, api);
      let page: Awaited<ReturnType<OssApi['listObjects']>>;
      try {
        page = await api.listObjects({
          bucket: node.bucket,
          prefix: listPrefix(node),
          delimiter: '/',
          maxKeys: this.pageSize(),
          continuationToken: token,
        });
      } catch (err) {
        // Uploads still billed are shown even when the listing is refused (a policy without ListBucket, a server fault).
        if (node.kind === 'bucket' && (await probe)) this.uploadsBesideError.set(loader, new IncompleteUploadsNode(node));
        throw err;
      }
      this.uploadsBesideError.delete(loader);
      const items: OssNode[] = [];
      if (node.kind === 'bucket' && (await probe)) items.push(new IncompleteUploadsNode(node));
      for (const p of page.prefixes) {
        if (p === node.prefix) continue;
        items.push(this.withFilter(new FolderNode(node, node.connectionId, node.bucket, p)));
      }
      for (const o of page.objects) {
        if (o.key === node.prefix) continue; // the folder's own marker object
        items.push(new ObjectNode(node, node.connectionId, node.bucket, o));
      }
      return { items, nextToken: page.nextContinuationToken, truncated: page.isTruncated };
    });
    return loader;
  }

  /** Shows on the bucket row whether versioning is on, once known (a failure leaves it unshown). */
  private loadVersioning(node: BucketNode, api: OssApi): void {
    api.getBucketVersioning(node.bucket).then(
      (status) => {
        node.versioning = status;
        this.emitter.fire(node);
      },
      (err: unknown) => this.log?.warn(`Versioning of ${node.bucket}: ${describeError(err)}`),
    );
  }

  private withFilter<T extends ContainerNode>(n: T): T {
    n.filter = this.filters.get(n.id);
    return n;
  }

  /** Drops the cached children of a node and of everything below it. */
  private dropUnder(ancestorId: string): void {
    for (const id of [...this.loaders.keys()]) {
      if (isSameOrBelow(id, ancestorId)) this.loaders.delete(id);
    }
  }

  /** Refreshes one node (its cached children are dropped) or, without a node, the whole view. */
  refresh(node?: OssNode): void {
    if (!node) {
      this.loaders.clear();
      this.roots.clear();
      this.emitter.fire(undefined);
      return;
    }
    const target = node.kind === 'loadMore' || node.kind === 'message' || node.kind === 'object' || node.kind === 'incompleteUpload' ? node.parent : node;
    if (!target) {
      this.refresh();
      return;
    }
    this.dropUnder(target.id);
    this.emitter.fire(target);
  }

  /** Re-renders the connection rows (their descriptions show time left); cached children are kept. */
  rerenderConnections(): void {
    for (const n of this.roots.values()) this.emitter.fire(n);
  }

  /**
   * Reloads the containers on the way to `key` (the bucket and every folder above it, so new
   * intermediate folders appear); deeper cached folders are kept.
   */
  refreshLocation(connectionId: string, bucket: string, key: string): void {
    let dropped = false;
    for (const id of containerIdsAlong(connectionId, bucket, key)) dropped = this.loaders.delete(id) || dropped;
    if (dropped) this.emitter.fire(undefined);
  }

  /** Reloads a bucket's listing and its incomplete uploads (after an upload was aborted, resumed or interrupted). */
  refreshBucket(connectionId: string, bucket: string): void {
    this.dropUnder(bucketNodeId(connectionId, bucket));
    this.emitter.fire(undefined);
  }

  /** "Load more…": appends the next page to the parent's children. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const loader = this.loaders.get(node.parent.id);
    if (!loader) return;
    try {
      await loader.loadNext();
    } catch {
      // Shown as a MessageNode by getChildren.
    }
    this.emitter.fire(node.parent);
  }

  setFilter(node: ContainerNode, filter: string | undefined): void {
    if (filter) this.filters.set(node.id, filter);
    else this.filters.delete(node.id);
    node.filter = filter || undefined;
    this.dropUnder(node.id);
    this.emitter.fire(node);
  }

  /**
   * Finds the node for an object key, or for a folder when `key` ends with '/' (loading pages as
   * needed); otherwise the deepest container on the way. Used to reveal and by palette commands.
   */
  async findNode(connectionId: string, bucket: string, key: string): Promise<OssNode | undefined> {
    const root = (await this.getChildren()).find((n) => n.kind === 'connection' && n.connectionId === connectionId);
    if (!root) return undefined;
    const bucketNode = (await this.getChildren(root)).find((n): n is BucketNode => n.kind === 'bucket' && n.bucket === bucket);
    if (!bucketNode) return root;
    let current: ContainerNode = bucketNode;
    if (!key.startsWith(current.prefix)) return current;
    for (;;) {
      const rest = key.slice(current.prefix.length);
      if (rest === '') return current;
      const slash = rest.indexOf('/');
      const wantFolder = slash >= 0 ? current.prefix + rest.slice(0, slash + 1) : undefined;
      const found = await this.findChild(current, (n) =>
        wantFolder ? n.kind === 'folder' && n.prefix === wantFolder : n.kind === 'object' && n.key === key,
      );
      if (found?.kind !== 'folder') return found ?? current;
      current = found;
    }
  }

  private async findChild(node: ContainerNode, match: (n: OssNode) => boolean): Promise<OssNode | undefined> {
    await this.getChildren(node);
    const loader = this.loaderFor(node);
    for (let i = 0; i < MAX_REVEAL_PAGES; i++) {
      const hit = loader.children.find(match);
      if (hit) return hit;
      if (!loader.hasMore) return undefined;
      try {
        await loader.loadNext();
      } catch {
        return undefined;
      }
      this.emitter.fire(node);
    }
    return undefined;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}

/** Connections, containers and "Incomplete Uploads": the nodes whose children come from a (cached, paged) listing. */
type ListedNode = ConnectionNode | ContainerNode | IncompleteUploadsNode;

function hasListing(n: OssNode): n is ListedNode {
  return n.kind === 'connection' || n.kind === 'incompleteUploads' || isContainer(n);
}

function sameRecord(a: ConnectionRecord, b: ConnectionRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
