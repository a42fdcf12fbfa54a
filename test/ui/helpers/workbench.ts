/**
 * Person-like actions on the VS Code workbench for the UI tests: open the OSS Explorer, expand
 * tree items, use context menus, answer quick picks and input boxes by typing and pressing Enter,
 * and wait for notifications. Selectors are the workbench's own ARIA attributes and classes.
 */
import type { Locator, Page } from 'playwright-core';

/**
 * The few browser globals used inside page functions (the project compiles without the DOM lib).
 * Use as `(globalThis as unknown as Browser).document` inside functions passed to the page.
 */
export interface BrowserEl {
  value?: string;
  style: { display: string };
  getAttribute(name: string): string | null;
}
export interface Browser {
  document: { querySelector(sel: string): BrowserEl | null; querySelectorAll(sel: string): ArrayLike<BrowserEl> };
  navigator: { clipboard: { readText(): Promise<string> } };
}

/** Generous but bounded waits (the host may be busy on a 2-core CI machine). */
export const WAIT = 20000;

/** CSS attribute-value escaping for labels with quotes or backslashes. */
function attr(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** Shows the OSS Explorer side bar (clicking the icon of a view already shown would hide it). */
export async function openOssExplorer(page: Page): Promise<void> {
  const item = page.locator('.part.activitybar .action-item:has(a[aria-label^="OSS Explorer"])');
  await item.waitFor({ state: 'visible', timeout: WAIT });
  if (!/\bchecked\b/.test((await item.getAttribute('class')) ?? '')) await item.locator('a').click();
  await page.locator('.part.sidebar .composite.title', { hasText: /OSS Explorer/i }).waitFor({ state: 'visible', timeout: WAIT });
}

function exact(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/**
 * The row of the Buckets tree whose label (the name shown, not the description) is `label`,
 * optionally at a tree depth (1 = connections). The ARIA label is not used: for items with a
 * resourceUri (folders) VS Code sets it to the URI.
 */
export function treeRow(page: Page, label: string, level?: number): Locator {
  const lvl = level ? `[aria-level="${level}"]` : '';
  return page
    .locator(`.part.sidebar .monaco-list-row[role="treeitem"]${lvl}`, { has: page.locator('.label-name', { hasText: exact(label) }) })
    .first();
}

/**
 * Expands a collapsible row (no-op when it is already expanded) and waits for a child to show.
 * The tree can re-render between finding the twistie and clicking it (rows still loading move
 * down), so the click may land on a neighbour: while the row is still collapsed it is clicked
 * again, until the child shows or WAIT has passed.
 */
export async function expand(page: Page, row: Locator, childLabel: string, childLevel?: number): Promise<Locator> {
  await row.waitFor({ state: 'visible', timeout: WAIT });
  const child = treeRow(page, childLabel, childLevel);
  const deadline = Date.now() + WAIT;
  for (;;) {
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
    const left = deadline - Date.now();
    try {
      await child.waitFor({ state: 'visible', timeout: Math.max(500, Math.min(3000, left)) });
      return child;
    } catch (e) {
      if (left <= 3000) throw e;
      if ((await row.getAttribute('aria-expanded')) !== 'true') process.stdout.write(`      expand: the click did not open the row of "${childLabel}"; clicking again\n`);
    }
  }
}

export async function collapse(row: Locator): Promise<void> {
  if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
}

/** The labels of the tree rows currently rendered, with their depth. */
export async function treeLabels(page: Page): Promise<{ label: string; level: number }[]> {
  return page.locator('.part.sidebar .monaco-list-row[role="treeitem"]').evaluateAll((els) =>
    els.map((e) => ({ label: e.getAttribute('aria-label') ?? '', level: Number(e.getAttribute('aria-level')) })),
  );
}

/** The context menu that is open (VS Code renders it in a shadow root; Playwright's CSS pierces it). */
export function contextMenu(page: Page): Locator {
  return page.locator('.context-view .monaco-menu');
}

/** Right-clicks `target` and waits for a menu entry whose text starts with `entry`. */
export async function openContextMenu(page: Page, target: Locator, entry: string): Promise<Locator> {
  await target.click({ button: 'right' });
  const item = contextMenu(page).locator('.action-item .action-label', { hasText: entry }).first();
  await item.waitFor({ state: 'visible', timeout: WAIT });
  return item;
}

/**
 * Clicks a context-menu entry and waits for the menu to close. A click that lands while the menu
 * is still settling can be swallowed by the workbench; then it is clicked once more.
 */
export async function chooseMenuItem(page: Page, item: Locator): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  for (let attempt = 0; ; attempt++) {
    await item.hover();
    await item.click();
    try {
      await menu.waitFor({ state: 'hidden', timeout: 3000 });
      return;
    } catch (e) {
      if (attempt >= 1) throw e;
    }
  }
}

const QUICK_INPUT = '.quick-input-widget';

/** Waits for the quick input whose placeholder or prompt mentions `hint`. */
async function quickInput(page: Page, hint: string): Promise<Locator> {
  const widget = page.locator(QUICK_INPUT);
  await widget.waitFor({ state: 'visible', timeout: WAIT });
  const byPlaceholder = widget.locator(`input[placeholder*="${attr(hint)}"]`);
  const byPrompt = widget.locator('.quick-input-message', { hasText: hint });
  await byPlaceholder.or(byPrompt).first().waitFor({ state: 'visible', timeout: WAIT });
  return widget.locator('.quick-input-box input').first();
}

/**
 * Answers a quick pick like a person: types `filter` into it, checks that the highlighted entry
 * is the one whose label contains `expect` (default: the filter), and presses Enter.
 */
export async function answerPick(page: Page, hint: string, filter: string, expect = filter): Promise<void> {
  const input = await quickInput(page, hint);
  await input.fill(filter);
  const active = page.locator(`${QUICK_INPUT} .monaco-list-row.focused`, { hasText: expect }).first();
  await active.waitFor({ state: 'visible', timeout: WAIT });
  await input.press('Enter');
  // Accepted when the picker closes or the next step starts with an empty filter.
  await page.waitForFunction(
    ([sel, typed]) => {
      const doc = (globalThis as unknown as Browser).document;
      const w = doc.querySelector(sel[0]);
      const i = doc.querySelector(sel[1]);
      return !w || w.style.display === 'none' || !i || i.value !== typed;
    },
    [[QUICK_INPUT, `${QUICK_INPUT} .quick-input-box input`], filter] as const,
    { timeout: WAIT },
  );
}

/** Answers an input box: checks the proposed value (when given), optionally replaces it, presses Enter. */
export async function answerInput(page: Page, hint: string, opts: { expectValue?: string; value?: string } = {}): Promise<string> {
  const input = await quickInput(page, hint);
  if (opts.expectValue !== undefined) {
    await page.waitForFunction(
      ([sel, v]) => (globalThis as unknown as Browser).document.querySelector(sel)?.value === v,
      [`${QUICK_INPUT} .quick-input-box input`, opts.expectValue] as const,
      { timeout: WAIT },
    );
  }
  if (opts.value !== undefined) await input.fill(opts.value);
  const value = await input.inputValue();
  await input.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: WAIT });
  return value;
}

