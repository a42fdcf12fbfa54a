/**
 * Extension-host test entry. VS Code (test-electron) or code-server loads the compiled
 * out/test/host/index.js as `extensionTestsPath` and calls run() inside the extension host.
 *
 * Loads every out/test/host/**\/*.test.js (so new suites need no registration), runs them with
 * mocha (TDD/BDD globals both work: `suite`/`test` and `describe`/`it`), and:
 *  - echoes mocha's report as usual (goes to the host's console / debug console); lines a test
 *    prints with report() from ./report are part of it (plain console.log is not captured),
 *  - when OSS_HOST_TEST_RESULT is set, writes a JSON result file there:
 *    { passed, failed, pending, total, vscodeVersion, report, failures }. The code-server route cannot
 *    see the host's stdout, so the runner (scripts/test-host.js) reads this file.
 *  - rejects when any test failed or none ran (what test-electron expects).
 * OSS_HOST_BENCH=1 loads out/test/host/**\/*.bench.js instead (host benchmarks, `npm run bench`).
 * Optional: OSS_HOST_TEST_GREP filters tests by title (mocha --grep); OSS_HOST_TEST_FILES, a
 * comma-separated list of substrings, loads only the test files whose path contains one of them.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import * as vscode from 'vscode';
import Mocha from 'mocha';

interface HostResult {
  passed: number;
  failed: number;
  pending: number;
  total: number;
  vscodeVersion: string;
  report: string;
  /** Each failing test's full title and the first line of its error (for the CI summary). */
  failures: Array<{ title: string; message: string }>;
  error?: string;
}

function findTests(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    // OSS_HOST_BENCH=1 (scripts/bench-host.js): load the host benchmarks (*.bench.js) instead.
    .filter((f) => f.endsWith(process.env.OSS_HOST_BENCH === '1' ? '.bench.js' : '.test.js'))
    .map((f) => path.join(dir, f))
    .filter((f) => {
      const only = (process.env.OSS_HOST_TEST_FILES ?? '').split(',').map((x) => x.trim()).filter(Boolean);
      return only.length === 0 || only.some((o) => f.replace(/\\/g, '/').includes(o));
    })
    .sort();
}

export async function run(): Promise<void> {
  const resultFile = process.env.OSS_HOST_TEST_RESULT;
  const chunks: string[] = [];
  // VS Code's extension host replaces console.* and process.stdout.write with accessors whose
  // setters do nothing, so they cannot be teed. Mocha 11 reporters print through
  // Base.consoleLog (captured from console.log when mocha loads): patch that instead. Tests that
  // want a line in the report use report() from ./report.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const originalConsoleLog = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    chunks.push(util.format(...args) + '\n');
    originalConsoleLog(...args);
  };

  const result: HostResult = { passed: 0, failed: 0, pending: 0, total: 0, vscodeVersion: vscode.version, report: '', failures: [] };
  try {
    const mocha = new Mocha({
      ui: 'bdd',
      color: false,
      timeout: Number(process.env.OSS_HOST_TEST_TIMEOUT_MS) || 20000,
      grep: process.env.OSS_HOST_TEST_GREP || undefined,
    });
    // Make the TDD names (suite/test/suiteSetup…) available as well as BDD ones.
    mocha.suite.on('pre-require', (context: Record<string, unknown>) => {
      context.suite = context.describe;
      context.test = context.it;
      context.suiteSetup = context.before;
      context.suiteTeardown = context.after;
      context.setup = context.beforeEach;
      context.teardown = context.afterEach;
    });
    for (const f of findTests(__dirname)) mocha.addFile(f);
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      // Where the run is, for a runner that gives up waiting (scripts/test-host.js prints it on a time-out).
      const progress = (current: string): void => {
        if (!resultFile) return;
        const p = { passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0, current };
        try {
          fs.writeFileSync(`${resultFile}.progress`, JSON.stringify(p));
        } catch {
          // best effort: the result file is what counts
        }
      };
      runner.on('test', (t: Mocha.Test) => progress(t.fullTitle()));
      runner.on('fail', (t: Mocha.Runnable, err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        result.failures.push({ title: t.fullTitle(), message: message.split('\n')[0].slice(0, 300) });
      });
      runner.on('end', () => {
        result.passed = runner.stats?.passes ?? 0;
        result.failed = runner.stats?.failures ?? 0;
        result.pending = runner.stats?.pending ?? 0;
      });
    });
  } catch (e) {
    result.error = e instanceof Error ? e.stack || e.message : String(e);
    result.failed += 1;
  } finally {
    base.consoleLog = originalConsoleLog;
  }
  result.total = result.passed + result.failed;
  result.report = chunks.join('');
  if (resultFile) {
    fs.writeFileSync(resultFile + '.tmp', JSON.stringify(result));
    fs.renameSync(resultFile + '.tmp', resultFile);
  }
  if (result.error) throw new Error(result.error);
  if (result.failed > 0) throw new Error(`${result.failed} extension-host test(s) failed.`);
  if (result.total === 0) throw new Error('No extension-host tests ran.');
}
