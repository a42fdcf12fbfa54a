/** buildSharePolicy / validatePolicyJson, and the bad inputs STS refuses (fake STS with roles). */
import * as assert from 'node:assert/strict';
import { CredentialConfigError, MAX_POLICY_LENGTH, StsError } from '../../../src/core/credentials';
import { buildSharePolicy, isIpOrCidr, policyProblem, SharePolicyError, validatePolicyJson } from '../../../src/core/share';
import { ACCOUNT, READ_ONLY_ROLE, startShareEnv, type ShareEnv } from './helpers';

type Doc = { Version: string; Statement: Array<{ Effect: string; Action: string[]; Resource: string[]; Condition?: Record<string, Record<string, string[]>> }> };

describe('share: buildSharePolicy', () => {
  it('read: GetObject on the prefix, ListObjects on the bucket limited by oss:Prefix', () => {
    const doc = JSON.parse(buildSharePolicy({ bucket: 'bkt', prefix: 'team/docs/', access: 'read' })) as Doc;
    assert.equal(doc.Version, '1');
    assert.deepEqual(doc.Statement, [
      { Effect: 'Allow', Action: ['oss:GetObject'], Resource: ['acs:oss:*:*:bkt/team/docs/*'] },
      { Effect: 'Allow', Action: ['oss:ListObjects'], Resource: ['acs:oss:*:*:bkt'], Condition: { StringLike: { 'oss:Prefix': ['team/docs/*'] } } },
    ]);
  });

  it('upload: no read and no list; read-write: writes, deletes and multipart housekeeping too', () => {
    const up = JSON.parse(buildSharePolicy({ bucket: 'bkt', prefix: 'in/', access: 'upload' })) as Doc;
    assert.equal(up.Statement.length, 1);
    assert.deepEqual(up.Statement[0].Action, ['oss:PutObject', 'oss:AbortMultipartUpload', 'oss:ListParts']);
    const rw = JSON.parse(buildSharePolicy({ bucket: 'bkt', prefix: 'in/', access: 'read-write' })) as Doc;
    assert.deepEqual(rw.Statement[0].Action.sort(), ['oss:AbortMultipartUpload', 'oss:DeleteObject', 'oss:GetObject', 'oss:ListParts', 'oss:PutObject']);
    assert.deepEqual(rw.Statement[1].Action, ['oss:ListObjects']);
  });

  it('whole bucket, one object, source IPs and custom actions', () => {
    const all = JSON.parse(buildSharePolicy({ bucket: 'bkt', prefix: '', access: 'read' })) as Doc;
    assert.deepEqual(all.Statement[0].Resource, ['acs:oss:*:*:bkt/*']);
    assert.equal(all.Statement[1].Condition, undefined);
    const one = JSON.parse(buildSharePolicy({ bucket: 'bkt', prefix: 'a/b.txt', access: 'read', scope: 'object' })) as Doc;
    assert.deepEqual(one.Statement[0].Resource, ['acs:oss:*:*:bkt/a/b.txt']);
    assert.deepEqual(one.Statement[1].Condition, { StringEquals: { 'oss:Prefix': ['a/b.txt'] } });
    const ip = JSON.parse(buildSharePolicy({ bucket: 'bkt', prefix: 'p/', access: 'upload', sourceIp: ['203.0.113.0/24', '2001:db8::1'] })) as Doc;
    assert.deepEqual(ip.Statement[0].Condition, { IpAddress: { 'acs:SourceIp': ['203.0.113.0/24', '2001:db8::1'] } });
    const custom = JSON.parse(buildSharePolicy({ bucket: 'bkt', prefix: 'p/', access: 'custom', actions: ['oss:GetObject', 'oss:ListObjects', 'oss:GetObjectAcl'] })) as Doc;
    assert.deepEqual(custom.Statement[0].Action, ['oss:GetObject', 'oss:GetObjectAcl']);
    assert.deepEqual(custom.Statement[1].Action, ['oss:ListObjects']);
  });

  it('refuses input that would grant more than asked, or that STS would refuse', () => {
    const bad = (input: Parameters<typeof buildSharePolicy>[0], re: RegExp): void => {
      assert.throws(() => buildSharePolicy(input), (e: unknown) => e instanceof SharePolicyError && re.test(e.message));
    };
    bad({ bucket: 'bkt', prefix: 'a*/', access: 'read' }, /wildcards/);
    bad({ bucket: 'Bad_Bucket', prefix: '', access: 'read' }, /bucket name/);
    bad({ bucket: 'bkt', prefix: 'dir/', access: 'read', scope: 'object' }, /object key/);
    bad({ bucket: 'bkt', prefix: '', access: 'read', sourceIp: ['300.1.1.1'] }, /IP address/);
    bad({ bucket: 'bkt', prefix: '', access: 'custom', actions: [] }, /at least one action/);
    bad({ bucket: 'bkt', prefix: '', access: 'custom', actions: ['s3:GetObject'] }, /Not an OSS action/);
    bad({ bucket: 'bkt', prefix: 'x'.repeat(900) + '/', access: 'read-write' }, new RegExp(`at most ${MAX_POLICY_LENGTH}`));
  });

  it('isIpOrCidr', () => {
    for (const ok of ['1.2.3.4', '10.0.0.0/8', '::1', '2001:db8::/32']) assert.ok(isIpOrCidr(ok), ok);
    for (const no of ['1.2.3', '1.2.3.4/33', 'abc', '1.2.3.4/8/1', '2001:db8::1::2']) assert.ok(!isIpOrCidr(no), no);
  });
});

