/**
 * One benchmark contender, run in a child process of bench/run.ts so each one starts cold and its
 * peak RSS is its own: `node out/bench/worker.js '<json task>'` prints one JSON line of results.
 */
import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { presignUrl } from '../src/core/signer';
import { StaticAccessKeyProvider } from '../src/core/credentials';
import { OssClient, upload, download } from '../src/core/client';
import { rawRequest } from './raw';
import { smallTask, type SmallTask } from './smallWorker';
import { findTask, type FindTask } from './findWorker';

export interface ServerInfo {
  endpoint: string;
  region: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export type Task =
  | { task: 'presign'; impl: 'ours-v1' | 'ours-v4' | 'alioss-v1' | 'alioss-v4'; seconds: number; server: ServerInfo }
  | { task: 'list'; impl: 'ours' | 'alioss'; bucket: string; prefix: string; maxKeys: number; firstPageOnly: boolean; server: ServerInfo }
  | { task: 'upload'; impl: 'ours' | 'alioss-default' | 'alioss-tuned' | 'raw'; bucket: string; key: string; file: string; partSize: number; parallel: number; server: ServerInfo }
  | { task: 'download'; impl: 'ours' | 'raw'; bucket: string; key: string; file: string; server: ServerInfo }
  | SmallTask
  | FindTask;

export type { WorkerResult } from './child';
import type { MemoryPeaks, WorkerResult } from './child';

// ali-oss has no type declarations; it is a devDependency used only here and in tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AliOss = any;
function aliOss(server: ServerInfo, bucket?: string, v4 = false): AliOss {
   
  const OSS = require('ali-oss');
  return new OSS({
    accessKeyId: server.accessKeyId,
    accessKeySecret: server.accessKeySecret,
    endpoint: server.endpoint,
    region: `oss-${server.region}`,
    bucket,
    authorizationV4: v4,
    timeout: 600_000,
  });
}

function ourClient(server: ServerInfo): OssClient {
  return new OssClient({
    endpoint: server.endpoint,
    region: server.region,
    credentials: new StaticAccessKeyProvider(server.accessKeyId, server.accessKeySecret),
    timeoutMs: 600_000,
  });
}

async function presign(t: Extract<Task, { task: 'presign' }>): Promise<number> {
  // A real OSS endpoint name: no request is made, and ali-oss refuses to sign for IP endpoints.
  const endpoint = 'https://oss-cn-hangzhou.aliyuncs.com';
  const credentials = { accessKeyId: t.server.accessKeyId, accessKeySecret: t.server.accessKeySecret };
  const until = performance.now() + t.seconds * 1000;
  let n = 0;
  const key = (i: number) => `folder/report ${i} 中文+.pdf`;
  if (t.impl === 'ours-v1' || t.impl === 'ours-v4') {
    const signatureVersion = t.impl === 'ours-v1' ? 'v1' : 'v4';
    while (performance.now() < until) {
      for (let i = 0; i < 100; i++, n++) {
        presignUrl({ credentials, signatureVersion, method: 'GET', endpoint, region: 'cn-hangzhou', bucket: 'bench', key: key(n), expiresInSeconds: 3600 });
      }
    }
  } else {
     
    const OSS = require('ali-oss');
    const client = new OSS({ ...credentials, region: 'oss-cn-hangzhou', bucket: 'bench', authorizationV4: t.impl === 'alioss-v4' });
    while (performance.now() < until) {
      for (let i = 0; i < 100; i++, n++) {
        if (t.impl === 'alioss-v1') client.signatureUrl(key(n), { expires: 3600, method: 'GET' });
        else await client.signatureUrlV4('GET', 3600, undefined, key(n));
      }
    }
  }
  return n;
}

async function list(t: Extract<Task, { task: 'list' }>): Promise<number> {
  let n = 0;
  if (t.impl === 'ours') {
    const client = ourClient(t.server);
    let token: string | undefined;
    do {
      const page = await client.listObjects({ bucket: t.bucket, prefix: t.prefix, maxKeys: t.maxKeys, continuationToken: token, delimiter: '/' });
      n += page.objects.length + page.prefixes.length;
      token = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (token && !t.firstPageOnly);
    client.destroy();
  } else {
    const client = aliOss(t.server, t.bucket);
    let token: string | undefined;
    do {
      const res = await client.listV2({ prefix: t.prefix, 'max-keys': t.maxKeys, 'continuation-token': token, delimiter: '/' });
      n += (res.objects?.length ?? 0) + (res.prefixes?.length ?? 0);
      token = res.isTruncated ? res.nextContinuationToken : undefined;
    } while (token && !t.firstPageOnly);
  }
  return n;
}

async function uploadTask(t: Extract<Task, { task: 'upload' }>): Promise<number> {
  const size = fs.statSync(t.file).size;
  if (t.impl === 'ours') {
    const client = ourClient(t.server);
    await upload(client, { bucket: t.bucket, key: t.key, file: t.file });
    client.destroy();
  } else if (t.impl === 'raw') {
    // The limit: one plain streaming PUT with no signing work beyond a presigned URL, no CRC.
    await new Promise<void>((resolve, reject) => {
      const req = rawRequest(t.server, 'PUT', t.bucket, t.key, { 'content-length': size });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`raw PUT: HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      fs.createReadStream(t.file, { highWaterMark: 1024 * 1024 }).pipe(req);
    });
  } else {
    const client = aliOss(t.server, t.bucket);
    const options = t.impl === 'alioss-tuned' ? { partSize: t.partSize, parallel: t.parallel } : {};
    await client.multipartUpload(t.key, t.file, options);
  }
  return size;
}

async function downloadTask(t: Extract<Task, { task: 'download' }>): Promise<number> {
  if (t.impl === 'ours') {
    const client = ourClient(t.server);
    const r = await download(client, { bucket: t.bucket, key: t.key, file: t.file });
    client.destroy();
    return r.size;
  }
  return new Promise<number>((resolve, reject) => {
    const req = rawRequest(t.server, 'GET', t.bucket, t.key, {});
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`raw GET: HTTP ${res.statusCode}`));
      pipeline(res, fs.createWriteStream(t.file, { highWaterMark: 1024 * 1024 })).then(() => resolve(fs.statSync(t.file).size), reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * This process's peak resident set size. On Linux, read VmHWM: getrusage's ru_maxrss survives
 * fork+exec, so a child of a large parent (the bench runner holds the server) would report the
 * parent's peak instead of its own.
 */
function peakRssMB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Samples process.memoryUsage() every 20 ms (and once more at the end), keeping each field's peak. */
function memorySampler(): () => MemoryPeaks {
  const MB = 1024 * 1024;
  const peaks: MemoryPeaks = { startRssMB: process.memoryUsage().rss / MB, rssMB: 0, heapUsedMB: 0, heapTotalMB: 0, externalMB: 0, arrayBuffersMB: 0, samples: 0 };
  const sample = (): void => {
    const m = process.memoryUsage();
    peaks.rssMB = Math.max(peaks.rssMB, m.rss / MB);
    peaks.heapUsedMB = Math.max(peaks.heapUsedMB, m.heapUsed / MB);
    peaks.heapTotalMB = Math.max(peaks.heapTotalMB, m.heapTotal / MB);
    peaks.externalMB = Math.max(peaks.externalMB, m.external / MB);
    peaks.arrayBuffersMB = Math.max(peaks.arrayBuffersMB, m.arrayBuffers / MB);
    peaks.samples++;
  };
  const timer = setInterval(sample, 20);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample();
    return peaks;
  };
}

async function main(): Promise<void> {
  const t = JSON.parse(process.argv[2]) as Task;
  const stopSampling = memorySampler();
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let count: number;
  let firstMs: number | undefined;
  switch (t.task) {
    case 'presign': count = await presign(t); break;
    case 'list': count = await list(t); break;
    case 'upload': count = await uploadTask(t); break;
    case 'download': count = await downloadTask(t); break;
    case 'small-up':
    case 'small-down': count = await smallTask(t, { ours: () => ourClient(t.server), ali: (b) => aliOss(t.server, b) }); break;
    case 'find': ({ count, firstMs } = await findTask(t, { ours: () => ourClient(t.server), ali: (b) => aliOss(t.server, b) }, started)); break;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const mem = stopSampling();
  const result: WorkerResult = { ms, count, maxRssMB: peakRssMB(), firstMs, cpuMs: (cpu.user + cpu.system) / 1000, mem };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((err) => {
  process.stderr.write(`bench worker failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
