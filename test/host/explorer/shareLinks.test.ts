/** Upload drop boxes (Copy Upload Form…), Download from Signed URL…, and signed DELETE / HEAD links. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { httpRequest, useOssFixture } from '../helpers/fixture';
import { button, pick, saveAs, type } from '../helpers/scriptedPrompter';
import { BUCKET, explorerFixture } from './seed';

interface Form {
  form: { url: string; fields: [string, string][]; expiresAt: Date };
  html: string;
  curl: string;
}

/** A real multipart POST of the form's fields and a file, as a browser sends it. */
async function post(form: Form['form'], name: string, bytes: Buffer, type = 'application/octet-stream'): Promise<{ status: number; body: string }> {
  const data = new FormData();
  for (const [k, v] of form.fields) data.append(k, v);
  data.append('file', new Blob([bytes], { type }), name);
  const res = await fetch(form.url, { method: 'POST', body: data });
  return { status: res.status, body: await res.text() };
}

describe('Upload forms, Download from Signed URL, DELETE and HEAD links', function () {
  this.timeout(60000);
  const fx = useOssFixture(explorerFixture);
  const docs = () => ({ connectionId: fx.conn.id, bucket: BUCKET, prefix: 'docs/' });

  for (const version of ['V4', 'V1'] as const) {
    it(`makes a ${version} upload form whose fields upload under the prefix, within the size limit`, async () => {
      fx.prompter.script(
        type('1', (s) => {
          assert.ok(s.validate?.('0'));
          assert.ok(s.validate?.('5121'));
        }),
        type('', (s) => assert.ok(s.validate?.('not a type'))),
        pick('1 h'),
        pick(version),
      );
      const r = await vscode.commands.executeCommand<Form>('ossExplorer.copyUploadForm', docs());
      assert.ok(r, 'the command returns the form');
      assert.match(r.html, /<form action="[^"]+" method="post" enctype="multipart\/form-data">/);
      for (const [k] of r.form.fields) assert.ok(r.html.includes(`name="${k}"`), `the HTML carries ${k}`);
      assert.match(r.curl, /^curl --globoff /);
      const note = fx.prompter.messages.at(-1);
      assert.deepStrictEqual(note?.items, ['Copy HTML', 'Save HTML…', 'Copy curl Command']);

      const bytes = randomBytes(4000);
      const ok = await post(r.form, `report-${version}.bin`, bytes);
      assert.ok(ok.status >= 200 && ok.status < 300, `upload answered ${ok.status}: ${ok.body}`);
      assert.ok((await fx.server.getObjectBytes(BUCKET, `docs/report-${version}.bin`))?.equals(bytes));
      const big = await post(r.form, 'big.bin', randomBytes(1024 * 1024 + 1));
      assert.strictEqual(big.status, 400, big.body);
      assert.strictEqual(await fx.server.getObjectBytes(BUCKET, 'docs/big.bin'), undefined);
    });
  }

  it('downloads a signed GET link to the exact bytes, and never replaces a file without asking', async () => {
    const bytes = randomBytes(300_000);
    fx.server.putObjectDirect(BUCKET, 'docs/photo.bin', bytes);
    fx.prompter.script(pick('GET'), pick('15 min'), pick('As stored'));
    const [link] = (await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', { connectionId: fx.conn.id, bucket: BUCKET, key: 'docs/photo.bin' }));
    const file = path.join(fx.tmp, 'photo.bin');
    fs.rmSync(file, { force: true });
    fx.prompter.script(type(link.url), saveAs(vscode.Uri.file(file)));
    const r = await vscode.commands.executeCommand<{ size: number; crc64?: string }>('ossExplorer.downloadFromSignedUrl');
    assert.ok(r);
    assert.ok(fs.readFileSync(file).equals(bytes));
    assert.ok(r.crc64, 'the CRC-64 the server sent was checked');
    assert.ok(fx.prompter.progress.some((p) => p.cancellable), 'a cancellable progress notification');
    assert.deepStrictEqual(fs.readdirSync(fx.tmp).filter((f) => f.startsWith('.ossdl-')), []);

    fs.writeFileSync(file, 'mine');
    fx.prompter.script(type(link.url), saveAs(vscode.Uri.file(file)), button(undefined, 'exists'));
    assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.downloadFromSignedUrl'), undefined);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'mine');
    fx.prompter.script(type(link.url), saveAs(vscode.Uri.file(file)), button('Replace'));
    await vscode.commands.executeCommand('ossExplorer.downloadFromSignedUrl');
    assert.ok(fs.readFileSync(file).equals(bytes));
  });

  it('copies signed HEAD and DELETE links (with curl) that do what they say', async () => {
    fx.server.putObjectDirect(BUCKET, 'docs/old.txt', 'old');
    const ref = { connectionId: fx.conn.id, bucket: BUCKET, key: 'docs/old.txt' };
    fx.prompter.script(pick('HEAD'), pick('15 min'));
    const [head] = (await vscode.commands.executeCommand<{ url: string; curl: string }[]>('ossExplorer.copySignedLink', ref));
    assert.strictEqual(head.curl, `curl --globoff -I '${head.url}'`);
    const h = await httpRequest('HEAD', head.url);
    assert.strictEqual(h.status, 200);
    assert.strictEqual(h.headers['content-length'], '3');
    assert.strictEqual((await httpRequest('GET', head.url)).status, 403, 'a HEAD link does not download');

    fx.prompter.script(pick('DELETE'), pick('15 min'));
    const [del] = (await vscode.commands.executeCommand<{ url: string; curl: string }[]>('ossExplorer.copySignedLink', ref));
    assert.strictEqual(del.curl, `curl --globoff -X DELETE '${del.url}'`);
    assert.strictEqual(await vscode.env.clipboard.readText(), del.url);
    assert.ok(fx.server.headObjectDirect(BUCKET, 'docs/old.txt'), 'copying the link deleted nothing');
    assert.strictEqual((await httpRequest('DELETE', del.url)).status, 204);
    assert.strictEqual(fx.server.headObjectDirect(BUCKET, 'docs/old.txt'), undefined);
  });
});
