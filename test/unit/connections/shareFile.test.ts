/** The connection-list file a team shares: what is written, and how each entry is checked on import. */
import * as assert from 'assert';
import {
  buildConnectionList,
  CONNECTION_LIST_FORMAT,
  ConnectionListError,
  parseConnectionList,
  serializeConnectionList,
  shareConnection,
} from '../../../src/core/connections';
import { fillPlaceholders, type Translate } from '../../../src/core/translate';
import { assertNoSecrets } from '../credentials/leak';

const SECRET = 'kSecretAbCdEf0123456789ZyXwVu';
const TOKEN = 'CAIStokenTOKENtoken1234567890';
const KEY_ID = 'LTAI5tPersonalKey0001';

/** Records as the store holds them, plus the secrets a careless caller might pass along. */
const stored = [
  {
    id: '0b3f6c1e-1111-4a4a-9c9c-000000000001', name: 'Production', region: 'cn-hangzhou', authType: 'accessKey',
    accessKeyId: KEY_ID, accessKeySecret: SECRET, pinnedBucket: 'prod-logs', pinnedPrefix: 'app/',
    customDomain: 'https://cdn.example.com', requestsViaCustomDomain: true, signatureVersion: 'v1',
    roleArn: 'acs:ram::1234567890123456:role/ignored',
  },
  {
    id: '0b3f6c1e-1111-4a4a-9c9c-000000000002', name: 'Temp', region: 'cn-beijing', authType: 'sts',
    accessKeyId: 'STS.NUabc', securityToken: TOKEN, stsExpiration: '2026-12-02T12:00:00.000Z', endpoint: 'http://127.0.0.1:9000',
  },
  {
    id: '0b3f6c1e-1111-4a4a-9c9c-000000000003', name: 'Reader role', region: 'eu-central-1', authType: 'assumeRole',
    accessKeyId: KEY_ID, roleArn: 'acs:ram::1234567890123456:role/oss-reader', roleSessionName: 'team', durationSeconds: 3600,
    stsEndpoint: 'https://sts.eu-central-1.aliyuncs.com', somethingNew: 'x',
  },
];

const entry = (over: Record<string, unknown>): Record<string, unknown> => ({ name: 'X', authType: 'accessKey', region: 'cn-hangzhou', ...over });
const file = (connections: unknown[], over: Record<string, unknown> = {}): string =>
  JSON.stringify({ format: CONNECTION_LIST_FORMAT, version: 1, connections, ...over });

