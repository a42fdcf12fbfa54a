/** Sending one HTTP request: node-fetch normally, node:http(s) with the raw path when it has dot segments. */
import * as http from 'node:http';
import * as https from 'node:https';
import { Readable } from 'node:stream';
import { loadFetch } from '../http/fetch';
import type { NetworkAgents } from '../http/proxyAgents';
import type { AttemptControl } from './attemptControl';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | null;
}

/** Keep-alive agents of one transport, per target (direct or through the proxy). */
export type Agents = NetworkAgents;

export async function sendFetch(
  agents: Agents,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | Uint8Array | Readable | undefined,
  ctl: AttemptControl,
): Promise<RawResponse> {
  const { default: fetch } = await loadFetch();
  const res = await fetch(url, {
    method,
    headers,
    body: body as never,
    agent: agents.agentFor(url),
    signal: ctl.signal,
    compress: false,
    redirect: 'manual',
    highWaterMark: 1 << 20,
  });
  const h: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    h[k.toLowerCase()] = v;
  });
  return { status: res.status, headers: h, body: (res.body as unknown as Readable | null) ?? null };
}

/** node:http(s) with the raw (pre-encoded) path: used when the path has dot segments. */
export function sendRaw(
  agents: Agents,
  protocol: string,
  host: string,
  path: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | Uint8Array | Readable | undefined,
  ctl: AttemptControl,
): Promise<RawResponse> {
  const u = new URL(`${protocol}//${host}/`);
  const mod = protocol === 'https:' ? https : http;
  return new Promise<RawResponse>((resolve, reject) => {
    const r = mod.request(
      {
        protocol,
        hostname: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port || undefined,
        method,
        path,
        headers: { host, ...headers },
        agent: agents.agentFor(u),
        signal: ctl.signal,
      },
      (res) => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
        }
        resolve({ status: res.statusCode ?? 0, headers: h, body: method === 'HEAD' ? (res.resume(), null) : res });
      },
    );
    r.on('error', reject);
    if (body instanceof Readable) {
      body.on('error', (e) => r.destroy(e));
      body.pipe(r);
    } else {
      r.end(body);
    }
  });
}
