/** Export Connections… → Import Connections from File…: a list a team shares, without secrets. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExportResult } from '../../../src/commands/exportConnections';
import type { ImportListResult } from '../../../src/commands/importConnectionList';
import { useOssFixture } from '../helpers/fixture';
import { button, files, saveAs, type } from '../helpers/scriptedPrompter';
import { BUCKET, connectionsFixture } from './seed';

const STS_SECRET = 'stsSecretAbCdEf0123456789';
const STS_TOKEN = 'CAIStokenForTheShareListTest0123456789';
const ROLE_SECRET = 'roleLongTermSecret0123456789';

describe('Connections: export and import a shared list', function () {
  this.timeout(60000);
  const fx = useOssFixture(connectionsFixture);

  async function threeConnections(): Promise<void> {
    await fx.addConnection('Team bucket', { pinnedBucket: BUCKET, pinnedPrefix: 'docs/', signatureVersion: 'v1' });
    await fx.api.store.add(
      { name: 'Temp STS', region: 'cn-beijing', endpoint: fx.server.endpoint, authType: 'sts', accessKeyId: 'STS.shareListKey01', stsExpiration: '2030-01-01T00:00:00.000Z' },
      { accessKeySecret: STS_SECRET, securityToken: STS_TOKEN },
    );
    await fx.api.store.add(
      { name: 'Reader role', region: 'cn-hangzhou', authType: 'assumeRole', accessKeyId: 'LTAIroleShareList01', roleArn: 'acs:ram::1234567890123456:role/oss-reader', roleSessionName: 'team', durationSeconds: 3600 },
      { accessKeySecret: ROLE_SECRET },
    );
  }

  const secrets = (): string[] => [fx.server.accessKeySecret, fx.server.accessKeyId, STS_SECRET, STS_TOKEN, ROLE_SECRET, 'STS.shareListKey01', 'LTAIroleShareList01'];

  it('exports without any credential, and imports: new names asked for credentials, taken names renamed or skipped, never replaced', async () => {
    await threeConnections();
    const file = vscode.Uri.file(path.join(fx.tmp, 'team-connections.json'));
    fx.prompter.script(saveAs(file));
    const exported = await vscode.commands.executeCommand<ExportResult>('ossExplorer.exportConnections');
    assert.deepStrictEqual(exported, { file: file.fsPath, count: 3 });
    const text = fs.readFileSync(file.fsPath, 'utf8');
    for (const s of secrets()) assert.ok(!text.includes(s), `the exported file holds ${s.slice(0, 6)}…`);
    assert.ok(!/accessKeyId|accessKeySecret|securityToken|stsExpiration/.test(text), text);
    const doc = JSON.parse(text);
    assert.deepStrictEqual(doc.connections.map((c: { name: string }) => c.name), ['Team bucket', 'Temp STS', 'Reader role']);

    // Another machine's view: "Team bucket" is not there yet; "Temp STS" and "Reader role" are.
    const before = fx.api.store.list();
    const sts = before.find((c) => c.name === 'Temp STS')!;
    await fx.api.store.remove(before.find((c) => c.name === 'Team bucket')!.id);

    fx.prompter.script(
      files(file),
      // Team bucket: its credentials
      type(fx.server.accessKeyId, (s) => assert.match(s.title ?? '', /Import Connections \(1\/3\): Team bucket/)),
      type(fx.server.accessKeySecret, (s) => assert.ok(s.password, 'the secret is typed masked')),
      // Temp STS: the name is taken → import under a new name, with its own credentials
      button('Import as "Temp STS (2)"', 'A connection named "Temp STS" already exists.'),
      type('STS.importedKey0001', (s) => assert.strictEqual(s.value, fx.server.accessKeyId, 'the previous AccessKey ID is offered')),
      type('importedStsSecret0001'),
      type('importedStsToken0001'),
      type(''),
      // Reader role: taken → skipped
      button('Skip', 'A connection named "Reader role" already exists.'),
    );
    const r = await vscode.commands.executeCommand<ImportListResult>('ossExplorer.importConnectionList');
    assert.deepStrictEqual(r.imported.map((c) => c.name), ['Team bucket', 'Temp STS (2)']);
    assert.deepStrictEqual(r.skipped, ['Reader role']);
    assert.deepStrictEqual(r.invalid, []);

    const team = r.imported[0];
    assert.strictEqual(team.pinnedBucket, BUCKET);
    assert.strictEqual(team.pinnedPrefix, 'docs/');
    assert.strictEqual(team.signatureVersion, 'v1');
    assert.strictEqual(team.endpoint, fx.server.endpoint);
    assert.strictEqual(team.id, doc.connections[0].id, 'a free id from the file is kept');
    const copy = r.imported[1];
    assert.notStrictEqual(copy.id, sts.id, 'a taken id is not reused');
    assert.strictEqual(copy.authType, 'sts');
    assert.strictEqual(copy.accessKeyId, 'STS.importedKey0001');
    assert.deepStrictEqual(await fx.api.store.getSecrets(copy.id), { accessKeySecret: 'importedStsSecret0001', securityToken: 'importedStsToken0001' });
    assert.deepStrictEqual(fx.api.store.get(sts.id), sts, 'the existing connection is unchanged');
    assert.deepStrictEqual(await fx.api.store.getSecrets(sts.id), { accessKeySecret: STS_SECRET, securityToken: STS_TOKEN });

    // The imported connection works: it reads its pinned bucket from the server.
    const api = await fx.api.getClient(team.id);
    const page = await api.listObjects({ bucket: BUCKET, prefix: 'docs/' });
    assert.deepStrictEqual(page.objects.map((o) => o.key), ['docs/a.txt']);

    const summary = fx.prompter.messages.find((m) => m.level === 'info' && m.message.startsWith('Imported'));
    assert.strictEqual(summary?.message, 'Imported 2 connection(s) from team-connections.json. Not imported: Reader role.');
    const log = fx.api.logLines().join('\n');
    for (const s of [...secrets(), 'importedStsSecret0001', 'importedStsToken0001']) assert.ok(!log.includes(s), `the log holds ${s.slice(0, 6)}…`);
  });

  it('lists the entries it cannot import; a connection whose credentials are cancelled is not created; a broken file is a clear error', async () => {
    const file = path.join(fx.tmp, 'mixed.json');
    fs.writeFileSync(file, JSON.stringify({
      format: 'oss-explorer.connections',
      version: 1,
      connections: [
        { name: 'Fine', authType: 'accessKey', region: 'cn-hangzhou', endpoint: fx.server.endpoint },
        { name: 'Leaky', authType: 'accessKey', region: 'cn-hangzhou', accessKeySecret: 'neverImportedSecret01' },
      ],
    }));
    fx.prompter.script(
      (req) => {
        assert.strictEqual(req.kind, 'modal');
        const m = req as { message: string; options: { detail?: string }; items: string[] };
        assert.strictEqual(m.message, '1 of 2 entries in mixed.json cannot be imported.');
        assert.match(m.options.detail ?? '', /^Entry 2 \(Leaky\): holds "accessKeySecret": credentials are never shared/);
        assert.ok(!(m.options.detail ?? '').includes('neverImportedSecret01'));
        return 'Import the Others';
      },
      () => undefined, // Escape on the AccessKey ID of "Fine"
    );
    const r = await vscode.commands.executeCommand<ImportListResult>('ossExplorer.importConnectionList', vscode.Uri.file(file));
    assert.deepStrictEqual(r.imported, []);
    assert.deepStrictEqual(r.skipped, ['Fine']);
    assert.deepStrictEqual(r.invalid.map((e) => [e.index, e.name]), [[2, 'Leaky']]);
    assert.deepStrictEqual(fx.api.store.list(), [], 'nothing was created');

    fs.writeFileSync(file, '{ "format": "oss-explorer.connections", ');
    const none = await vscode.commands.executeCommand<ImportListResult>('ossExplorer.importConnectionList', vscode.Uri.file(file));
    assert.strictEqual(none, undefined);
    const err = fx.prompter.messages.find((m) => m.level === 'error');
    assert.strictEqual(err?.message, 'Import connections: The file is not valid JSON.');
  });
});
