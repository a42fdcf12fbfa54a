/** The Access step of the connection form: a read-only connection opens objects read-only; Edit turns it back. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ConnectionRecord } from '../../../src/connections/model';
import { toOssUri } from '../../../src/connections/ossUri';
import { useOssFixture } from '../helpers/fixture';
import { accept, pick, type, type Answer } from '../helpers/scriptedPrompter';
import { activeOssEditor, closeAllEditors, isReadonlyOnServer, openForEditing, save, typeAtEnd } from './editHelpers';
import { BUCKET, explorerFixture, seedExplorer } from './seed';

const KEY = 'conf/app.json';
const TEXT = '{"a": 1}\n';

describe('Edit objects: a connection made read-only in the form', function () {
  this.timeout(60000);
  const fx = useOssFixture({
    ...explorerFixture,
    seed: (s) => {
      seedExplorer(s);
      s.putObjectDirect(BUCKET, KEY, TEXT, { contentType: 'application/json', meta: { owner: 'ops' } });
    },
  });
  afterEach(closeAllEditors);

  /** Checks the Access step (pre-selected `current`, Back possible), then picks `choice`. */
  function access(current: string, choice: string): Answer {
    return (r) => {
      assert.strictEqual(r.kind, 'pick');
      const step = r.step as { placeholder?: string; canGoBack?: boolean; activeItem?: vscode.QuickPickItem };
      assert.strictEqual(step.placeholder, 'Access');
      assert.ok(step.canGoBack, 'Back goes to the previous step');
      assert.ok(step.activeItem?.label.includes(current), `"${step.activeItem?.label}" is pre-selected, expected "${current}"`);
      return pick(choice)(r);
    };
  }

  it('opens objects read-only saying why, writes nothing, and Edit Connection makes it writable again', async () => {
    const { server } = fx;
    fx.prompter.script(
      accept('Alibaba Cloud OSS'),
      type('Careful'),
      pick('Custom endpoint'),
      type(server.endpoint),
      type('cn-hangzhou'),
      pick('AccessKey'),
      type(server.accessKeyId),
      type(server.accessKeySecret),
      type(''), // custom domain
      type(''), // pinned bucket
      access('Read and write', 'Read only'),
    );
    const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.addConnection');
    assert.strictEqual(c?.readOnly, true);
    assert.strictEqual(fx.api.store.get(c.id)?.readOnly, true, 'kept in globalState');
    try {
      const t = { connectionId: c.id, bucket: BUCKET, key: KEY };
      const uri = toOssUri(t);
      assert.strictEqual(await openForEditing(t), 'readonly');
      assert.strictEqual(activeOssEditor(KEY).document.getText(), TEXT);
      assert.strictEqual(await isReadonlyOnServer(uri), true);
      const why = fx.prompter.messages.filter((m) => m.message.includes(KEY) && m.message.includes('"Careful" is read-only'));
      assert.strictEqual(why.length, 1, fx.prompter.messages.map((m) => m.message).join(' | '));
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('x'))), /NoPermissions|permission/i);
      assert.strictEqual((await server.getObjectBytes(BUCKET, KEY))?.toString(), TEXT);
      await closeAllEditors();

      // Edit Connection: every answer kept (Enter), Access pre-selected as Read only, turned back.
      fx.prompter.script(
      accept('Alibaba Cloud OSS'),
        type(), accept('Custom endpoint'), type(), type(), accept('AccessKey'), type(), type(''), type(), type(),
        access('Read only', 'Read and write'),
      );
      const edited = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.editConnection', c.id);
      assert.strictEqual(edited?.readOnly, undefined);
      assert.strictEqual(fx.api.store.get(c.id)?.readOnly, undefined, 'cleared in globalState');

      fx.prompter.reset();
      assert.strictEqual(await openForEditing(t), 'text');
      const ed = activeOssEditor(KEY);
      assert.strictEqual(await isReadonlyOnServer(uri), false);
      await typeAtEnd(ed, '// edited');
      assert.strictEqual(await save(ed, fx.api.files), true);
      assert.strictEqual((await server.getObjectBytes(BUCKET, KEY))?.toString(), `${TEXT}// edited`);
      assert.deepStrictEqual(fx.server.headObjectDirect(BUCKET, KEY)?.meta, { owner: 'ops' });
      assert.deepStrictEqual(fx.prompter.messages, []);
    } finally {
      await closeAllEditors();
      await fx.api.store.remove(c.id);
    }
  });
});
