/**
 * S3 paths the first S3 host tests left out, each on the server that supports it:
 * - moto (IAM authentication on): resuming a multipart upload from its checkpoint, and the
 *   Incomplete Uploads node with Abort. s3rver has neither ListParts nor ListMultipartUploads nor
 *   AbortMultipartUpload (see docs/protocol.md §12), so an upload cannot be resumed or aborted there.
 * - both: Properties writing tags and user metadata (CopyObject with REPLACE) in one Apply.
 * - s3rver: paste an image into Markdown with an S3 target. The link must be fetched, and moto
 *   answers 500 to every presigned GET (the AWS SDK's too), so only s3rver can show the bytes.
 */
import * as assert from 'assert';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { S3Client } from '../../../src/core/s3';
import type { ConnectionRecord } from '../../../src/connections/model';
import { startMoto, startS3rver, type S3TestServer } from '../../support/s3Servers';
import { label, useOssFixture } from '../helpers/fixture';
import { button, files, pick, type } from '../helpers/scriptedPrompter';
import { closeAllEditors } from '../explorer/editHelpers';
import { FileItem } from '../helpers/dataTransfer';
import { useS3Bucket } from './s3Bucket';

const BUCKET = 's3-upload-tests';
const MiB = 1024 * 1024;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(3000, 9)]);


/**
 * The log lines written after `before` was taken. The log keeps only its most recent lines, so in a
 * long run the list shifts instead of growing: find the shift at which the old tail lines up.
 */
function linesSince(before: string[], after: string[]): string[] {
  for (let shift = 0; shift <= before.length; shift++) {
    const kept = before.slice(shift);
    if (kept.length > 0 && kept.every((l, i) => after[i] === l)) return after.slice(kept.length);
  }
  throw new Error('the log has no line in common with the earlier snapshot: too many lines were written in between');
}

