/**
 * UI: drag and drop in the OSS tree, as a person does it with the mouse. The person first puts
 * the Buckets view next to the workspace files (View: Move View → Explorer), then drags a file
 * from the Explorer onto a folder of a bucket: the object appears on the server with the file's
 * bytes, and in the folder. An object dragged onto another folder moves there (after the
 * "Move or copy" question): ali-oss finds it in the new folder and not in the old one.
 * ali-oss reads the server independently of the extension's client.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { DEMO_ACCESS_KEY_NAME, startDemoBackends, type DemoBackends } from '../support/demoEnv';
import { startWorkbench, type UiWorkbench } from '../support/vscodeHost';
import { answerDialog, answerPick, expand, notification, openOssExplorer, treeRow, WAIT } from './helpers/workbench';
import { uiSuiteHooks } from './helpers/lifecycle';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AliOss = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OSS: any = require('ali-oss');

const BUCKET = 'demo-empty';
const FILE = 'drop-me.txt';
const FILE_TEXT = 'bytes dragged from the Explorer\n';
const MOVED = 'move-me.txt';
const MOVED_TEXT = 'an object dragged onto another folder\n';

describe('UI: drag and drop in the OSS tree', function () {
  this.timeout(150000);
  let backends: DemoBackends | undefined;
  let wb: UiWorkbench | undefined;
  let dir: string | undefined;
  let oss: AliOss;
  let step = 0;

  const shot = async (name: string): Promise<string> => wb!.screenshot(`tree-drag-${String(++step).padStart(2, '0')}-${name}`);

  before(async function () {
    this.timeout(150000);
    backends = await startDemoBackends();
    const s = backends.oss;
    oss = new OSS({ endpoint: s.endpoint, region: `oss-${s.region}`, accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret, bucket: BUCKET, timeout: 10000 });
    await oss.put('inbox/.keep', Buffer.from(''));
    await oss.put(`from/${MOVED}`, Buffer.from(MOVED_TEXT));
    await oss.put('to/.keep', Buffer.from(''));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-ui-drag-'));
    wb = await startWorkbench({
      env: { OSS_EXPLORER_SEED_FILE: backends.writeSeedFile(dir) },
      files: { [FILE]: FILE_TEXT },
      timeoutMs: 90000,
    });
  });

  uiSuiteHooks(() => ({ wb, backends, dir: dir }));

  /** A row of the Explorer's file tree. */
  function explorerFile(page: Page, name: string): Locator {
    return page.locator('.part.sidebar .explorer-folders-view .monaco-list-row[role="treeitem"]', { has: page.locator('.label-name', { hasText: name }) }).first();
  }

  /** Records what the page's drag events carry (the DataTransfer's types) in `window.__drops`. */
  async function recordDrags(page: Page): Promise<void> {
    await page.evaluate(`(() => {
      if (window.__drops) return;
      window.__drops = [];
      for (const t of ['dragstart', 'dragover', 'drop', 'dragend']) {
        document.addEventListener(t, (e) => window.__drops.push(t + ':' + (e.dataTransfer ? [...e.dataTransfer.types].join(',') : '-')), true);
      }
    })()`);
  }

  /**
   * Drags `from` onto `to` with the mouse, as Playwright does it (hover, press, move, release),
   * and waits for the page to see the drop. The drop event arrives after dragTo returns, and on a
   * busy machine a first gesture sometimes ends before Chromium starts the drag (no dragstart at
   * all): then the gesture is repeated, at most three times, and each attempt's events are
   * printed. Returns the drop event's DataTransfer types.
   */
  async function dragUntilDropped(page: Page, from: Locator, to: Locator): Promise<string> {
    const attempts: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.evaluate('window.__drops.length = 0');
      await from.scrollIntoViewIfNeeded();
      await to.scrollIntoViewIfNeeded();
      await from.dragTo(to);
      const deadline = Date.now() + 5000;
      let seen: string[] = [];
      while (Date.now() < deadline) {
        seen = await page.evaluate<string[]>('window.__drops.slice()');
        const drop = seen.find((x) => x.startsWith('drop:'));
        if (drop) return drop;
        if (seen.some((x) => x.startsWith('dragend:'))) break;
        await page.waitForTimeout(100);
      }
      attempts.push(`attempt ${attempt}: ${seen.join(' | ') || '(no drag events)'}`);
      process.stdout.write(`      drag without a drop, ${attempts[attempts.length - 1]}\n`);
    }
    return attempts.join(' ; ');
  }

  // First: the next test moves the Buckets view out of the OSS Explorer side bar.
  it('an object dragged onto another folder moves there', async () => {
    const page = wb!.page;
    await openOssExplorer(page);
    const bucket = await expand(page, treeRow(page, DEMO_ACCESS_KEY_NAME, 1), BUCKET, 2);
    const from = await expand(page, bucket, 'from', 3);
    const obj = await expand(page, from, MOVED, 4);
    const to = treeRow(page, 'to', 3);
    await to.waitFor({ state: 'visible', timeout: WAIT });
    await recordDrags(page);
    await shot('before-move');
    const drop = await dragUntilDropped(page, obj, to);
    // The workbench's own tree mime holds only item handles; our refs item says what moves.
    assert.match(drop, /application\/vnd\.code\.tree\.ossexplorer\.buckets/, `a drop reached the tree: ${drop}`);
    assert.match(drop, /application\/vnd\.oss-explorer\.tree-refs\+json/, 'the drop carries the dragged refs');
    await answerDialog(page, /Move or copy 1 object\(s\) to demo-empty\/to\//, 'Move');
    // A move is copy, verify, delete: the copy shows up before the source goes.
    const deadline = Date.now() + WAIT;
    let got: Buffer | undefined;
    let gone = false;
    while ((!got || !gone) && Date.now() < deadline) {
      got = await oss.get(`to/${MOVED}`).then((r: { content: Buffer }) => r.content, () => undefined);
      gone = await oss.head(`from/${MOVED}`).then(() => false, (e: { status?: number }) => e.status === 404);
      if (!got || !gone) await page.waitForTimeout(250);
    }
    assert.ok(got, 'the object is in the target folder');
    assert.strictEqual(got.toString('utf8'), MOVED_TEXT);
    assert.ok(gone, 'the source object is gone after the move');
    await shot('moved-object');
    await expand(page, to, MOVED, 4);
  });

  it('a file dragged from the Explorer onto a folder is uploaded there', async () => {
    const page = wb!.page;
    await openOssExplorer(page);
    const conn = treeRow(page, DEMO_ACCESS_KEY_NAME, 1);
    await conn.waitFor({ state: 'visible', timeout: WAIT });
    await conn.click();
    // A dialog left by an earlier failure would swallow F1.
    if (await page.locator('.monaco-dialog-box').first().isVisible()) await page.keyboard.press('Escape');
    // View: Move View, into the Explorer's side bar, so both trees show at once.
    await page.keyboard.press('F1');
    const palette = page.locator('.quick-input-widget .quick-input-box input').first();
    await palette.fill('>View: Move View');
    await page.locator('.quick-input-widget .monaco-list-row', { has: page.locator('.label-name', { hasText: /^View: Move View$/ }) }).first().click();
    await answerPick(page, 'Select a View to Move', 'Buckets');
    await shot('move-view');
    await answerPick(page, 'Destination', 'Explorer');
    await shot('moved');
    await explorerFile(page, FILE).waitFor({ state: 'visible', timeout: WAIT });
    // The moved view starts short: drag the sash above its header up to give it room.
    const header = page.locator('.part.sidebar .pane-header', { hasText: /Buckets/i }).first();
    const box = await header.boundingBox();
    assert.ok(box, 'the Buckets view shows in the Explorer side bar');
    await page.mouse.move(box.x + box.width / 2, box.y - 1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y - 150, { steps: 5 });
    await page.mouse.move(box.x + box.width / 2, 250, { steps: 5 });
    await page.mouse.up();
    const bucket = await expand(page, treeRow(page, DEMO_ACCESS_KEY_NAME, 1), BUCKET, 2);
    const inbox = await expand(page, bucket, 'inbox', 3);
    await shot('both-trees');

    await recordDrags(page);
    const drop = await dragUntilDropped(page, explorerFile(page, FILE), inbox);
    assert.match(drop, /^drop:/, `a drop reached the tree: ${drop}`);
    await shot('dropped');
    const deadline = Date.now() + WAIT;
    let got: Buffer | undefined;
    while (!got && Date.now() < deadline) {
      got = await oss.get(`inbox/${FILE}`).then((r: { content: Buffer }) => r.content, () => undefined);
      if (!got) await page.waitForTimeout(250);
    }
    assert.ok(got, 'the dropped file is an object in the folder');
    assert.strictEqual(got.toString('utf8'), FILE_TEXT);
    await notification(page, /Uploaded inbox\/drop-me\.txt/).waitFor({ state: 'visible', timeout: WAIT });
    // The progress toast stays for the workbench's minimum time; it must show the upload as done.
    const progress = notification(page, /Uploading drop-me\.txt/);
    if (await progress.isVisible()) assert.match(await progress.innerText(), /32 B \/ 32 B/, 'the progress toast ends at 32 B / 32 B, not 0 B');
    await progress.waitFor({ state: 'hidden', timeout: WAIT });
    await shot('uploaded');
    await expand(page, inbox, FILE, 4);
  });
});
