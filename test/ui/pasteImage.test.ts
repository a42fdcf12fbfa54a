/**
 * UI: a person puts a PNG on the clipboard, presses Ctrl+V in a Markdown editor, picks where pasted
 * files go (asked the first time), and gets an image link whose URL serves exactly those bytes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_ACCESS_KEY_NAME, startDemoBackends, type DemoBackends } from '../support/demoEnv';
import { startWorkbench, type UiWorkbench } from '../support/vscodeHost';
import { answerPick, openOssExplorer, quickOpen, treeRow, WAIT } from './helpers/workbench';
import { uiSuiteHooks } from './helpers/lifecycle';

/** A real PNG (Chromium decodes images put on the clipboard). */
const PNG = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'media', 'icon.png'));

describe('UI: paste an image into Markdown', function () {
  this.timeout(150000);
  let backends: DemoBackends | undefined;
  let wb: UiWorkbench | undefined;
  let dir: string | undefined;

  before(async function () {
    this.timeout(150000);
    backends = await startDemoBackends();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-ui-paste-'));
    wb = await startWorkbench({
      env: { OSS_EXPLORER_SEED_FILE: backends.writeSeedFile(dir) },
      files: {
        'notes.md': '# Notes\n\n',
        // The user's remembered paste-as choice, as VS Code keeps it.
        '.vscode/settings.json': JSON.stringify({ 'editor.pasteAs.preferences': ['ossExplorer.upload'], 'ossExplorer.paste.keyTemplate': '${prefix}${contentHash:8}-${fileName}' }),
      },
      timeoutMs: 90000,
    });
  });

  uiSuiteHooks(() => ({ wb, backends, dir: dir }));

  it('Ctrl+V with a PNG on the clipboard inserts a link that serves those bytes', async () => {
    const page = wb!.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    // Show the view first: the extension is then active and its paste provider registered.
    await openOssExplorer(page);
    await treeRow(page, DEMO_ACCESS_KEY_NAME, 1).waitFor({ state: 'visible', timeout: WAIT });
    const editor = await quickOpen(page, 'notes.md');
    await editor.click();
    await page.keyboard.press('Control+End');
    // Runs in the workbench page (browser globals, not Node's). Chromium may re-encode the image, so
    // "those bytes" are what the clipboard then holds.
    const held = await page.evaluate(`(async () => {
      const bytes = Uint8Array.from(atob('${PNG.toString('base64')}'), (c) => c.charCodeAt(0));
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': new Blob([bytes], { type: 'image/png' }) })]);
      const [item] = await navigator.clipboard.read();
      const back = new Uint8Array(await (await item.getType('image/png')).arrayBuffer());
      let s = '';
      for (const b of back) s += String.fromCharCode(b);
      return btoa(s);
    })()`);
    const onClipboard = Buffer.from(String(held), 'base64');
    assert.ok(onClipboard.length > 0, 'the clipboard holds a PNG');
    // The first paste can come before the extension has registered its provider (it activates on
    // Markdown): paste again until the provider asks where to upload.
    const asked = page.locator('.quick-input-widget input[placeholder*="Choose a connection"]').first();
    for (let i = 0; i < 4 && !(await asked.isVisible()); i++) {
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Control+V');
      await asked.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
    }
    await answerPick(page, 'Choose a connection', DEMO_ACCESS_KEY_NAME);
    await answerPick(page, 'Choose a bucket', 'demo-assets');
    await answerPick(page, 'Choose a folder', 'Here');

    const file = path.join(wb!.workspace, 'notes.md');
    const deadline = Date.now() + WAIT;
    let url: string | undefined;
    while (!url && Date.now() < deadline) {
      await page.keyboard.press('Control+S');
      await page.waitForTimeout(500);
      url = /!\[[^\]]*\]\((http[^)\s]+)\)/.exec(fs.readFileSync(file, 'utf8'))?.[1];
    }
    assert.ok(url, `an image link was inserted: ${fs.readFileSync(file, 'utf8')}`);
    const res = await fetch(url);
    assert.strictEqual(res.status, 200);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(onClipboard), 'the link serves the pasted bytes');
  });
});
