import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readEnvCredentials } from '../../../src/core/credentials';
import { type AccessCodeInfo, aliOssSnippet, envLines, ossutilConfig } from '../../../src/core/share';
import { startOssServer, type OssServer } from '../../support/ossServer';

function info(server?: OssServer): AccessCodeInfo {
  return {
    endpoint: server?.endpoint ?? 'https://oss-cn-hangzhou.aliyuncs.com',
    region: server?.region ?? 'cn-hangzhou',
    bucket: 'share-bucket',
    prefix: 'team/',
    access: 'read',
    accessKeyId: `STS.${randomBytes(9).toString('hex')}`,
    accessKeySecret: `${randomBytes(18).toString('base64')}'$x`,
    securityToken: `CAIS${randomBytes(40).toString('base64')}`,
    expiration: new Date(Date.now() + 3600_000).toISOString(),
  };
}

describe('share snippets', () => {
  it('environment lines set every variable, and a POSIX shell reads them back exactly', () => {
    const i = info();
    const script = `${envLines(i)}\nprintf '%s\\n' "$OSS_ACCESS_KEY_ID" "$OSS_ACCESS_KEY_SECRET" "$OSS_SESSION_TOKEN" "$ALIBABA_CLOUD_SECURITY_TOKEN" "$OSS_REGION" "$OSS_ENDPOINT"`;
    const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\n');
    assert.deepEqual(out.slice(0, 6), [i.accessKeyId, i.accessKeySecret, i.securityToken, i.securityToken, i.region, i.endpoint]);
    const env: Record<string, string> = {};
    for (const line of envLines(i).split('\n').slice(1)) {
      const m = /^export ([A-Z_]+)=(.*)$/.exec(line);
      assert.ok(m, line);
      env[m[1]] = execFileSync('sh', ['-c', `printf %s ${m[2]}`], { encoding: 'utf8' });
    }
    const read = readEnvCredentials(env);
    assert.equal(read?.accessKeySecret, i.accessKeySecret);
    assert.equal(read?.securityToken, i.securityToken);
    const alibabaOnly = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('ALIBABA_CLOUD_')));
    assert.equal(readEnvCredentials(alibabaOnly)?.securityToken, i.securityToken);
  });

  it('PowerShell lines quote the values', () => {
    const i = info();
    const lines = envLines(i, 'powershell').split('\n');
    assert.ok(lines.includes(`$env:OSS_ACCESS_KEY_SECRET = '${i.accessKeySecret.replace(/'/g, "''")}'`));
  });

  it('the ossutil config names the credential, region and endpoint host', () => {
    const i = info();
    const cfg = ossutilConfig(i);
    assert.match(cfg, /^\[default\]$/m);
    assert.ok(cfg.includes(`stsToken = ${i.securityToken}\n`));
    assert.ok(cfg.includes('endpoint = oss-cn-hangzhou.aliyuncs.com\n'));
    assert.ok(cfg.includes('region = cn-hangzhou\n'));
  });

  describe('the ali-oss snippet', () => {
    let server: OssServer;
    before(async () => {
      server = await startOssServer();
    });
    after(async () => server.close());

    it('runs as written and reads from the local server with the temporary credential', async () => {
      const i = info(server);
      server.createBucket(i.bucket);
      server.putObjectDirect(i.bucket, 'team/hello.txt', 'hello from the share');
      server.addTemporaryCredentials({
        accessKeyId: i.accessKeyId,
        accessKeySecret: i.accessKeySecret,
        securityToken: i.securityToken,
        expiration: new Date(i.expiration),
      });
      // The snippet is a CommonJS script: run it with `require` and read back its `client`.
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const make = new Function('require', `${aliOssSnippet(i)}\nreturn client;`) as (r: NodeJS.Require) => {
        get(key: string): Promise<{ content: Buffer }>;
      };
      const client = make(require);
      const r = await client.get('team/hello.txt');
      assert.equal(r.content.toString(), 'hello from the share');
    });
  });
});
