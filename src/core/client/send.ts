/**
 * Sending one HTTP request over node:http(s) with the raw (pre-encoded) path and the transport's
 * keep-alive agents. (node-fetch was used before: its Request/Response/Headers objects and stream
 * pipeline per request made a folder of small files upload ~1.5× slower.)
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { Readable } from 'node:stream';
import type { AttemptControl } from './attemptControl';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | null;
}

/** Keep-alive agents of one transport. */
export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/** One request; resolves once the response headers arrived (the body is left to the caller). */
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
        agent: protocol === 'https:' ? agents.https : agents.http,
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
