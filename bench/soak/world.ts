/**
 * The fault soak's world: the local OSS server (with seeded chaos), a fake STS, an AssumeRole
 * client with a short time-out, local folders, deterministic contents and the captured log.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { startOssServer, type OssServer } from '../../test/support/ossServer';
import { startFakeSts, type FakeSts } from '../../test/support/fakeSts';
import { startChaos } from '../../test/support/ossServer/chaos';
import { mulberry32 } from '../../test/support/prng';
import { OssClient } from '../../src/core/client';
import { AssumeRoleProvider } from '../../src/core/credentials';
import { OrphanedUploadLog } from '../../src/core/orphans';

export const BUCKET = 'soak-bucket';
/** The client's idle time-out: stalls are longer, drips are shorter per slice. */
export const CLIENT_TIMEOUT_MS = 1000;
export const KiB = 1024;

export interface World {
  server: OssServer;
  sts: FakeSts;
  client: OssClient;
  provider: AssumeRoleProvider;
  orphans: OrphanedUploadLog;
  rng: () => number;
  upDir: string;
  downDir: string;
  root: string;
  /** Every line the client side logged (requests, errors, orphan records). */
  log: string[];
  secrets: () => string[];
  stopChaos: () => void;
  close(): Promise<void>;
}

export async function createWorld(seed: number, faultRate: number): Promise<World> {
  const rng = mulberry32(seed);
  const server = await startOssServer({ tmpDir: fs.existsSync('/dev/shm') ? '/dev/shm' : undefined });
  server.createBucket(BUCKET);
  const ramId = 'LTAI5tSoakRamUser0001';
  const ramSecret = 'soakRamUserSecretValue00000001';
  const sts = await startFakeSts({
    accounts: new Map([[ramId, ramSecret]]),
    onIssue: (c) => server.addTemporaryCredentials(c),
  });
  const provider = new AssumeRoleProvider({
    accessKeyId: ramId, accessKeySecret: ramSecret, roleArn: 'acs:ram::1234567890123456:role/soak',
    roleSessionName: 'oss-soak', durationSeconds: 3600, endpoint: sts.endpoint, retryBackoffMs: 50, timeoutMs: 5000,
  });
  const log: string[] = [];
  const client = new OssClient({
    endpoint: server.endpoint, region: server.region, credentials: provider,
    timeoutMs: CLIENT_TIMEOUT_MS, maxRetries: 3, retryBaseDelayMs: 20, retryMaxDelayMs: 400,
    onRequest: (l) => log.push(`request ${JSON.stringify(l)}`),
  });
  const orphans = new OrphanedUploadLog({ onRecord: (e) => log.push(`orphan ${JSON.stringify(e)}`) });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-soak-'));
  const upDir = path.join(root, 'up');
  const downDir = path.join(root, 'down');
  fs.mkdirSync(upDir);
  fs.mkdirSync(downDir);
  const stopChaos = startChaos(server.faults, {
    rng, rate: faultRate, clientTimeoutMs: CLIENT_TIMEOUT_MS, expireTokens: () => server.expireTokensNow(),
  });
  return {
    server, sts, client, provider, orphans, rng, upDir, downDir, root, log, stopChaos,
    secrets: () => [
      ramSecret, server.accessKeySecret,
      ...sts.issued.flatMap((c) => [c.accessKeySecret, c.securityToken]),
    ],
    async close() {
      stopChaos();
      client.destroy();
      await sts.close();
      await server.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Deterministic bytes of a content id (xorshift32 from the seed). */
export function contentBytes(seed: number, size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

/** 'size:sha256' of some bytes: what "byte-exact" is compared by. */
export function digest(bytes: Buffer): string {
  return `${bytes.length}:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The object's true state on the server (read directly, no HTTP and no faults): digest or null. */
export async function truthOf(w: World, key: string): Promise<string | null> {
  const bytes = await w.server.getObjectBytes(BUCKET, key);
  return bytes === undefined ? null : digest(bytes);
}

/** A line for the captured log describing an error in full (all fields, cause chain, stack). */
export function describeError(err: unknown): string {
  return inspect(err, { depth: 6, breakLength: Infinity });
}

/** Lines of the log that hold a secret, a token or a signature. */
export function leakyLines(lines: string[], secrets: string[]): string[] {
  const patterns = [
    /[?&](x-oss-signature|Signature|security-token|x-oss-security-token)=(?!\*{4})[^&\s"]{8,}/i,
    /OSS4-HMAC-SHA256\s+Credential=[^"]*Signature=[0-9a-f]{16,}/i,
    /"?authorization"?\s*[:=]\s*"?OSS\s/i,
  ];
  const needles = secrets.filter((s) => s.length >= 8);
  return lines.filter((l) => patterns.some((p) => p.test(l)) || needles.some((s) => l.includes(s)));
}
