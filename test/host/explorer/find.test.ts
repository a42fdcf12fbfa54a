/**
 * Find Objects… in the real extension host against the local OSS server: matches stream into the
 * pick while the scan runs, substring and glob, the ossExplorer.find.maxResults limit, closing the
 * pick stops the listing requests, and the chosen object is opened or revealed.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FindOutcome, FoundItem } from '../../../src/commands/findObjects';
import { useOssFixture } from '../helpers/fixture';
import { live, pick, type, type ScriptedLivePick } from '../helpers/scriptedPrompter';
import type { OssServer } from '../../support/ossServer';

const BUCKET = 'find-bucket';
const TOPS = ['alpha', 'beta', 'gamma', 'delta'];
const PER_TOP = 1500; // two listing pages per top-level folder

function seed(s: OssServer): void {
  for (const top of TOPS) {
    s.putObjectDirect(BUCKET, `${top}/report-${top}.csv`, 'r');
    s.putObjectDirect(BUCKET, `${top}/pic.png`, 'p');
    s.putObjectDirect(BUCKET, `${top}/deep/er/pic.png`, 'p');
    for (let i = 0; i < PER_TOP; i++) s.putObjectDirect(BUCKET, `${top}/f-${String(i).padStart(4, '0')}.txt`, 'x');
    s.putObjectDirect(BUCKET, `${top}/zz/Report-late.md`, 'z');
  }
  s.putObjectDirect(BUCKET, 'top.png', 'p');
}

const TOTAL = TOPS.length * (PER_TOP + 4) + 1;

type Pick = ScriptedLivePick<FoundItem>;
const keys = (p: Pick): string[] => p.items.map((i) => i.object.key).sort();
const listRequests = (s: OssServer): number => s.requests.filter((r) => r.path.includes('list-type=2')).length;

describe('Find Objects', function () {
  this.timeout(60000);
  const fx = useOssFixture({ buckets: [BUCKET], seed });

  async function bucketNode() {
    return fx.nodeAt('Local', BUCKET);
  }

  it('streams substring matches into the pick while the scan runs (from the palette: bucket and folder asked for)', async () => {
    let seen: Pick | undefined;
    fx.prompter.script(
      pick(BUCKET),
      pick('Here'),
      type('report'),
      live(async (p) => {
        seen = p as unknown as Pick;
        await p.done();
        p.close();
      }),
    );
    const r = await vscode.commands.executeCommand<FindOutcome>('ossExplorer.findObjects');
    assert.ok(seen);
    assert.strictEqual(r?.stopped, 'end');
    assert.strictEqual(r.glob, false);
    // Case-insensitive substring anywhere in the key below the folder.
    assert.deepStrictEqual(keys(seen), TOPS.flatMap((t) => [`${t}/report-${t}.csv`, `${t}/zz/Report-late.md`]).sort());
    const firstItems = seen.history.find((h) => h.items > 0);
    assert.ok(firstItems?.busy, 'the first matches were shown while the scan was still running');
    assert.ok(seen.history.filter((h) => h.items > 0).length > 1, 'matches arrived in several batches');
    assert.ok(r.scanned >= TOTAL, `every key was looked at (${r.scanned} of ${TOTAL})`);
    assert.match(seen.title ?? '', new RegExp(`${BUCKET}/: .* scanned, 8 found`));
    assert.match(seen.placeholder ?? '', /contain report/);
  });

  it('matches globs: a name at any depth, or a path with /', async () => {
    const run = async (pattern: string): Promise<string[]> => {
      let seen: Pick | undefined;
      fx.prompter.script(live(async (p) => {
        seen = p as unknown as Pick;
        await p.done();
        p.close();
      }));
      const r = await vscode.commands.executeCommand<FindOutcome>('ossExplorer.findObjects', await bucketNode(), pattern);
      assert.strictEqual(r?.glob, true);
      assert.ok(seen);
      assert.match(seen.placeholder ?? '', /glob/);
      return keys(seen);
    };
    assert.deepStrictEqual(await run('*.png'), [...TOPS.flatMap((t) => [`${t}/deep/er/pic.png`, `${t}/pic.png`]), 'top.png'].sort());
    assert.deepStrictEqual(await run('beta/*.png'), ['beta/pic.png']);
    assert.deepStrictEqual(await run('**/er/*.png'), TOPS.map((t) => `${t}/deep/er/pic.png`).sort());
    assert.deepStrictEqual(await run('f-14?9.txt'), TOPS.flatMap((t) => [`${t}/f-1409.txt`, `${t}/f-1419.txt`, `${t}/f-1429.txt`, `${t}/f-1439.txt`, `${t}/f-1449.txt`, `${t}/f-1459.txt`, `${t}/f-1469.txt`, `${t}/f-1479.txt`, `${t}/f-1489.txt`, `${t}/f-1499.txt`]).sort());
    // On a folder, the pattern is matched below it.
    let seen: Pick | undefined;
    fx.prompter.script(live(async (p) => {
      seen = p as unknown as Pick;
      await p.done();
      p.close();
    }));
    await vscode.commands.executeCommand('ossExplorer.findObjects', await fx.nodeAt('Local', BUCKET, 'gamma'), 'deep/**');
    assert.deepStrictEqual(seen && keys(seen), ['gamma/deep/er/pic.png']);
  });

  it('stops at ossExplorer.find.maxResults, without listing the rest', async () => {
    const cfg = vscode.workspace.getConfiguration('ossExplorer');
    await cfg.update('find.maxResults', 25, vscode.ConfigurationTarget.Global);
    try {
      fx.server.clearRequests();
      let seen: Pick | undefined;
      fx.prompter.script(live(async (p) => {
        seen = p as unknown as Pick;
        await p.done();
        p.close();
      }));
      const r = await vscode.commands.executeCommand<FindOutcome>('ossExplorer.findObjects', await bucketNode(), 'f-');
      assert.strictEqual(r?.stopped, 'limit');
      assert.strictEqual(r.found, 25);
      assert.strictEqual(seen?.items.length, 25);
      assert.match(seen.title ?? '', /first 25 matches .*ossExplorer\.find\.maxResults/);
      assert.ok(listRequests(fx.server) < 1 + TOPS.length * 2, `the scan stopped early (${listRequests(fx.server)} listings)`);
    } finally {
      await cfg.update('find.maxResults', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('closing the pick aborts the scan: no listing request after it', async () => {
    for (let t = 0; t < 12; t++) for (let i = 0; i < 1000; i++) fx.server.putObjectDirect(BUCKET, `more-${t}/k-${i}.bin`, 'x');
    fx.server.clearRequests();
    let atClose = 0;
    fx.prompter.script(live(async (p) => {
      await p.until(() => p.items.length > 0, 'the first match');
      p.close();
      atClose = listRequests(fx.server);
    }));
    const r = await vscode.commands.executeCommand<FindOutcome>('ossExplorer.findObjects', await bucketNode(), 'k-99');
    assert.strictEqual(r?.stopped, 'closed');
    await new Promise((res) => setTimeout(res, 500));
    const after = listRequests(fx.server);
    await new Promise((res) => setTimeout(res, 500));
    assert.strictEqual(listRequests(fx.server), after, 'no listing after the scan ended');
    assert.ok(after <= atClose + 4, `at most the requests in flight at close finished (${atClose} at close, ${after} after)`);
    assert.ok(after < 1 + 12 + TOPS.length * 2, `the scan did not run to its end (${after} listings)`);
  });

  it('a listing refused by the server closes the pick and shows the error', async () => {
    fx.server.faults.failNext(1, 403, { op: 'ListObjectsV2' });
    fx.prompter.script(live(async (p) => {
      await p.until(() => p.signal.aborted, 'the pick to close');
    }));
    const r = await vscode.commands.executeCommand<FindOutcome>('ossExplorer.findObjects', await bucketNode(), 'report');
    assert.strictEqual(r, undefined);
    const errors = fx.prompter.messages.filter((m) => m.level === 'error');
    assert.strictEqual(errors.length, 1, JSON.stringify(fx.prompter.messages));
    assert.match(errors[0].message, /Find Objects failed/);
  });

  it('opens the chosen object (Enter), or reveals it in the tree (item button)', async () => {
    const choose = (button?: 0 | 1) =>
      live(async (p) => {
        await p.done();
        const item = p.items.find((i) => (i as FoundItem).object.key === 'beta/report-beta.csv');
        assert.ok(item, 'the report is listed');
        assert.deepStrictEqual(item.buttons?.map((b) => b.tooltip), ['Open', 'Reveal in OSS Explorer']);
        p.choose(item, button === undefined ? undefined : item.buttons?.[button]);
      });
    fx.prompter.script(choose());
    const opened = await vscode.commands.executeCommand<FindOutcome>('ossExplorer.findObjects', await bucketNode(), 'report-beta');
    assert.deepStrictEqual(opened?.chosen, { key: 'beta/report-beta.csv', action: 'open' });
    const doc = vscode.window.activeTextEditor?.document;
    assert.strictEqual(doc?.uri.scheme, 'oss');
    assert.ok(doc.uri.path.endsWith('/beta/report-beta.csv'), doc.uri.toString());
    assert.strictEqual(doc.getText(), 'r');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    fx.prompter.script(choose(1));
    const revealed = await vscode.commands.executeCommand<FindOutcome>('ossExplorer.findObjects', await bucketNode(), 'report-beta');
    assert.deepStrictEqual(revealed?.chosen, { key: 'beta/report-beta.csv', action: 'reveal' });
    const sel = fx.api.treeView.selection;
    assert.strictEqual(sel.length, 1);
    assert.strictEqual((sel[0] as { key?: string }).key, 'beta/report-beta.csv');
  });
});
