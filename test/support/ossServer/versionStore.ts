/**
 * Versioning in the local server's store. `bucket.objects` always holds the current version of each
 * key that is not deleted (so listing and plain reads are unchanged); a versioned bucket also keeps
 * `bucket.history`: every version of each key, newest first, delete markers included. Each history
 * entry holds one blob reference of its own, the objects map another.
 */
import type * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import { OssError } from './errors';
import { compareKeys, quotedEtag, type BucketRecord, type ObjectRecord, type Store } from './store';

/** An OSS-looking version id (base64url-ish, starting like real ones with CAEQ). */
export function newVersionId(): string {
  return `CAEQ${randomBytes(24).toString('base64').replace(/\+/g, '.').replace(/\//g, '_').replace(/=+$/, '')}`;
}

function historyOf(b: BucketRecord): Map<string, ObjectRecord[]> {
  if (!b.history) {
    b.history = new Map();
  }
  return b.history;
}

/**
 * PutBucketVersioning. The first time versioning is enabled, every existing object becomes the
 * version 'null' of its key. A versioned bucket can be suspended but never unversioned again.
 */
export function setVersioning(store: Store, b: BucketRecord, status: 'Enabled' | 'Suspended'): void {
  if (!b.history) {
    const h = historyOf(b);
    for (const [key, o] of b.objects) {
      o.versionId = 'null';
      store.retain(o.blob);
      h.set(key, [o]);
    }
  }
  b.versioning = status;
}

/** Drops the 'null' version of a key (suspended buckets keep at most one). */
function dropNullVersion(store: Store, list: ObjectRecord[]): void {
  const i = list.findIndex((v) => v.versionId === 'null');
  if (i >= 0) {
    const [gone] = list.splice(i, 1);
    store.release(gone.blob);
  }
}

/** Stores a new current version of rec.key (sets rec.versionId on versioned buckets); returns the version id. */
export function writeVersion(store: Store, b: BucketRecord, rec: ObjectRecord): string | undefined {
  if (!b.versioning) {
    delete rec.versionId;
    store.putObject(b, rec);
    return undefined;
  }
  const h = historyOf(b);
  const list = h.get(rec.key) ?? [];
  if (b.versioning === 'Suspended') {
    dropNullVersion(store, list);
  }
  rec.versionId = b.versioning === 'Enabled' ? newVersionId() : 'null';
  store.retain(rec.blob);
  list.unshift(rec);
  h.set(rec.key, list);
  store.putObject(b, rec);
  return rec.versionId;
}

/** A plain DELETE: removes the object, or on a versioned bucket adds a delete marker. */
export function deleteCurrent(store: Store, b: BucketRecord, key: string, now: Date): { versionId?: string; deleteMarker: boolean } {
  if (!b.versioning) {
    store.deleteObject(b, key);
    return { deleteMarker: false };
  }
  const h = historyOf(b);
  const list = h.get(key) ?? [];
  if (b.versioning === 'Suspended') {
    dropNullVersion(store, list);
  }
  const blob = store.retain(store.blobFromBytes(new Uint8Array(0)));
  const marker: ObjectRecord = {
    key, blob, etag: quotedEtag(blob.md5), lastModified: now, contentType: '', meta: {}, headers: {}, type: 'Normal',
    storageClass: 'Standard', hasCrc: false, deleteMarker: true, versionId: b.versioning === 'Enabled' ? newVersionId() : 'null',
  };
  list.unshift(marker);
  h.set(key, list);
  store.deleteObject(b, key);
  return { versionId: marker.versionId, deleteMarker: true };
}

/** One version of a key; NoSuchVersion (404) when there is none. 'null' on an unversioned bucket is the object. */
export function findVersion(b: BucketRecord, key: string, versionId: string): ObjectRecord {
  const list = b.history?.get(key);
  const found = list ? list.find((v) => v.versionId === versionId) : versionId === 'null' ? b.objects.get(key) : undefined;
  if (!found) {
    throw new OssError(404, 'NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });
  }
  return found;
}

/**
 * The object a read addresses: the version named by `versionId`, else the current one. A delete
 * marker gives 405 MethodNotAllowed when named, 404 NoSuchKey when current; both set x-oss-delete-marker.
 */
export function readTarget(b: BucketRecord, key: string, versionId: string | undefined, res: http.ServerResponse): ObjectRecord {
  if (versionId !== undefined) {
    const v = findVersion(b, key, versionId);
    if (v.deleteMarker) {
      res.setHeader('x-oss-delete-marker', 'true');
      res.setHeader('x-oss-version-id', versionId);
      throw new OssError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', {
        ResourceType: 'DeleteMarker', Method: 'GET',
      }, '0017-00000002');
    }
    return v;
  }
  const o = b.objects.get(key);
  if (!o) {
    const latest = b.history?.get(key)?.[0];
    if (latest?.deleteMarker) {
      res.setHeader('x-oss-delete-marker', 'true');
      res.setHeader('x-oss-version-id', latest.versionId as string);
    }
    throw new OssError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }, '0026-00000001');
  }
  return o;
}

/** DELETE ?versionId: removes that version for good; the next newest becomes current. */
export function deleteVersion(store: Store, b: BucketRecord, key: string, versionId: string): { deleteMarker: boolean } {
  const list = b.history?.get(key);
  if (!list) {
    if (versionId === 'null' && b.objects.has(key)) {
      store.deleteObject(b, key);
    }
    return { deleteMarker: false };
  }
  const i = list.findIndex((v) => v.versionId === versionId);
  if (i < 0) {
    return { deleteMarker: false }; // OSS answers 204 for a version that is not there
  }
  const [gone] = list.splice(i, 1);
  if (i === 0) {
    const next = list[0];
    if (!gone.deleteMarker) {
      store.deleteObject(b, key);
    }
    if (next && !next.deleteMarker) {
      store.putObject(b, next);
    }
  }
  if (list.length === 0) {
    b.history?.delete(key);
  }
  store.release(gone.blob);
  return { deleteMarker: gone.deleteMarker === true };
}

/** Keys with any version (current objects and keys whose versions are all history), in byte order. */
export function versionedKeys(store: Store, b: BucketRecord): string[] {
  if (!b.history) {
    return store.keysOf(b);
  }
  return [...b.history.keys()].sort(compareKeys);
}

/** Every version of a key, newest first (on an unversioned bucket: the object as version 'null'). */
export function versionsOf(b: BucketRecord, key: string): ObjectRecord[] {
  if (b.history) {
    return b.history.get(key) ?? [];
  }
  const o = b.objects.get(key);
  return o ? [o] : [];
}

/** x-oss-version-id on responses about a versioned bucket's object. */
export function versionHeader(res: http.ServerResponse, b: BucketRecord, o: ObjectRecord): void {
  if (b.history && o.versionId !== undefined) {
    res.setHeader('x-oss-version-id', o.versionId);
  }
}
