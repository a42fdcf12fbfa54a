/** The connection form: steps and Back, pinned buckets, rename and edit, custom domains and CNAME mode. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ConnectionRecord } from '../../../src/connections/model';
import { freePort, startOssServer } from '../../support/ossServer';
import { label, useOssFixture } from '../helpers/fixture';
import { accept, files, pick, type, type Answer } from '../helpers/scriptedPrompter';
import { BUCKET, connectionsFixture } from './seed';

interface QuickPickStepLike {
  placeholder?: string;
  activeItem?: vscode.QuickPickItem;
  canGoBack?: boolean;
}

describe('Connections: the form, edit, custom domains', function () {
  this.timeout(60000);
  const fx = useOssFixture(connectionsFixture);

  /** Answers a step with BACK after checking it. */
  function back(check?: (r: Parameters<Answer>[0]) => void): Answer {
    return (r) => {
      check?.(r);
      return fx.api.BACK;
    };
  }

  it('the form numbers its steps and goes back without losing answers; a pinned bucket skips ListBuckets', async () => {
    fx.prompter.script(
      (r) => {
        const step = (r as { step: { step?: number; canGoBack?: boolean } }).step;
        assert.strictEqual(step.step, 1, 'the Service step comes first');
        assert.ok(!step.canGoBack);
        return accept('Alibaba Cloud OSS')(r);
      },
      type('Pinned', (s) => {
        assert.strictEqual(s.step, 2);
        assert.ok(s.canGoBack);
      }),
      pick('cn-beijing'),
      back((r) => {
        assert.strictEqual(r.kind, 'pick');
        assert.strictEqual((r as { step: { step?: number } }).step.step, 4);
      }),
      (r) => {
        const step = (r as { step: { activeItem?: vscode.QuickPickItem; step?: number; canGoBack?: boolean } }).step;
        assert.strictEqual(step.activeItem?.label, 'cn-beijing', 'the earlier answer is kept');
        assert.strictEqual(step.step, 3);
        assert.ok(step.canGoBack);
        return pick('Custom endpoint')(r);
      },
      type(fx.server.endpoint),
      type('cn-hangzhou'),
      pick('AccessKey'),
      type(fx.server.accessKeyId),
      type(fx.server.accessKeySecret),
      type(''),
      type(BUCKET, (s) => assert.ok(s.validate?.('Bad_Bucket'), 'bucket names are validated')),
      type('docs'),
      accept('Read and write'),
    );
    const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.addConnection');
    assert.strictEqual(c?.pinnedBucket, BUCKET);
    assert.strictEqual(c?.pinnedPrefix, 'docs/');
    fx.server.clearRequests();
    const kids = await fx.api.treeProvider.getChildren(await fx.nodeAt('Pinned'));
    assert.deepStrictEqual(kids.map(label), [`${BUCKET}/docs/`]);
    assert.strictEqual(fx.server.requests.filter((r) => r.op === 'ListBuckets').length, 0, 'no ListBuckets');
    const objects = await fx.api.treeProvider.getChildren(kids[0]);
    assert.deepStrictEqual(objects.map(label), ['a.txt']);
  });

  it('renames and edits a connection (empty secret keeps the stored one)', async () => {
    const c = await fx.addConnection('Pinned', { pinnedBucket: BUCKET, pinnedPrefix: 'docs/' });
    fx.prompter.script(type('Renamed', (s) => assert.strictEqual(s.value, 'Pinned')));
    await vscode.commands.executeCommand('ossExplorer.renameConnection', await fx.nodeAt('Pinned'));
    assert.strictEqual(fx.api.store.get(c.id)?.name, 'Renamed');
    fx.prompter.script(
      accept('Alibaba Cloud OSS'),
      type(),
      pick('Custom endpoint'),
      type(),
      type(),
      pick('AccessKey'),
      type(),
      type('', (s) => assert.match(s.placeholder ?? '', /keep/)),
      type('https://cdn.example.com'),
      type(''),
      accept('Read and write'),
    );
    const edited = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.editConnection', await fx.nodeAt('Renamed'));
    assert.strictEqual(edited?.customDomain, 'https://cdn.example.com');
    assert.strictEqual(edited?.pinnedBucket, undefined);
    assert.strictEqual((await fx.api.store.getSecrets(c.id))?.accessKeySecret, fx.server.accessKeySecret);
  });

  it('uses the custom domain for URLs and signed links', async () => {
    const c = await fx.addConnection('Renamed', { customDomain: 'https://cdn.example.com' });
    const ref = { connectionId: c.id, bucket: BUCKET, key: 'docs/a b.txt' };
    const urls = await vscode.commands.executeCommand<string[]>('ossExplorer.copyObjectUrl', ref);
    assert.deepStrictEqual(urls, ['https://cdn.example.com/docs/a%20b.txt']);
    fx.prompter.script(pick('GET'), pick('15 min'), pick('Inline'));
    const [link] = (await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', ref));
    assert.ok(link.url.startsWith('https://cdn.example.com/docs/a%20b.txt?'), link.url);
    assert.ok(link.url.includes('response-content-disposition=inline'));
    await fx.api.store.remove(c.id);
  });

  it('sends every request through the custom domain (CNAME) when asked: tree, upload, links; Edit keeps it', async () => {
    // A server of its own that treats localhost:<port> as a custom domain bound to the bucket;
    // the connection's endpoint is the same server by IP (path style), so where requests went shows.
    const CN_BUCKET = 'cname-only';
    const port = await freePort();
    const domainHost = `localhost:${port}`;
    const cn = await startOssServer({ port, cnames: { [domainHost]: CN_BUCKET }, accounts: [{ accessKeyId: fx.server.accessKeyId, accessKeySecret: fx.server.accessKeySecret }] });
    let id: string | undefined;
    try {
      cn.createBucket(CN_BUCKET);
      cn.putObjectDirect(CN_BUCKET, 'hello.txt', 'hello');
      cn.putObjectDirect(CN_BUCKET, 'docs/a.txt', 'a');
      fx.prompter.script(
      accept('Alibaba Cloud OSS'),
        type('Via domain'),
        pick('Custom endpoint'),
        type(`http://127.0.0.1:${port}`),
        type('cn-hangzhou'),
        pick('AccessKey'),
        type(fx.server.accessKeyId),
        type(fx.server.accessKeySecret),
        type(`http://${domainHost}`),
        type(CN_BUCKET),
        type(''),
        (r) => {
          const step = (r as { step: QuickPickStepLike }).step;
          assert.strictEqual(step.placeholder, 'Send all requests through the custom domain (required for new accounts in mainland China regions)');
          assert.strictEqual(step.activeItem?.label, 'No', 'default No');
          assert.ok(step.canGoBack);
          return back()(r);
        },
        type(''), // back on the prefix step: answers are kept
        pick('Yes'),
        accept('Read and write'),
      );
      const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.addConnection');
      id = c?.id;
      assert.strictEqual(c?.requestsViaCustomDomain, true);
      assert.strictEqual(c?.customDomain, `http://${domainHost}`);
      assert.strictEqual(fx.api.store.get(c.id)?.requestsViaCustomDomain, true, 'kept in globalState');

      cn.clearRequests();
      const bucketNode = (await fx.api.treeProvider.getChildren(await fx.nodeAt('Via domain')))[0];
      assert.strictEqual(label(bucketNode), CN_BUCKET);
      assert.deepStrictEqual((await fx.api.treeProvider.getChildren(bucketNode)).map(label), ['docs', 'hello.txt']);

      const file = path.join(fx.tmp, 'via-domain.txt');
      fs.writeFileSync(file, 'uploaded through the domain');
      fx.prompter.script(files(vscode.Uri.file(file)), type(undefined, (st) => assert.strictEqual(st.value, 'via-domain.txt')));
      const up = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile', bucketNode);
      assert.deepStrictEqual(up?.uploaded.map((u) => u.key), ['via-domain.txt']);
      assert.strictEqual((await cn.getObjectBytes(CN_BUCKET, 'via-domain.txt'))?.toString(), 'uploaded through the domain');

      const ops = new Set(cn.requests.map((r) => r.op));
      assert.ok(ops.has('ListObjectsV2') && ops.has('PutObject'), [...ops].join(', '));
      for (const r of cn.requests) {
        assert.strictEqual(r.host, domainHost, `${r.op} ${r.path} went to ${r.host}`);
        assert.strictEqual(r.bucket, CN_BUCKET);
        assert.ok(!r.path.startsWith(`/${CN_BUCKET}`), `no bucket in the path: ${r.op} ${r.path}`);
        assert.ok(r.status < 400 || (r.op === 'HeadObject' && r.status === 404), `${r.op} ${r.status} ${r.code ?? ''}`);
      }

      fx.prompter.script(pick('GET'), pick('15 min'), pick('Inline'));
      const [link] = (await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', { connectionId: c.id, bucket: CN_BUCKET, key: 'hello.txt' }));
      assert.ok(link.url.startsWith(`http://${domainHost}/hello.txt?`), link.url);
      const res = await fetch(link.url);
      assert.strictEqual(res.status, 200);
      assert.strictEqual(await res.text(), 'hello');

      // Edit with every answer kept: the option stays (pre-selected).
      fx.prompter.script(
      accept('Alibaba Cloud OSS'),
        type(), pick('Custom endpoint'), type(), type(), pick('AccessKey'), type(), type(''), type(), type(), type(),
        (r) => {
          const step = (r as { step: QuickPickStepLike }).step;
          assert.strictEqual(step.activeItem?.label, 'Yes', 'the stored answer is pre-selected');
          return step.activeItem;
        },
        accept('Read and write'),
      );
      const kept = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.editConnection', c.id);
      assert.strictEqual(kept?.requestsViaCustomDomain, true);
      // Unpinning is refused while the option is on; answering No first, then unpinning, works.
      fx.prompter.script(
      accept('Alibaba Cloud OSS'),
        type(), pick('Custom endpoint'), type(), type(), pick('AccessKey'), type(), type(''), type(),
        type(undefined, (st) => assert.match(String(st.validate?.('')), /needs a pinned bucket.*answer No/)),
        type(),
        pick('No'),
        accept('Read and write'),
      );
      const off = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.editConnection', c.id);
      assert.strictEqual(off?.requestsViaCustomDomain, undefined);
      assert.strictEqual(off?.pinnedBucket, CN_BUCKET);
      fx.prompter.script(accept('Alibaba Cloud OSS'), type(), pick('Custom endpoint'), type(), type(), pick('AccessKey'), type(), type(''), type(), type(''), accept('Read and write'));
      const unpinned = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.editConnection', c.id);
      assert.strictEqual(unpinned?.pinnedBucket, undefined);
      assert.strictEqual(unpinned?.requestsViaCustomDomain, undefined);
      assert.strictEqual(fx.api.store.get(c.id)?.requestsViaCustomDomain, undefined);
    } finally {
      if (id) await fx.api.store.remove(id);
      await cn.close();
    }
  });

  it('refuses requests through the custom domain without a pinned bucket, saying why', async () => {
    const bad = await fx.addConnection('Unpinned CNAME', { customDomain: 'http://localhost:1', requestsViaCustomDomain: true });
    try {
      const r = await vscode.commands.executeCommand('ossExplorer.testConnection', bad.id);
      assert.strictEqual(r, undefined);
      const errors = fx.prompter.messages.filter((m) => m.level === 'error');
      assert.strictEqual(errors.length, 1);
      assert.match(errors[0].message, /needs a pinned bucket/);
    } finally {
      await fx.api.store.remove(bad.id);
    }
  });
});
