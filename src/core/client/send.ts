/** Sending one HTTP request of the transport over its agents (direct or through the proxy). */
import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { startRequest, type NetworkAgents } from '../http/proxyAgents';
import type { AttemptControl } from './attemptControl';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | null;
}

/** Keep-alive agents of one transport, per target (direct or through the proxy). */
export type Agents = NetworkAgents;

/**
 * Sends one request over the transport's agents with the raw (pre-encoded, signed) path, so the
 * server gets exactly the path that was signed (dot segments included). The response body is
 * buffered in 1 MiB steps, as the consumers read it in large chunks.
 */
export function sendRequest(
  agents: Agents,
  protocol: string,
  host: string,
  path: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | Uint8Array | Readable | undefined,
  ctl: AttemptControl,
): Promise<RawResponse> {
  const target = new URL(`${protocol}//${host}/`);
  return new Promise<RawResponse>((resolve, reject) => {
    const r = startRequest(agents, target, path, { method, headers: { host, ...headers }, signal: ctl.signal }, (res) => {
      const h: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
      }
      if (method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304) {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: h, body: null });
        return;
      }
      resolve({ status: res.statusCode ?? 0, headers: h, body: buffer(res) });
    });
    r.on('error', reject);
    if (body instanceof Readable) {
      body.on('error', (e) => r.destroy(e));
      body.pipe(r);
    } else {
      r.end(body);
    }
  });
}

/**
 * The response behind a 1 MiB buffer. By hand rather than with pipeline(): pipeline's own
 * AbortController, and the DOMException it makes on every finish, cost about 0.05 ms a response,
 * which counts with thousands of small objects. A broken response fails the buffer; a buffer dropped by its reader frees the socket.
 */
function buffer(res: IncomingMessage): PassThrough {
  const buffered = new PassThrough({ highWaterMark: 1 << 20 });
  res.on('error', (e) => buffered.destroy(e));
  res.on('close', () => {
    if (!res.complete) buffered.destroy(new Error('The response ended before its end (premature close)'));
  });
  buffered.on('close', () => {
    if (!res.readableEnded) res.destroy();
  });
  res.pipe(buffered);
  return buffered;
}
