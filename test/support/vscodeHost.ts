/**
 * vscodeHost: typed access to scripts/lib/codeServer.js for TypeScript tests (test/ui), plus a
 * one-call helper for UI tests.
 *
 *   const wb = await startWorkbench({ env: { OSS_ENDPOINT: 'http://127.0.0.1:9000' } });
 *   await wb.page.click(...);            // Playwright Page on the VS Code workbench
 *   await wb.screenshot('my-test');      // -> test-results/ui/my-test.png
 *   await wb.stop();                     // closes Chromium, stops code-server (always call it)
 *
 * The extension under development (this repo; dist/ must be built) is loaded in the workbench,
 * a fresh temp folder is opened as the workspace, and `env` reaches the extension host.
 * For lower-level control use `codeServer` (the module itself; see its header comment).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as CodeServerModule from '../../scripts/lib/codeServer';
import type { Page } from 'playwright-core';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'oss-explorer') {
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the oss-explorer repository above ${start}`);
    dir = up;
  }
}

export const repoRoot = findRepoRoot(__dirname);
// Loaded at run time from the repo (the compiled file lives in out/, the module does not).
export const codeServer: typeof CodeServerModule = require(path.join(repoRoot, 'scripts', 'lib', 'codeServer.js'));

export interface UiWorkbench {
  page: Page;
  server: CodeServerModule.CodeServer;
  /** The opened workspace folder (temp, removed by stop()). */
  workspace: string;
  /** Saves test-results/ui/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface StartWorkbenchOptions {
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string | undefined>;
  /** User settings for the workbench (on top of the runner's quiet defaults). */
  settings?: Record<string, unknown>;
  /** Files to create in the workspace: relative path -> content. */
  files?: Record<string, string>;
  headless?: boolean;
  /** Time to wait for the workbench to show (default 60 s). */
  timeoutMs?: number;
}

export async function startWorkbench(opts: StartWorkbenchOptions = {}): Promise<UiWorkbench> {
  if (!codeServer.findChromium()) {
    throw new Error(
      process.env.CHROMIUM_PATH
        ? `Chromium not found at CHROMIUM_PATH=${process.env.CHROMIUM_PATH}`
        : 'Chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH)',
    );
  }
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-ui-ws-'));
  for (const [rel, content] of Object.entries(opts.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    fs.writeFileSync(path.join(workspace, rel), content);
  }
  const server = await codeServer.startCodeServer({ env: opts.env, settings: opts.settings, quiet: true });
  let wb: CodeServerModule.Workbench | undefined;
  const stop = async (): Promise<void> => {
    await wb?.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(server.tmpDir, { recursive: true, force: true }); // user data, extensions dir, log
  };
  try {
    wb = await codeServer.openWorkbench(server, { folder: workspace, headless: opts.headless });
    await codeServer.waitForWorkbench(wb.page, opts.timeoutMs ?? 60000);
  } catch (e) {
    const tail = server.logTail(); // before stop() removes the log
    await stop();
    const err = e instanceof Error ? e : new Error(String(e));
    err.message += `\n--- code-server log (tail) ---\n${tail}`;
    throw err;
  }
  const page = wb.page;
  return {
    page,
    server,
    workspace,
    async screenshot(name: string): Promise<string> {
      const dir = path.join(repoRoot, 'test-results', 'ui');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    stop,
  };
}
