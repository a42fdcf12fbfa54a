/**
 * UI: a person browses, uploads and shares with the OSS Explorer, in a real VS Code workbench
 * (code-server + headless Chromium, driven by Playwright) against the local OSS server with its
 * demo seed. The connections "Local demo (AccessKey)" and "Local demo (AssumeRole)" are handed to
 * the extension through the dev-only seed file (OSS_EXPLORER_SEED_FILE), like `npm run demo` does.
 *
 * Every step saves a screenshot to test-results/ui/. The tests share one workbench and run in
 * order: (b) uploads the object that (c) shares.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_ACCESS_KEY_NAME, DEMO_ASSUME_ROLE_NAME, startDemoBackends, type DemoBackends } from '../support/demoEnv';
import { startWorkbench, type UiWorkbench } from '../support/vscodeHost';
import { uiSuiteHooks } from './helpers/lifecycle';
import {
  answerInput,
  answerPick,
  type Browser,
  chooseMenuItem,
  collapse,
  expand,
  notification,
  openContextMenu,
  openOssExplorer,
  quickOpen,
  settled,
  treeLabels,
  treeRow,
  WAIT,
} from './helpers/workbench';

const BUCKET = 'demo-assets';
const FILE = 'hello-oss.txt';
const KEY = `docs/${FILE}`;
const CONTENT = 'Hello from a Playwright UI test!\nUTF-8: café, naïve, Ærø — ½ €\n';

describe('UI: browse, upload and share with the OSS Explorer', function () {
  this.timeout(90000);
  let backends: DemoBackends | undefined;
  let wb: UiWorkbench | undefined;
  let seedDir: string | undefined;
  let step = 0;

  const shot = async (name: string): Promise<string> => wb!.screenshot(`oss-explorer-${String(++step).padStart(2, '0')}-${name}`);

  before(async function () {
    this.timeout(150000);
    backends = await startDemoBackends();
    seedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-ui-seed-'));
    const seedFile = backends.writeSeedFile(seedDir);
    wb = await startWorkbench({
      env: { OSS_EXPLORER_SEED_FILE: seedFile },
      files: { [FILE]: CONTENT, 'notes/todo.md': '- upload\n' },
      timeoutMs: 90000,
    });
    // Let the extension host read the clipboard's content back to us.
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.server.baseUrl.replace(/\/$/, '') });
  });

  uiSuiteHooks(() => ({ wb, backends, dir: seedDir }));

  it('(a) shows the seeded connections and expands connection → bucket → folder to its objects', async () => {
    const page = wb!.page;
    await openOssExplorer(page);
    const conn = treeRow(page, DEMO_ACCESS_KEY_NAME, 1);
    await conn.waitFor({ state: 'visible', timeout: WAIT });
    await treeRow(page, DEMO_ASSUME_ROLE_NAME, 1).waitFor({ state: 'visible', timeout: WAIT });
    // The seed file held secrets: the extension deleted it after importing.
    assert.ok(!fs.existsSync(path.join(seedDir!, 'seed-connections.json')), 'seed file was not deleted');

    const bucket = await expand(page, conn, BUCKET, 2);
    await treeRow(page, 'demo-logs', 2).waitFor({ state: 'visible', timeout: WAIT });
    const docs = await expand(page, bucket, 'docs', 3);
    await expand(page, docs, 'README.md', 4);
    for (const name of ['notes.txt', 'config.json', 'empty.txt', 'nested']) {
      await treeRow(page, name, 4).waitFor({ state: 'visible', timeout: WAIT });
    }
    await page.mouse.move(900, 500); // no hover tooltip over the tree in the picture
    await shot('tree-expanded');

    // The AssumeRole connection gets a token from the fake STS and lists the same buckets.
    await collapse(conn);
    const role = treeRow(page, DEMO_ASSUME_ROLE_NAME, 1);
    await role.locator('.monaco-tl-twistie').click();
    await page.waitForFunction(
      (name) => {
        const doc = (globalThis as unknown as Browser).document;
        const rows = Array.from(doc.querySelectorAll('.part.sidebar .monaco-list-row[role="treeitem"]'));
        const i = rows.findIndex((r) => (r.getAttribute('aria-label') ?? '').startsWith(name));
        return i >= 0 && rows.slice(i + 1).some((r) => r.getAttribute('aria-level') === '2' && (r.getAttribute('aria-label') ?? '').startsWith('demo-assets'));
      },
      DEMO_ASSUME_ROLE_NAME,
      { timeout: WAIT },
    );
    const labels = await treeLabels(page);
    assert.ok(labels.some((l) => l.level === 2 && l.label.startsWith('demo-empty')), JSON.stringify(labels));
    assert.ok(backends!.sts.issued.length >= 1, 'no STS token was issued');
    await shot('assume-role-buckets');
    await collapse(role);
  });

  it('(b) uploads the open editor from its context menu ("Upload to OSS…"), same bytes on the server', async () => {
    const page = wb!.page;
    const editor = await quickOpen(page, FILE);
    const entry = await openContextMenu(page, editor, 'Upload to OSS');
    await shot('editor-context-menu-upload');
    await chooseMenuItem(page, entry);

    // Where to: connection → bucket → folder, then the key (proposed from the file name).
    await answerPick(page, 'Choose a connection', DEMO_ACCESS_KEY_NAME);
    await answerPick(page, 'Choose a bucket', BUCKET);
    await answerPick(page, `Choose a folder in ${BUCKET}/`, 'docs/');
    await shot('upload-choose-folder');
    await answerPick(page, `${BUCKET}/docs/`, 'Here', `Here: ${BUCKET}/docs/`);
    const key = await answerInput(page, 'Object key', { expectValue: KEY });
    assert.strictEqual(key, KEY);

    const done = notification(page, `Uploaded ${KEY} to ${BUCKET}`);
    await done.waitFor({ state: 'visible', timeout: WAIT });
    await settled(page, done);
    await shot('upload-done');
    const bytes = await backends!.oss.getObjectBytes(BUCKET, KEY);
    assert.ok(bytes, `${BUCKET}/${KEY} is not on the server`);
    assert.deepStrictEqual(bytes, fs.readFileSync(path.join(wb!.workspace, FILE)));
    assert.strictEqual(bytes.toString('utf8'), CONTENT);
    await done.locator('.codicon-notifications-clear, .action-label[aria-label^="Clear"]').first().click({ timeout: 3000 }).catch(() => undefined);
  });

  it('(c) copies a signed GET link from the object\'s context menu and the link serves the bytes', async () => {
    const page = wb!.page;
    if (!backends!.oss.headObjectDirect(BUCKET, KEY)) {
      backends!.oss.putObjectDirect(BUCKET, KEY, CONTENT, { contentType: 'text/plain' }); // (b) failed: carry on
    }
    await openOssExplorer(page);
    const conn = treeRow(page, DEMO_ACCESS_KEY_NAME, 1);
    const bucket = await expand(page, conn, BUCKET, 2);
    const docs = await expand(page, bucket, 'docs', 3);
    await expand(page, docs, 'README.md', 4);
    const object = treeRow(page, FILE, 4);
    if (!(await object.isVisible())) {
      // Not listed (the listing was cached before the upload): refresh the folder, as a person would.
      await chooseMenuItem(page, await openContextMenu(page, docs, 'Refresh'));
    }
    await object.waitFor({ state: 'visible', timeout: WAIT });
    const entry = await openContextMenu(page, object, 'Copy Signed Link');
    await shot('object-context-menu');
    await chooseMenuItem(page, entry);

    await answerPick(page, 'What is the link for?', 'GET');
    await answerPick(page, 'How long should the link work?', '1 h');
    await answerPick(page, 'How should a browser treat the file?', 'Inline');
    const copied = notification(page, 'Link copied');
    await copied.waitFor({ state: 'visible', timeout: WAIT });
    await page.mouse.move(900, 400); // no hover tooltip in the picture
    await settled(page, copied);
    await shot('signed-link-copied');

    const url = await page.evaluate(() => (globalThis as unknown as Browser).navigator.clipboard.readText());
    assert.match(url, new RegExp(`^${backends!.oss.endpoint.replace(/[.]/g, '\\.')}/${BUCKET}/docs/hello-oss\\.txt\\?`), url);
    assert.match(url, /x-oss-signature=|Signature=/i);
    const res = await fetch(url);
    const body = Buffer.from(await res.arrayBuffer());
    assert.strictEqual(res.status, 200, body.toString('utf8'));
    assert.strictEqual(body.toString('utf8'), CONTENT);
    assert.match(res.headers.get('content-disposition') ?? '', /^inline/);
  });
});
