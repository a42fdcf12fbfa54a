/**
 * demoEnv: the local back end of `npm run demo` and of the UI tests, in-process.
 *
 *   const env = await startDemoBackends();
 *   env.oss             // local OSS server with the demo seed (demo-assets, demo-logs, demo-empty)
 *   env.sts             // fake STS; every token it issues is registered with env.oss
 *   env.connections     // "Local demo (AccessKey)" and "Local demo (AssumeRole)", with secrets
 *   const file = env.writeSeedFile(dir);  // JSON for OSS_EXPLORER_SEED_FILE (mode 0600)
 *   await env.close();
 *
 * The extension imports the seed file into its ConnectionStore (secrets → SecretStorage) on
 * activation and deletes it; see src/connections/seedFile.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { SeedConnection } from '../../src/connections/seedFile';
import { startFakeSts, type FakeSts } from './fakeSts';
import { startOssServer, type OssServer } from './ossServer';

export const DEMO_ACCESS_KEY_NAME = 'Local demo (AccessKey)';
export const DEMO_ASSUME_ROLE_NAME = 'Local demo (AssumeRole)';
export const DEMO_ROLE_ARN = 'acs:ram::1234567890123456:role/oss-explorer-demo';

export interface DemoBackends {
  oss: OssServer;
  sts: FakeSts;
  connections: SeedConnection[];
  /**
   * Writes <dir>/seed-connections.json (0600) and returns its path. The extension deletes it after
   * importing unless `keep` (the demo keeps it: every new browser profile needs the seed).
   */
  writeSeedFile(dir: string, opts?: { keep?: boolean }): string;
  close(): Promise<void>;
}

export interface DemoBackendOptions {
  /** OSS server port (0 = free). */
  ossPort?: number;
  /** Keep objects in this folder between runs (default: memory / temp dir). */
  dataDir?: string;
}

export async function startDemoBackends(opts: DemoBackendOptions = {}): Promise<DemoBackends> {
  const oss = await startOssServer({ seed: 'demo', port: opts.ossPort ?? 0, dataDir: opts.dataDir });
  let sts: FakeSts;
  try {
    sts = await startFakeSts({
      accounts: new Map([[oss.accessKeyId, oss.accessKeySecret]]),
      roles: new Set([DEMO_ROLE_ARN]),
      onIssue: (c) =>
        oss.addTemporaryCredentials({
          accessKeyId: c.accessKeyId,
          accessKeySecret: c.accessKeySecret,
          securityToken: c.securityToken,
          expiration: c.expiration,
        }),
    });
  } catch (e) {
    await oss.close();
    throw e;
  }
  const connections: SeedConnection[] = [
    {
      name: DEMO_ACCESS_KEY_NAME,
      region: oss.region,
      endpoint: oss.endpoint,
      authType: 'accessKey',
      accessKeyId: oss.accessKeyId,
      accessKeySecret: oss.accessKeySecret,
    },
    {
      name: DEMO_ASSUME_ROLE_NAME,
      region: oss.region,
      endpoint: oss.endpoint,
      authType: 'assumeRole',
      accessKeyId: oss.accessKeyId,
      accessKeySecret: oss.accessKeySecret,
      roleArn: DEMO_ROLE_ARN,
      roleSessionName: 'oss-explorer-demo',
      durationSeconds: 3600,
      stsEndpoint: sts.endpoint,
    },
  ];
  let closed = false;
  return {
    oss,
    sts,
    connections,
    writeSeedFile(dir: string, o: { keep?: boolean } = {}): string {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, 'seed-connections.json');
      const body = { ...(o.keep ? { deleteAfterImport: false } : {}), connections };
      fs.writeFileSync(file, JSON.stringify(body, null, 2), { mode: 0o600 });
      return file;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.allSettled([sts.close(), oss.close()]);
    },
  };
}
