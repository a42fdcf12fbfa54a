/**
 * MD5 + CRC-64 of large request bodies on a worker thread, so the server's event loop only
 * does socket reads, a memcpy and file writes (hashing on the main thread was the bottleneck of
 * upload benchmarks). Bytes go through a per-job SharedArrayBuffer ring (transferring or
 * cloning ArrayBuffers per message measured ~3x slower); messages carry only offsets.
 */
import { Worker } from 'node:worker_threads';

const RING = 16 * 1024 * 1024;
/** update() returns false (caller should pause) above this many un-hashed bytes. */
const HIGH_WATER = 8 * 1024 * 1024;
/** onDrain callbacks run at or below this. */
const LOW_WATER = 4 * 1024 * 1024;
/** Bytes accumulated before a message is posted. */
const POST_EVERY = 1024 * 1024;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { Crc64 } = require(require('node:worker_threads').workerData.crc64Module);
const jobs = new Map();
parentPort.on('message', (m) => {
  if (m.t === 'b') {
    jobs.set(m.id, { h: createHash('md5'), c: new Crc64(), ring: Buffer.from(m.sab) });
  } else if (m.t === 'u') {
    const j = jobs.get(m.id);
    if (j) { const v = j.ring.subarray(m.o, m.o + m.n); j.h.update(v); j.c.update(v); }
    parentPort.postMessage({ t: 'a', id: m.id, n: m.n });
  } else if (m.t === 'd') {
    const j = jobs.get(m.id);
    jobs.delete(m.id);
    const md5 = (j ? j.h : createHash('md5')).digest();
    const crc = j ? j.c.toString() : '0';
    parentPort.postMessage({ t: 'd', id: m.id, crc, md5: md5.buffer.slice(md5.byteOffset, md5.byteOffset + md5.length) });
  } else if (m.t === 'x') {
    jobs.delete(m.id);
  }
});
`;

export class HashJob {
  private readonly ring: Buffer;
  /** Bytes copied into the ring and not yet acknowledged by the worker. */
  private used = 0;
  private head = 0;
  /** Start/length of the region copied but not yet posted. */
  private unpostedStart = 0;
  private unposted = 0;
  /** Chunks that did not fit into the ring yet. */
  private overflow: Uint8Array[] = [];
  private overflowBytes = 0;
  private drainWaiters: (() => void)[] = [];
  private digestRequested = false;
  private done = false;
  /** @internal */ resolveDigest?: (r: { md5: Buffer; crc: bigint }) => void;
  /** @internal */ rejectDigest?: (e: Error) => void;

  constructor(
    private readonly pool: HashPool,
    readonly id: number,
    /** @internal */ readonly sab: SharedArrayBuffer,
  ) {
    this.ring = Buffer.from(sab);
  }

  /** Returns false when the caller should wait (onDrain). */
  update(chunk: Uint8Array): boolean {
    if (this.overflow.length) {
      this.overflow.push(chunk);
      this.overflowBytes += chunk.length;
    } else {
      this.copyIn(chunk);
    }
    return this.used + this.overflowBytes < HIGH_WATER;
  }

  /** Copies as much of chunk as fits; the rest goes to overflow. */
  private copyIn(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) {
      const free = RING - this.used;
      if (free === 0) {
        const rest = chunk.subarray(off);
        this.overflow.push(rest);
        this.overflowBytes += rest.length;
        this.post();
        return;
      }
      const contiguous = RING - this.head;
      const n = Math.min(chunk.length - off, free, contiguous);
      // Buffer#copy is a native memcpy (~5 GB/s into a SharedArrayBuffer; TypedArray#set is slower).
      Buffer.from(chunk.buffer, chunk.byteOffset + off, n).copy(this.ring, this.head);
      off += n;
      this.used += n;
      this.unposted += n;
      this.head = (this.head + n) % RING;
      if (this.head === 0 || this.unposted >= POST_EVERY) {
        this.post();
      }
    }
  }

  private post(): void {
    if (this.unposted > 0) {
      this.pool.post({ t: 'u', id: this.id, o: this.unpostedStart, n: this.unposted });
      this.unpostedStart = (this.unpostedStart + this.unposted) % RING;
      this.unposted = 0;
    }
  }

  onDrain(cb: () => void): void {
    if (this.used + this.overflowBytes <= LOW_WATER) {
      cb();
    } else {
      this.post();
      this.drainWaiters.push(cb);
    }
  }

  /** @internal */
  ack(n: number): void {
    this.used -= n;
    while (this.overflow.length && this.used < RING) {
      const c = this.overflow.shift() as Uint8Array;
      this.overflowBytes -= c.length;
      this.copyIn(c);
    }
    if (this.overflow.length === 0 && this.digestRequested) {
      this.post();
      if (!this.done) {
        this.done = true;
        this.pool.post({ t: 'd', id: this.id });
      }
    } else {
      this.post();
    }
    if (this.used + this.overflowBytes <= LOW_WATER && this.drainWaiters.length) {
      const w = this.drainWaiters;
      this.drainWaiters = [];
      w.forEach((f) => f());
    }
  }

  digest(): Promise<{ md5: Buffer; crc: bigint }> {
    return new Promise<{ md5: Buffer; crc: bigint }>((resolve, reject) => {
      this.resolveDigest = resolve;
      this.rejectDigest = reject;
      this.digestRequested = true;
      this.post();
      if (this.overflow.length === 0) {
        this.done = true;
        this.pool.post({ t: 'd', id: this.id });
      }
    });
  }

  abort(): void {
    this.overflow = [];
    this.overflowBytes = 0;
    this.pool.post({ t: 'x', id: this.id });
    this.pool.finish(this);
  }
}

export class HashPool {
  private worker?: Worker;
  private nextId = 1;
  private readonly jobs = new Map<number, HashJob>();
  private readonly freeRings: SharedArrayBuffer[] = [];
  private closed = false;

  begin(): HashJob {
    const sab = this.freeRings.pop() ?? new SharedArrayBuffer(RING);
    const job = new HashJob(this, this.nextId++, sab);
    this.jobs.set(job.id, job);
    this.post({ t: 'b', id: job.id, sab });
    return job;
  }

  /** @internal */
  post(msg: unknown): void {
    if (!this.closed) {
      this.ensure().postMessage(msg);
    }
  }

  /** @internal Releases the job's ring (only once the worker is done with it). */
  finish(job: HashJob): void {
    if (this.jobs.delete(job.id) && this.freeRings.length < 8) {
      // After 'x' the worker may still be hashing queued slices of this ring; don't reuse it.
      if (job.resolveDigest) {
        this.freeRings.push(job.sab);
      }
    }
  }

  private ensure(): Worker {
    if (!this.worker) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { crc64Module: require.resolve('../../../src/core/crc64') } });
      w.unref();
      w.on('message', (m: { t: string; id: number; n?: number; md5?: ArrayBuffer; crc?: string }) => {
        const job = this.jobs.get(m.id);
        if (!job) {
          return;
        }
        if (m.t === 'a') {
          job.ack(m.n as number);
        } else if (m.t === 'd') {
          this.finish(job);
          job.resolveDigest?.({ md5: Buffer.from(m.md5 as ArrayBuffer), crc: BigInt(m.crc as string) });
        }
      });
      w.on('error', (e) => {
        for (const j of this.jobs.values()) {
          j.rejectDigest?.(e);
        }
        this.jobs.clear();
        this.worker = undefined;
      });
      this.worker = w;
    }
    return this.worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.jobs.values()) {
      j.rejectDigest?.(new Error('server closed'));
    }
    this.jobs.clear();
    const w = this.worker;
    this.worker = undefined;
    if (w) {
      await w.terminate();
    }
  }
}
