/** Shared set-up for the client tests: a local OSS server, a provider and a client that logs requests. */
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startOssServer } from '../../support/ossServer';
import { OssClient, type OssClientTuning } from '../../../src/core/client';
import type { OssClientOptions, RequestLog } from '../../../src/core/client/types';
import type { CredentialProvider } from '../../../src/core/credentials/types';
import type { Credentials } from '../../../src/core/signer/types';
import { putBucket } from '../../support/clientOps';

export type TestServer = Awaited<ReturnType<typeof startOssServer>>;

export interface TestProvider extends CredentialProvider {
  creds: Credentials;
  invalidated: string[];
  calls: number;
  /** Called on getCredentials() after invalidate(); returns the new credentials. */
  refresh?: () => Credentials | Promise<Credentials>;
}

export function testProvider(creds: Credentials, refresh?: () => Credentials | Promise<Credentials>): TestProvider {
  let stale = false;
  const p: TestProvider = {
    kind: creds.securityToken ? 'sts' : 'accessKey',
    creds,
    invalidated: [],
    calls: 0,
    refresh,
    async getCredentials() {
      p.calls++;
      if (stale && p.refresh) {
        p.creds = await p.refresh();
        stale = false;
      }
      return p.creds;
    },
    invalidate(code?: string) {
      p.invalidated.push(code ?? '');
      stale = true;
    },
    describe() {
      return 'test provider';
    },
  };
  return p;
}

export interface Harness {
  server: TestServer;
  provider: TestProvider;
  client: OssClient;
  logs: RequestLog[];
  bucket: string;
  makeClient(extra?: Partial<OssClientOptions & OssClientTuning>): OssClient;
  tmpDir: string;
}

let bucketSeq = 0;

export async function setup(extra: Partial<OssClientOptions & OssClientTuning> = {}): Promise<Harness> {
  const server = await startOssServer();
  const provider = testProvider({ accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret });
  const logs: RequestLog[] = [];
  const clients: OssClient[] = [];
  const makeClient = (more: Partial<OssClientOptions & OssClientTuning> = {}): OssClient => {
    const c = new OssClient({
      endpoint: server.endpoint,
      region: server.region,
      credentials: provider,
      retryBaseDelayMs: 5,
      retryMaxDelayMs: 50,
      timeoutMs: 10000,
      onRequest: (l) => logs.push(l),
      ...extra,
      ...more,
    });
    clients.push(c);
    return c;
  };
  const client = makeClient();
  const bucket = `test-bucket-${process.pid}-${++bucketSeq}`;
  await putBucket(client, bucket);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-client-test-'));
  const h: Harness = { server, provider, client, logs, bucket, makeClient, tmpDir };
  (h as unknown as { clients: OssClient[] }).clients = clients;
  return h;
}

export async function teardown(h: Harness | undefined): Promise<void> {
  if (!h) return;
  for (const c of (h as unknown as { clients: OssClient[] }).clients) c.destroy();
  await h.server.close();
  fs.rmSync(h.tmpDir, { recursive: true, force: true });
}

/** GET a URL with node:http, keeping the path byte-for-byte (no dot-segment normalization). */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  const m = /^http:\/\/([^/]+)(\/.*)$/.exec(url);
  if (!m) throw new Error(`not an http URL: ${url}`);
  const [host, port] = m[1].split(':');
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port: Number(port || 80), path: m[2], method: 'GET', headers: { ...headers, host: m[1] }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export function writeRandomFile(dir: string, name: string, size: number, seed = 1): string {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(Math.min(size, 1 << 20));
  let x = seed >>> 0 || 1;
  let left = size;
  while (left > 0) {
    const n = Math.min(left, chunk.length);
    for (let i = 0; i < n; i++) {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      chunk[i] = x & 0xff;
    }
    fs.writeSync(fd, chunk, 0, n);
    left -= n;
  }
  fs.closeSync(fd);
  return file;
}

/** Registers before/after hooks that set up and tear down a harness; read it through the returned getter. */
export function useHarness(extra: Partial<OssClientOptions & OssClientTuning> = {}): () => Harness {
  let h: Harness | undefined;
  before(async () => {
    h = await setup(extra);
  });
  after(() => teardown(h));
  return () => {
    if (!h) throw new Error('the harness is used outside a test');
    return h;
  };
}
