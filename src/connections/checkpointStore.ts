/**
 * Checkpoints of resumable uploads as JSON files in the extension's global storage
 * (`<globalStorageUri>/upload-checkpoints/<id>.json`). Written to a temp file and renamed, so a
 * reader never sees half a checkpoint. They hold no secrets (see core/transfer/checkpoint).
 */
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { parseCheckpoint, type CheckpointStore, type UploadCheckpoint } from '../core/transfer';

const SAFE_ID = /^[A-Za-z0-9_-]{1,120}$/;

export class FileCheckpointStore implements CheckpointStore {
  readonly dir: vscode.Uri;

  constructor(storage: vscode.Uri) {
    this.dir = vscode.Uri.joinPath(storage, 'upload-checkpoints');
  }

  private file(id: string): vscode.Uri {
    if (!SAFE_ID.test(id)) throw new Error(`Invalid checkpoint id: ${id}`);
    return vscode.Uri.joinPath(this.dir, `${id}.json`);
  }

  async list(): Promise<UploadCheckpoint[]> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.dir);
    } catch {
      return [];
    }
    const out: UploadCheckpoint[] = [];
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.File || !name.endsWith('.json')) continue;
      const cp = await this.get(name.slice(0, -'.json'.length)).catch(() => undefined);
      if (cp) out.push(cp);
    }
    return out.sort((a, b) => b.updated.localeCompare(a.updated));
  }

  async get(id: string): Promise<UploadCheckpoint | undefined> {
    if (!SAFE_ID.test(id)) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.file(id));
    } catch {
      return undefined;
    }
    try {
      const cp = parseCheckpoint(JSON.parse(new TextDecoder().decode(bytes)));
      return cp?.id === id ? cp : undefined;
    } catch {
      return undefined;
    }
  }

  async save(cp: UploadCheckpoint): Promise<void> {
    const target = this.file(cp.id);
    await vscode.workspace.fs.createDirectory(this.dir);
    const tmp = vscode.Uri.joinPath(this.dir, `.${cp.id}.${randomBytes(4).toString('hex')}.tmp`);
    await vscode.workspace.fs.writeFile(tmp, new TextEncoder().encode(JSON.stringify(cp, null, 1)));
    try {
      await vscode.workspace.fs.rename(tmp, target, { overwrite: true });
    } catch (err) {
      await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
      throw err;
    }
  }

  async delete(id: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.file(id));
    } catch (err) {
      if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound')) throw err;
    }
  }
}
