/**
 * Standalone local OSS server.
 *   npm run oss-server -- [--port <p>] [--host <h>] [--data <dir>] [--tmp <dir>] [--seed demo] [--region <r>]
 *                         [--access-key-id <ak> --access-key-secret <sk>]
 * Prints exactly one JSON line {"endpoint","region","accessKeyId","accessKeySecret"} once listening;
 * stops cleanly on SIGINT/SIGTERM.
 */
import { startOssServer, type OssServerOptions } from './index';

function parseArgs(argv: string[]): OssServerOptions {
  const opts: OssServerOptions = {};
  let ak: string | undefined;
  let sk: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) {
        throw new Error(`missing value for ${a}`);
      }
      return v;
    };
    switch (a) {
      case '--port': opts.port = Number(next()); break;
      case '--host': opts.host = next(); break;
      case '--data': opts.dataDir = next(); break;
      case '--tmp': opts.tmpDir = next(); break;
      case '--seed': {
        const s = next();
        if (s !== 'demo') {
          throw new Error(`unknown seed: ${s}`);
        }
        opts.seed = 'demo';
        break;
      }
      case '--region': opts.region = next(); break;
      case '--access-key-id': ak = next(); break;
      case '--access-key-secret': sk = next(); break;
      case '-h':
      case '--help':
        process.stderr.write('usage: oss-server [--port p] [--host h] [--data dir] [--tmp dir] [--seed demo] [--region r] [--access-key-id ak --access-key-secret sk]\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument: ${a}`);
    }
  }
  if (ak || sk) {
    if (!ak || !sk) {
      throw new Error('--access-key-id and --access-key-secret go together');
    }
    opts.accounts = [{ accessKeyId: ak, accessKeySecret: sk }];
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: OssServerOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`oss-server: ${(e as Error).message}\n`);
    process.exit(2);
  }
  if (opts.dataDir) {
    const fs = await import('node:fs');
    fs.mkdirSync(opts.dataDir, { recursive: true });
  }
  const server = await startOssServer(opts);
  process.stdout.write(`${JSON.stringify({
    endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret,
  })}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    server.close().then(() => process.exit(0), (e) => {
      process.stderr.write(`oss-server: close failed: ${String(e)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`oss-server: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