describe('connections/shareFile: the shared connection list', () => {
  it('writes only the shared fields: no AccessKey ID, secret, token, token expiry or unknown field', () => {
    const text = serializeConnectionList(buildConnectionList(stored, new Date('2026-12-02T10:00:00Z')));
    assertNoSecrets(text, [SECRET, TOKEN, KEY_ID, 'STS.NUabc', '2026-12-02T12:00', 'somethingNew'], 'the exported file');
    const doc = JSON.parse(text);
    assert.strictEqual(doc.format, CONNECTION_LIST_FORMAT);
    assert.strictEqual(doc.version, 1);
    assert.strictEqual(doc.exportedAt, '2026-12-02T10:00:00.000Z');
    assert.deepStrictEqual(doc.connections[0], {
      id: stored[0].id, name: 'Production', authType: 'accessKey', region: 'cn-hangzhou', customDomain: 'https://cdn.example.com',
      requestsViaCustomDomain: true, pinnedBucket: 'prod-logs', pinnedPrefix: 'app/', signatureVersion: 'v1',
    }, 'role fields of a connection that is not AssumeRole are left out');
    assert.deepStrictEqual(Object.keys(doc.connections[2]).sort(), ['authType', 'durationSeconds', 'id', 'name', 'region', 'roleArn', 'roleSessionName', 'stsEndpoint']);
  });

  it('shares an S3 connection with its service, path-style addressing and STS endpoint; OSS entries carry no service', () => {
    const s3 = { id: 'c-s3', name: 'MinIO', service: 's3', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', pathStyle: true, authType: 'assumeRole',
      accessKeyId: KEY_ID, roleArn: 'arn:aws:iam::123456789012:role/reader', roleSessionName: 'me', stsEndpoint: 'http://127.0.0.1:9000' };
    const text = serializeConnectionList(buildConnectionList([s3, { id: 'c-oss', name: 'Old', service: 'oss', region: 'cn-hangzhou', authType: 'accessKey', accessKeyId: KEY_ID }], new Date()));
    assertNoSecrets(text, [KEY_ID], 'the exported file');
    const parsed = parseConnectionList(text);
    assert.deepStrictEqual(parsed.invalid, []);
    const { accessKeyId: _k, ...shared } = s3;
    assert.deepStrictEqual(parsed.connections[0].connection, shared);
    assert.deepStrictEqual(parsed.connections[1].connection, { id: 'c-oss', name: 'Old', region: 'cn-hangzhou', authType: 'accessKey' });
  });

  it('refuses S3 entries with OSS-only or malformed fields, saying what to change', () => {
    const base = { name: 'S3', service: 's3', region: 'auto', authType: 'accessKey' };
    const text = JSON.stringify({ format: CONNECTION_LIST_FORMAT, version: 1, connections: [
      { ...base, name: 'a', service: 'azure' },
      { ...base, name: 'b', region: 'Auto Region' },
      { ...base, name: 'c', pathStyle: 'yes' },
      { ...base, name: 'd', service: undefined, region: 'cn-hangzhou', pathStyle: true },
      { ...base, name: 'e', customDomain: 'https://cdn.example.com' },
      { ...base, name: 'f', authType: 'assumeRole', roleArn: 'acs:ram::1:role/x' },
      { ...base, name: 'g' },
    ] });
    const parsed = parseConnectionList(text);
    assert.deepStrictEqual(parsed.connections.map((c) => c.connection.name), ['g']);
    const problems = Object.fromEntries(parsed.invalid.map((p) => [p.name, p.problems.join('; ')]));
    assert.match(problems.a, /"service" must be one of oss, s3/);
    assert.match(problems.b, /us-east-1 \(auto for Cloudflare R2\)/);
    assert.match(problems.c, /"pathStyle" must be true or false/);
    assert.match(problems.d, /only for S3/);
    assert.match(problems.e, /only for OSS/);
    assert.match(problems.f, /arn:aws:iam::/);
  });

  it('reads back what it wrote, entry for entry', () => {
    const shared = stored.map(shareConnection);
    const parsed = parseConnectionList(serializeConnectionList(buildConnectionList(stored, new Date())));
    assert.deepStrictEqual(parsed.invalid, []);
    assert.deepStrictEqual(parsed.connections, shared.map((connection, i) => ({ index: i + 1, connection })));
  });

  it('refuses a file that is not a connection list, saying why', () => {
    const cases: Array<[string, RegExp]> = [
      ['{ not json', /not valid JSON/],
      ['[]', /not an OSS Explorer connection list/],
      [JSON.stringify({ format: 'something-else', version: 1, connections: [] }), /"format" is not "oss-explorer\.connections"/],
      [file([], { version: 'one' }), /no valid "version"/],
      [file([], { version: 2 }), /format version 2, newer than this extension reads \(1\)/],
      [JSON.stringify({ format: CONNECTION_LIST_FORMAT, version: 1 }), /no "connections" array/],
    ];
    for (const [text, re] of cases) {
      assert.throws(() => parseConnectionList(text), (e: unknown) => e instanceof ConnectionListError && re.test(e.message), text);
    }
    assert.deepStrictEqual(parseConnectionList(`\uFEFF${file([])}`), { connections: [], invalid: [] }, 'a byte-order mark is fine');
  });

  it('lists every problem of every bad entry, by position and name, and keeps the good ones', () => {
    const parsed = parseConnectionList(
      file([
        entry({ name: 'Good', endpoint: 'https://oss-cn-hangzhou.aliyuncs.com/' }),
        'just text',
        entry({ name: 'Bad region and auth', region: 'Hangzhou!', authType: 'password' }),
        entry({ name: 'Carries secrets', accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN }),
        entry({ name: 'Role', authType: 'assumeRole', roleArn: 'arn:aws:iam::1:role/x', durationSeconds: 60, roleSessionName: 'a' }),
        entry({ name: 'Urls', endpoint: 'ftp://x', customDomain: 'https://cdn.example.com/path', pinnedBucket: 'No_Such', pinnedPrefix: '/abs' }),
        entry({ name: 'Via', customDomain: 'https://cdn.example.com', requestsViaCustomDomain: true }),
        entry({ name: 'good', id: 'has spaces', signatureVersion: 'v2', extra: 1 }),
        entry({ name: '' }),
        { authType: 'sts', region: 'cn-hangzhou' },
      ]),
    );
    assert.deepStrictEqual(parsed.connections, [
      { index: 1, connection: { name: 'Good', authType: 'accessKey', region: 'cn-hangzhou', endpoint: 'https://oss-cn-hangzhou.aliyuncs.com' } },
    ]);
    const byIndex = new Map(parsed.invalid.map((p) => [p.index, p]));
    assert.deepStrictEqual([...byIndex.keys()], [2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const expect = (i: number, name: string | undefined, res: RegExp[]): void => {
      const p = byIndex.get(i)!;
      assert.strictEqual(p.name, name, `entry ${i}`);
      assert.strictEqual(p.problems.length, res.length, `entry ${i}: ${p.problems.join(' | ')}`);
      res.forEach((re, k) => assert.match(p.problems[k], re, `entry ${i}`));
    };
    expect(2, undefined, [/not an object/]);
    expect(3, 'Bad region and auth', [/"authType" must be one of accessKey, sts, assumeRole/, /"region" must be a region id/]);
    expect(4, 'Carries secrets', [/holds "accessKeyId"/, /holds "accessKeySecret"/, /holds "securityToken"/]);
    expect(5, 'Role', [/"roleArn" must look like acs:ram::/, /"roleSessionName" must be 2–64/, /"durationSeconds" must be a whole number from 900 to 43200/]);
    expect(6, 'Urls', [/"endpoint" must start with http/, /"customDomain" must not have a path/, /"pinnedBucket" is not a bucket name/, /"pinnedPrefix" must not start with \//]);
    expect(7, 'Via', [/needs a pinned bucket/]);
    expect(8, 'good', [/unknown field "extra"/, /"id" must be 1–64/, /"signatureVersion" must be v4 or v1/, /another entry of the file has the same name/]);
    expect(9, '', [/"name" must be non-empty text/]);
    expect(10, undefined, [/has no "name"/]);
    assertNoSecrets(parsed, [SECRET, TOKEN, KEY_ID], 'the problems');
  });

  it('says every problem through the translator it is given', () => {
    const marked: Translate = (m, ...a) => `«${fillPlaceholders(m, ...a)}»`;
    assert.throws(() => parseConnectionList('nope', marked), /^ConnectionListError: «The file is not valid JSON\.»$/);
    const parsed = parseConnectionList(file([entry({ region: '', endpoint: 'x', authType: 'assumeRole' })]), marked);
    for (const p of parsed.invalid[0].problems) assert.match(p, /^«.*»$/, p);
  });
});
