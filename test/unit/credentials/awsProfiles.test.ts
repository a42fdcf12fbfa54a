/**
 * ~/.aws/credentials, ~/.aws/config and AWS_* parsing, checked against the AWS SDK's own reader
 * (@smithy/core/config parseKnownFiles) on the same files, and on the profile forms the import
 * supports: static keys, session tokens, region, role_arn + source_profile (chains), and the
 * forms it refuses with a message saying what to change.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { parseKnownFiles } from '@smithy/core/config';
import { awsConfigPaths, mergeAwsProfiles, parseAwsProfiles, readAwsEnv, resolveAwsProfile } from '../../../src/core/credentials';

const CREDENTIALS = `# keys
[default]
aws_access_key_id = AKIADEFAULT000000000
aws_secret_access_key = defaultSecret/abc+def
[temp]
aws_access_key_id=ASIATEMP0000000000
aws_secret_access_key=tempSecret
aws_session_token = IQoJtoken== ; a comment
[shared]
region = eu-west-1
`;
const CONFIG = `[default]
region = us-west-2
s3 =
  addressing_style = path
  endpoint_url = http://127.0.0.1:9000
[profile shared]
aws_access_key_id = AKIASHARED0000000000
aws_secret_access_key = sharedSecret
region = ap-south-1
[profile "quoted"]
aws_access_key_id = AKIAQUOTED0000000000
aws_secret_access_key = q
[profile role]
role_arn = arn:aws:iam::123456789012:role/r
source_profile = default
external_id = ext-42
duration_seconds = 1800
[profile self]
role_arn = arn:aws:iam::123456789012:role/self
source_profile = self
aws_access_key_id = AKIASELF000000000000
aws_secret_access_key = selfSecret
[profile loopA]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = loopB
[profile loopB]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = loopA
[profile orphan]
role_arn = arn:aws:iam::123456789012:role/o
source_profile = nowhere
[profile sso]
sso_session = corp
sso_account_id = 123456789012
[profile half]
aws_access_key_id = AKIAHALF000000000000
[sso-session corp]
sso_start_url = https://example.awsapps.com/start
[notaprofile]
aws_access_key_id = AKIAIGNORED000000000
aws_secret_access_key = ignored
`;

describe('AWS shared config files', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awscfg-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('merges both files exactly as the AWS SDK does (credentials-file keys win)', async () => {
    const filepath = path.join(dir, 'credentials');
    const configFilepath = path.join(dir, 'config');
    fs.writeFileSync(filepath, CREDENTIALS);
    fs.writeFileSync(configFilepath, CONFIG);
    const theirs = await parseKnownFiles({ filepath, configFilepath, ignoreCache: true });
    // the SDK keeps sso-session / services sections under a dotted name; they are not profiles
    const theirProfiles = Object.fromEntries(Object.entries(theirs).filter(([k]) => !k.startsWith('sso-session.')));
    assert.deepEqual({ ...mergeAwsProfiles({ credentials: CREDENTIALS, config: CONFIG }) }, theirProfiles);
  });

  it('resolves keys, session tokens, regions, S3 settings and roles; refuses the rest saying what to change', () => {
    const { profiles, skipped } = parseAwsProfiles({ credentials: CREDENTIALS, config: CONFIG });
    const by = Object.fromEntries(profiles.map((p) => [p.name, p]));
    assert.deepEqual(Object.keys(by).sort(), ['default', 'quoted', 'role', 'self', 'shared', 'temp']);
    const d = by.default;
    assert.equal(d.source.kind, 'static');
    assert.equal(d.source.kind === 'static' && d.source.credentials.accessKeySecret, 'defaultSecret/abc+def');
    assert.equal(d.region, 'us-west-2');
    assert.equal(d.endpointUrl, 'http://127.0.0.1:9000');
    assert.equal(d.pathStyle, true);
    const t = by.temp.source;
    assert.ok(t.kind === 'static' && t.credentials.securityToken === 'IQoJtoken==');
    assert.equal(by.shared.region, 'eu-west-1', 'the credentials file wins');
    const r = by.role.source;
    assert.ok(r.kind === 'assumeRole');
    assert.equal(r.roleArn, 'arn:aws:iam::123456789012:role/r');
    assert.equal(r.externalId, 'ext-42');
    assert.equal(r.durationSeconds, 1800);
    assert.equal(r.source.kind === 'static' && r.source.profile, 'default');
    const s = by.self.source;
    assert.ok(s.kind === 'assumeRole' && s.source.kind === 'static' && s.source.credentials.accessKeyId === 'AKIASELF000000000000');
    const why = Object.fromEntries(skipped.map((x) => [x.name, x.reason]));
    assert.match(why.loopA, /loops: point source_profile at a profile with access keys/);
    assert.match(why.orphan, /source_profile nowhere, which is in neither file/);
    assert.match(why.sso, /IAM Identity Center \(SSO\), which cannot be imported/);
    assert.match(why.half, /only one of aws_access_key_id and aws_secret_access_key: add the other/);
    assert.ok(!JSON.stringify(profiles).includes('defaultSecret') && !inspect(profiles, { depth: 9 }).includes('tempSecret'), 'secrets leak when rendered');
  });

  it('resolveAwsProfile names the profiles there are when one is missing', () => {
    assert.throws(() => resolveAwsProfile({ credentials: CREDENTIALS }, 'prod'), /There is no AWS profile prod \(found: default, temp\)/);
    assert.throws(() => resolveAwsProfile({ config: CONFIG }, 'half'), /add the other/);
  });
});

describe('AWS_* environment variables', () => {
  it('reads the key pair, session token, region (AWS_REGION first), profile and endpoint', () => {
    const e = readAwsEnv({ AWS_ACCESS_KEY_ID: ' AKIAENV ', AWS_SECRET_ACCESS_KEY: 'envSecret', AWS_SESSION_TOKEN: 'tok', AWS_REGION: 'eu-north-1', AWS_DEFAULT_REGION: 'us-east-2', AWS_PROFILE: 'work', AWS_ENDPOINT_URL_S3: 'http://minio:9000' });
    assert.equal(e.credentials?.accessKeyId, 'AKIAENV');
    assert.equal(e.credentials?.securityToken, 'tok');
    assert.equal(e.region, 'eu-north-1');
    assert.equal(e.profile, 'work');
    assert.equal(e.endpointUrl, 'http://minio:9000');
    assert.ok(!JSON.stringify(e).includes('envSecret') && !inspect(e).includes('tok\''));
    const d = readAwsEnv({ AWS_DEFAULT_REGION: 'us-east-2' });
    assert.equal(d.credentials, undefined);
    assert.equal(d.region, 'us-east-2');
    assert.equal(d.profile, 'default');
    assert.throws(() => readAwsEnv({ AWS_ACCESS_KEY_ID: 'AKIA' }), /AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither/);
  });

  it('file locations: AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE (with ~), else ~/.aws', () => {
    assert.deepEqual(awsConfigPaths({}, '/home/u'), { credentials: '/home/u/.aws/credentials', config: '/home/u/.aws/config' });
    assert.deepEqual(awsConfigPaths({ AWS_SHARED_CREDENTIALS_FILE: '~/c', AWS_CONFIG_FILE: '/etc/aws' }, '/home/u'), { credentials: '/home/u/c', config: '/etc/aws' });
  });
});