/** Waits until `target` has stopped moving (toasts slide and fade in), for a clean screenshot. */
export async function settled(page: Page, target: Locator, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  let same = 0;
  while (Date.now() < until && same < 3) {
    const box = JSON.stringify(await target.boundingBox());
    same = box === last ? same + 1 : 0;
    last = box;
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(250); // the fade-in ends a moment after the slide
}

/** A notification toast whose message contains `text`. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { has: page.locator('.notification-list-item-message', { hasText: text }) }).first();
}

/** Opens a workspace file with Quick Open (Ctrl+P, type the name, Enter); returns its editor. */
export async function quickOpen(page: Page, fileName: string): Promise<Locator> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
  await page.keyboard.press('Control+P');
  const input = page.locator(`${QUICK_INPUT} .quick-input-box input`).first();
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill(fileName);
  await page.locator(`${QUICK_INPUT} .monaco-list-row.focused`, { hasText: fileName }).first().waitFor({ state: 'visible', timeout: WAIT });
  await input.press('Enter');
  const tab = page.locator(`.tabs-container .tab[aria-label^="${attr(fileName)}"]`).first();
  await tab.waitFor({ state: 'visible', timeout: WAIT });
  const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await editor.waitFor({ state: 'visible', timeout: WAIT });
  return editor;
}

/** The workbench's modal dialog (a modal showWarningMessage / showInformationMessage) saying `text`. */
export function modalDialog(page: Page, text: string | RegExp): Locator {
  return page.locator('.monaco-dialog-box', { has: page.locator('.dialog-message-text, .dialog-message', { hasText: text }) }).first();
}

/** Clicks the button `label` of the modal dialog saying `text` and waits for the dialog to close. */
export async function answerDialog(page: Page, text: string | RegExp, label: string): Promise<void> {
  const dialog = modalDialog(page, text);
  await dialog.waitFor({ state: 'visible', timeout: WAIT });
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: exact(label) }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: WAIT });
}
