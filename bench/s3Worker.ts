/**
 * One S3 benchmark contender (ours or the AWS SDK's), run in a child process of bench/s3.ts:
 * `node out/bench/s3Worker.js '<json task>'` prints one JSON line (wall ms, count, peak RSS, CPU ms).
 */
import * as fs from 'node:fs';
import { S3Client as AwsS3, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Upload } from '@aws-sdk/lib-storage';
import { S3Client } from '../src/core/s3';
import { StaticAccessKeyProvider } from '../src/core/credentials';
import type { WorkerResult } from './child';

export interface S3ServerInfo {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export type S3Task =
  | { task: 'presign'; impl: 'ours' | 'sdk'; seconds: number; server: S3ServerInfo }
  | { task: 'list'; impl: 'ours' | 'sdk'; bucket: string; server: S3ServerInfo }
  | { task: 'upload'; impl: 'ours' | 'sdk'; bucket: string; key: string; file: string; server: S3ServerInfo };

function ours(s: S3ServerInfo): S3Client {
  return new S3Client({
    endpoint: s.endpoint, region: s.region, pathStyle: true, timeoutMs: 600_000,
    credentials: new StaticAccessKeyProvider(s.accessKeyId, s.secretAccessKey),
  });
}

/** The SDK with its defaults (checksums included), path-style for the local endpoint. */
function sdk(s: S3ServerInfo): AwsS3 {
  return new AwsS3({
    endpoint: s.endpoint, region: s.region, forcePathStyle: true,
    credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
  });
}

const key = (i: number): string => `folder/report ${i} 中文+.pdf`;

const WARM_UP = 200;
/** When the measured section started (presign: after its warm-up). */
let measuredFrom = 0;

/** Presigned GET URLs for different keys, for `seconds` after a warm-up (JIT, credentials); returns how many. */
async function presign(t: Extract<S3Task, { task: 'presign' }>): Promise<number> {
  let until = 0;
  let n = 0;
  if (t.impl === 'ours') {
    const c = ours(t.server);
    for (let i = 0; i < WARM_UP; i++) await c.presign({ bucket: 'bench', key: key(i), expiresInSeconds: 3600 });
    measuredFrom = performance.now();
    until = measuredFrom + t.seconds * 1000;
    while (performance.now() < until) {
      for (let i = 0; i < 100; i++, n++) await c.presign({ bucket: 'bench', key: key(n), expiresInSeconds: 3600 });
    }
  } else {
    const c = sdk(t.server);
    for (let i = 0; i < WARM_UP; i++) await getSignedUrl(c, new GetObjectCommand({ Bucket: 'bench', Key: key(i) }), { expiresIn: 3600 });
    measuredFrom = performance.now();
    until = measuredFrom + t.seconds * 1000;
    while (performance.now() < until) {
      for (let i = 0; i < 100; i++, n++) await getSignedUrl(c, new GetObjectCommand({ Bucket: 'bench', Key: key(n) }), { expiresIn: 3600 });
    }
  }
  return n;
}

/** Every key of the bucket, 1000 a page (ListObjectsV2 with continuation); returns how many. */
async function list(t: Extract<S3Task, { task: 'list' }>): Promise<number> {
  let n = 0;
  let token: string | undefined;
  if (t.impl === 'ours') {
    const c = ours(t.server);
    do {
      const page = await c.listObjects({ bucket: t.bucket, maxKeys: 1000, continuationToken: token });
      n += page.objects.length;
      token = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (token);
  } else {
    const c = sdk(t.server);
    do {
      const page = await c.send(new ListObjectsV2Command({ Bucket: t.bucket, MaxKeys: 1000, ContinuationToken: token }));
      n += page.Contents?.length ?? 0;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return n;
}

/** Uploads the file (ours: uploadFile's defaults; the SDK: lib-storage Upload's defaults); returns its size. */
async function upload(t: Extract<S3Task, { task: 'upload' }>): Promise<number> {
  const size = fs.statSync(t.file).size;
  if (t.impl === 'ours') {
    await ours(t.server).uploadFile({ bucket: t.bucket, key: t.key, file: t.file });
  } else {
    await new Upload({ client: sdk(t.server), params: { Bucket: t.bucket, Key: t.key, Body: fs.createReadStream(t.file) } }).done();
  }
  return size;
}

async function main(): Promise<void> {
  const t = JSON.parse(process.argv[2]) as S3Task;
  const cpu0 = process.cpuUsage();
  measuredFrom = performance.now();
  const count = t.task === 'presign' ? await presign(t) : t.task === 'list' ? await list(t) : await upload(t);
  const ms = performance.now() - measuredFrom;
  const cpu = process.cpuUsage(cpu0);
  const result: WorkerResult = { ms, count, maxRssMB: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err));
  process.exit(1);
});
