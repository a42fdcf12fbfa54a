/** A connection's life: added through the form, STS expiry and new credentials, the log, removal. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ConnectionRecord } from '../../../src/connections/model';
import { label, useOssFixture } from '../helpers/fixture';
import { accept, button, pick, type } from '../helpers/scriptedPrompter';
import { BUCKET, explorerFixture } from './seed';

describe('Connection lifecycle: add, expire, update, remove', function () {
  this.timeout(60000);
  const fx = useOssFixture({ ...explorerFixture, connection: false });

  it('adds a connection through the command; the secret is in SecretStorage only', async () => {
    const { api, server } = fx;
    fx.prompter.script(
      accept('Alibaba Cloud OSS'),
      type('Local', (s) => assert.ok(s.validate?.(''), 'an empty name is refused')),
      pick('Custom endpoint'),
      type(server.endpoint, (s) => assert.ok(s.validate?.('ftp://x'), 'a non-http endpoint is refused')),
      type('cn-hangzhou'),
      pick('AccessKey'),
      type(server.accessKeyId),
      type(server.accessKeySecret, (s) => assert.strictEqual(s.password, true, 'the secret is typed in a password box')),
      type(''), // custom domain
      type(''), // pinned bucket
      accept('Read and write'), // access
    );
    const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.addConnection');
    assert.ok(c?.id, 'the command returns the new connection');
    assert.strictEqual(c.endpoint, server.endpoint);
    const secrets = await api.store.getSecrets(c.id);
    assert.strictEqual(secrets?.accessKeySecret, server.accessKeySecret);
    const state = JSON.stringify(api.store.list());
    assert.ok(!state.includes(server.accessKeySecret), 'globalState holds no secret');
    assert.ok(state.includes(server.accessKeyId), 'globalState holds the AccessKey id');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('ossExplorer'));
    assert.ok(!settings.includes(server.accessKeySecret), 'settings hold no secret');
    assert.strictEqual(api.secretKey(c.id), `ossExplorer.connection.${c.id}`);
    assert.ok((await fx.children(await fx.nodeAt('Local'))).map(label).includes(BUCKET), 'the new connection lists its buckets');
  });

  it('shows an expired STS connection as expired and updates its credentials', async () => {
    const { api, server } = fx;
    const sts = await api.store.add(
      { name: 'Temp', region: 'cn-hangzhou', endpoint: server.endpoint, authType: 'sts', accessKeyId: 'STS.expiredid01', stsExpiration: '2020-01-01T00:00:00.000Z' },
      { accessKeySecret: 'old-secret', securityToken: 'old-token' },
    );
    try {
      const node = await fx.nodeAt('Temp');
      const item = node.getTreeItem();
      assert.strictEqual(item.contextValue, 'ossExplorer.connection.expired');
      assert.strictEqual(item.description, 'expired');
      assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'warning');
      const kids = await fx.children(node);
      assert.strictEqual(kids[0].getTreeItem().command?.command, 'ossExplorer.updateCredentials');
      const future = new Date(Date.now() + 3600e3).toISOString();
      fx.prompter.script(type('STS.newid000001'), type('new-secret'), type('new-token'), type(future));
      await vscode.commands.executeCommand('ossExplorer.updateCredentials', node);
      assert.strictEqual((await fx.nodeAt('Temp')).getTreeItem().contextValue, 'ossExplorer.connection');
      assert.deepStrictEqual(await api.store.getSecrets(sts.id), { accessKeySecret: 'new-secret', securityToken: 'new-token' });
      assert.ok(!JSON.stringify(api.store.list()).includes('new-token'));
    } finally {
      await api.store.remove(sts.id);
    }
  });

  it('never writes a secret to the log', async () => {
    const { api, server } = fx;
    await fx.addConnection('Logged');
    fx.prompter.script(pick('GET'), pick('1 h'), pick('As stored'));
    const [link] = (await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', {
      connectionId: api.store.list().find((c) => c.name === 'Logged')!.id, bucket: BUCKET, key: 'readme.md',
    }));
    assert.match(link.url, /Signature=|x-oss-signature=/i, 'a signed link was made');
    await fx.children(await fx.nodeAt('Logged', BUCKET));
    const lines = api.logLines().join('\n');
    assert.ok(lines.includes('GET '), 'requests are logged');
    assert.ok(!lines.includes(server.accessKeySecret), 'no AccessKey secret');
    assert.ok(!/x-oss-signature=[0-9a-f]{8}/i.test(lines), 'signatures are masked');
    const sig = new URL(link.url).searchParams.get('x-oss-signature') ?? new URL(link.url).searchParams.get('Signature');
    assert.ok(sig && !lines.includes(sig), 'the link\'s signature is not in the log');
  });

  it('removes a connection and its secrets after confirmation', async () => {
    const { api } = fx;
    const c = await fx.addConnection('Gone');
    fx.prompter.script(button('Remove', 'Gone'));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.removeConnection', await fx.nodeAt('Gone')), true);
    assert.strictEqual(await api.store.getSecrets(c.id), undefined);
    assert.ok(!api.store.list().some((x) => x.id === c.id));
  });
});
