/** The raw contenders' requests: a presigned URL sent with plain node:http (no client library). */
import * as http from 'node:http';
import { presignUrl } from '../src/core/signer';
import type { ServerInfo } from './worker';

export function rawRequest(
  server: ServerInfo, method: 'PUT' | 'GET', bucket: string, key: string, headers: Record<string, string | number>, agent?: http.Agent,
): http.ClientRequest {
  const url = new URL(server.endpoint);
  const signed = presignUrl({
    credentials: { accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret },
    signatureVersion: 'v4', method, endpoint: server.endpoint, region: server.region, bucket, key, expiresInSeconds: 3600,
  });
  const u = new URL(signed.url);
  return http.request({ host: url.hostname, port: url.port, method, path: u.pathname + u.search, headers, agent });
}
