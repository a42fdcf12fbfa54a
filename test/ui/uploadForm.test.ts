/**
 * UI: a person makes an upload drop box with "Copy Upload Form…" on a folder, saves the HTML page
 * through the workbench's save dialog, and someone else opens that page in a browser and uploads a
 * file through it. The object must then be on the (local) server, byte for byte.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_ACCESS_KEY_NAME, startDemoBackends, type DemoBackends } from '../support/demoEnv';
import { startWorkbench, type UiWorkbench } from '../support/vscodeHost';
import type { Page } from 'playwright-core';
import { answerPick, chooseMenuItem, expand, notification, openContextMenu, openOssExplorer, treeRow, WAIT } from './helpers/workbench';
import { uiSuiteHooks } from './helpers/lifecycle';

const BUCKET = 'demo-assets';
const UPLOAD = 'dropped-through-the-form.txt';
const CONTENT = 'Uploaded through a saved PostObject form: ½ € ü\n';

/** Answers one input step of a wizard (the quick input stays open for the next step). */
async function stepInput(page: Page, prompt: string, value: string): Promise<void> {
  const message = page.locator('.quick-input-widget .quick-input-message', { hasText: prompt });
  await message.waitFor({ state: 'visible', timeout: WAIT });
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await input.fill(value);
  await input.press('Enter');
  await message.waitFor({ state: 'hidden', timeout: WAIT });
}

describe('UI: an upload form saved from the workbench works in a browser', function () {
  this.timeout(150000);
  let backends: DemoBackends | undefined;
  let wb: UiWorkbench | undefined;
  let dir: string | undefined;

  before(async function () {
    this.timeout(150000);
    backends = await startDemoBackends();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-ui-form-'));
    wb = await startWorkbench({ env: { OSS_EXPLORER_SEED_FILE: backends.writeSeedFile(dir) }, timeoutMs: 90000 });
  });

  uiSuiteHooks(() => ({ wb, backends, dir: dir }));

  it('Copy Upload Form… → Save HTML… → open the page in Chromium → upload a file → the object exists', async () => {
    const page = wb!.page;
    await openOssExplorer(page);
    const conn = treeRow(page, DEMO_ACCESS_KEY_NAME, 1);
    await conn.waitFor({ state: 'visible', timeout: WAIT });
    const bucket = await expand(page, conn, BUCKET, 2);
    await treeRow(page, 'demo-logs', 2).waitFor({ state: 'visible', timeout: WAIT }); // all buckets shown: rows stop moving
    const docs = await expand(page, bucket, 'docs', 3);
    await chooseMenuItem(page, await openContextMenu(page, docs, 'Copy Upload Form'));

    await stepInput(page, 'Largest file in MiB', '1');
    await stepInput(page, 'Accept only this Content-Type', '');
    await answerPick(page, 'How long should the form work?', '1 h');
    await answerPick(page, 'Signature version', 'V4');

    const ready = notification(page, 'Upload form ready');
    await ready.waitFor({ state: 'visible', timeout: WAIT });
    await wb!.screenshot('upload-form-ready');
    await ready.getByRole('button', { name: 'Save HTML…' }).click();

    // code-server's save dialog is a quick input holding a path: type where the page goes.
    const htmlFile = path.join(wb!.workspace, 'drop-box.html');
    const box = page.locator('.quick-input-widget .quick-input-box input').first();
    await box.waitFor({ state: 'visible', timeout: WAIT });
    // The dialog fills in its own default folder a moment after it opens, which can replace what
    // was typed: type until the value holds, then accept.
    for (let i = 0; i < 20; i++) {
      await box.fill(htmlFile);
      await page.waitForTimeout(300);
      if ((await box.inputValue()) === htmlFile) break;
    }
    assert.strictEqual(await box.inputValue(), htmlFile, 'the save dialog holds the typed path');
    await box.press('Enter');
    const deadline = Date.now() + WAIT;
    while (!fs.existsSync(htmlFile) && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(fs.existsSync(htmlFile), 'the HTML page was saved');
    assert.match(fs.readFileSync(htmlFile, 'utf8'), /<form action="http:\/\/127\.0\.0\.1:\d+/);

    // Someone else opens the page and uploads a file through it.
    const upload = path.join(dir!, UPLOAD);
    fs.writeFileSync(upload, CONTENT);
    const other = await page.context().browser()!.newPage();
    try {
      await other.goto(`file://${htmlFile}`);
      await other.locator('input[type="file"]').setInputFiles(upload);
      const answered = other.waitForResponse((r) => r.request().method() === 'POST', { timeout: WAIT });
      await other.getByRole('button', { name: 'Upload' }).click();
      const res = await answered;
      assert.ok(res.status() >= 200 && res.status() < 300, `the form POST answered ${res.status()}`);
      await other.screenshot({ path: path.join('test-results', 'ui', 'upload-form-posted.png') }).catch(() => undefined);
    } finally {
      await other.close();
    }
    const stored = await backends!.oss.getObjectBytes(BUCKET, `docs/${UPLOAD}`);
    assert.ok(stored, `${BUCKET}/docs/${UPLOAD} is not on the server`);
    assert.strictEqual(stored.toString('utf8'), CONTENT);
  });
});
