/**
 * AWS STS AssumeRole against moto's STS (moto_server serves STS beside S3 and IAM) with IAM
 * authentication on: moto checks our SigV4 signature (service sts) with botocore, issues real
 * temporary credentials, and its S3 accepts them. The provider's refresh rules are the shared
 * ones of RefreshingProvider; here they are shown against the real server.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { inspect } from 'node:util';
import { randomBytes } from 'node:crypto';
import {
  AwsAssumeRoleProvider,
  CredentialConfigError,
  StaticAccessKeyProvider,
  StsError,
  StsNetworkError,
  awsAssumeRole,
  awsSourceProvider,
  awsStsEndpoint,
  parseAwsProfiles,
  resolveAwsProfile,
  validateAwsAssumeRoleParams,
} from '../../../src/core/credentials';
import { S3Client } from '../../../src/core/s3';
import { startMoto, startS3rver, type S3TestServer } from '../../support/s3Servers';

const ACCOUNT = '123456789012';

/** http://127.0.0.1:<a port that was just free and is closed again>. */
function closedPortUrl(): Promise<string> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(`http://127.0.0.1:${port}`));
    });
  });
}
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
const S3_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sts:AssumeRole'], Resource: '*' }] });

describe('AWS STS AssumeRole against moto', function () {
  this.timeout(30000);
  let moto: S3TestServer;
  const role = `arn:aws:iam::${ACCOUNT}:role/s3-reader`;
  const role2 = `arn:aws:iam::${ACCOUNT}:role/s3-second`;
  const bucket = `sts-${randomBytes(3).toString('hex')}`;

  before(async () => {
    moto = await startMoto({
      beforeAuth: async (iam) => {
        for (const name of ['s3-reader', 's3-second']) {
          await iam({ Action: 'CreateRole', RoleName: name, AssumeRolePolicyDocument: TRUST });
          await iam({ Action: 'PutRolePolicy', RoleName: name, PolicyName: 'all', PolicyDocument: S3_ALL });
        }
      },
    });
    const admin = s3With(new StaticAccessKeyProvider(moto.accessKeyId, moto.secretAccessKey));
    await admin.createBucket(bucket);
    await admin.putObject(bucket, 'hello.txt', Buffer.from('hello from moto'));
    admin.destroy();
  });
  after(async () => moto?.stop());

  function s3With(credentials: S3Client['options']['credentials']): S3Client {
    return new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', pathStyle: true, maxRetries: 0, credentials });
  }
  const source = () => ({ accessKeyId: moto.accessKeyId, accessKeySecret: moto.secretAccessKey });

  it('assumes a role: temporary credentials with a session token and the requested life, which moto S3 accepts', async () => {
    const before = Date.now();
    const res = await awsAssumeRole({ endpoint: moto.endpoint, source: source(), roleArn: role, roleSessionName: 'unit-test', durationSeconds: 900 });
    const c = res.credentials;
    assert.match(c.accessKeyId, /^ASIA/);
    assert.ok(c.securityToken && c.securityToken.length > 20);
    const life = c.expiration!.getTime() - before;
    assert.ok(life > 890_000 && life < 910_000, `life ${life} ms`);
    assert.match(res.assumedRoleUser?.arn ?? '', /assumed-role\/s3-reader\/unit-test$/);
    assert.ok(!JSON.stringify(res).includes(c.accessKeySecret) && !inspect(res).includes(c.securityToken), 'secrets leak when rendered');
    const s3 = s3With(new AwsAssumeRoleProvider({ endpoint: moto.endpoint, source: new StaticAccessKeyProvider(source().accessKeyId, source().accessKeySecret), roleArn: role, roleSessionName: 'unit-test' }));
    try {
      assert.equal((await s3.getObjectBuffer(bucket, 'hello.txt')).body.toString(), 'hello from moto');
    } finally {
      s3.destroy();
    }
  });

  it('a wrong secret gives StsError SignatureDoesNotMatch, without the secret in the message', async () => {
    const secret = 'wrong-secret-0123456789abcdef';
    await assert.rejects(
      awsAssumeRole({ endpoint: moto.endpoint, source: { accessKeyId: moto.accessKeyId, accessKeySecret: secret }, roleArn: role, roleSessionName: 'bad', durationSeconds: 900 }),
      (err: unknown) => {
        assert.ok(err instanceof StsError, String(err));
        assert.equal(err.code, 'SignatureDoesNotMatch');
        assert.equal(err.status, 403);
        assert.ok(!err.message.includes(secret));
        assert.ok(err.message.includes(`AWS STS AssumeRole at ${moto.endpoint} failed`), `names the STS endpoint: ${err.message}`);
        return true;
      },
    );
  });

  it('an STS endpoint where nothing listens gives StsNetworkError naming it', async () => {
    const closed = await closedPortUrl();
    await assert.rejects(
      awsAssumeRole({ endpoint: closed, source: source(), roleArn: role, roleSessionName: 'x2', durationSeconds: 900, timeoutMs: 5000 }),
      (err: unknown) => {
        assert.ok(err instanceof StsNetworkError, String(err));
        assert.ok(err.message.startsWith(`Could not reach STS at ${closed} to assume role ${role}`), err.message);
        return true;
      },
    );
  });

  it('an endpoint that is not STS (s3rver) gives an StsError that asks whether it is one', async () => {
    const other = await startS3rver();
    try {
      await assert.rejects(
        awsAssumeRole({ endpoint: other.endpoint, source: { accessKeyId: other.accessKeyId, accessKeySecret: other.secretAccessKey }, roleArn: role, roleSessionName: 'x1', durationSeconds: 900 }),
        (err: unknown) => err instanceof StsError && err.code === 'HTTP404' && err.message.includes('(is it an STS endpoint?)'),
      );
    } finally {
      await other.stop();
    }
  });

  it('the provider shares one AssumeRole among concurrent callers and refreshes after 80 % of the life (real clock moved on)', async () => {
    let skew = 0;
    const p = new AwsAssumeRoleProvider({
      endpoint: moto.endpoint, source: new StaticAccessKeyProvider(moto.accessKeyId, moto.secretAccessKey),
      roleArn: role, roleSessionName: 'refresh', durationSeconds: 900, now: () => new Date(Date.now() + skew),
    });
    const all = await Promise.all([p.getCredentials(), p.getCredentials(), p.getCredentials()]);
    assert.equal(p.refreshCount, 1);
    assert.ok(all.every((c) => c.accessKeyId === all[0].accessKeyId));
    skew = 100_000;
    assert.equal((await p.getCredentials()).accessKeyId, all[0].accessKeyId, 'refreshed too early');
    skew = 730_000; // past 80 % of 900 s
    const next = await p.getCredentials();
    assert.equal(p.refreshCount, 2);
    assert.notEqual(next.accessKeyId, all[0].accessKeyId);
    p.invalidate('NoSuchKey');
    assert.equal((await p.getCredentials()).accessKeyId, next.accessKeyId, 'an unrelated code must not refresh');
    p.invalidate('ExpiredToken');
    assert.notEqual((await p.getCredentials()).accessKeyId, next.accessKeyId);
    assert.equal(p.refreshCount, 3);
    assert.match(p.describe(), /^AssumeRole arn:aws:iam::123456789012:role\/s3-reader \(via AccessKey /);
    assert.ok(!p.describe().includes(moto.secretAccessKey));
  });

  it('a failed refresh rejects with the STS error, keeps it as lastError through the back-off, and tries again after it', async () => {
    let t = Date.now();
    const p = new AwsAssumeRoleProvider({
      endpoint: moto.endpoint, source: new StaticAccessKeyProvider(moto.accessKeyId, 'not-the-secret'),
      roleArn: role, roleSessionName: 'backoff', durationSeconds: 900, now: () => new Date(t), retryBackoffMs: 1000,
    });
    await assert.rejects(p.getCredentials(), { code: 'SignatureDoesNotMatch' });
    await assert.rejects(p.getCredentials(), { code: 'SignatureDoesNotMatch' });
    assert.equal(p.lastError?.code, 'SignatureDoesNotMatch');
    t += 1500;
    await assert.rejects(p.getCredentials(), { code: 'SignatureDoesNotMatch' });
  });

  it('a profile chain from ~/.aws text (keys → role → role) becomes a working provider', async () => {
    const credentials = `[base]\naws_access_key_id = ${moto.accessKeyId}\naws_secret_access_key = ${moto.secretAccessKey}\n`;
    const config = `[profile first]\nrole_arn = ${role}\nsource_profile = base\nregion = us-east-1\n\n[profile second]\nrole_arn = ${role2}\nsource_profile = first\nrole_session_name = chained\nduration_seconds = 1200\n`;
    const profile = resolveAwsProfile({ credentials, config }, 'second');
    assert.equal(profile.source.kind, 'assumeRole');
    const before = Date.now();
    const provider = awsSourceProvider(profile.source, { roleSessionName: 'imported', endpoint: moto.endpoint });
    const s3 = s3With(provider);
    try {
      assert.equal((await s3.getObjectBuffer(bucket, 'hello.txt')).body.toString(), 'hello from moto');
      const c = await provider.getCredentials();
      const life = c.expiration!.getTime() - before;
      assert.ok(life > 1190_000 && life < 1210_000, `life ${life}`);
      assert.match(provider.describe(), /s3-second \(via AssumeRole arn:aws:iam::123456789012:role\/s3-reader \(via AccessKey /);
    } finally {
      s3.destroy();
    }
    assert.equal(parseAwsProfiles({ credentials, config }).skipped.length, 0);
  });
});

describe('AWS STS input checks (nothing is sent)', () => {
  it('endpoints: explicit URL, regional, China, default us-east-1; a region that is not AWS says what to set', () => {
    assert.equal(awsStsEndpoint({ endpoint: 'http://127.0.0.1:5000' }), 'http://127.0.0.1:5000');
    assert.equal(awsStsEndpoint({ endpoint: 'sts.example.com' }), 'https://sts.example.com');
    assert.equal(awsStsEndpoint({ region: 'eu-west-3' }), 'https://sts.eu-west-3.amazonaws.com');
    assert.equal(awsStsEndpoint({ region: 'cn-north-1' }), 'https://sts.cn-north-1.amazonaws.com.cn');
    assert.equal(awsStsEndpoint({}), 'https://sts.us-east-1.amazonaws.com');
    assert.throws(() => awsStsEndpoint({ region: 'auto' }), /not an AWS region for STS .*give the STS endpoint URL/);
  });

  it('role ARN, session name, duration, external ID and policy are checked with a message saying what to change', () => {
    const ok = { roleArn: 'arn:aws:iam::123456789012:role/path/x', roleSessionName: 'me@example.com', durationSeconds: 3600 };
    validateAwsAssumeRoleParams(ok);
    validateAwsAssumeRoleParams({ ...ok, roleArn: 'arn:aws-cn:iam::123456789012:role/x', externalId: 'ext-1' });
    const bad: Array<[Partial<typeof ok> & { externalId?: string; policy?: string }, RegExp]> = [
      [{ roleArn: 'acs:ram::123:role/x' }, /arn:aws:iam::<12-digit account>:role\/<name>/],
      [{ roleArn: 'arn:aws:iam::12345:role/x' }, /12-digit/],
      [{ roleSessionName: 'a' }, /2-64 characters/],
      [{ roleSessionName: 'has space' }, /2-64 characters/],
      [{ durationSeconds: 899 }, /from 900 to 43200/],
      [{ durationSeconds: 43201 }, /from 900 to 43200/],
      [{ externalId: 'x' }, /external ID/],
      [{ policy: 'x'.repeat(2049) }, /at most 2048/],
    ];
    for (const [change, message] of bad) {
      assert.throws(() => validateAwsAssumeRoleParams({ ...ok, ...change }), (e: unknown) => e instanceof CredentialConfigError && message.test(e.message));
    }
  });
});
