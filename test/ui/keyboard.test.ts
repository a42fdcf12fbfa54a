/**
 * UI: the OSS Explorer with the keyboard only, then in a high-contrast theme. A person focuses the
 * Buckets view, walks the tree with the arrow keys, copies a signed link (Ctrl+Alt+C), renames an
 * object (F2) and refreshes a folder (F5); then switches to the Dark High Contrast theme and the
 * tree's icons still show.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { DEMO_ACCESS_KEY_NAME, startDemoBackends, type DemoBackends } from '../support/demoEnv';
import { startWorkbench, type UiWorkbench } from '../support/vscodeHost';
import { uiSuiteHooks } from './helpers/lifecycle';
import { answerInput, answerPick, type Browser, notification, openOssExplorer, treeRow, WAIT } from './helpers/workbench';

const BUCKET = 'demo-assets';
const ROWS = '.part.sidebar .monaco-list-row[role="treeitem"]';

/** The label shown on the focused row of the side bar's tree ('' when none): the arrow keys move focus, not the selection. */
async function focusedLabel(page: Page): Promise<string> {
  const row = page.locator(`${ROWS}.focused .label-name`).first();
  return (await row.count()) > 0 ? ((await row.textContent()) ?? '').trim() : '';
}

/** Presses a key until the focused row's label is `label` (at most `max` presses). */
async function arrowTo(page: Page, key: 'ArrowDown' | 'ArrowUp', label: string, max = 20): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focusedLabel(page)) === label) return;
    await page.keyboard.press(key);
    await page.waitForTimeout(50);
  }
  assert.strictEqual(await focusedLabel(page), label, `${key} reaches ${label}`);
}

/** Expands the focused row with → and waits for `child` to show. */
async function expandFocused(page: Page, child: string): Promise<void> {
  await page.keyboard.press('ArrowRight');
  await treeRow(page, child).waitFor({ state: 'visible', timeout: WAIT });
}

/** View: Focus on Buckets View, from the Command Palette (F1). */
async function focusBuckets(page: Page): Promise<void> {
  await page.keyboard.press('F1');
  await answerPick(page, 'Type the name of a command', '>Focus on Buckets View', 'Focus on Buckets View');
  await page.waitForFunction(
    (sel) => {
      const doc = (globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }).document;
      return !!doc.activeElement?.closest(sel);
    },
    '.part.sidebar .monaco-list',
    { timeout: WAIT },
  );
  if ((await focusedLabel(page)) === '') await page.keyboard.press('ArrowDown');
}

