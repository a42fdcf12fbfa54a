// @ts-check
'use strict';
/**
 * Test tooling (never shipped): lets a host test or benchmark, running inside the extension host,
 * ask the runner that drives the workbench page (code-server route of scripts/test-host.js) to do
 * what a person does with the keyboard, which no extension API can do. One action:
 *
 *   POST /paste-image  {"png": "<base64>"}  → puts the PNG on the page's clipboard and presses
 *                                            Ctrl+V in the focused editor; answers {"ok":true}
 *
 * Listens on 127.0.0.1 only, on a free port; the URL reaches the extension host as
 * OSS_HOST_PAGE_BRIDGE. Requests are served one at a time.
 */
const http = require('node:http');

/** @returns {Promise<{ url: string, setPage(page: import('playwright-core').Page): Promise<void>, close(): Promise<void> }>} */
async function startPageBridge() {
  /** @type {import('playwright-core').Page | undefined} */
  let page;
  let queue = Promise.resolve();

  /** @param {string} b64 */
  async function pasteImage(b64) {
    if (!page) throw new Error('the workbench page is not open yet');
    const p = page;
    // Runs in the page (browser globals); Chromium decodes the PNG and holds it as an image.
    await p.evaluate(`(async () => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(b64)}), (c) => c.charCodeAt(0));
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': new Blob([bytes], { type: 'image/png' }) })]);
    })()`);
    await p.keyboard.press('Control+V');
  }

  const server = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const reply = (/** @type {number} */ status, /** @type {object} */ body) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/paste-image') return reply(404, { error: 'unknown action' });
      let png;
      try {
        png = String(JSON.parse(Buffer.concat(chunks).toString('utf8')).png || '');
      } catch {
        return reply(400, { error: 'body must be JSON {"png": "<base64>"}' });
      }
      queue = queue
        .then(() => pasteImage(png))
        .then(
          () => reply(200, { ok: true }),
          (e) => reply(500, { error: e instanceof Error ? e.message : String(e) }),
        );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const addr = server.address();
  const port = addr && typeof addr === 'object' ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    async setPage(p) {
      page = p;
      await p.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    },
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

module.exports = { startPageBridge };
