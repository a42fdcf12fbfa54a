/** Signed links from the tree: GET, Open in Browser, attachment names, PUT with curl, Upload to Signed URL. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { httpRequest, useOssFixture } from '../helpers/fixture';
import { pick, type } from '../helpers/scriptedPrompter';
import { BUCKET, explorerFixtureWith } from './seed';

describe('Links: signed GET and PUT', function () {
  this.timeout(60000);
  const fx = useOssFixture(explorerFixtureWith({ 'docs/hello.txt': 'hello v2' }));
  const ref = (key: string) => ({ connectionId: fx.conn.id, bucket: BUCKET, key });

  it('copies a signed GET link that downloads the object', async () => {
    fx.prompter.script(pick('GET'), pick('1 h'), pick('As stored'));
    const links = await vscode.commands.executeCommand<{ url: string; expiresAt: Date }[]>('ossExplorer.copySignedLink', ref('docs/hello.txt'));
    assert.strictEqual(links?.length, 1);
    assert.strictEqual(await vscode.env.clipboard.readText(), links[0].url);
    const left = links[0].expiresAt.getTime() - Date.now();
    assert.ok(left > 3500e3 && left <= 3601e3, `expires in about 1 h (${left} ms)`);
    const res = await httpRequest('GET', links[0].url);
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.body.toString(), 'hello v2');
    assert.match(fx.prompter.messages.at(-1)?.message ?? '', /^Link copied — expires \d{4}-\d\d-\d\d \d\d:\d\d \(in 1 h\)$/);
  });

  it('opens a signed GET link in the browser (Open in Browser)', async () => {
    const url = await vscode.commands.executeCommand<string>('ossExplorer.openInBrowser', ref('docs/hello.txt'));
    assert.ok(url, 'the command returns the link it opened');
    assert.deepStrictEqual(fx.prompter.opened, [url], 'openExternal got the signed link, unchanged');
    const res = await httpRequest('GET', url);
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.body.toString(), 'hello v2');
  });

  it('signs an attachment link with a UTF-8 file name and a custom expiry', async () => {
    fx.server.putObjectDirect(BUCKET, 'docs/résumé 1.txt', 'cv');
    fx.prompter.script(
      pick('GET'),
      pick('Custom'),
      type('604800', (s) => {
        assert.ok(s.validate?.('0'));
        assert.ok(s.validate?.('604801'));
        assert.ok(s.validate?.('1.5'));
      }),
      pick('Attachment'),
    );
    const [link] = (await vscode.commands.executeCommand<{ url: string; expiresAt: Date }[]>('ossExplorer.copySignedLink', ref('docs/résumé 1.txt')));
    const res = await httpRequest('GET', link.url);
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.headers['content-disposition'], `attachment; filename="r_sum_ 1.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%201.txt`);
  });

  it('copies a signed PUT link (with curl) that accepts an upload, and Upload to Signed URL uses one', async () => {
    const { prompter, server } = fx;
    prompter.script(pick('PUT'), type(undefined, (s) => assert.strictEqual(s.value, 'application/json')), pick('15 min'));
    const [link] = (await vscode.commands.executeCommand<{ url: string; curl: string }[]>('ossExplorer.copySignedLink', ref('docs/data.json')));
    assert.strictEqual(link.curl, `curl --globoff -X PUT -H 'Content-Type: application/json' -T 'data.json' '${link.url}'`);
    const put = await httpRequest('PUT', link.url, Buffer.from('{"a":1}'), { 'content-type': 'application/json' });
    assert.strictEqual(put.status, 200, put.body.toString());
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/data.json'))?.toString(), '{"a":1}');

    const local = path.join(fx.tmp, 'data2.json');
    fs.writeFileSync(local, '{"b":2}');
    prompter.script(type(link.url), type('application/json'));
    const r = await vscode.commands.executeCommand<{ status: number }>('ossExplorer.uploadToSignedUrl', vscode.Uri.file(local));
    assert.strictEqual(r?.status, 200);
    assert.strictEqual((await server.getObjectBytes(BUCKET, 'docs/data.json'))?.toString(), '{"b":2}');
    assert.strictEqual(server.headObjectDirect(BUCKET, 'docs/data.json')?.contentType, 'application/json');
  });
});
