/**
 * UI: the same browse → upload from the editor → copy a signed link → fetch it flow as
 * ossExplorer.test.ts, on an S3-compatible connection: @20minutes/s3rver (which checks SigV4
 * signatures, presigned URLs included), started by this test in its own process. The connection
 * reaches the extension through the dev-only seed file, with `service: "s3"` and path-style
 * addressing.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { S3Client } from '../../src/core/s3';
import { StaticAccessKeyProvider } from '../../src/core/credentials';
import { startS3rver, type S3TestServer } from '../support/s3Servers';
import { startWorkbench, type UiWorkbench } from '../support/vscodeHost';
import { uiSuiteHooks } from './helpers/lifecycle';
import { answerInput, answerPick, type Browser, chooseMenuItem, expand, notification, openContextMenu, openOssExplorer, quickOpen, settled, treeRow, WAIT } from './helpers/workbench';

const CONNECTION = 'Local S3 (s3rver)';
const BUCKET = 'ui-s3-bucket';
const FILE = 'hello-s3.txt';
const KEY = `docs/${FILE}`;
const CONTENT = 'Hello S3 from a Playwright UI test: café ½ €\n';

describe('UI: browse, upload from the editor and share a signed link on an S3 connection', function () {
  this.timeout(150000);
  let srv: S3TestServer | undefined;
  let core: S3Client | undefined;
  let wb: UiWorkbench | undefined;
  let dir: string | undefined;

  before(async function () {
    this.timeout(150000);
    srv = await startS3rver();
    core = new S3Client({ endpoint: srv.endpoint, region: srv.region, pathStyle: true, credentials: new StaticAccessKeyProvider(srv.accessKeyId, srv.secretAccessKey) });
    await core.createBucket(BUCKET);
    await core.putObject(BUCKET, 'docs/README.md', Buffer.from('# S3 docs\n'));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-ui-s3-'));
    const seed = path.join(dir, 'seed.json');
    fs.writeFileSync(seed, JSON.stringify({
      connections: [{
        name: CONNECTION, service: 's3', region: srv.region, endpoint: srv.endpoint, pathStyle: true, authType: 'accessKey',
        accessKeyId: srv.accessKeyId, accessKeySecret: srv.secretAccessKey,
      }],
    }), { mode: 0o600 });
    wb = await startWorkbench({ env: { OSS_EXPLORER_SEED_FILE: seed }, files: { [FILE]: CONTENT }, timeoutMs: 90000 });
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.server.baseUrl.replace(/\/$/, '') });
  });

  uiSuiteHooks(() => ({
    wb,
    dir,
    backends: {
      close: async () => {
        core?.destroy();
        await srv?.stop();
      },
    },
  }));

  it('expands connection → bucket → folder, uploads the open editor there, and a copied SigV4 link serves the bytes', async () => {
    const page = wb!.page;
    await openOssExplorer(page);
    const conn = treeRow(page, CONNECTION, 1);
    await conn.waitFor({ state: 'visible', timeout: WAIT });
    const bucket = await expand(page, conn, BUCKET, 2);
    const docs = await expand(page, bucket, 'docs', 3);
    await expand(page, docs, 'README.md', 4);
    await wb!.screenshot('s3-tree-expanded');

    const editor = await quickOpen(page, FILE);
    await chooseMenuItem(page, await openContextMenu(page, editor, 'Upload to OSS'));
    // The only connection: no connection picker.
    await answerPick(page, 'Choose a bucket', BUCKET);
    await answerPick(page, `Choose a folder in ${BUCKET}/`, 'docs/');
    await answerPick(page, `${BUCKET}/docs/`, 'Here', `Here: ${BUCKET}/docs/`);
    assert.strictEqual(await answerInput(page, 'Object key', { expectValue: KEY }), KEY);
    const done = notification(page, `Uploaded ${KEY} to ${BUCKET}`);
    await done.waitFor({ state: 'visible', timeout: WAIT });
    await settled(page, done);
    assert.strictEqual((await core!.getObjectBuffer(BUCKET, KEY)).body.toString('utf8'), CONTENT);
    await done.locator('.codicon-notifications-clear, .action-label[aria-label^="Clear"]').first().click({ timeout: 3000 }).catch(() => undefined);

    await openOssExplorer(page);
    const object = treeRow(page, FILE, 4);
    if (!(await object.isVisible())) await chooseMenuItem(page, await openContextMenu(page, docs, 'Refresh'));
    await object.waitFor({ state: 'visible', timeout: WAIT });
    await chooseMenuItem(page, await openContextMenu(page, object, 'Copy Signed Link'));
    await answerPick(page, 'What is the link for?', 'GET');
    await answerPick(page, 'How long should the link work?', '1 h');
    await answerPick(page, 'How should a browser treat the file?', 'Inline');
    const copied = notification(page, 'Link copied');
    await copied.waitFor({ state: 'visible', timeout: WAIT });
    await settled(page, copied);
    await wb!.screenshot('s3-signed-link-copied');

    const url = await page.evaluate(() => (globalThis as unknown as Browser).navigator.clipboard.readText());
    assert.ok(url.startsWith(`${srv!.endpoint}/${BUCKET}/docs/hello-s3.txt?`), url);
    assert.match(url, /X-Amz-Algorithm=AWS4-HMAC-SHA256.*X-Amz-Signature=/);
    const res = await fetch(url);
    const body = Buffer.from(await res.arrayBuffer());
    assert.strictEqual(res.status, 200, body.toString('utf8'));
    assert.strictEqual(body.toString('utf8'), CONTENT);
    assert.match(res.headers.get('content-disposition') ?? '', /^inline/);
    const tampered = await fetch(url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604800'));
    assert.strictEqual(tampered.status, 403, 'a changed signed query is refused');
    await tampered.arrayBuffer();
  });
});