describe('S3 connections: resumed and incomplete uploads, Properties REPLACE, paste to S3', function () {
  this.timeout(180000);
  const fx = useOssFixture({ connection: false, settings: { 'upload.parallel': 1, 'upload.partSize': 5, 'paste.linkKind': 'signed', 'paste.keyTemplate': '${prefix}${contentHash:8}-${fileName}' } });

  for (const kind of ['moto', 's3rver'] as const) {
    describe(kind, () => {
      let srv: S3TestServer;
      let core: S3Client;
      let conn: ConnectionRecord;
      const name = `S3 ${kind}`;
      const ref = (key: string) => ({ connectionId: conn.id, bucket: BUCKET, key });

      const s3 = useS3Bucket(() => kind === 'moto' ? startMoto() : startS3rver(), BUCKET);
      before(() => {
        ({ srv, core } = s3);
      });

      beforeEach(async () => {
        await s3.empty();
        conn = await fx.api.store.add(
          { name, service: 's3', region: srv.region, endpoint: srv.endpoint, pathStyle: true, authType: 'accessKey', accessKeyId: srv.accessKeyId },
          { accessKeySecret: srv.secretAccessKey },
        );
        fx.api.treeProvider.refresh();
      });

      afterEach(async () => {
        await closeAllEditors();
        if (kind === 'moto') for (const u of await core.listMultipartUploads(BUCKET)) await core.abortMultipartUpload(BUCKET, u.key, u.uploadId);
        for (const cp of await fx.api.uploads.checkpoints.list()) await fx.api.uploads.checkpoints.delete(cp.id);
      });

      if (kind === 'moto') {
        it('moto: an upload stopped midway keeps its checkpoint and resumes from it: kept parts are checked, the object is the file, nothing is left behind', async () => {
          const file = path.join(fx.tmp, 'resume.bin');
          fs.writeFileSync(file, randomBytes(33 * MiB + 1234));
          // Parts are 5 MiB at least on S3 (7 here), one at a time; stop once 40 % has gone.
          let sent = 0;
          let suspended: Promise<void> | undefined;
          fx.prompter.cancelProgressWhen = (r) => {
            sent += r.increment ?? 0;
            if (!suspended && sent >= 40) suspended = fx.api.suspendUploads();
            return false;
          };
          fx.prompter.script(files(vscode.Uri.file(file)), type());
          const r = await vscode.commands.executeCommand('ossExplorer.uploadFile', { connectionId: conn.id, bucket: BUCKET, prefix: 'big/' });
          fx.prompter.cancelProgressWhen = undefined;
          assert.ok(suspended, 'the upload was stopped midway');
          await suspended;
          assert.strictEqual(r, undefined, 'the stopped upload reports nothing');
          assert.deepStrictEqual(fx.prompter.messages.filter((m) => m.level === 'error'), [], 'stopping is silent');

          const left = await core.listMultipartUploads(BUCKET);
          assert.deepStrictEqual(left.map((u) => u.key), ['big/resume.bin'], 'the multipart upload is kept on the server');
          const partsBefore = await core.listParts(BUCKET, 'big/resume.bin', left[0].uploadId);
          assert.ok(partsBefore.length >= 1 && partsBefore.length < 7, `parts so far: ${partsBefore.length}`);
          const [cp] = await fx.api.uploads.checkpoints.list();
          assert.strictEqual(cp?.uploadId, left[0].uploadId);
          assert.strictEqual(await core.objectExists(BUCKET, 'big/resume.bin'), false);

          fx.prompter.reset();
          fx.prompter.answerNotification = (m) => (m.message.startsWith('Resume upload of big/resume.bin') ? 'Resume' : undefined);
          assert.strictEqual(await fx.api.offerResume(), 'resume');
          assert.deepStrictEqual(fx.prompter.messages.filter((m) => m.level === 'error').map((m) => m.message), []);
          assert.ok(fx.prompter.messages.some((m) => m.message === `Uploaded big/resume.bin to ${BUCKET} (resumed).`), fx.prompter.messages.map((m) => m.message).join(' | '));
          assert.ok((await core.getObjectBuffer(BUCKET, 'big/resume.bin')).body.equals(fs.readFileSync(file)), 'the object is the file');
          const head = await core.headObject(BUCKET, 'big/resume.bin');
          assert.match(head.etag ?? '', /-7"?$/, `one multipart object of 7 parts, the kept ones and the rest: ETag ${head.etag}`);
          assert.deepStrictEqual(await core.listMultipartUploads(BUCKET), []);
          assert.deepStrictEqual(await fx.api.uploads.checkpoints.list(), [], 'the checkpoint is deleted');
        });

        it('moto: Incomplete Uploads shows above the bucket\'s listing error (moto fails a "/" delimiter, a server bug), lists the uploads in progress, and Abort removes one after asking', async () => {
          const ids: Record<string, string> = {};
          for (const key of ['inc-a.bin', 'inc-b.bin']) {
            ids[key] = await core.initiateMultipartUpload(BUCKET, key);
            await core.uploadPart(BUCKET, key, ids[key], 1, Buffer.from(`part of ${key}`));
          }
          fx.api.treeProvider.refresh();
          const kids = await fx.children(await fx.nodeAt(name, BUCKET));
          assert.deepStrictEqual(kids.map((n) => n.getTreeItem().contextValue), ['ossExplorer.incompleteUploads', 'ossExplorer.message.error']);
          assert.match(String(kids[1].getTreeItem().tooltip ?? label(kids[1])), /SignatureDoesNotMatch/);
          const node = kids[0];
          const uploads = await fx.children(node);
          assert.deepStrictEqual(uploads.map(label), ['inc-a.bin', 'inc-b.bin']);
          for (const u of uploads) {
            assert.strictEqual(u.getTreeItem().contextValue, 'ossExplorer.incompleteUpload', 'no checkpoint: not resumable');
            assert.match(String(u.getTreeItem().description), /^started \d{4}-\d\d-\d\d \d\d:\d\d$/);
          }
          fx.prompter.script(button(undefined, 'Abort the incomplete upload of inc-b.bin'));
          assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.abortUpload', uploads[1]), false, 'dismissing keeps it');
          assert.strictEqual((await core.listMultipartUploads(BUCKET)).length, 2);
          fx.prompter.script(button('Abort Upload'));
          assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.abortUpload', uploads[1]), true);
          assert.deepStrictEqual((await core.listMultipartUploads(BUCKET)).map((u) => u.uploadId), [ids['inc-a.bin']]);
          const again = await fx.nodeAt(name, BUCKET, 'Incomplete Uploads');
          assert.deepStrictEqual((await fx.children(again)).map(label), ['inc-a.bin'], 'the node was reloaded');
        });
      }

      it(`${kind}: Properties writes new user metadata (CopyObject REPLACE) and tags in one Apply; the bytes, type and old metadata stay`, async () => {
        await core.putObject(BUCKET, 'props/p.txt', Buffer.from('keep these bytes'), { contentType: 'text/plain', meta: { owner: 'ops' } });
        fx.prompter.script(
          pick('Add metadata…'),
          type('Reviewed-By', async (s) => {
            assert.match(s.prompt ?? '', /x-amz-meta-/, 'the S3 metadata prefix is named');
            assert.ok(await s.validate?.('bad name'), 'a name with a space is refused');
          }),
          type('alice'),
          pick('Add tag…'),
          type('team'),
          type('web'),
          (r) => {
            assert.ok(r.kind === 'pick');
            const labels = r.step.items.map((i) => i.label);
            assert.ok(labels.includes('x-amz-meta-reviewed-by') && labels.includes('x-amz-meta-owner'), labels.join(', '));
            return pick('Apply changes')(r);
          },
        );
        const r = await vscode.commands.executeCommand<{ written: string[] }>('ossExplorer.properties', ref('props/p.txt'));
        assert.deepStrictEqual(r?.written, ['properties', 'tags']);
        const h = await core.headObject(BUCKET, 'props/p.txt');
        assert.deepStrictEqual(h.meta, { owner: 'ops', 'reviewed-by': 'alice' });
        assert.strictEqual(h.contentType, 'text/plain');
        assert.strictEqual((await core.getObjectBuffer(BUCKET, 'props/p.txt')).body.toString(), 'keep these bytes');
        assert.deepStrictEqual(await core.getObjectTagging(BUCKET, 'props/p.txt'), { team: 'web' });
      });

      if (kind === 's3rver') {
        it('s3rver: pasting an image into Markdown uploads it to the S3 target and inserts a SigV4 link without x-oss-process that serves the bytes; the same image again is not re-sent (MD5 ETag)', async () => {
          const cfg = () => vscode.workspace.getConfiguration('ossExplorer.paste');
          await cfg().update('target', { connectionId: conn.id, connectionName: name, bucket: BUCKET, prefix: 'pasted/' }, vscode.ConfigurationTarget.Global);
          // An OSS image-processing suffix is configured, and must not reach an S3 link.
          await cfg().update('imageProcess', 'image/resize,w_1', vscode.ConfigurationTarget.Global);
          try {
            const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '# Notes\n\n' });
            const editor = await vscode.window.showTextDocument(doc);
            const paste = async (): Promise<void> => {
              const dt = new vscode.DataTransfer();
              dt.set('image/png', new FileItem('shot.png', PNG));
              const sel = editor.selection;
              const edits = await fx.api.paste.provider.provideDocumentPasteEdits(editor.document, [sel], dt);
              assert.ok(edits && edits.length > 0, 'an upload edit is offered');
              const resolved = await fx.api.paste.provider.resolveDocumentPasteEdit(edits[0]);
              const text = typeof resolved.insertText === 'string' ? resolved.insertText : resolved.insertText.value;
              assert.ok(await editor.edit((b) => b.insert(sel.active, text)));
            };
            await paste();
            const [r] = await fx.api.paste.jobs.settle();
            assert.strictEqual(r.outcome, 'inserted');
            const key = `pasted/${createHash('sha256').update(PNG).digest('hex').slice(0, 8)}-shot.png`;
            assert.deepStrictEqual(r.keys, [key]);
            const m = /!\[shot\.png\]\((http[^)]+)\)/.exec(editor.document.getText());
            assert.ok(m, editor.document.getText());
            assert.ok(m[1].startsWith(`${srv.endpoint}/${BUCKET}/${key}?`), m[1]);
            assert.match(m[1], /X-Amz-Algorithm=AWS4-HMAC-SHA256&.*X-Amz-Signature=[0-9a-f]{64}/);
            assert.ok(!m[1].includes('x-oss-process'), 'no OSS image processing on S3, even with paste.imageProcess set');
            const res = await fetch(m[1]);
            assert.strictEqual(res.status, 200);
            assert.ok(Buffer.from(await res.arrayBuffer()).equals(PNG), 'the link serves the pasted bytes');
            assert.strictEqual((await core.headObject(BUCKET, key)).etag, createHash('md5').update(PNG).digest('hex'), 'a plain MD5 ETag');

            const logged = fx.api.logLines();
            await paste();
            const [r2] = await fx.api.paste.jobs.settle();
            assert.deepStrictEqual(r2.keys, [key], 'same content, same key');
            assert.strictEqual(r2.reused, 1, 'nothing uploaded again');
            const host = new URL(srv.endpoint).host;
            const sent = linesSince(logged, fx.api.logLines()).filter((l) => l.includes(` ${host}/`));
            assert.ok(sent.some((l) => l.includes(`HEAD ${host}/${BUCKET}/`)), `the object was looked at: ${sent.join(' | ')}`);
            assert.ok(!sent.some((l) => l.includes(`PUT ${host}/`)), `no PUT was sent: ${sent.join(' | ')}`);
          } finally {
            await cfg().update('imageProcess', undefined, vscode.ConfigurationTarget.Global);
            await cfg().update('target', undefined, vscode.ConfigurationTarget.Global);
          }
        });
      }
    });
  }
});
