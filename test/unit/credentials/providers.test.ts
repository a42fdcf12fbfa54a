import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeSts } from '../../support/fakeSts';
import type { FakeSts } from '../../support/fakeSts';
import {
  AssumeRoleProvider,
  StaticAccessKeyProvider,
  StaticStsProvider,
  EnvCredentialProvider,
  readEnvCredentials,
  parseAliyunConfig,
  readAliyunConfig,
  ExpiredCredentialsError,
  CredentialConfigError,
  StsError,
  StsNetworkError,
} from '../../../src/core/credentials';
import type { Credentials } from '../../../src/core/signer';
import { presignUrl } from '../../../src/core/signer';
import { assertNoSecrets } from './leak';

const AK_ID = 'LTAI5tProviderTest0001';
const AK_SECRET = 'ProviderTestSecretValue-XYZ987';
const ROLE = 'acs:ram::1234567890123456:role/oss-explorer';
const T0 = new Date('2026-03-01T08:00:00Z').getTime();

describe('credentials: AssumeRoleProvider against the fake STS', () => {
  let sts: FakeSts;
  let now = T0;
  const clock = () => new Date(now);
  const issuedSecrets = (): string[] => sts.issued.flatMap((c) => [c.accessKeySecret, c.securityToken]);

  before(async () => {
    sts = await startFakeSts({ accounts: new Map([[AK_ID, AK_SECRET]]), now: clock });
  });
  after(() => sts.close());
  beforeEach(() => {
    now = T0;
    sts.failNext(0);
  });

  function provider(over: Partial<ConstructorParameters<typeof AssumeRoleProvider>[0]> = {}): AssumeRoleProvider {
    return new AssumeRoleProvider({
      accessKeyId: AK_ID, accessKeySecret: AK_SECRET, roleArn: ROLE, roleSessionName: 'oss-explorer', durationSeconds: 1000,
      endpoint: sts.endpoint, now: clock, ...over,
    });
  }

  it('gets a token and caches it until 80 % of its life', async () => {
    const p = provider();
    const n = sts.requests;
    const a = await p.getCredentials();
    assert.ok(a.accessKeyId.startsWith('STS.'));
    assert.equal(a.expiration!.getTime(), T0 + 1000_000);
    now = T0 + 799_000;
    const b = await p.getCredentials();
    assert.equal(b, a);
    assert.equal(sts.requests, n + 1);
    now = T0 + 800_000; // 80 %
    const c = await p.getCredentials();
    assert.notEqual(c.accessKeyId, a.accessKeyId);
    assert.equal(sts.requests, n + 2);
    assert.equal(c.expiration!.getTime(), now + 1000_000);
    assert.equal(p.refreshCount, 2);
  });

  it('the token works for signing and a link cannot outlive it', async () => {
    const p = provider();
    const c = await p.getCredentials();
    const r = presignUrl({
      credentials: c, signatureVersion: 'v4', method: 'GET', endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', region: 'cn-hangzhou',
      bucket: 'bkt', key: 'k', expiresInSeconds: 7200, now: clock(),
    });
    assert.equal(r.expiresAt.getTime(), c.expiration!.getTime());
  });

  it('refreshes right after invalidate(SecurityTokenExpired / InvalidSecurityToken), not for other codes', async () => {
    const p = provider();
    const a = await p.getCredentials();
    p.invalidate('NoSuchKey');
    assert.equal(await p.getCredentials(), a);
    const n = sts.requests;
    p.invalidate('SecurityTokenExpired');
    const b = await p.getCredentials();
    assert.notEqual(b.accessKeyId, a.accessKeyId);
    assert.equal(sts.requests, n + 1);
    p.invalidate('InvalidSecurityToken');
    const c = await p.getCredentials();
    assert.notEqual(c.accessKeyId, b.accessKeyId);
    assert.equal(sts.requests, n + 2);
  });

  it('20 concurrent callers share ONE refresh (first fetch, 80 % refresh and after invalidate)', async () => {
    const p = provider();
    let n = sts.requests;
    sts.hold();
    let all = Promise.all(Array.from({ length: 20 }, () => p.getCredentials()));
    await new Promise((r) => setTimeout(r, 20));
    sts.release();
    let got = await all;
    assert.equal(sts.requests, n + 1);
    assert.ok(got.every((c) => c === got[0]));
    const first = got[0];

    now = T0 + 850_000;
    n = sts.requests;
    sts.hold();
    all = Promise.all(Array.from({ length: 20 }, () => p.getCredentials()));
    await new Promise((r) => setTimeout(r, 20));
    sts.release();
    got = await all;
    assert.equal(sts.requests, n + 1);
    assert.ok(got.every((c) => c === got[0] && c.accessKeyId !== first.accessKeyId));

    n = sts.requests;
    p.invalidate('SecurityTokenExpired');
    got = await Promise.all(Array.from({ length: 20 }, () => p.getCredentials()));
    assert.equal(sts.requests, n + 1);
    assert.ok(got.every((c) => c === got[0]));
  });

  it('failed refresh: clear error, back-off, then a later successful retry', async () => {
    const p = provider({ retryBackoffMs: 2000 });
    sts.failNext(1, 'InternalError');
    const n = sts.requests;
    await assert.rejects(p.getCredentials(), (e: unknown) => {
      assert.ok(e instanceof StsError);
      assert.equal(e.code, 'InternalError');
      assert.ok(e.message.includes('Code: InternalError') && e.message.includes('RequestId: '));
      return true;
    });
    assert.equal(sts.requests, n + 1);
    // within the back-off: same error, STS not called
    now = T0 + 1000;
    await assert.rejects(p.getCredentials(), (e: unknown) => e instanceof StsError && e.code === 'InternalError');
    assert.equal(sts.requests, n + 1);
    assert.ok(p.lastError instanceof StsError);
    // after the back-off: retried and succeeds
    now = T0 + 2000;
    const c = await p.getCredentials();
    assert.ok(c.securityToken);
    assert.equal(sts.requests, n + 2);
    assert.equal(p.lastError, undefined);
  });

  it('back-off doubles on repeated failures; invalidate() lifts it', async () => {
    const p = provider({ retryBackoffMs: 1000 });
    sts.failNext(2, 'InternalError');
    await assert.rejects(p.getCredentials());
    now = T0 + 1000;
    await assert.rejects(p.getCredentials()); // second failure → back-off 2 s
    const n = sts.requests;
    now = T0 + 2500;
    await assert.rejects(p.getCredentials());
    assert.equal(sts.requests, n);
    p.invalidate('SecurityTokenExpired');
    await p.getCredentials();
    assert.equal(sts.requests, n + 1);
  });

  it('a failed PROACTIVE refresh keeps serving the still-valid token until it expires', async () => {
    const p = provider({ retryBackoffMs: 1000 });
    const a = await p.getCredentials();
    now = T0 + 900_000;
    sts.failNext(1, 'InternalError');
    assert.equal(await p.getCredentials(), a);
    assert.ok(p.lastError instanceof StsError);
    // past expiry (minus the 5 s margin) with STS still failing: the error surfaces
    now = T0 + 996_000;
    sts.failNext(1, 'InternalError');
    await assert.rejects(p.getCredentials(), StsError);
    now = T0 + 1_100_000;
    const b = await p.getCredentials();
    assert.notEqual(b.accessKeyId, a.accessKeyId);
  });

  it('concurrent callers during a FAILING proactive refresh all get the old token (one STS call)', async () => {
    const p = provider();
    const a = await p.getCredentials();
    now = T0 + 850_000;
    const n = sts.requests;
    sts.failNext(1, 'InternalError');
    const got = await Promise.all(Array.from({ length: 20 }, () => p.getCredentials()));
    assert.ok(got.every((c) => c === a));
    assert.equal(sts.requests, n + 1);
  });

  it('invalidate() while a refresh is in flight does not start a second one', async () => {
    const p = provider();
    await p.getCredentials();
    const n = sts.requests;
    p.invalidate('SecurityTokenExpired');
    sts.hold();
    const first = p.getCredentials();
    await new Promise((r) => setTimeout(r, 10));
    p.invalidate('SecurityTokenExpired');
    const second = p.getCredentials();
    sts.release();
    assert.equal(await first, await second);
    assert.equal(sts.requests, n + 1);
  });

  it('wrong secret: SignatureDoesNotMatch with RequestId, no secret anywhere', async () => {
    const wrong = 'ThisIsTheWrongSecret-abcdef';
    const p = provider({ accessKeySecret: wrong });
    const err = await p.getCredentials().then(
      () => assert.fail('should fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof StsError);
    assert.equal(err.code, 'SignatureDoesNotMatch');
    assert.ok(err.requestId && err.message.includes(err.requestId));
    assertNoSecrets(err, [wrong, AK_SECRET], 'error');
    assertNoSecrets(p, [wrong, AK_SECRET], 'provider');
    assertNoSecrets(p.lastError, [wrong, AK_SECRET], 'lastError');
  });

  it('network failure: StsNetworkError, retried later', async () => {
    let calls = 0;
    const p = provider({
      fetch: async (url, init) => {
        calls++;
        if (calls === 1) throw new Error('connect ECONNREFUSED 10.0.0.1:443');
        return fetch(url, init);
      },
    });
    await assert.rejects(p.getCredentials(), (e: unknown) => e instanceof StsNetworkError && e.message.includes('ECONNREFUSED') && e.message.includes('Could not reach STS'));
    now = T0 + 1000;
    assert.ok((await p.getCredentials()).securityToken);
  });

  it('a local clock far ahead of STS does not make every call hit STS', async () => {
    const skewed = await startFakeSts({ accounts: new Map([[AK_ID, AK_SECRET]]), now: () => new Date(now - 2 * 3600_000) });
    try {
      const p = provider({ endpoint: skewed.endpoint });
      const a = await p.getCredentials();
      assert.ok(a.expiration!.getTime() < now);
      now += 10_000;
      assert.equal(await p.getCredentials(), a);
      assert.equal(skewed.requests, 1);
      now += 800_000;
      assert.notEqual(await p.getCredentials(), a);
      assert.equal(skewed.requests, 2);
    } finally {
      await skewed.close();
    }
  });

  it('validates options and the STS endpoint choice', () => {
    assert.throws(() => provider({ roleSessionName: 'x' }), CredentialConfigError);
    assert.throws(() => provider({ durationSeconds: 100 }), CredentialConfigError);
    assert.throws(() => provider({ durationSeconds: 50000 }), CredentialConfigError);
    assert.throws(() => provider({ policy: 'p'.repeat(1025) }), CredentialConfigError);
    assert.throws(() => provider({ accessKeySecret: '' }), CredentialConfigError);
    assert.equal(provider({ endpoint: undefined }).endpoint, 'https://sts.aliyuncs.com');
    assert.equal(provider({ endpoint: undefined, region: 'cn-beijing' }).endpoint, 'https://sts.cn-beijing.aliyuncs.com');
    assert.equal(provider({ endpoint: undefined, region: 'cn-beijing', vpc: true }).endpoint, 'https://sts-vpc.cn-beijing.aliyuncs.com');
  });

  it('never leaks the long-term secret or issued tokens via the provider or its credentials', async () => {
    const p = provider();
    const c = await p.getCredentials();
    assert.equal(p.describe(), `AssumeRole ${ROLE} (LTAI****0001)`);
    assertNoSecrets(p, [AK_SECRET, ...issuedSecrets()], 'provider');
    assertNoSecrets(c, [AK_SECRET, ...issuedSecrets()], 'credentials');
    assertNoSecrets({ provider: p, creds: c }, [AK_SECRET, ...issuedSecrets()], 'container');
  });
});

describe('credentials: static providers', () => {
  it('StaticAccessKeyProvider', async () => {
    const p = new StaticAccessKeyProvider(' LTAIstaticKey1234 ', ' StaticSecret-0987654321 ');
    const c = await p.getCredentials();
    assert.deepEqual({ ...c }, { accessKeyId: 'LTAIstaticKey1234', accessKeySecret: 'StaticSecret-0987654321' });
    assert.equal(p.kind, 'accessKey');
    assert.equal(p.describe(), 'AccessKey LTAI****1234');
    p.invalidate('SecurityTokenExpired');
    assertNoSecrets(p, ['StaticSecret-0987654321'], 'provider');
    assertNoSecrets(c, ['StaticSecret-0987654321'], 'credentials');
    assert.throws(() => new StaticAccessKeyProvider('id', ''), CredentialConfigError);
  });

  it('StaticStsProvider: serves until expiration, then ExpiredCredentialsError without secrets', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const secret = 'StsSecretValue-112233';
    const token = 'CAISsecretTokenValue445566';
    const p = new StaticStsProvider({ accessKeyId: 'STS.abcdefgh1234', accessKeySecret: secret, securityToken: token, expiration: new Date('2026-01-01T01:00:00Z'), now: () => now });
    assert.equal((await p.getCredentials()).securityToken, token);
    now = new Date('2026-01-01T01:00:00Z');
    const err = await p.getCredentials().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ExpiredCredentialsError);
    assert.ok(err.message.includes('expired at 2026-01-01T01:00:00.000Z'));
    assertNoSecrets(err, [secret, token], 'ExpiredCredentialsError');
    assertNoSecrets(p, [secret, token], 'StaticStsProvider');
    assert.throws(() => new StaticStsProvider({ accessKeyId: 'a', accessKeySecret: 'b', securityToken: '' }), CredentialConfigError);
    // no expiration: always served
    const q = new StaticStsProvider({ accessKeyId: 'STS.x', accessKeySecret: secret, securityToken: token });
    assert.equal((await q.getCredentials()).expiration, undefined);
  });
});

