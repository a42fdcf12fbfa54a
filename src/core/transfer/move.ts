/**
 * Move (rename) = copy, verify, delete. The copy is checked against the source by size and CRC-64
 * (which OSS keeps for every object, however it was written); an ETag is compared only when
 * neither side has a CRC-64, and never for a multipart copy, whose ETag always differs. The
 * source is deleted only after the copy is verified; a copy that fails verification is removed
 * again, unless it could not be told apart from an object that was there before (forbidOverwrite
 * refused nothing, so what is at the destination is ours). A mismatch is confirmed by a second
 * look at both objects first, so that one corrupted response header does not remove a good copy.
 */
import type { HeadObjectResult } from '../client';
import { t } from '../translate';

export interface MoveApi {
  headObject(bucket: string, key: string): Promise<HeadObjectResult>;
  copyObject(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, forbidOverwrite: boolean): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

export interface MoveRequest {
  bucket: string;
  from: string;
  to: string;
  /** Replace an existing destination (asked before); otherwise the copy refuses to overwrite. */
  overwrite: boolean;
}

export type MoveVerdict = { ok: true; by: 'crc64' | 'etag' | 'size' } | { ok: false; why: string };

/** Whether `copy` is a faithful copy of `src`. */
export function verifyCopy(src: HeadObjectResult, copy: HeadObjectResult): MoveVerdict {
  if (copy.size !== src.size) return { ok: false, why: `size ${copy.size} instead of ${src.size}` };
  if (src.crc64 && copy.crc64) {
    return src.crc64 === copy.crc64 ? { ok: true, by: 'crc64' } : { ok: false, why: `CRC-64 ${copy.crc64} instead of ${src.crc64}` };
  }
  const multipart = (h: HeadObjectResult): boolean => h.objectType === 'Multipart' || /-\d+"?$/.test(h.etag ?? '');
  if (src.etag && copy.etag && !multipart(src) && !multipart(copy)) {
    return src.etag === copy.etag ? { ok: true, by: 'etag' } : { ok: false, why: `ETag ${copy.etag} instead of ${src.etag}` };
  }
  return { ok: true, by: 'size' };
}

export class MoveVerificationError extends Error {
  readonly code = 'MoveVerificationFailed';
  constructor(readonly from: string, readonly to: string, readonly why: string, readonly copyRemoved: boolean) {
    super(
      copyRemoved
        ? t('The copy of {0} at {1} does not match the source ({2}); the source was kept and the copy removed.', from, to, why)
        : t('The copy of {0} at {1} does not match the source ({2}); the source was kept.', from, to, why),
    );
    this.name = 'MoveVerificationError';
  }
}

/** Copies, verifies, then deletes the source. Throws MoveVerificationError when the copy is wrong. */
export async function moveObject(api: MoveApi, r: MoveRequest): Promise<{ verifiedBy: 'crc64' | 'etag' | 'size' }> {
  const src = await api.headObject(r.bucket, r.from);
  await api.copyObject(r.bucket, r.from, r.bucket, r.to, !r.overwrite);
  let verdict = verifyCopy(src, await api.headObject(r.bucket, r.to));
  // A mismatch may come from a damaged answer (a header corrupted on the way): look again at
  // both, up to twice, before removing a copy that may well be right.
  for (let look = 0; look < 2 && !verdict.ok; look++) {
    verdict = verifyCopy(await api.headObject(r.bucket, r.from), await api.headObject(r.bucket, r.to));
  }
  if (!verdict.ok) {
    let removed = false;
    try {
      await api.deleteObject(r.bucket, r.to);
      removed = true;
    } catch {
      // Reported in the error: the source is intact either way.
    }
    throw new MoveVerificationError(r.from, r.to, verdict.why, removed);
  }
  await api.deleteObject(r.bucket, r.from);
  return { verifiedBy: verdict.by };
}
