import * as vscode from 'vscode';

export const OSS_SCHEME = 'oss';
/** Read-only views of objects: a version (`?versionId=`), or the server side of a conflict diff. */
export const OSS_READONLY_SCHEME = 'oss-ro';

export interface ObjectRef {
  connectionId: string;
  bucket: string;
  key: string;
}

/** oss://<connectionId>/<bucket>/<key> */
export function toOssUri(r: ObjectRef): vscode.Uri {
  return vscode.Uri.from({ scheme: OSS_SCHEME, authority: r.connectionId, path: `/${r.bucket}/${r.key}` });
}

export function fromOssUri(uri: vscode.Uri): ObjectRef {
  if (uri.scheme !== OSS_SCHEME && uri.scheme !== OSS_READONLY_SCHEME) throw new Error(`Not an ${OSS_SCHEME}: URI: ${uri.toString()}`);
  const path = uri.path.startsWith('/') ? uri.path.slice(1) : uri.path;
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const key = slash < 0 ? '' : path.slice(slash + 1);
  return { connectionId: uri.authority, bucket, key };
}

export interface ReadonlyOptions {
  /** A specific version of the object. */
  versionId?: string;
  /** Show a missing object as empty (the server side of a diff when it was deleted). */
  orEmpty?: boolean;
}

/** oss-ro://<connectionId>/<bucket>/<key>?versionId=…&orEmpty=1 */
export function toReadonlyUri(r: ObjectRef, o: ReadonlyOptions = {}): vscode.Uri {
  const q = new URLSearchParams();
  if (o.versionId) q.set('versionId', o.versionId);
  if (o.orEmpty) q.set('orEmpty', '1');
  return toOssUri(r).with({ scheme: OSS_READONLY_SCHEME, query: q.toString() });
}

export function readonlyOptions(uri: vscode.Uri): ReadonlyOptions {
  if (uri.scheme !== OSS_READONLY_SCHEME || !uri.query) return {};
  const q = new URLSearchParams(uri.query);
  return { versionId: q.get('versionId') ?? undefined, orEmpty: q.get('orEmpty') === '1' };
}
