/** A local OSS server and a fake STS wired together, for the share tests. */
import * as assert from 'node:assert/strict';
import { startFakeSts, type FakeRole, type FakeSts } from '../../support/fakeSts';
import { startOssServer, type OssServer } from '../../support/ossServer';
import { assumeRole } from '../../../src/core/credentials';
import type { Credentials } from '../../../src/core/signer';
import { aliClient, MODES, type AliOss, type ClientMode } from '../ossServer/helpers';

export const ACCOUNT = '1234567890123456';
export const ROLE = `acs:ram::${ACCOUNT}:role/share-full`;
/** A role that may only read the bucket `bkt`, and at most for one hour. */
export const READ_ONLY_ROLE = `acs:ram::${ACCOUNT}:role/share-readonly`;
export const BUCKET = 'bkt';

export interface ShareEnv {
  server: OssServer;
  sts: FakeSts;
  /** Mints STS credentials for `ROLE` (or `roleArn`) with `policy`. */
  mint(policy: string | undefined, opts?: { roleArn?: string; durationSeconds?: number }): Promise<Credentials>;
  /** An ali-oss client using the credentials. */
  client(c: Credentials, mode?: ClientMode): AliOss;
  close(): Promise<void>;
}

export const V4_PATH = MODES.find((m) => m.v4 && m.style === 'path') as ClientMode;
export const V1_VHOST = MODES.find((m) => !m.v4 && m.style === 'vhost') as ClientMode;

export async function startShareEnv(opts: { stsNow?: () => Date } = {}): Promise<ShareEnv> {
  const server = await startOssServer();
  const roles = new Map<string, FakeRole>([
    [ROLE, {}],
    [READ_ONLY_ROLE, {
      maxSessionDuration: 3600,
      policy: JSON.stringify({
        Version: '1',
        Statement: [
          { Effect: 'Allow', Action: ['oss:GetObject'], Resource: [`acs:oss:*:*:${BUCKET}/*`] },
          { Effect: 'Allow', Action: 'oss:ListObjects', Resource: `acs:oss:*:*:${BUCKET}` },
        ],
      }),
    }],
  ]);
  const sts = await startFakeSts({
    accounts: new Map([[server.accessKeyId, server.accessKeySecret]]),
    roles,
    now: opts.stsNow,
    onIssue: (c) => server.addTemporaryCredentials(c),
  });
  server.createBucket(BUCKET);
  return {
    server,
    sts,
    async mint(policy, o = {}) {
      const r = await assumeRole({
        endpoint: sts.endpoint,
        accessKeyId: server.accessKeyId,
        accessKeySecret: server.accessKeySecret,
        roleArn: o.roleArn ?? ROLE,
        roleSessionName: 'share-test',
        durationSeconds: o.durationSeconds ?? 900,
        policy,
      });
      return r.credentials;
    },
    client(c, mode = V4_PATH) {
      return aliClient(server, mode, BUCKET, { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, stsToken: c.securityToken });
    },
    async close() {
      await sts.close();
      await server.close();
    },
  };
}

/** Asserts that the promise fails with OSS AccessDenied (403, with a RequestId). */
export async function denied(p: Promise<unknown>): Promise<void> {
  await assert.rejects(p, (e: { status?: number; code?: string; requestId?: string }) => {
    assert.equal(e.code, 'AccessDenied', `expected AccessDenied, got ${String(e.code)}`);
    assert.equal(e.status, 403);
    assert.ok(e.requestId, 'the error has a RequestId');
    return true;
  });
}
