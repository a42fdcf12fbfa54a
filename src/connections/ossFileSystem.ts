import * as vscode from 'vscode';
import { fromOssUri, OSS_READONLY_SCHEME, readonlyOptions } from './ossUri';
import type { ObjectState, SaveConflict } from './ossApi';
import type { Session } from './factory';

interface SessionSource {
  session(connectionId: string): Promise<Pick<Session, 'api' | 'connection'>>;
}

/** Why an object opens read-only. */
export type ReadonlyReason = 'connection' | 'tooLarge' | 'binary';

/** What the file system needs from the UI; wired in extension.ts so this layer stays below ui/commands. */
export interface EditHooks {
  /** Largest object that opens writable (ossExplorer.editMaxBytes). */
  maxEditBytes(): number;
  /**
   * The object changed or vanished since it was opened: 'overwrite' saves anyway, anything else
   * fails the save (the editor stays dirty). May open a diff before answering.
   */
  onConflict(uri: vscode.Uri, conflict: SaveConflict, yours: Uint8Array): Promise<'overwrite' | 'cancel'>;
  /** Runs the upload of a save (with a progress notification when it is big). */
  withSaveProgress<T>(uri: vscode.Uri, size: number, task: (signal: AbortSignal | undefined, onBytes: (n: number) => void) => Promise<T>): Promise<T>;
  /** The one error handler. */
  onError(err: unknown, uri: vscode.Uri): void;
}

function isNotFound(err: unknown): boolean {
  const e = err as { status?: number; code?: string } | undefined;
  return !!e && (e.status === 404 || e.code === 'NoSuchKey' || e.code === 'NoSuchBucket');
}

function notFound(err: unknown, uri: vscode.Uri): unknown {
  return isNotFound(err) ? vscode.FileSystemError.FileNotFound(uri) : err;
}

/** NUL bytes in the first 8000 bytes: treated as binary (as git does). */
export function looksBinary(body: Uint8Array): boolean {
  return body.subarray(0, 8000).includes(0);
}

function isDirty(uri: vscode.Uri): boolean {
  const id = uri.toString();
  return vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.toString() === id);
}

const DIR_STAT: vscode.FileStat = { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };

/**
 * The file system behind oss://<connectionId>/<bucket>/<key>: objects open in ordinary editors and
 * save back with Ctrl+S. readFile remembers the ETag, size and CRC-64 it read; writeFile saves
 * only if the object is still that one (core's saveObjectPreservingProperties), keeping every
 * property the object had. Objects that are binary, too big or reached through a read-only
 * connection report FilePermission.Readonly.
 *
 * The same class serves the read-only scheme oss-ro: (older versions, the server side of a
 * conflict diff), registered with isReadonly.
 */