describe('share: validatePolicyJson', () => {
  it('accepts what buildSharePolicy writes and names the first problem otherwise', () => {
    const text = buildSharePolicy({ bucket: 'bkt', prefix: 'p/', access: 'read' });
    assert.equal(validatePolicyJson(text).Statement.length, 2);
    assert.match(policyProblem('{"Version":"1",') ?? '', /not valid JSON/);
    assert.match(policyProblem('[]') ?? '', /JSON object/);
    assert.match(policyProblem('{"Version":"2","Statement":[]}') ?? '', /Version/);
    assert.match(policyProblem('{"Version":"1"}') ?? '', /Statement/);
    assert.match(policyProblem('{"Version":"1","Statement":[{"Effect":"Maybe","Action":"oss:*","Resource":"*"}]}') ?? '', /Statement 1: Effect/);
    assert.match(policyProblem('{"Version":"1","Statement":[{"Effect":"Allow","Resource":"*"}]}') ?? '', /Action/);
    assert.match(policyProblem(`{"Version":"1","x":"${'y'.repeat(MAX_POLICY_LENGTH)}"}`) ?? '', /at most 1024/);
    assert.throws(() => validatePolicyJson('nope'), SharePolicyError);
  });
});

describe('share: minting refuses bad input, and nothing is minted', function () {
  let env: ShareEnv;
  before(async () => {
    env = await startShareEnv();
  });
  after(() => env.close());
  const policy = (): string => buildSharePolicy({ bucket: 'bkt', prefix: 'p/', access: 'read' });

  it('a role that does not exist', async () => {
    const before = env.sts.issued.length;
    await assert.rejects(env.mint(policy(), { roleArn: `acs:ram::${ACCOUNT}:role/nobody` }), (e: unknown) => {
      return e instanceof StsError && e.code === 'EntityNotExist.Role' && /nobody/.test(e.message) && !!e.requestId;
    });
    assert.equal(env.sts.issued.length, before);
  });

  it('a policy STS refuses: malformed, or too long (refused before anything is sent)', async () => {
    const before = env.sts.issued.length;
    const malformed = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject"}]}';
    await assert.rejects(env.mint(malformed), (e: unknown) => e instanceof StsError && e.code === 'InvalidParameter.PolicyGrammar');
    await assert.rejects(env.mint('{"Version":"1",'), (e: unknown) => e instanceof StsError && e.code === 'InvalidParameter.PolicyGrammar');
    const requests = env.sts.requests;
    const long = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:GetObject', Resource: 'x'.repeat(MAX_POLICY_LENGTH) }] });
    await assert.rejects(env.mint(long), (e: unknown) => e instanceof CredentialConfigError && /at most 1024/.test(e.message));
    assert.equal(env.sts.requests, requests);
    assert.equal(env.sts.issued.length, before);
  });

  it("a duration above the role's maximum", async () => {
    await assert.rejects(env.mint(policy(), { roleArn: READ_ONLY_ROLE, durationSeconds: 7200 }), (e: unknown) => {
      return e instanceof StsError && e.code === 'InvalidParameter.DurationSeconds' && /1hr/.test(e.message);
    });
    const ok = await env.mint(policy(), { roleArn: READ_ONLY_ROLE, durationSeconds: 3600 });
    assert.ok(ok.expiration && ok.expiration.getTime() - Date.now() > 3500_000);
  });
});
