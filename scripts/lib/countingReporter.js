// @ts-check
'use strict';
/**
 * Mocha reporter = the usual spec reporter + a summary file for scripts/test-all.js:
 * when OSS_STAGE_SUMMARY is set, writes { passed, failed, pending, failures } there at the end of the run.
 * Use: mocha --reporter ./scripts/lib/countingReporter.js
 */
const fs = require('fs');
const Mocha = require('mocha');

class CountingSpecReporter extends Mocha.reporters.Spec {
  /** @param {Mocha.Runner} runner @param {Mocha.MochaOptions} options */
  constructor(runner, options) {
    super(runner, options);
    /** @type {Array<{ title: string, message: string }>} */
    const failures = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (t, err) => {
      const message = err instanceof Error ? err.message : String(err);
      failures.push({ title: t.fullTitle(), message: message.split('\n')[0].slice(0, 300) });
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.OSS_STAGE_SUMMARY;
      const s = runner.stats || { passes: 0, failures: 0, pending: 0 };
      if (file) fs.writeFileSync(file, JSON.stringify({ passed: s.passes, failed: s.failures, pending: s.pending, failures }));
    });
  }
}

module.exports = CountingSpecReporter;