describe('credentials: environment', () => {
  it('OSS_* first, then ALIBABA_CLOUD_*; token optional', async () => {
    assert.equal(readEnvCredentials({}), undefined);
    assert.equal(readEnvCredentials({ OSS_ACCESS_KEY_ID: 'id' }), undefined);
    const both = readEnvCredentials({
      OSS_ACCESS_KEY_ID: 'LTAIossEnv0001', OSS_ACCESS_KEY_SECRET: 'ossEnvSecret-1', OSS_SESSION_TOKEN: 'ossEnvToken-1',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIalibaba0002', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'aliEnvSecret-2',
    })!;
    assert.equal(both.accessKeyId, 'LTAIossEnv0001');
    assert.equal(both.securityToken, 'ossEnvToken-1');
    assert.equal(both.source, 'OSS_*');
    assertNoSecrets(both, ['ossEnvSecret-1', 'ossEnvToken-1'], 'env credentials');
    const ali = readEnvCredentials({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIalibaba0002', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'aliEnvSecret-2', ALIBABA_CLOUD_SECURITY_TOKEN: 'aliTok-3' })!;
    assert.equal(ali.source, 'ALIBABA_CLOUD_*');
    assert.equal(ali.securityToken, 'aliTok-3');
  });

  it('EnvCredentialProvider reads the injected env on each call', async () => {
    const env: Record<string, string | undefined> = {};
    const p = new EnvCredentialProvider(env);
    assert.equal(p.kind, 'env');
    await assert.rejects(p.getCredentials(), (e: unknown) => e instanceof CredentialConfigError && e.message.includes('OSS_ACCESS_KEY_ID'));
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAIenvProv0003';
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'envProvSecret-3';
    const c: Credentials = await p.getCredentials();
    assert.equal(c.accessKeyId, 'LTAIenvProv0003');
    assert.equal(p.describe(), 'Environment ALIBABA_CLOUD_* LTAI****0003');
    assertNoSecrets(p, ['envProvSecret-3'], 'env provider');
    assertNoSecrets(c, ['envProvSecret-3'], 'env creds');
  });
});

describe('credentials: aliyun CLI config', () => {
  const config = {
    current: 'work',
    profiles: [
      { name: 'default', mode: 'AK', access_key_id: 'LTAIcliDefault01', access_key_secret: 'cliSecret-default', region_id: 'cn-hangzhou', output_format: 'json' },
      { name: 'work', mode: 'RamRoleArn', access_key_id: 'LTAIcliWork0002', access_key_secret: 'cliSecret-work', ram_role_arn: ROLE, ram_session_name: 'cli', expired_seconds: 900, region_id: 'cn-shanghai' },
      { name: 'tmp', mode: 'StsToken', access_key_id: 'STS.cliTmp0003', access_key_secret: 'cliSecret-tmp', sts_token: 'cliToken-tmp', region_id: '' },
      { name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'r' },
      { name: 'broken', mode: 'AK', access_key_id: 'LTAIx', access_key_secret: '' },
    ],
    meta_path: '',
  };

  it('parses AK, StsToken and RamRoleArn profiles; skips others with a reason', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aliyun-cfg-'));
    const file = path.join(dir, 'config.json');
    await fs.writeFile(file, JSON.stringify(config, null, 2));
    try {
      const cfg = (await readAliyunConfig(file))!;
      assert.equal(cfg.current, 'work');
      assert.deepEqual(
        cfg.profiles.map((p) => ({ ...p })),
        [
          { name: 'default', mode: 'AK', accessKeyId: 'LTAIcliDefault01', accessKeySecret: 'cliSecret-default', region: 'cn-hangzhou' },
          { name: 'work', mode: 'RamRoleArn', accessKeyId: 'LTAIcliWork0002', accessKeySecret: 'cliSecret-work', region: 'cn-shanghai', roleArn: ROLE, roleSessionName: 'cli', durationSeconds: 900 },
          { name: 'tmp', mode: 'StsToken', accessKeyId: 'STS.cliTmp0003', accessKeySecret: 'cliSecret-tmp', securityToken: 'cliToken-tmp' },
        ],
      );
      assert.deepEqual(cfg.skipped.map((s) => s.name), ['ecs', 'broken']);
      assertNoSecrets(cfg, ['cliSecret-default', 'cliSecret-work', 'cliSecret-tmp', 'cliToken-tmp'], 'aliyun config');
      assert.equal(await readAliyunConfig(path.join(dir, 'missing.json')), undefined);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('malformed JSON gives a CredentialConfigError', () => {
    assert.throws(() => parseAliyunConfig('{ nope'), CredentialConfigError);
    assert.deepEqual(parseAliyunConfig('{}'), { current: undefined, profiles: [], skipped: [] });
  });
});
