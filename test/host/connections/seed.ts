/** What the connection suites start every test from. */
import type { OssServer } from '../../support/ossServer';
import { makePng } from '../../support/ossServer/seed';
import type { FixtureOptions } from '../helpers/fixture';

export const BUCKET = 'conn-bucket';
export const SECOND_BUCKET = 'second-bucket';

/** No connection: each test adds the ones it needs. */
export const connectionsFixture: FixtureOptions = {
  buckets: [BUCKET, SECOND_BUCKET],
  connection: false,
  seed: (server: OssServer) => {
    server.putObjectDirect(BUCKET, 'readme.md', '# Hi\n');
    server.putObjectDirect(BUCKET, 'docs/a.txt', 'a');
    server.putObjectDirect(BUCKET, 'pics/dot.png', makePng(4, 4, () => [255, 0, 0]), { contentType: 'image/png' });
    server.putObjectDirect(BUCKET, 'big.log', 'x'.repeat(2000));
  },
};
