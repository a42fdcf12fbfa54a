import * as vscode from 'vscode';

export const OSS_SCHEME = 'oss';

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
  if (uri.scheme !== OSS_SCHEME) throw new Error(`Not an ${OSS_SCHEME}: URI: ${uri.toString()}`);
  const path = uri.path.startsWith('/') ? uri.path.slice(1) : uri.path;
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const key = slash < 0 ? '' : path.slice(slash + 1);
  return { connectionId: uri.authority, bucket, key };
}
