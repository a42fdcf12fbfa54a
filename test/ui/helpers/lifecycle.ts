/**
 * The mocha hooks every UI test file shares: a screenshot and the code-server log tail when a test
 * fails, then the workbench, the demo backends and the scratch folder removed after the suite.
 */
import * as fs from 'fs';
import type { DemoBackends } from '../../support/demoEnv';
import type { UiWorkbench } from '../../support/vscodeHost';

export interface UiSuiteState {
  wb?: UiWorkbench;
  /** The demo backends, or any other servers the suite started (closed after it). */
  backends?: Pick<DemoBackends, 'close'>;
  /** A scratch folder to delete afterwards. */
  dir?: string;
}

/** Registers afterEach (failure report) and after (clean-up); `state` is read when they run. */
export function uiSuiteHooks(state: () => UiSuiteState): void {
  afterEach(async function () {
    const { wb } = state();
    if (this.currentTest?.state === 'failed' && wb) {
      const file = await wb.screenshot(`FAILED-${this.currentTest.title}`).catch(() => '(no screenshot)');
      process.stdout.write(`      screenshot: ${file}\n      --- code-server log (tail) ---\n${wb.server.logTail(30)}\n`);
    }
  });

  after(async () => {
    const { wb, backends, dir } = state();
    await wb?.stop();
    await backends?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
}
