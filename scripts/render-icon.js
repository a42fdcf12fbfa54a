// @ts-check
'use strict';
/**
 * Renders the marketplace icon media/icon.png (128x128) from the activity-bar glyph
 * media/oss.svg, drawn white on an orange rounded square, with headless Chromium.
 * Run once after changing the artwork: node scripts/render-icon.js (the PNG is committed).
 */
const fs = require('fs');
const path = require('path');
const { launchChromium } = require('./lib/codeServer');

async function main() {
  const root = path.resolve(__dirname, '..');
  const glyph = fs
    .readFileSync(path.join(root, 'media', 'oss.svg'), 'utf8')
    .replace('stroke="currentColor"', 'stroke="#ffffff"')
    .replace(/width="24" height="24"/, 'width="88" height="88"');
  const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div id="icon" style="width:128px;height:128px;border-radius:24px;display:flex;align-items:center;justify-content:center;
background:linear-gradient(135deg,#ff8a1f 0%,#ff6a00 55%,#e45400 100%)">${glyph}</div></body></html>`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
    await page.setContent(html);
    await page.locator('#icon').screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
  console.log('wrote media/icon.png');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
