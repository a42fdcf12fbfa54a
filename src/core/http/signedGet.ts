/**
 * Download from a presigned GET URL (made by anyone) to a local file: streamed to a temp file next
 * to the destination, CRC-64 checked when the server sends x-oss-hash-crc64ecma, size checked
 * against Content-Length, then moved into place. The temp file is removed on any failure or cancel.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createWriteStream, promises as fsp } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { OssAbortError, OssClientError, crcMismatch } from '../client/errors';
import { TEMP_PREFIX } from '../client/transfer';
import { Crc64 } from '../crc64';
import { errorFromAnswer, rawPathOf } from './rawRequest';
import type { NetworkOptions } from './network';
import { NetworkAgents, startRequest } from './proxyAgents';
import { t } from '../translate';

export interface SignedGetOptions {
  url: string;
  /** The destination file. */
  file: string;
  /** Replace an existing file (the caller asked). Otherwise an existing file is never touched. */
  overwrite?: boolean;
  signal?: AbortSignal;
  /** Bytes received so far and the expected total (0 while unknown); every chunk, not throttled. */
  onProgress?: (loaded: number, total: number) => void;
  timeoutMs?: number;
  /** Proxy, certificate checking and trusted CAs (docs/network.md). */
  network?: NetworkOptions;
}

export interface SignedGetResult {
  status: number;
  size: number;
  /** The CRC-64 the server sent and the file matched, if it sent one. */
  crc64?: string;
  contentType?: string;
  requestId?: string;
}

const OP = 'GetFromSignedUrl';

function get(o: SignedGetOptions, agents: NetworkAgents): Promise<http.IncomingMessage> {
  const u = new URL(o.url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return Promise.reject(new Error(t('Unsupported URL protocol {0}', u.protocol)));
  return new Promise((resolve, reject) => {
    const req = startRequest(agents, u, rawPathOf(o.url), { method: 'GET', timeout: o.timeoutMs ?? 60000 }, resolve);
    const onAbort = (): void => {
      req.destroy(new OssAbortError(OP));
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('timeout', () => req.destroy(new Error(t('No response within {0} ms', o.timeoutMs ?? 60000))));
    req.on('error', (err) => reject(o.signal?.aborted ? new OssAbortError(OP) : agents.explain(err, u)));
    req.on('close', () => o.signal?.removeEventListener('abort', onAbort));
    req.end();
  });
}

async function readAll(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Moves the finished temp file into place; without `overwrite`, fails with EEXIST rather than replace. */
async function place(tmp: string, file: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    await fsp.rename(tmp, file);
    return;
  }
  await fsp.link(tmp, file); // atomic "create only if absent"
  await fsp.unlink(tmp);
}

export async function downloadFromSignedUrl(o: SignedGetOptions): Promise<SignedGetResult> {
  if (o.signal?.aborted) throw new OssAbortError(OP);
  if (!o.overwrite) {
    const exists = await fsp.lstat(o.file).then(() => true, () => false);
    if (exists) throw new OssClientError('FileExists', t('{0} exists and would not be replaced', o.file), OP);
  }
  const agents = new NetworkAgents(o.network, { keepAlive: false });
  try {
    return await getInto(o, agents);
  } finally {
    agents.destroy();
  }
}

async function getInto(o: SignedGetOptions, agents: NetworkAgents): Promise<SignedGetResult> {
  const res = await get(o, agents);
  const status = res.statusCode ?? 0;
  const proxyError = agents.proxyAnswerError(o.url, status);
  if (proxyError) {
    res.resume();
    throw proxyError;
  }
  if (status < 200 || status >= 300) throw errorFromAnswer(status, await readAll(res), res.headers, OP);
  const total = Number(res.headers['content-length'] ?? 0) || 0;
  const expectedCrc = res.headers['x-oss-hash-crc64ecma'] as string | undefined;
  const tmp = path.join(path.dirname(o.file), `${TEMP_PREFIX}${randomBytes(6).toString('hex')}.tmp`);
  const crc = new Crc64();
  let loaded = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      loaded += chunk.length;
      crc.update(chunk);
      o.onProgress?.(loaded, total);
      done(null, chunk);
    },
  });
  try {
    await pipeline(res, count, createWriteStream(tmp, { flags: 'wx' }), { signal: o.signal });
    if (res.headers['content-length'] !== undefined && loaded !== total) {
      throw new OssClientError('IncompleteBody', t('The download broke off: {0} of {1} bytes arrived', loaded, total), OP);
    }
    if (expectedCrc !== undefined && crc.toString() !== expectedCrc) throw crcMismatch('downloaded file', crc.toString(), expectedCrc, OP);
    await place(tmp, o.file, !!o.overwrite);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    if (o.signal?.aborted) throw new OssAbortError(OP);
    throw err;
  }
  return {
    status,
    size: loaded,
    crc64: expectedCrc,
    contentType: res.headers['content-type'],
    requestId: res.headers['x-oss-request-id'] as string | undefined,
  };
}
