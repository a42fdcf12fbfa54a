/**
 * UI: a person opens the OSS Explorer from the activity bar and sees the Buckets view with its
 * welcome text. Runs in plain Node (mocha) against code-server + headless Chromium.
 */
import * as assert from 'assert';
import { startWorkbench, UiWorkbench } from '../support/vscodeHost';

describe('UI: OSS Explorer activity bar', function () {
  this.timeout(120000);
  let wb: UiWorkbench | undefined;

  before(async () => {
    wb = await startWorkbench();
  });

  after(async () => {
    await wb?.stop();
  });

  it('opens the Buckets view with the welcome text', async () => {
    const page = wb!.page;
    const icon = page.locator('.part.activitybar .action-item a[aria-label^="OSS Explorer"]');
    await icon.waitFor({ state: 'visible', timeout: 30000 });
    await icon.click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.getByText('No OSS connection yet', { exact: false }).waitFor({ state: 'visible', timeout: 30000 });
    const title = await sidebar.locator('.composite.title').innerText();
    assert.match(title, /OSS EXPLORER/i);
    const buckets = sidebar.locator('.pane-header', { hasText: /Buckets/i });
    const bucketsVisible = (await buckets.count()) > 0 ? await buckets.first().isVisible() : false;
    assert.ok(bucketsVisible || /BUCKETS/i.test(title), `Buckets view not shown (title: ${title})`);
    const shot = await wb!.screenshot('activity-bar-buckets-view');
    assert.ok(shot.endsWith('.png'));
  });
});
