/**
 * UI: a person clicks an object in the OSS tree, types into the editor that opens and presses
 * Ctrl+S. The object's bytes change on the server while its Content-Type, x-oss-meta-* and tags
 * stay. Then someone else changes the object; the person's next save stops with Compare /
 * Overwrite / Cancel: Compare opens the diff editor, Overwrite saves the person's text.
 *
 * ali-oss is the other client: it seeds the object's properties, is the second writer and reads
 * everything back, independently of the extension's own client.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { DEMO_ACCESS_KEY_NAME, startDemoBackends, type DemoBackends } from '../support/demoEnv';
import { startWorkbench, type UiWorkbench } from '../support/vscodeHost';
import { answerDialog, expand, modalDialog, openOssExplorer, treeRow, WAIT } from './helpers/workbench';
import { uiSuiteHooks } from './helpers/lifecycle';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AliOss = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OSS: any = require('ali-oss');

const BUCKET = 'demo-empty';
const KEY = 'edit-me.txt';
const ORIGINAL = 'first line\n';
/** Not what the .txt extension would give, so a save that guessed the type would show. */
const CONTENT_TYPE = 'text/x-release-notes; charset=utf-8';
const META = { owner: 'ops', 'build-id': '42' };
const TAGS = { team: 'web', env: 'prod' };
const CONFLICT = /changed on the server after you opened it/;

describe('UI: edit an object in place', function () {
  this.timeout(150000);
  let backends: DemoBackends | undefined;
  let wb: UiWorkbench | undefined;
  let dir: string | undefined;
  let oss: AliOss;
  let step = 0;

  const shot = async (name: string): Promise<string> => wb!.screenshot(`edit-object-${String(++step).padStart(2, '0')}-${name}`);
  const serverText = async (): Promise<string> => Buffer.from((await oss.get(KEY)).content as Buffer).toString('utf8');

  before(async function () {
    this.timeout(150000);
    backends = await startDemoBackends();
    const s = backends.oss;
    oss = new OSS({ endpoint: s.endpoint, region: `oss-${s.region}`, accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret, bucket: BUCKET, timeout: 10000 });
    await oss.put(KEY, Buffer.from(ORIGINAL), {
      headers: { 'Content-Type': CONTENT_TYPE, 'x-oss-meta-owner': META.owner, 'x-oss-meta-build-id': META['build-id'] },
    });
    await oss.putObjectTagging(KEY, TAGS);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-ui-edit-'));
    wb = await startWorkbench({
      env: { OSS_EXPLORER_SEED_FILE: backends.writeSeedFile(dir) },
      // VS Code for the web (code-server) saves after a delay by default; a person here saves with Ctrl+S.
      settings: { 'files.autoSave': 'off' },
      timeoutMs: 90000,
    });
  });

  uiSuiteHooks(() => ({ wb, backends, dir: dir }));

  /** The active editor's text area, once it shows `text`. */
  async function editorShowing(page: Page, text: string): Promise<Locator> {
    const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    await lines.filter({ hasText: text }).waitFor({ state: 'visible', timeout: WAIT });
    return lines;
  }

  /** Clicks into the editor, goes to the end and types like a person. */
  async function typeAtEnd(page: Page, editor: Locator, text: string): Promise<void> {
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(text);
    await page.locator(`.tabs-container .tab.dirty[aria-label^="${KEY}"]`).first().waitFor({ state: 'visible', timeout: WAIT });
  }

  /**
   * Ctrl+S until `done` shows. The workbench sometimes skips a save without calling the file
   * system (right after opening, or after a failed save); a person would press Ctrl+S again.
   */
  async function pressSaveUntil(page: Page, done: Locator): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('Control+S');
      try {
        await done.waitFor({ state: 'visible', timeout: attempt < 2 ? 5000 : WAIT });
        return;
      } catch (e) {
        if (attempt >= 2) throw e;
      }
    }
  }

  it('click, type, Ctrl+S: the bytes change on the server, Content-Type, metadata and tags stay', async () => {
    const page = wb!.page;
    await openOssExplorer(page);
    const conn = treeRow(page, DEMO_ACCESS_KEY_NAME, 1);
    const bucket = await expand(page, conn, BUCKET, 2);
    const object = await expand(page, bucket, KEY, 3);
    await object.click();
    await page.locator(`.tabs-container .tab[aria-label^="${KEY}"]`).first().waitFor({ state: 'visible', timeout: WAIT });
    const editor = await editorShowing(page, 'first line');
    await shot('opened');

    await typeAtEnd(page, editor, 'edited by a person');
    await shot('typed');
    await pressSaveUntil(page, page.locator(`.tabs-container .tab:not(.dirty)[aria-label^="${KEY}"]`).first());
    assert.strictEqual(await serverText(), `${ORIGINAL}edited by a person`);

    const head = await oss.head(KEY);
    const headers = head.res.headers as Record<string, string>;
    assert.strictEqual(headers['content-type'], CONTENT_TYPE);
    assert.deepStrictEqual(head.meta, META);
    assert.deepStrictEqual((await oss.getObjectTagging(KEY)).tag, TAGS);
    await shot('saved');
  });

  it('after a second writer, Ctrl+S offers Compare / Overwrite / Cancel; Compare diffs, Overwrite saves', async () => {
    const page = wb!.page;
    const editor = await editorShowing(page, 'edited by a person');
    await typeAtEnd(page, editor, ' twice');
    // Someone else saves the object meanwhile.
    await oss.put(KEY, Buffer.from('their version\n'), { headers: { 'Content-Type': CONTENT_TYPE } });

    const dialog = modalDialog(page, CONFLICT);
    await pressSaveUntil(page, dialog);
    for (const label of ['Compare', 'Overwrite', 'Cancel']) {
      assert.ok(await dialog.locator('.dialog-buttons .monaco-button', { hasText: label }).first().isVisible(), `the dialog offers ${label}`);
    }
    await shot('conflict');
    await answerDialog(page, CONFLICT, 'Compare');

    const diff = page.locator('.editor-group-container.active .monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: WAIT });
    await diff.locator('.editor.original .view-lines', { hasText: 'their version' }).waitFor({ state: 'visible', timeout: WAIT });
    await diff.locator('.editor.modified .view-lines', { hasText: 'edited by a person twice' }).waitFor({ state: 'visible', timeout: WAIT });
    await page.locator('.tabs-container .tab', { hasText: '(on the server)' }).first().waitFor({ state: 'visible', timeout: WAIT });
    assert.strictEqual(await serverText(), 'their version\n', 'Compare wrote nothing');
    await shot('compare');

    // Saving from the diff's side of the person's text asks again; this time Overwrite.
    await diff.locator('.editor.modified .view-lines').click();
    await pressSaveUntil(page, dialog);
    await answerDialog(page, CONFLICT, 'Overwrite');
    await page.locator(`.tabs-container .tab.dirty`).first().waitFor({ state: 'hidden', timeout: WAIT });
    assert.strictEqual(await serverText(), `${ORIGINAL}edited by a person twice`);
    assert.strictEqual((await oss.head(KEY)).res.headers['content-type'], CONTENT_TYPE);
    await shot('overwritten');
  });
});
