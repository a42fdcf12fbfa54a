import { S3Client } from '../../../src/core/s3';
import { StaticAccessKeyProvider } from '../../../src/core/credentials';
import type { S3TestServer } from '../../support/s3Servers';

export interface S3Bucket {
  readonly srv: S3TestServer;
  /** Our core client on the server, path-style, with the server's key pair. */
  readonly core: S3Client;
  /** Deletes every object of the bucket (what a test left behind). */
  empty(): Promise<void>;
}

/**
 * Starts an S3 server before the suite, creates `bucket` on it and stops it after; the returned
 * object's fields are set once the suite's `before` has run.
 */
export function useS3Bucket(start: () => Promise<S3TestServer>, bucket: string): S3Bucket {
  const state = {} as { srv: S3TestServer; core: S3Client };
  before(async function () {
    this.timeout(60000);
    state.srv = await start();
    state.core = new S3Client({
      endpoint: state.srv.endpoint, region: state.srv.region, pathStyle: true,
      credentials: new StaticAccessKeyProvider(state.srv.accessKeyId, state.srv.secretAccessKey),
    });
    await state.core.createBucket(bucket);
  });
  after(async () => {
    state.core?.destroy();
    await state.srv?.stop();
  });
  return {
    get srv() {
      return state.srv;
    },
    get core() {
      return state.core;
    },
    async empty() {
      const old = await state.core.listObjects({ bucket });
      if (old.objects.length) await state.core.deleteObjects(bucket, old.objects.map((o) => o.key));
    },
  };
}
