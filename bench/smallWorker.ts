/**
 * The small-files contenders (bench/small.ts), run in a worker child process: a folder of many small
 * files uploaded, then downloaded back, by ours (the same core calls the Upload and Download
 * commands make, with their defaults), ali-oss in a promise pool, and a raw keep-alive PUT/GET loop.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { OssClient, download, listAllObjects, upload } from '../src/core/client';
import {
  DEFAULT_FILE_CONCURRENCY, applyExistingChoice, directoryProbe, findClashes, findExistingKeys, findLocalConflicts, itemsForEntries, mapToLocal, runTransferJobs, walkFolder,
  type PlannedDownload, type UploadJob,
} from '../src/core/transfer';
import { rawRequest } from './raw';
import type { ServerInfo } from './worker';

export type SmallTask = {
  task: 'small-up' | 'small-down';
  impl: 'ours' | 'alioss' | 'raw';
  bucket: string;
  /** The local folder: uploaded from (its files become `<name>/<path>`), or downloaded into. */
  dir: string;
  /** The folder's name, the key prefix without '/'. */
  name: string;
  /** Requests in flight for the pool contenders. */
  concurrency: number;
  server: ServerInfo;
};

type Clients = { ours: () => OssClient; ali: (bucket: string) => AliLike };
// ali-oss has no type declarations.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AliLike = any;

/** Runs `fn` over the items, `n` at a time (a plain promise pool). */
async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, n) }, lane));
}

/** Every file below `dir`, as [absolute path, '/'-separated path below it]. */
function filesBelow(dir: string): [string, string][] {
  const out: [string, string][] = [];
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = path.join(e.parentPath, e.name);
    out.push([abs, path.relative(dir, abs).split(path.sep).join('/')]);
  }
  return out;
}

function rawPut(server: ServerInfo, agent: http.Agent, bucket: string, key: string, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = rawRequest(server, 'PUT', bucket, key, { 'content-length': body.length }, agent);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`raw PUT ${key}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function rawGet(server: ServerInfo, agent: http.Agent, bucket: string, key: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = rawRequest(server, 'GET', bucket, key, {}, agent);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`raw GET ${key}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Keys below `<name>/`, from a plain listing loop (for the raw contender). */
async function rawKeys(client: OssClient, bucket: string, prefix: string): Promise<string[]> {
  return (await listAllObjects(client, bucket, prefix)).map((o) => o.key);
}

/** What the Upload command plans for a folder (planUpload, then applyExistingChoice): walk, keys, one listing for the existing ones. */
async function planUp(t: SmallTask, client: OssClient): Promise<UploadJob[]> {
  const walked = await walkFolder(t.dir, `${t.name}/`);
  const items = itemsForEntries('', walked.files);
  const existing = await findExistingKeys(t.bucket, items, {
    listObjects: (p) => client.listObjects(p),
    exists: (k, signal) => client.objectExists(t.bucket, k, { signal }),
  });
  return applyExistingChoice(items, existing, 'skip').jobs;
}

async function oursUp(t: SmallTask, client: OssClient): Promise<number> {
  // Then what runUpload does: the jobs, labelled as they start, each keeping its key and whether it went in parts.
  const jobs = await planUp(t, client);
  const uploaded = await runTransferJobs(jobs, async (j, ctx) => {
    const r = await upload(client, { bucket: t.bucket, key: j.key, file: j.file, forbidOverwrite: j.forbidOverwrite, signal: ctx.signal, onProgress: (p) => ctx.loaded(p.loaded) });
    return { key: j.key, multipart: r.multipart };
  }, { onBytes: () => undefined, label: (j) => path.posix.basename(j.key), concurrency: DEFAULT_FILE_CONCURRENCY });
  return uploaded.length;
}

/** What the Download command plans for a folder (candidatesFor, planBatch): one listing, local names, one readdir per folder. */
async function planDown(t: SmallTask, client: OssClient): Promise<PlannedDownload<{ connectionId: string; bucket: string }>[]> {
  const ref = { connectionId: '', bucket: t.bucket };
  const candidates = [];
  for (const o of await listAllObjects(client, t.bucket, `${t.name}/`)) {
    if (!o.key.endsWith('/')) candidates.push({ ref, key: o.key, relativeKey: o.key, size: o.size });
  }
  const mapped = mapToLocal(t.dir, candidates);
  const fold = { caseInsensitive: false };
  if (findClashes(t.dir, mapped.jobs, fold).length > 0) throw new Error('unexpected clashes');
  const local = await findLocalConflicts(t.dir, mapped.jobs, directoryProbe(fold));
  if (local.existing.length + local.blocked.length > 0) throw new Error('the target folder is not empty');
  return mapped.jobs;
}

async function oursDown(t: SmallTask, client: OssClient): Promise<number> {
  // Then what the command runs: the jobs, labelled as they start, each giving back its file.
  const jobs = await planDown(t, client);
  const done = await runTransferJobs(jobs, async (j, ctx) => {
    await fs.promises.mkdir(path.dirname(j.file), { recursive: true });
    await download(client, { bucket: j.ref.bucket, key: j.key, file: j.file, signal: ctx.signal, onProgress: (p) => ctx.loaded(p.loaded) });
    return j.file;
  }, { onBytes: () => undefined, label: (j) => path.posix.basename(j.key), concurrency: DEFAULT_FILE_CONCURRENCY });
  return done.length;
}

export async function smallTask(t: SmallTask, clients: Clients): Promise<number> {
  const prefix = `${t.name}/`;
  if (t.impl === 'ours') {
    const client = clients.ours();
    try {
      return t.task === 'small-up' ? await oursUp(t, client) : await oursDown(t, client);
    } finally {
      client.destroy();
    }
  }
  if (t.impl === 'alioss') {
    const ali = clients.ali(t.bucket);
    if (t.task === 'small-up') {
      const files = filesBelow(t.dir);
      await pool(files, t.concurrency, async ([abs, rel]) => {
        await ali.put(`${prefix}${rel}`, abs);
      });
      return files.length;
    }
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const res = await ali.listV2({ prefix, 'max-keys': 1000, 'continuation-token': token });
      for (const o of res.objects ?? []) keys.push(o.name as string);
      token = res.isTruncated ? res.nextContinuationToken : undefined;
    } while (token);
    await pool(keys, t.concurrency, async (k) => {
      const file = path.join(t.dir, k);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await ali.get(k, file);
    });
    return keys.length;
  }
  // The raw loop: presigned keep-alive requests, no planning beyond one listing, no CRC, no temp files.
  const agent = new http.Agent({ keepAlive: true, maxSockets: t.concurrency });
  try {
    if (t.task === 'small-up') {
      const files = filesBelow(t.dir);
      await pool(files, t.concurrency, async ([abs, rel]) => rawPut(t.server, agent, t.bucket, `${prefix}${rel}`, await fs.promises.readFile(abs)));
      return files.length;
    }
    const client = clients.ours();
    const keys = await rawKeys(client, t.bucket, prefix);
    client.destroy();
    await pool(keys, t.concurrency, async (k) => {
      const file = path.join(t.dir, k);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await fs.promises.writeFile(file, await rawGet(t.server, agent, t.bucket, k));
    });
    return keys.length;
  } finally {
    agent.destroy();
  }
}
