/**
 * report(): print a line into the host-test report (the runner shows it in the terminal).
 * Plain console.log inside the extension host goes to VS Code's log, not to the report.
 */
import Mocha from 'mocha';

export function report(...args: unknown[]): void {
  (Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog(...args);
}
