/**
 * Local OSS-compatible server (dev/test tooling; not bundled into the extension).
 *
 *   const server = await startOssServer({ seed: 'demo' });
 *   // server.endpoint, server.region, server.accessKeyId, server.accessKeySecret
 *   server.faults.failNext(1, 503, { op: 'PutObject' });
 *   await server.close();
 */
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import type { Account, TemporaryCredentials } from './auth';
import type { Faults } from './faults';
import { OssHttpServer, type RequestLogEntry } from './server';
import { Store, quotedEtag, type ObjectRecord, type UploadRecord } from './store';
import { seedDemo } from './seed';
import { loadMetadata, saveMetadata } from './persist';

export type { Faults, FaultMatch } from './faults';
export type { RequestLogEntry } from './server';
export type { Account, TemporaryCredentials } from './auth';

export interface OssServerOptions {
  /** 0 / undefined = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Objects are stored as files under `<dataDir>/blobs` and the metadata is saved to
   * `<dataDir>/metadata.json` on close (and loaded on start). Default: small objects in
   * memory, large ones (> 4 MiB) in a temp dir removed on close.
   */
  dataDir?: string;
  /**
   * Parent directory for the temp blob dir (no dataDir): default os.tmpdir(). For upload
   * benchmarks on Linux pass '/dev/shm' so a slow disk is not what gets measured.
   */
  tmpDir?: string;
  seed?: 'demo';
  /** Default 'cn-hangzhou' (bare region id). */
  region?: string;
  /** Default: one random pair. The first one is exposed as accessKeyId/accessKeySecret. */
  accounts?: Account[];
  /** Server clock (faults.clockOffsetMs is added on top). */
  now?: () => Date;
  /**
   * Custom domains (CNAME): `host[:port]` as sent in the Host header (lower-case; a bare host
   * matches any port) → bucket. A request whose Host matches is addressed to that bucket with the
   * whole path as the key, before the virtual-host and path-style rules; e.g.
   * `{ 'localhost:9000': 'my-bucket' }` makes http://localhost:9000 stand for a custom domain.
   * Without it nothing changes (localhost and IPs are path style).
   */
  cnames?: Record<string, string>;
  /** Serve HTTPS with this key and certificate (PEM); the endpoint is then https://. */
  tls?: { key: string; cert: string };
  /** How long (server time) a RestoreObject takes before an Archive / ColdArchive object is readable (default 1000 ms). */
  restoreDelayMs?: number;
}

export interface PutObjectDirectOptions {
  contentType?: string;
  meta?: Record<string, string>;
  lastModified?: Date;
}

export interface ObjectSummary {
  key: string;
  size: number;
  etag: string;
  crc64: string;
  contentType: string;
  meta: Record<string, string>;
  lastModified: Date;
  type: string;
}

export interface UploadSummary {
  key: string;
  uploadId: string;
  initiated: Date;
  parts: { partNumber: number; size: number; etag: string; crc64: string }[];
}

export interface OssServer {
  /** 'http://127.0.0.1:<port>' */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  /** The default (first) account. */
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly faults: Faults;
  /** Where blobs are stored: `<dataDir>/blobs`, or a temp dir that close() removes. */
  readonly blobDir: string;
  /** Every request received (method, raw path, op, status, ...), oldest first. */
  readonly requests: RequestLogEntry[];
  clearRequests(): void;
  /** Registers STS credentials (e.g. from the fake STS's onIssue callback). */
  addTemporaryCredentials(c: TemporaryCredentials): void;
  /** All temporary credentials issued so far become expired (SecurityTokenExpired). */
  expireTokensNow(): void;
  /** The server's current time (includes faults.clockOffsetMs). */
  now(): Date;
  /** How long a RestoreObject takes (ms of server time); may be changed while running. */
  restoreDelayMs: number;

  // ---- direct inspection / seeding helpers (no HTTP) ----
  createBucket(name: string): void;
  listBuckets(): string[];
  putObjectDirect(bucket: string, key: string, bytes: Uint8Array | string, opts?: PutObjectDirectOptions): ObjectSummary;
  getObjectBytes(bucket: string, key: string): Promise<Buffer | undefined>;
  headObjectDirect(bucket: string, key: string): ObjectSummary | undefined;
  deleteObjectDirect(bucket: string, key: string): boolean;
  /** Keys in byte order. */
  listKeys(bucket: string, prefix?: string): string[];
  listUploads(bucket: string): UploadSummary[];
  /** Test-only: backdates (or moves) an in-progress upload's Initiated time; false when there is no such upload. */
  setUploadInitiated(bucket: string, uploadId: string, initiated: Date): boolean;

  close(): Promise<void>;
}

function summary(o: ObjectRecord): ObjectSummary {
  return {
    key: o.key, size: o.blob.size, etag: o.etag, crc64: o.blob.crc.toString(), contentType: o.contentType,
    meta: { ...o.meta }, lastModified: o.lastModified, type: o.type,
  };
}

