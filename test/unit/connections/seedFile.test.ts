import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ConnectionRecord, ConnectionSecrets } from '../../../src/connections/model';
import { importSeedFile, SEED_FILE_ENV } from '../../../src/connections/seedFile';

class FakeStore {
  readonly records: Omit<ConnectionRecord, 'id'>[] = [];
  readonly secrets: ConnectionSecrets[] = [];
  list(): { name: string }[] {
    return this.records.map((r) => ({ name: r.name }));
  }
  async add(record: Omit<ConnectionRecord, 'id'>, secrets: ConnectionSecrets): Promise<void> {
    this.records.push(record);
    this.secrets.push(secrets);
  }
}

describe('connections/seedFile (dev-only seeding hook)', () => {
  let dir: string;
  const SECRET = 'sk-very-secret-value';
  const ak = { name: 'Local demo (AccessKey)', region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9000/', authType: 'accessKey', accessKeyId: 'LTAI1', accessKeySecret: SECRET };
  const role = {
    name: 'Local demo (AssumeRole)', region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9000', authType: 'assumeRole', accessKeyId: 'LTAI1',
    accessKeySecret: SECRET, roleArn: 'acs:ram::1:role/demo', stsEndpoint: 'http://127.0.0.1:9001',
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(body: unknown): string {
    const f = path.join(dir, 'seed.json');
    fs.writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
    return f;
  }

  it('does nothing without the environment variable', async () => {
    const store = new FakeStore();
    assert.deepStrictEqual(await importSeedFile(store, () => assert.fail('no warning expected'), {}), []);
    assert.strictEqual(store.records.length, 0);
  });

  it('imports new connections (secrets apart from the record), skips known names, deletes the file', async () => {
    const store = new FakeStore();
    await store.add({ name: ak.name, region: 'x', authType: 'accessKey', accessKeyId: 'OLD' }, { accessKeySecret: 'old' });
    const file = write({ connections: [ak, role] });
    const names = await importSeedFile(store, () => undefined, { [SEED_FILE_ENV]: file });
    assert.deepStrictEqual(names, [role.name]);
    assert.strictEqual(store.records.length, 2);
    const rec = store.records[1];
    assert.strictEqual(rec.endpoint, 'http://127.0.0.1:9000');
    assert.strictEqual(rec.roleArn, role.roleArn);
    assert.strictEqual(rec.stsEndpoint, role.stsEndpoint);
    assert.ok(!JSON.stringify(rec).includes(SECRET), 'a secret leaked into the public record');
    assert.deepStrictEqual(store.secrets[1], { accessKeySecret: SECRET });
    assert.ok(!fs.existsSync(file), 'the seed file must be deleted');
  });

  it('keeps the file when it says deleteAfterImport: false', async () => {
    const file = write({ deleteAfterImport: false, connections: [ak] });
    const store = new FakeStore();
    assert.deepStrictEqual(await importSeedFile(store, () => undefined, { [SEED_FILE_ENV]: file }), [ak.name]);
    assert.ok(fs.existsSync(file));
    // A second activation (same profile) imports nothing again.
    assert.deepStrictEqual(await importSeedFile(store, () => undefined, { [SEED_FILE_ENV]: file }), []);
  });

  it('skips invalid entries and reports malformed files without quoting secrets', async () => {
    const warnings: string[] = [];
    const store = new FakeStore();
    const file = write({ connections: [{ ...ak, authType: 'password' }, { ...role, roleArn: undefined }, { ...ak, endpoint: 'ftp://x' }] });
    assert.deepStrictEqual(await importSeedFile(store, (m) => warnings.push(m), { [SEED_FILE_ENV]: file }), []);
    assert.strictEqual(warnings.length, 3);
    const bad = write(`{"connections": [{"accessKeySecret": "${SECRET}" oops`);
    assert.deepStrictEqual(await importSeedFile(store, (m) => warnings.push(m), { [SEED_FILE_ENV]: bad }), []);
    assert.strictEqual(warnings.length, 4);
    assert.ok(warnings.every((w) => !w.includes(SECRET)), warnings.join('\n'));
    assert.ok(!fs.existsSync(bad));
    // A missing file (already imported) is silent.
    assert.deepStrictEqual(await importSeedFile(store, (m) => warnings.push(m), { [SEED_FILE_ENV]: path.join(dir, 'gone.json') }), []);
    assert.strictEqual(warnings.length, 4);
  });

  it('imports S3 connections (service, pathStyle, region auto) and refuses S3 fields that cannot work', async () => {
    const s3 = { name: 'R2', service: 's3', region: 'auto', endpoint: 'https://acct.r2.cloudflarestorage.com', pathStyle: true, authType: 'accessKey', accessKeyId: 'AKIA1', accessKeySecret: SECRET };
    const warnings: string[] = [];
    const store = new FakeStore();
    const file = write({ connections: [
      s3,
      { ...s3, name: 'bad service', service: 'gcs' },
      { ...s3, name: 'bad region', region: 'US East' },
      { ...s3, name: 'path on oss', service: undefined, region: 'cn-hangzhou' },
      { ...s3, name: 'oss arn on s3', authType: 'assumeRole', roleArn: 'acs:ram::1:role/demo' },
      { ...s3, name: 'aws role', authType: 'assumeRole', roleArn: 'arn:aws:iam::123456789012:role/reader' },
      { ...s3, name: 'minio role', authType: 'assumeRole', roleArn: 'arn:aws:iam::123456789012:role/reader', stsEndpoint: 'http://127.0.0.1:9000/' },
      { ...s3, name: 'bad sts', authType: 'assumeRole', roleArn: 'arn:aws:iam::123456789012:role/reader', stsEndpoint: 'sts.example.com' },
      { ...s3, name: 'sts without role', stsEndpoint: 'http://127.0.0.1:9000' },
    ] });
    assert.deepStrictEqual(await importSeedFile(store, (m) => warnings.push(m), { [SEED_FILE_ENV]: file }), ['R2', 'aws role', 'minio role']);
    assert.strictEqual(warnings.length, 6, warnings.join('\n'));
    assert.strictEqual(store.records[2].stsEndpoint, 'http://127.0.0.1:9000', 'the STS endpoint is kept (normalized)');
    assert.strictEqual(store.records[1].stsEndpoint, undefined, 'no STS endpoint = the default');
    for (const [name, text] of [
      ['bad service', 'service must be one of oss, s3'], ['bad region', 'us-east-1'], ['path on oss', 'only for S3'], ['oss arn on s3', 'arn:aws:iam'],
      ['bad sts', 'bad stsEndpoint'], ['sts without role', 'only for assumeRole'],
    ]) {
      assert.ok(warnings.some((w) => w.includes(name) && w.includes(text)), `${name}: ${warnings.join('\n')}`);
    }
    const { accessKeySecret: _s, ...rest } = s3;
    assert.deepStrictEqual(store.records[0], rest);
    assert.deepStrictEqual(store.secrets[0], { accessKeySecret: SECRET });
  });
});
