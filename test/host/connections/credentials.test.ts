/** Credentials and errors: OSS errors, STS clamps, AssumeRole, imports, the error handler, previews. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ConnectionRecord } from '../../../src/connections/model';
import { startFakeSts, type FakeSts } from '../../support/fakeSts';
import { label, useOssFixture } from '../helpers/fixture';
import { button, pick, type } from '../helpers/scriptedPrompter';
import { BUCKET, SECOND_BUCKET, connectionsFixture } from './seed';

describe('Credentials, imports, errors and previews', function () {
  this.timeout(60000);
  const fx = useOssFixture(connectionsFixture);

  it('reports an OSS error once, as "Code: Message (RequestId: …)" with Show Log', async () => {
    const bad = await fx.addConnection('Bad', {}, 'not-the-secret-0000000000');
    try {
      const r = await vscode.commands.executeCommand('ossExplorer.testConnection', bad.id);
      assert.strictEqual(r, undefined);
      const errors = fx.prompter.messages.filter((m) => m.level === 'error');
      assert.strictEqual(errors.length, 1);
      assert.match(errors[0].message, /SignatureDoesNotMatch: .+ \(RequestId: [^)]+\)/);
      assert.deepStrictEqual(errors[0].items, ['Show Log']);
      assert.ok(!errors[0].message.includes('not-the-secret'));
    } finally {
      await fx.api.store.remove(bad.id);
    }
  });

  it('states when a link ends early because the STS token expires first', async () => {
    const expires = new Date(Date.now() + 10 * 60e3);
    const sts = await fx.api.store.add(
      { name: 'Short STS', region: 'cn-hangzhou', endpoint: fx.server.endpoint, authType: 'sts', accessKeyId: 'STS.shortlived01', stsExpiration: expires.toISOString() },
      { accessKeySecret: 'temp-secret', securityToken: 'temp-token' },
    );
    try {
      fx.prompter.script(pick('GET'), pick('1 day'), pick('As stored'));
      const [link] = (await vscode.commands.executeCommand<{ expiresAt: Date; limitedByToken: boolean; url: string }[]>('ossExplorer.copySignedLink', {
        connectionId: sts.id,
        bucket: BUCKET,
        key: 'readme.md',
      }));
      assert.ok(link.limitedByToken);
      assert.ok(link.expiresAt.getTime() <= expires.getTime());
      assert.match(fx.prompter.messages.at(-1)?.message ?? '', /expires when the STS token does, at .+ \(in (9|10) min\)/);
      assert.ok(link.url.includes('x-oss-security-token=temp-token'));
    } finally {
      await fx.api.store.remove(sts.id);
    }
  });

  it('lists buckets through an AssumeRole connection (fake STS)', async () => {
    let sts: FakeSts | undefined;
    try {
      sts = await startFakeSts({
        accounts: new Map([[fx.server.accessKeyId, fx.server.accessKeySecret]]),
        onIssue: (c) => fx.server.addTemporaryCredentials(c),
      });
      await fx.api.store.add(
        {
          name: 'Role',
          region: 'cn-hangzhou',
          endpoint: fx.server.endpoint,
          authType: 'assumeRole',
          accessKeyId: fx.server.accessKeyId,
          roleArn: 'acs:ram::1234567890123456:role/oss-reader',
          roleSessionName: 'oss-explorer',
          durationSeconds: 900,
          stsEndpoint: sts.endpoint,
        },
        { accessKeySecret: fx.server.accessKeySecret },
      );
      const buckets = await fx.api.treeProvider.getChildren(await fx.nodeAt('Role'));
      assert.deepStrictEqual(buckets.map(label).sort(), [BUCKET, SECOND_BUCKET]);
      assert.strictEqual(sts.issued.length, 1);
    } finally {
      for (const c of fx.api.store.list().filter((x) => x.name === 'Role')) await fx.api.store.remove(c.id);
      await sts?.close();
    }
  });

  it('imports a connection from environment variables', async () => {
    const saved = { ...process.env };
    try {
      process.env.HOME = fx.tmp; // no ~/.aliyun/config.json here
      process.env.OSS_ACCESS_KEY_ID = fx.server.accessKeyId;
      process.env.OSS_ACCESS_KEY_SECRET = fx.server.accessKeySecret;
      process.env.OSS_REGION = 'oss-cn-shanghai';
      fx.prompter.script(pick('Environment variables'), type('From env'));
      const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.importConnection');
      assert.strictEqual(c?.authType, 'accessKey');
      assert.strictEqual(c?.region, 'cn-shanghai');
      assert.strictEqual((await fx.api.store.getSecrets(c.id))?.accessKeySecret, fx.server.accessKeySecret);
      assert.ok(!JSON.stringify(fx.api.store.list()).includes(fx.server.accessKeySecret));
      await fx.api.store.remove(c.id);
    } finally {
      for (const k of ['HOME', 'OSS_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET', 'OSS_REGION']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });

  it('imports an aliyun CLI profile', async () => {
    const home = path.join(fx.tmp, 'home');
    fs.mkdirSync(path.join(home, '.aliyun'), { recursive: true });
    fs.writeFileSync(
      path.join(home, '.aliyun', 'config.json'),
      JSON.stringify({
        current: 'work',
        profiles: [
          { name: 'work', mode: 'AK', access_key_id: fx.server.accessKeyId, access_key_secret: fx.server.accessKeySecret, region_id: 'cn-beijing' },
          { name: 'sso', mode: 'CloudSSO' },
        ],
      }),
    );
    const savedHome = process.env.HOME;
    try {
      process.env.HOME = home;
      fx.prompter.script(pick('work'), type());
      const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.importConnection');
      assert.strictEqual(c?.name, 'work');
      assert.strictEqual(c?.region, 'cn-beijing');
      assert.strictEqual((await fx.api.store.getSecrets(c.id))?.accessKeySecret, fx.server.accessKeySecret);
      await fx.api.store.remove(c.id);
    } finally {
      process.env.HOME = savedHome;
    }
  });

  it('the error handler is silent on cancellation and shows each error once', () => {
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    fx.api.errors.handleError(abort, 'Upload failed');
    fx.api.errors.handleError(new vscode.CancellationError(), 'Upload failed');
    assert.strictEqual(fx.prompter.messages.length, 0);
    const err = new Error('disk full');
    fx.api.errors.handleError(err, 'Download failed');
    fx.api.errors.handleError(err, 'Download failed');
    assert.deepStrictEqual(
      fx.prompter.messages.map((m) => [m.level, m.message, m.items]),
      [['error', 'Download failed: disk full', ['Show Log']]],
    );
    assert.ok(fx.api.logLines().some((l) => l.includes('Download failed: disk full')));
  });

  it('previews images, and offers a download above ossExplorer.editMaxBytes', async () => {
    const c = await fx.addConnection('Preview');
    try {
      const img = await vscode.commands.executeCommand('ossExplorer.openObject', { connectionId: c.id, bucket: BUCKET, key: 'pics/dot.png' });
      assert.strictEqual(img, 'image');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.getConfiguration('ossExplorer').update('editMaxBytes', 1024, vscode.ConfigurationTarget.Global);
      fx.prompter.script(button(undefined, 'editing limit'));
      const big = await vscode.commands.executeCommand('ossExplorer.openObject', { connectionId: c.id, bucket: BUCKET, key: 'big.log' });
      assert.strictEqual(big, 'tooLarge');
    } finally {
      await vscode.workspace.getConfiguration('ossExplorer').update('editMaxBytes', undefined, vscode.ConfigurationTarget.Global);
      await fx.api.store.remove(c.id);
    }
  });
});