function uploadSummary(u: UploadRecord): UploadSummary {
  return {
    key: u.key, uploadId: u.uploadId, initiated: u.initiated,
    parts: [...u.parts.values()].sort((a, b) => a.partNumber - b.partNumber)
      .map((p) => ({ partNumber: p.partNumber, size: p.blob.size, etag: p.etag, crc64: p.blob.crc.toString() })),
  };
}

function randomAccount(): Account {
  return {
    accessKeyId: `LTAI${randomBytes(10).toString('hex').slice(0, 20)}`,
    accessKeySecret: randomBytes(22).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 30),
  };
}

/**
 * A port that is free on `host` right now (for a server whose options must name its own port,
 * e.g. `cnames: { 'localhost:<port>': bucket }`). Another process could take it before it is used.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startOssServer(opts: OssServerOptions = {}): Promise<OssServer> {
  const region = opts.region ?? 'cn-hangzhou';
  const accounts = opts.accounts && opts.accounts.length ? opts.accounts : [randomAccount()];
  const store = new Store(opts.dataDir, opts.tmpDir);
  if (opts.dataDir) {
    loadMetadata(store, opts.dataDir);
  }
  const srv = new OssHttpServer({ region, accounts, now: opts.now, store, cnames: opts.cnames, restoreDelayMs: opts.restoreDelayMs, tls: opts.tls });
  if (opts.seed === 'demo') {
    seedDemo(store, srv.now());
  }
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    srv.http.once('error', reject);
    srv.http.listen(opts.port ?? 0, host, () => {
      srv.http.off('error', reject);
      resolve();
    });
  });
  const port = (srv.http.address() as AddressInfo).port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let closed: Promise<void> | undefined;

  const bucketOf = (name: string) => {
    const b = store.buckets.get(name);
    if (!b) {
      throw new Error(`no such bucket: ${name}`);
    }
    return b;
  };

  const api: OssServer = {
    endpoint: `${opts.tls ? 'https' : 'http'}://${hostForUrl}:${port}`,
    port,
    region,
    accessKeyId: accounts[0].accessKeyId,
    accessKeySecret: accounts[0].accessKeySecret,
    faults: srv.faults,
    blobDir: store.blobDir,
    requests: srv.requests,
    clearRequests: () => {
      srv.requests.length = 0;
    },
    addTemporaryCredentials: (c) => srv.addTemporaryCredentials(c),
    expireTokensNow: () => srv.expireTokensNow(),
    now: () => srv.now(),
    get restoreDelayMs(): number {
      return srv.restoreDelayMs;
    },
    set restoreDelayMs(ms: number) {
      srv.restoreDelayMs = ms;
    },
    createBucket: (name) => {
      if (!store.buckets.has(name)) {
        store.createBucket(name, srv.now());
      }
    },
    listBuckets: () => [...store.buckets.keys()].sort(),
    putObjectDirect: (bucket, key, bytes, o = {}) => {
      const b = bucketOf(bucket);
      const blob = store.blobFromBytes(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
      const rec: ObjectRecord = {
        key, blob, etag: quotedEtag(blob.md5), lastModified: o.lastModified ?? srv.now(),
        contentType: o.contentType ?? 'application/octet-stream', meta: { ...(o.meta ?? {}) }, headers: {},
        type: 'Normal', storageClass: 'Standard', hasCrc: true,
      };
      store.putObject(b, rec);
      return summary(rec);
    },
    getObjectBytes: async (bucket, key) => {
      const o = store.buckets.get(bucket)?.objects.get(key);
      return o ? store.readBlobBytes(o.blob) : undefined;
    },
    headObjectDirect: (bucket, key) => {
      const o = store.buckets.get(bucket)?.objects.get(key);
      return o ? summary(o) : undefined;
    },
    deleteObjectDirect: (bucket, key) => store.deleteObject(bucketOf(bucket), key),
    listKeys: (bucket, prefix = '') => store.keysOf(bucketOf(bucket)).filter((k) => k.startsWith(prefix)),
    listUploads: (bucket) => [...bucketOf(bucket).uploads.values()].map(uploadSummary),
    setUploadInitiated: (bucket, uploadId, initiated) => {
      const up = bucketOf(bucket).uploads.get(uploadId);
      if (up) up.initiated = new Date(initiated.getTime());
      return up !== undefined;
    },
    close: () => {
      if (!closed) {
        closed = (async () => {
          await new Promise<void>((resolve) => {
            srv.http.close(() => resolve());
            srv.http.closeAllConnections();
          });
          if (opts.dataDir) {
            saveMetadata(store, opts.dataDir);
          }
          await store.dispose();
        })();
      }
      return closed;
    },
  };
  return api;
}
