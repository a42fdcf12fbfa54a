/** The objects the explorer suites start every test from. */
import type { OssServer } from '../../support/ossServer';

export const BUCKET = 'test-bucket';
export const OTHER_BUCKET = 'other-bucket';

export function seedExplorer(server: OssServer): void {
  server.putObjectDirect(BUCKET, 'readme.md', '# Hello\n', { contentType: 'text/markdown' });
  server.putObjectDirect(BUCKET, 'docs/a.txt', 'a');
  server.putObjectDirect(BUCKET, 'img/x.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  for (let i = 0; i < 120; i++) server.putObjectDirect(BUCKET, `many/file-${String(i).padStart(3, '0')}.txt`, `#${i}`);
}

export const explorerFixture = { buckets: [BUCKET, OTHER_BUCKET], seed: seedExplorer, settings: { pageSize: 50 } };

/** The explorer seed plus more objects (path → content). */
export function explorerFixtureWith(extra: Record<string, string>): typeof explorerFixture {
  return {
    ...explorerFixture,
    seed: (s: OssServer) => {
      seedExplorer(s);
      for (const [k, v] of Object.entries(extra)) s.putObjectDirect(BUCKET, k, v);
    },
  };
}