describe('UI: keyboard only, and a high-contrast theme', function () {
  this.timeout(150000);
  let backends: DemoBackends | undefined;
  let wb: UiWorkbench | undefined;
  let dir: string | undefined;
  let step = 0;

  const shot = async (name: string): Promise<string> => wb!.screenshot(`keyboard-${String(++step).padStart(2, '0')}-${name}`);

  before(async function () {
    this.timeout(150000);
    backends = await startDemoBackends();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-ui-keys-'));
    wb = await startWorkbench({ env: { OSS_EXPLORER_SEED_FILE: backends.writeSeedFile(dir) }, timeoutMs: 90000 });
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.server.baseUrl.replace(/\/$/, '') });
  });

  uiSuiteHooks(() => ({ wb, backends, dir }));

  it('walks the tree with the arrow keys; Ctrl+Alt+C copies a signed link, F2 renames, F5 refreshes', async () => {
    const page = wb!.page;
    const oss = backends!.oss;
    await openOssExplorer(page);
    const conn = treeRow(page, DEMO_ACCESS_KEY_NAME, 1);
    await conn.waitFor({ state: 'visible', timeout: WAIT });
    // Focus the view from the Command Palette, then only the arrow keys.
    await focusBuckets(page);
    await arrowTo(page, 'ArrowDown', DEMO_ACCESS_KEY_NAME);
    await expandFocused(page, BUCKET);
    await arrowTo(page, 'ArrowDown', BUCKET);
    await expandFocused(page, 'docs');
    await arrowTo(page, 'ArrowDown', 'docs');
    await expandFocused(page, 'notes.txt');
    await arrowTo(page, 'ArrowDown', 'notes.txt');
    await shot('object-selected');

    // Ctrl+Alt+C: Copy Signed Link for the selected object.
    await page.keyboard.press('Control+Alt+C');
    await answerPick(page, 'What is the link for?', 'GET');
    await answerPick(page, 'How long should the link work?', '1 h');
    await answerPick(page, 'How should a browser treat the file?', 'Inline');
    await notification(page, 'Link copied').waitFor({ state: 'visible', timeout: WAIT });
    const url = await page.evaluate(() => (globalThis as unknown as Browser).navigator.clipboard.readText());
    assert.match(url, new RegExp(`/${BUCKET}/docs/notes\\.txt\\?`), url);
    const res = await fetch(url);
    assert.strictEqual(res.status, 200);
    assert.match(await res.text(), /^Plain text notes\./);
    await shot('signed-link-copied');

    // F2: Rename / Move the focused object (the key is proposed, the name part selected).
    await focusBuckets(page);
    assert.strictEqual(await focusedLabel(page), 'notes.txt', 'focus came back to the row');
    await page.keyboard.press('F2');
    const before = await answerInput(page, 'New key in bucket', { expectValue: 'docs/notes.txt', value: 'docs/renamed.txt' });
    assert.strictEqual(before, 'docs/renamed.txt');
    await treeRow(page, 'renamed.txt').waitFor({ state: 'visible', timeout: WAIT });
    assert.ok(oss.headObjectDirect(BUCKET, 'docs/renamed.txt'), 'the object was moved on the server');
    assert.strictEqual(oss.headObjectDirect(BUCKET, 'docs/notes.txt'), undefined);
    await shot('renamed');

    // F5 on the folder: reloads its listing (an object put behind the extension's back shows).
    oss.putObjectDirect(BUCKET, 'docs/fresh.txt', 'fresh');
    // The listing was reloaded after the move: start from the top (Home) and walk down to the folder.
    await focusBuckets(page);
    await page.keyboard.press('Home');
    await arrowTo(page, 'ArrowDown', 'docs');
    assert.strictEqual(await treeRow(page, 'fresh.txt').count(), 0, 'cached until refreshed');
    await page.keyboard.press('F5');
    await treeRow(page, 'fresh.txt').waitFor({ state: 'visible', timeout: WAIT });
    await shot('refreshed');
  });

  it('in the Dark High Contrast theme the tree rows keep visible codicons', async () => {
    const page = wb!.page;
    // Preferences: Color Theme (Ctrl+K Ctrl+T).
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    await answerPick(page, 'Select Color Theme', 'Dark High Contrast');
    await page.waitForFunction(() => (globalThis as unknown as Browser).document.querySelector('.monaco-workbench.hc-black') !== null, undefined, { timeout: WAIT });
    const icons = await page.locator(`${ROWS} .custom-view-tree-node-item-icon`).evaluateAll((els) =>
      els.map((e) => {
        const view = (e.ownerDocument as unknown as { defaultView: { getComputedStyle(el: unknown, pseudo?: string): Record<string, string> } }).defaultView;
        const before = view.getComputedStyle(e, '::before');
        const box = (e as unknown as { getBoundingClientRect(): { width: number; height: number } }).getBoundingClientRect();
        return { className: String((e as unknown as { className: string }).className), color: view.getComputedStyle(e).color, glyph: before.content, width: box.width, height: box.height };
      }),
    );
    // The row icons (not the row actions, which show on hover): every one a codicon glyph.
    const drawn = icons.filter((i) => /codicon-/.test(i.className) && i.glyph && i.glyph !== 'none' && i.glyph !== 'normal');
    assert.ok(icons.length >= 5 && drawn.length === icons.length, `codicons in the tree: ${JSON.stringify(icons.slice(0, 8))}`);
    for (const i of drawn) {
      assert.ok(i.width > 0 && i.height > 0, `${i.className} has a size`);
      assert.doesNotMatch(i.color, /^rgba\(\d+, \d+, \d+, 0\)$|^transparent$/, `${i.className} is not transparent: ${i.color}`);
    }
    const file = await shot('high-contrast');
    assert.ok(fs.statSync(file).size > 0, 'a screenshot was saved');
  });
});
