/** The listing behind a bucket's "Incomplete Uploads" node (ListMultipartUploads, paged), and the probe that decides whether to show it. */
import type { UploadCheckpoint } from '../core/transfer';
import type { OssApi } from '../connections/ossApi';
import { PagedLoader } from './childLoader';
import type { OssNode } from './nodes/base';
import type { BucketNode } from './nodes/bucketNode';
import { IncompleteUploadNode } from './nodes/incompleteUploadNode';
import type { IncompleteUploadsNode } from './nodes/incompleteUploadsNode';

export type CheckpointSource = () => Promise<UploadCheckpoint[]>;

interface SessionSource {
  session(connectionId: string): Promise<{ api: OssApi }>;
}

/**
 * Whether the bucket has at least one incomplete upload (one ListMultipartUploads with
 * max-uploads=1). A failure (e.g. a policy without oss:ListMultipartUploads) hides the node.
 */
export async function probeIncompleteUploads(api: OssApi, node: BucketNode, log?: { warn(m: string): void }): Promise<boolean> {
  try {
    const page = await api.listMultipartUploadsPage(node.bucket, { prefix: node.prefix || undefined, maxUploads: 1 });
    return page.uploads.length > 0;
  } catch (err) {
    log?.warn(`Listing the incomplete uploads of ${node.bucket} failed: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

/** Markers of the next page, as the loader's continuation token. */
function token(keyMarker: string, uploadIdMarker: string): string {
  return JSON.stringify([keyMarker, uploadIdMarker]);
}

function markers(t: string | undefined): { keyMarker?: string; uploadIdMarker?: string } {
  if (!t) return {};
  const [keyMarker, uploadIdMarker] = JSON.parse(t) as [string, string];
  return { keyMarker, uploadIdMarker };
}

export function incompleteUploadsLoader(node: IncompleteUploadsNode, sessions: SessionSource, pageSize: () => number, checkpoints: CheckpointSource): PagedLoader<OssNode> {
  return new PagedLoader<OssNode>(async (t) => {
    const { api } = await sessions.session(node.connectionId);
    const [page, cps] = await Promise.all([
      api.listMultipartUploadsPage(node.bucket, { prefix: node.prefix || undefined, maxUploads: pageSize(), ...markers(t) }),
      checkpoints().catch(() => [] as UploadCheckpoint[]),
    ]);
    const mine = new Map(cps.filter((c) => c.connectionId === node.connectionId && c.bucket === node.bucket).map((c) => [c.uploadId, c]));
    return {
      items: page.uploads.map((u) => new IncompleteUploadNode(node, u, mine.get(u.uploadId))),
      nextToken: page.isTruncated && page.nextKeyMarker !== undefined ? token(page.nextKeyMarker, page.nextUploadIdMarker ?? '') : undefined,
      truncated: page.isTruncated,
    };
  });
}
