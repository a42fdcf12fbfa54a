import * as assert from 'assert';
import { mapToLocal, type DownloadCandidate } from '../../../src/core/transfer/downloadPlan';

function cand(key: string, relativeKey = key.slice(key.lastIndexOf('/') + 1), size = 1): DownloadCandidate<string> {
  return { ref: key, key, relativeKey, size };
}

describe('core/transfer/downloadPlan', () => {
  it('maps every key through localPathForKey and rejects the unsafe ones', () => {
    const r = mapToLocal('C:\\dl', [cand('docs/a.txt'), cand('docs/..\\..\\AppData\\x.bat'), cand('f/CON.txt'), cand('site/x/..', 'site/x/..'), cand('site/ok.txt', 'site/ok.txt')], {
      platform: 'win32',
    });
    assert.deepStrictEqual(r.jobs.map((j) => j.file), ['C:\\dl\\a.txt', 'C:\\dl\\site\\ok.txt']);
    assert.deepStrictEqual(r.rejected.map((x) => x.key), ['docs/..\\..\\AppData\\x.bat', 'f/CON.txt', 'site/x/..']);
    assert.ok(r.rejected.every((x) => x.reason.length > 0));
  });
});
