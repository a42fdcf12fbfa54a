/**
 * Two real S3 servers for the core S3 tests, each on a random local port, with signature checks
 * on:
 * - moto (`moto_server`, Python): IAM authentication is turned on after an IAM user with an
 *   `s3:*` policy and an access key have been created (POST /moto-api/reset-auth with 0, i.e.
 *   INITIAL_NO_AUTH_ACTION_COUNT = 0). moto then checks every header signature with botocore.
 * - @20minutes/s3rver (Node, in process): verifies SigV4 headers and presigned URLs for the key
 *   pairs registered on its account registry.
 * Both are started once per test file and stopped with `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { signRequest } from '../../src/core/signer';

export type S3ServerKind = 'moto' | 's3rver';

export interface S3TestServer {
  kind: S3ServerKind;
  /** startMoto({ seedable: true }) only: puts `count` one-byte keys `<prefix><000000..>` straight into moto's store. */
  seed?(bucket: string, prefix: string, count: number): Promise<void>;
  /** http://127.0.0.1:<port> */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${log()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`moto_server did not answer at ${url}: ${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** One IAM Query API call (form POST), signed for service iam. */
async function iam(endpoint: string, params: Record<string, string>): Promise<string> {
  const host = new URL(endpoint).host;
  const body = new URLSearchParams({ ...params, Version: '2010-05-08' }).toString();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const signed = signRequest({
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', accessKeySecret: 'bootstrap-not-checked' },
    signatureVersion: 'aws4', product: 'iam', method: 'POST', region: 'us-east-1', headers, host,
  });
  const res = await fetch(`${endpoint}/`, { method: 'POST', headers: { ...headers, ...signed.headers }, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`IAM ${params.Action} failed: ${res.status} ${text}`);
  return text;
}

export function between(text: string, tag: string): string {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(text);
  if (!m) throw new Error(`no <${tag}> in ${text}`);
  return m[1];
}

/** One IAM call against a moto server before its authentication is turned on. */
export type MotoIam = (params: Record<string, string>) => Promise<string>;

/**
 * moto_server with IAM authentication on, and an access key allowed s3:* (and sts:AssumeRole).
 * `beforeAuth` may create more IAM users, roles and policies while requests are not yet checked.
 */
export async function startMoto(opts: { beforeAuth?: (iam: MotoIam) => Promise<void>; seedable?: boolean } = {}): Promise<S3TestServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // seedable: the same server run from motoSeeded.py, which also takes seed commands on stdin.
  const script = path.resolve(__dirname, '..', '..', '..', 'test', 'support', 'motoSeeded.py');
  const child = opts.seedable
    ? spawn('python3', [script, String(port)], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, MOTO_CALL_RESET_API: 'false' } })
    : spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOTO_CALL_RESET_API: 'false' } });
  let out = '';
  const keep = (b: Buffer): void => {
    out = (out + b.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    await waitForHttp(`${endpoint}/moto-api/data.json`, child, () => out);
    const user = `s3-tests-${randomBytes(3).toString('hex')}`;
    await iam(endpoint, { Action: 'CreateUser', UserName: user });
    await iam(endpoint, {
      Action: 'PutUserPolicy', UserName: user, PolicyName: 's3-all',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sts:AssumeRole'], Resource: '*' }] }),
    });
    await opts.beforeAuth?.((params) => iam(endpoint, params));
    const key = await iam(endpoint, { Action: 'CreateAccessKey', UserName: user });
    const accessKeyId = between(key, 'AccessKeyId');
    const secretAccessKey = between(key, 'SecretAccessKey');
    const auth = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    if (!auth.ok) throw new Error(`moto reset-auth failed: ${auth.status}`);
    await auth.arrayBuffer();
    const seed = async (bucket: string, prefix: string, count: number): Promise<void> => {
      const done = new Promise<void>((resolve, reject) => {
        const onData = (b: Buffer): void => {
          if (!b.toString().includes(`seeded ${count}`)) return;
          child.stdout?.off('data', onData);
          resolve();
        };
        child.stdout?.on('data', onData);
        child.once('exit', () => reject(new Error(`moto exited while seeding: ${out}`)));
      });
      child.stdin?.write(`${JSON.stringify({ op: 'seed', bucket, prefix, count })}\n`);
      await done;
    };
    return { kind: 'moto', endpoint, region: 'us-east-1', accessKeyId, secretAccessKey, stop, ...(opts.seedable ? { seed } : {}) };
  } catch (err) {
    await stop();
    throw err;
  }
}

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}

/** @20minutes/s3rver in this process, with a fresh directory and a fresh key pair. */
export async function startS3rver(): Promise<S3TestServer> {
   
  const S3rver = require('@20minutes/s3rver') as new (o: Record<string, unknown>) => S3rverInstance;
  const account = require('@20minutes/s3rver/lib/models/account') as { DUMMY_ACCOUNT: { createKeyPair(a: string, s: string): void; revokeAccessKey(a: string): void } };
   
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(30).toString('base64');
  account.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false });
  const { port } = await server.run();
  return {
    kind: 's3rver',
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    accessKeyId,
    secretAccessKey,
    stop: async () => {
      await server.close();
      account.DUMMY_ACCOUNT.revokeAccessKey(accessKeyId);
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

export const S3_SERVERS: Array<{ kind: S3ServerKind; start: () => Promise<S3TestServer> }> = [
  { kind: 'moto', start: () => startMoto() },
  { kind: 's3rver', start: startS3rver },
];
