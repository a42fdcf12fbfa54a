import * as vscode from 'vscode';
import { fromOssUri } from './ossUri';
import type { OssApi } from './ossApi';

interface SessionSource {
  session(connectionId: string): Promise<{ api: OssApi }>;
}

function notFound(err: unknown, uri: vscode.Uri): unknown {
  const e = err as { status?: number; code?: string } | undefined;
  if (e && (e.status === 404 || e.code === 'NoSuchKey' || e.code === 'NoSuchBucket')) return vscode.FileSystemError.FileNotFound(uri);
  return err;
}

/**
 * Read-only file system for oss://<connectionId>/<bucket>/<key>, so objects open in ordinary
 * (read-only) editors and the image preview. Writes are refused.
 */
export class OssFileSystemProvider implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  constructor(private readonly sessions: SessionSource) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const ref = fromOssUri(uri);
    if (!ref.key || ref.key.endsWith('/')) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const { api } = await this.sessions.session(ref.connectionId);
    try {
      const h = await api.headObject(ref.bucket, ref.key);
      const mtime = h.lastModified?.getTime() ?? 0;
      return { type: vscode.FileType.File, ctime: mtime, mtime, size: h.size, permissions: vscode.FilePermission.Readonly };
    } catch (err) {
      throw notFound(err, uri);
    }
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = fromOssUri(uri);
    const { api } = await this.sessions.session(ref.connectionId);
    try {
      return await api.getObjectBuffer(ref.bucket, ref.key);
    } catch (err) {
      throw notFound(err, uri);
    }
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(oldUri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(oldUri);
  }

  /** Tells open editors that an object changed (after upload/delete). */
  changed(uri: vscode.Uri): void {
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }
}