export class OssFileSystemProvider implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  /** What each open URI was when it was read (keyed by uri.toString()). */
  private readonly opened = new Map<string, ObjectState>();
  private readonly readonlyWhy = new Map<string, ReadonlyReason>();
  private writes = 0;
  /**
   * Test-only profiling: called with 'stat>', 'stat<', 'read>', 'read<', 'write>', 'write<' (start
   * and end of each call) and the URI. Undefined (nothing called) in the product.
   */
  trace: ((event: string, uri: vscode.Uri) => void) | undefined;

  constructor(
    private readonly sessions: SessionSource,
    private readonly hooks?: EditHooks,
  ) {}

  private get readonlyScheme(): boolean {
    return !this.hooks;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  /** The state recorded when the URI was read (tests and Save As use it). */
  openedState(uri: vscode.Uri): ObjectState | undefined {
    return this.opened.get(uri.toString());
  }

  /** How many times VS Code called writeFile (tests tell a save VS Code skipped from one that failed). */
  get writeCalls(): number {
    return this.writes;
  }

  /** Why the URI is read-only, or undefined when it can be saved. */
  readonlyReason(uri: vscode.Uri): ReadonlyReason | undefined {
    return this.readonlyWhy.get(uri.toString());
  }

  /** Marks a URI read-only before it is opened (e.g. the open command found it binary). */
  markReadonly(uri: vscode.Uri, why: ReadonlyReason): void {
    this.readonlyWhy.set(uri.toString(), why);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    this.trace?.('stat>', uri);
    try {
      return await this.statObject(uri);
    } finally {
      this.trace?.('stat<', uri);
    }
  }

  private async statObject(uri: vscode.Uri): Promise<vscode.FileStat> {
    const ref = fromOssUri(uri);
    if (!ref.key || ref.key.endsWith('/')) return DIR_STAT;
    const { api, connection } = await this.sessions.session(ref.connectionId);
    const ro = readonlyOptions(uri);
    // While an editor has unsaved changes, what it read (or last saved) is the answer without a
    // HEAD: VS Code stats before and after every save, and writeFile checks the object itself
    // (a change or deletion on the server is found there and offers Compare / Overwrite; VS Code's
    // own mtime check must not pre-empt it).
    const mine = this.readonlyScheme ? undefined : this.opened.get(uri.toString());
    if (mine && isDirty(uri)) return this.fileStat(uri, mine.size, mine.lastModified?.getTime() ?? 0, connection.readOnly === true);
    let size: number;
    let mtime: number;
    try {
      const h = await api.headObject(ref.bucket, ref.key, ro.versionId);
      size = h.size;
      mtime = h.lastModified?.getTime() ?? 0;
    } catch (err) {
      if (ro.orEmpty && isNotFound(err)) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
      // No object, but keys under `key/`: a folder (VS Code stats the parent before writing a file).
      if (isNotFound(err) && !ro.versionId && !this.readonlyScheme && (await this.isFolder(api, ref.bucket, ref.key))) return DIR_STAT;
      throw notFound(err, uri);
    }
    // The real mtime (no unsaved changes here, or the object is new to us), so VS Code reloads
    // objects changed elsewhere.
    if (this.readonlyScheme) return { type: vscode.FileType.File, ctime: mtime, mtime, size, permissions: vscode.FilePermission.Readonly };
    return this.fileStat(uri, size, mtime, connection.readOnly === true);
  }

  private async isFolder(api: Session['api'], bucket: string, key: string): Promise<boolean> {
    try {
      const page = await api.listObjects({ bucket, prefix: `${key}/`, maxKeys: 1 });
      return page.objects.length > 0 || page.prefixes.length > 0;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  private fileStat(uri: vscode.Uri, size: number, mtime: number, readOnlyConnection: boolean): vscode.FileStat {
    const why = this.whyReadonly(uri, size, readOnlyConnection);
    if (why) this.readonlyWhy.set(uri.toString(), why);
    else this.readonlyWhy.delete(uri.toString());
    return { type: vscode.FileType.File, ctime: mtime, mtime, size, permissions: why ? vscode.FilePermission.Readonly : undefined };
  }

  private whyReadonly(uri: vscode.Uri, size: number, readOnlyConnection: boolean): ReadonlyReason | undefined {
    if (readOnlyConnection) return 'connection';
    if (this.hooks && size > this.hooks.maxEditBytes()) return 'tooLarge';
    if (this.readonlyWhy.get(uri.toString()) === 'binary') return 'binary';
    return undefined;
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    this.trace?.('read>', uri);
    try {
      return await this.readObject(uri);
    } finally {
      this.trace?.('read<', uri);
    }
  }

  private async readObject(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = fromOssUri(uri);
    const { api } = await this.sessions.session(ref.connectionId);
    const ro = readonlyOptions(uri);
    try {
      const r = await api.getObjectState(ref.bucket, ref.key, ro.versionId);
      if (!this.readonlyScheme) {
        const { body, ...state } = r;
        this.opened.set(uri.toString(), state);
        if (looksBinary(body)) this.readonlyWhy.set(uri.toString(), 'binary');
      }
      return r.body;
    } catch (err) {
      if (ro.orEmpty && isNotFound(err)) return new Uint8Array();
      throw notFound(err, uri);
    }
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  /**
   * A folder is the zero-byte object `<key>/` (as New Folder makes it). VS Code creates missing
   * parent folders this way before workspace.fs.writeFile writes a file into a new folder.
   */
  async createDirectory(uri: vscode.Uri): Promise<void> {
    const ref = fromOssUri(uri);
    if (!this.hooks || uri.scheme === OSS_READONLY_SCHEME || !ref.key) throw vscode.FileSystemError.NoPermissions(uri);
    const { api, connection } = await this.sessions.session(ref.connectionId);
    if (connection.readOnly) throw vscode.FileSystemError.NoPermissions(uri);
    try {
      await api.createFolder(ref.bucket, ref.key.endsWith('/') ? ref.key : `${ref.key}/`);
    } catch (err) {
      if ((err as { code?: string }).code === 'FileAlreadyExists') throw vscode.FileSystemError.FileExists(uri);
      throw notFound(err, uri);
    }
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    this.writes++;
    this.trace?.('write>', uri);
    try {
      await this.writeObject(uri, content);
    } finally {
      this.trace?.('write<', uri);
    }
  }

  private async writeObject(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const hooks = this.hooks;
    if (!hooks || uri.scheme === OSS_READONLY_SCHEME) throw vscode.FileSystemError.NoPermissions(uri);
    const why = this.readonlyWhy.get(uri.toString());
    if (why) throw vscode.FileSystemError.NoPermissions(uri);
    const ref = fromOssUri(uri);
    try {
      const { api, connection } = await this.sessions.session(ref.connectionId);
      // Also when VS Code did not stat the URI first (workspace.fs.writeFile).
      if (connection.readOnly) throw vscode.FileSystemError.NoPermissions(uri);
      // Never read through this provider: it must not exist yet (nothing is overwritten unasked).
      const expected = this.opened.get(uri.toString()) ?? 'absent';
      let saved: ObjectState;
      try {
        saved = await hooks.withSaveProgress(uri, content.byteLength, (signal, onBytes) =>
          api.saveObject(ref.bucket, ref.key, content, { expected, signal, onBytes }),
        );
      } catch (err) {
        const conflict = api.saveConflict(err);
        if (!conflict) throw err;
        const choice = await hooks.onConflict(uri, conflict, content);
        if (choice !== 'overwrite') throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved: {0} changed on the server.', ref.key));
        saved = await hooks.withSaveProgress(uri, content.byteLength, (signal, onBytes) =>
          api.saveObject(ref.bucket, ref.key, content, { expected, overwrite: true, signal, onBytes }),
        );
      }
      this.opened.set(uri.toString(), saved);
    } catch (err) {
      if (err instanceof vscode.FileSystemError) throw err;
      hooks.onError(err, uri);
      // The save fails, so the editor stays dirty and nothing typed is lost.
      throw vscode.FileSystemError.Unavailable(uri);
    }
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
