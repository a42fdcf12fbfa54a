/**
 * The soak's operations (upload, download, copy, move, delete through core) and the judge of each:
 * after every operation the server's true state (read directly) must be one that the outcome
 * allows, e.g. a failed upload leaves the old or the new content, never anything else.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OssExplorerError } from '../../src/core/errorBase';
import { moveObject, MoveVerificationError, type MoveApi } from '../../src/core/transfer';
import { BUCKET, KiB, contentBytes, describeError, digest, truthOf, type World } from './world';

export type OpKind = 'upload' | 'download' | 'copy' | 'move' | 'delete';

export interface Tally {
  operations: number;
  failedClean: number;
  unexpected: number;
  corrupt: number;
  byKind: Record<string, { ok: number; failed: number }>;
  /** Short descriptions of every corrupt / unexpected outcome (for the report). */
  problems: string[];
}

export const MULTIPART_THRESHOLD = 256 * KiB;
export const PART_SIZE = 100 * KiB;
const COPY_MULTIPART_THRESHOLD = 384 * KiB;
const COPY_PART_SIZE = 150 * KiB;

/** 0 B, small, single-PUT and multipart sizes (odd ones, so the last part is short). */
export function pickSize(rng: () => number): number {
  const r = rng();
  if (r < 0.1) return 0;
  if (r < 0.45) return 1 + Math.floor(rng() * 64 * KiB);
  if (r < 0.65) return 64 * KiB + Math.floor(rng() * (MULTIPART_THRESHOLD - 64 * KiB));
  return (MULTIPART_THRESHOLD + Math.floor(rng() * 1200 * KiB)) | 1;
}

/** Errors the client may fail with after its retries: its own typed errors with a code. */
function isClean(err: unknown): boolean {
  if (err instanceof MoveVerificationError) return true;
  return err instanceof OssExplorerError && typeof err.code === 'string' && err.code.length > 0 && err.message.length > 0;
}

export class Judge {
  private seq = 0;
  constructor(private readonly w: World, readonly tally: Tally, private readonly verbose: boolean) {}

  private problem(kind: 'corrupt' | 'unexpected', what: string): void {
    this.tally[kind]++;
    this.tally.problems.push(`${kind}: ${what}`);
    this.w.log.push(`problem ${kind}: ${what}`);
    if (this.verbose) console.error(`[soak] ${kind}: ${what}`);
  }

  /** Checks that each key's true state is one of the allowed combinations. */
  private async expect(op: string, keys: string[], allowed: (string | null)[][]): Promise<void> {
    const truth = await Promise.all(keys.map((k) => truthOf(this.w, k)));
    if (!allowed.some((combo) => combo.every((v, i) => v === truth[i]))) {
      this.problem('corrupt', `${op}: ${keys.join(', ')} is ${JSON.stringify(truth)}, allowed ${JSON.stringify(allowed)}`);
    }
  }

  /** Runs one operation, classifies its outcome and checks the server state it left. */
  async run(kind: OpKind, keys: string[], state: Map<string, string | null>): Promise<void> {
    const before = keys.map((k) => state.get(k) ?? null);
    const t = (this.tally.byKind[kind] ??= { ok: 0, failed: 0 });
    this.tally.operations++;
    const op = `${kind} ${keys.join(' -> ')} #${++this.seq}`;
    let content: string | null = null;
    let outcome: 'ok' | 'failed' = 'ok';
    try {
      content = await this.perform(kind, keys, before, op);
      t.ok++;
      this.w.log.push(`op ok ${op}`);
    } catch (err) {
      outcome = 'failed';
      t.failed++;
      const inner = err instanceof Judged ? err.inner : err;
      if (err instanceof Judged) content = err.content;
      this.w.log.push(`op failed ${op}: ${describeError(inner)}`);
      if (isClean(inner)) this.tally.failedClean++;
      else this.problem('unexpected', `${op}: ${describeError(inner).slice(0, 300)}`);
    }
    const [a, b] = before;
    const c = kind === 'upload' ? content : a;
    const allowed: Record<OpKind, { ok: (string | null)[][]; failed: (string | null)[][] }> = {
      upload: { ok: [[c]], failed: [[a], [c]] },
      download: { ok: [[a]], failed: [[a]] },
      delete: { ok: [[null]], failed: [[a], [null]] },
      copy: { ok: [[a, a]], failed: [[a, b], [a, a]] },
      // Never (absent, old destination): the source may only go once the copy is in place.
      move: { ok: [[null, a]], failed: [[a, b], [a, a], [null, a]] },
    };
    await this.expect(op, keys, allowed[kind][outcome]);
    for (const k of keys) state.set(k, await truthOf(this.w, k));
  }

  private async perform(kind: OpKind, keys: string[], before: (string | null)[], op: string): Promise<string | null> {
    const { client } = this.w;
    switch (kind) {
      case 'upload': {
        const size = pickSize(this.w.rng);
        const bytes = contentBytes(1 + Math.floor(this.w.rng() * 2 ** 31), size);
        const file = path.join(this.w.upDir, `u${this.seq}.bin`);
        fs.writeFileSync(file, bytes);
        try {
          await client.uploadFile({
            bucket: BUCKET, key: keys[0], file, multipartThreshold: MULTIPART_THRESHOLD, partSize: PART_SIZE, parallel: 3,
            orphans: this.w.orphans,
          });
        } catch (err) {
          throw new Judged(err, digest(bytes));
        } finally {
          fs.rmSync(file, { force: true });
        }
        return digest(bytes);
      }
      case 'download': {
        const file = path.join(this.w.downDir, `d${this.seq}.bin`);
        await client.downloadFile({ bucket: BUCKET, key: keys[0], file });
        const got = digest(fs.readFileSync(file));
        if (got !== before[0]) this.problem('corrupt', `${op}: downloaded ${got}, the object is ${before[0]}`);
        fs.rmSync(file);
        return null;
      }
      case 'delete':
        await client.deleteObject(BUCKET, keys[0]);
        return null;
      case 'copy':
        await client.copyObject(BUCKET, keys[0], BUCKET, keys[1], { multipartThreshold: COPY_MULTIPART_THRESHOLD, partSize: COPY_PART_SIZE, parallel: 2, orphans: this.w.orphans });
        return null;
      case 'move': {
        const api: MoveApi = {
          headObject: (b, k) => client.headObject(b, k),
          copyObject: async (sb, sk, db, dk, forbidOverwrite) => {
            await client.copyObject(sb, sk, db, dk, { forbidOverwrite, multipartThreshold: COPY_MULTIPART_THRESHOLD, partSize: COPY_PART_SIZE, parallel: 2, orphans: this.w.orphans });
          },
          deleteObject: async (b, k) => {
            await client.deleteObject(b, k);
          },
        };
        await moveObject(api, { bucket: BUCKET, from: keys[0], to: keys[1], overwrite: true });
        return null;
      }
    }
  }
}

/** A failed upload carries the content it tried to store (one of the allowed outcomes). */
class Judged extends Error {
  constructor(readonly inner: unknown, readonly content: string) {
    super('upload failed');
  }
}
