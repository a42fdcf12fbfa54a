/** Share Access…: minting scoped STS credentials, the access code, and importing it as a connection. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ConnectionRecord } from '../../../src/connections/model';
import { encodeAccessCode } from '../../../src/core/share';
import type { OssNode } from '../../../src/tree/nodes/base';
import { startFakeSts, type FakeSts } from '../../support/fakeSts';
import { label, useOssFixture } from '../helpers/fixture';
import { type Answer, pick, type } from '../helpers/scriptedPrompter';
import { BUCKET, explorerFixture } from './seed';

const ROLE = 'acs:ram::1234567890123456:role/share';
const SHORT_ROLE = 'acs:ram::1234567890123456:role/short';
/** How a pinned bucket+prefix row is labelled. */
const PINNED = `${BUCKET}/docs/`;

interface Minted {
  code: string;
  policy: string;
  info: { access: string; bucket: string; prefix: string; expiration: string; securityToken: string };
}

describe('Share Access and access codes', function () {
  this.timeout(60000);
  const fx = useOssFixture(explorerFixture);
  let sts: FakeSts;
  let savedHome: string | undefined;

  before(async () => {
    sts = await startFakeSts({
      accounts: new Map([[fx.server.accessKeyId, fx.server.accessKeySecret]]),
      roles: new Map([
        [ROLE, {}],
        [SHORT_ROLE, { maxSessionDuration: 3600 }],
      ]),
      onIssue: (c) => fx.server.addTemporaryCredentials(c),
    });
    savedHome = process.env.HOME;
    process.env.HOME = fx.tmp; // Import Connection must not find the developer's aliyun profiles
  });
  after(async () => {
    process.env.HOME = savedHome;
    await sts.close();
  });

  const minter = (): Promise<ConnectionRecord> => fx.addConnection('Minter', { stsEndpoint: sts.endpoint });
  const docs = (c: ConnectionRecord) => ({ connectionId: c.id, bucket: BUCKET, prefix: 'docs/' });

  async function share(c: ConnectionRecord, ...answers: Answer[]): Promise<Minted | undefined> {
    fx.prompter.script(...answers);
    return vscode.commands.executeCommand<Minted>('ossExplorer.shareAccess', docs(c));
  }

  async function importCode(code: string, name?: string): Promise<ConnectionRecord | undefined> {
    fx.prompter.script(pick('From Access Code'), type(code), type(name));
    return vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.importConnection');
  }

  const description = (n: OssNode): string => String(n.getTreeItem().description ?? '');

  it('mints read-only access to a folder; the code imports as a pinned connection that reads but cannot write', async () => {
    const c = await minter();
    const issuedBefore = sts.issued.length;
    const minted = await share(
      c,
      pick('Read only'),
      pick('This folder and below'),
      pick('1 h'),
      type('', (s) => {
        assert.ok(s.validate?.('300.1.1.1'), 'not an IP address');
        assert.strictEqual(s.validate?.('10.0.0.0/8, 192.168.1.7'), undefined);
      }),
      type(undefined, (s) => {
        assert.ok(s.value?.includes('oss:GetObject'), s.value);
        assert.ok(!s.value?.includes('oss:PutObject'), s.value);
        assert.ok(s.validate?.('{"Version":"1"'), 'broken JSON is refused');
        assert.ok(s.validate?.('{"Version":"1","Statement":[]}'), 'an empty policy is refused');
      }),
      type(ROLE),
    );
    assert.ok(minted, 'the command returns what it minted');
    assert.match(minted.code, /^ossx1\./);
    assert.strictEqual(sts.issued.length, issuedBefore + 1);
    assert.strictEqual(sts.lastParams?.Policy, minted.policy);
    const note = fx.prompter.messages.at(-1);
    assert.ok(note && !note.modal && /credential/.test(note.message), note?.message);
    assert.deepStrictEqual(note.items, ['Copy Access Code', 'Copy Environment Variables', 'Copy ossutil Config', 'Copy ali-oss Snippet', 'Save to File…']);
    for (const line of [...fx.api.logLines(), ...fx.prompter.messages.map((m) => m.message)]) {
      assert.ok(!line.includes(minted.info.securityToken) && !line.includes(minted.code), `a credential leaked: ${line.slice(0, 80)}`);
    }

    const rec = await importCode(minted.code, 'Shared docs');
    assert.ok(rec);
    assert.strictEqual(rec.authType, 'sts');
    assert.strictEqual(rec.sharedAccess, 'read');
    assert.strictEqual(rec.pinnedBucket, BUCKET);
    assert.strictEqual(rec.pinnedPrefix, 'docs/');
    assert.strictEqual((await fx.api.store.getSecrets(rec.id))?.securityToken, minted.info.securityToken);
    assert.ok(!JSON.stringify(fx.api.store.list()).includes(minted.info.securityToken), 'the token is in SecretStorage only');

    const node = await fx.nodeAt('Shared docs');
    assert.match(description(node), /^read only · (1 h|59 min|60 min) left · test-bucket\/docs\/$/);
    const objects = await fx.children(await fx.nodeAt('Shared docs', PINNED));
    assert.deepStrictEqual(objects.map(label), ['a.txt']);
    const api = await fx.api.getClient(rec.id);
    assert.strictEqual(Buffer.from(await api.getObjectBuffer(BUCKET, 'docs/a.txt')).toString(), 'a');
    await assert.rejects(api.putObject(BUCKET, 'docs/new.txt', Buffer.from('x')), (e: { code?: string }) => e.code === 'AccessDenied');
    await assert.rejects(api.getObjectBuffer(BUCKET, 'readme.md'), (e: { code?: string }) => e.code === 'AccessDenied');
  });

  it('remembers the role for an AccessKey connection; upload-only access puts but neither lists nor reads', async () => {
    const c = await minter();
    await share(c, pick('Read only'), pick('This folder and below'), pick('15 min'), type(''), type(), type(ROLE));
    // The second time the role ARN is not asked for.
    const minted = await share(c, pick('Upload only'), pick('This folder and below'), pick('1 h'), type(''), type());
    assert.ok(minted);
    assert.strictEqual(minted.info.access, 'upload');
    const rec = await importCode(minted.code);
    assert.ok(rec);
    assert.match(rec.name, /shared/);
    assert.match(description(await fx.nodeAt(rec.name)), /^upload only · /);
    const under = await fx.children(await fx.nodeAt(rec.name, PINNED));
    assert.strictEqual(under.length, 1);
    assert.match(label(under[0]), /listing is not allowed/);
    assert.ok(!fx.server.requests.some((r) => r.op === 'ListObjects' || r.op === 'ListObjectsV2'), 'the tree did not try to list');
    const api = await fx.api.getClient(rec.id);
    await api.putObject(BUCKET, 'docs/dropped.txt', Buffer.from('dropped'));
    assert.strictEqual((await fx.server.getObjectBytes(BUCKET, 'docs/dropped.txt'))?.toString(), 'dropped');
    await assert.rejects(api.getObjectBuffer(BUCKET, 'docs/dropped.txt'), (e: { code?: string }) => e.code === 'AccessDenied');
  });

  it('refuses to mint: an unknown role, a duration above the role maximum, an STS connection — nothing half minted', async () => {
    const c = await minter();
    const before = fx.api.store.list().length;
    const issuedBefore = sts.issued.length;
    const nope = 'acs:ram::1234567890123456:role/nope';
    assert.strictEqual(await share(c, pick('Read only'), pick('This folder and below'), pick('1 h'), type(''), type(), type(nope)), undefined);
    assert.match(fx.prompter.messages.at(-1)?.message ?? '', /EntityNotExist\.Role/);
    // The refused role is not remembered: it is asked for again.
    assert.strictEqual(await share(c, pick('Read only'), pick('This folder and below'), pick('6 h'), type(''), type(), type(SHORT_ROLE)), undefined);
    assert.match(fx.prompter.messages.at(-1)?.message ?? '', /DurationSeconds/);
    assert.strictEqual(sts.issued.length, issuedBefore);
    assert.strictEqual(fx.api.store.list().length, before);
    const stsConn = await fx.addConnection('Temp', { authType: 'sts', stsExpiration: new Date(Date.now() + 3600e3).toISOString() });
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.shareAccess', docs(stsConn)), undefined);
    assert.match(fx.prompter.messages.at(-1)?.message ?? '', /cannot mint/);
  });

  it('rejects truncated, tampered, wrong-version and expired codes, and imports nothing', async () => {
    const c = await minter();
    const minted = await share(c, pick('Read only'), pick('This folder and below'), pick('15 min'), type(''), type(), type(ROLE));
    assert.ok(minted);
    const expired = encodeAccessCode({ ...minted.info, endpoint: fx.server.endpoint, region: 'cn-hangzhou', accessKeyId: 'STS.x', accessKeySecret: 's', access: 'read', expiration: new Date(Date.now() - 1000).toISOString() });
    const flip = (s: string, i: number): string => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const cases: [string, RegExp][] = [
      [minted.code.slice(0, 60), /truncated/],
      [flip(minted.code, 40), /corrupted/],
      [minted.code.replace(/^ossx1/, 'ossx2'), /another version/],
      [expired, /expired/],
      ['LTAI5tSomethingElse', /not an access code/],
    ];
    const before = fx.api.store.list().map((x) => x.id);
    fx.prompter.script(pick('From Access Code'), async (r) => {
      assert.strictEqual(r.kind, 'input');
      const validate = r.kind === 'input' ? r.step.validate : undefined;
      assert.ok(validate);
      for (const [bad, why] of cases) assert.match((await validate(bad)) ?? 'accepted', why, bad.slice(0, 12));
      assert.strictEqual(await validate(minted.code), undefined);
      return undefined; // the user gives up
    });
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.importConnection'), undefined);
    assert.deepStrictEqual(fx.api.store.list().map((x) => x.id), before);
  });

  it('an imported connection turns "expired" on time', async () => {
    const secret = 'expiring-secret-0001';
    const token = 'CAISexpiringToken0001';
    const expiration = new Date(Date.now() + 4000);
    fx.server.addTemporaryCredentials({ accessKeyId: 'STS.expiring0001', accessKeySecret: secret, securityToken: token, expiration });
    const code = encodeAccessCode({
      endpoint: fx.server.endpoint, region: 'cn-hangzhou', bucket: BUCKET, prefix: 'docs/', access: 'read-write',
      accessKeyId: 'STS.expiring0001', accessKeySecret: secret, securityToken: token, expiration: expiration.toISOString(),
    });
    const rec = await importCode(code, 'Soon gone');
    assert.ok(rec);
    assert.match(description(await fx.nodeAt('Soon gone')), /^read and write · \d+ s left/);
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('the tree did not refresh when the token expired')), 15000);
      const sub = fx.api.treeProvider.onDidChangeTreeData(() => {
        if (Date.now() < expiration.getTime()) return;
        clearTimeout(timeout);
        sub.dispose();
        resolve();
      });
    });
    assert.strictEqual(description(await fx.nodeAt('Soon gone')), 'expired');
  });
});
