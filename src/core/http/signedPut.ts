/**
 * Upload a local file to a presigned PUT URL (made by anyone), streaming with progress.
 * node:http(s) with the URL's raw path, so percent-encoded keys reach the server unchanged.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { OssAbortError } from '../client/errors';
import { errorFromAnswer, rawPathOf } from './rawRequest';
import type { NetworkOptions } from './network';
import { NetworkAgents, startRequest } from './proxyAgents';
import { t } from '../translate';

export interface SignedPutOptions {
  url: string;
  file: string;
  contentType?: string;
  /** Other headers the link was signed with (e.g. x-oss-meta-*). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Called with the bytes sent so far, on every chunk and once at the end (not throttled). */
  onProgress?: (loaded: number, total: number) => void;
  timeoutMs?: number;
  /** Proxy, certificate checking and trusted CAs (docs/network.md). */
  network?: NetworkOptions;
}

export interface SignedPutResult {
  status: number;
  etag?: string;
  requestId?: string;
  size: number;
}

/** What a presigned URL says about itself (no secret is returned). */
export interface SignedUrlInfo {
  version: 'v1' | 'v4' | 'unknown';
  /** When the link stops working, if the URL says so. */
  expiresAt?: Date;
  /** V4 x-oss-additional-headers (lower-case). */
  additionalHeaders: string[];
  host: string;
  /** Decoded object key (path without the leading '/'). */
  key: string;
}

export function inspectSignedUrl(url: string): SignedUrlInfo {
  const u = new URL(url);
  const q = u.searchParams;
  let version: SignedUrlInfo['version'] = 'unknown';
  let expiresAt: Date | undefined;
  if (q.get('x-oss-signature-version') || q.get('x-oss-signature')) {
    version = 'v4';
    const d = q.get('x-oss-date');
    const e = Number(q.get('x-oss-expires'));
    const m = d && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(d);
    if (m && Number.isFinite(e)) {
      expiresAt = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + e * 1000);
    }
  } else if (q.get('Signature') && q.get('Expires')) {
    version = 'v1';
    const e = Number(q.get('Expires'));
    if (Number.isFinite(e)) expiresAt = new Date(e * 1000);
  }
  const additionalHeaders = (q.get('x-oss-additional-headers') ?? '')
    .split(';')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  let key = u.pathname.replace(/^\//, '');
  try {
    key = decodeURIComponent(key);
  } catch {
    // keep raw
  }
  return { version, expiresAt, additionalHeaders, host: u.host, key };
}

export async function putFileToSignedUrl(o: SignedPutOptions): Promise<SignedPutResult> {
  const u = new URL(o.url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(t('Unsupported URL protocol {0}', u.protocol));
  const rawPath = rawPathOf(o.url);
  const size = (await fsp.stat(o.file)).size;
  if (o.signal?.aborted) throw new OssAbortError('PutToSignedUrl');
  const headers: Record<string, string | number> = { ...(o.headers ?? {}), 'content-length': size };
  if (o.contentType) headers['content-type'] = o.contentType;
  const agents = new NetworkAgents(o.network, { keepAlive: false });
  return new Promise<SignedPutResult>((resolve, reject) => {
    let sent = 0;
    // Raw byte counts on every chunk; throttling for display is src/ui/progress.ts's job.
    const report = (_final: boolean): void => o.onProgress?.(sent, size);
    const req = startRequest(agents, u, rawPath, { method: 'PUT', headers, timeout: o.timeoutMs ?? 60000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const requestId = res.headers['x-oss-request-id'] as string | undefined;
          const proxyError = agents.proxyAnswerError(u, status);
          if (proxyError) {
            reject(proxyError);
            return;
          }
          if (status >= 200 && status < 300) {
            report(true);
            resolve({ status, etag: (res.headers.etag)?.replace(/^"|"$/g, ''), requestId, size });
            return;
          }
          reject(errorFromAnswer(status, Buffer.concat(chunks).toString('utf8'), res.headers, 'PutToSignedUrl'));
        });
      },
    );
    const onAbort = (): void => {
      req.destroy(new OssAbortError('PutToSignedUrl'));
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('timeout', () => req.destroy(new Error(t('No response within {0} ms', o.timeoutMs ?? 60000))));
    req.on('error', (err) => reject(o.signal?.aborted ? new OssAbortError('PutToSignedUrl') : agents.explain(err, u)));
    req.on('close', () => o.signal?.removeEventListener('abort', onAbort));
    const stream = createReadStream(o.file, { highWaterMark: 1024 * 1024 });
    stream.on('data', (c) => {
      sent += c.length;
      report(false);
    });
    stream.on('error', (err) => req.destroy(err));
    stream.pipe(req);
  }).finally(() => agents.destroy());
}
