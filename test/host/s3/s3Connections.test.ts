/**
 * S3-compatible connections in the explorer, against two real S3 servers with signature checks
 * on: @20minutes/s3rver (in this process) and moto_server with IAM authentication. The same
 * commands as for OSS run on them through the one OssApi; OSS-only menus are hidden.
 *
 * moto departs from S3 in two ways (both shown with the AWS SDK in test/unit/s3/client.test.ts):
 * it rejects the valid signature of any ListObjectsV2 whose query has a "/" (so a folder listing
 * with delimiter "/" fails), and it answers 500 to presigned GETs. The tests below say so in
 * their titles and assert what moto really does.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { S3Client as AwsS3, GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { S3Client } from '../../../src/core/s3';
import type { ConnectionRecord } from '../../../src/connections/model';
import type { OssNode } from '../../../src/tree/nodes/base';
import { startMoto, startS3rver, type S3TestServer } from '../../support/s3Servers';
import { label, useOssFixture } from '../helpers/fixture';
import { accept, button, files, pick, saveAs, type } from '../helpers/scriptedPrompter';
import { activeOssEditor, closeAllEditors, openForEditing, save, typeAtEnd } from '../explorer/editHelpers';
import { EXTENSION_ID } from '../helpers/extension';
import { useS3Bucket } from './s3Bucket';

const BUCKET = 's3-host-tests';

interface Server {
  kind: 'moto' | 's3rver';
  start(): Promise<S3TestServer>;
  /** ListObjectsV2 with delimiter "/" works (not on moto with authentication). */
  listsFolders: boolean;
  /** What a presigned GET answers. */
  presignedGetStatus: number;
  /** An IAM role the server's STS lets the test key assume (moto serves STS beside S3). */
  roleArn?: string;
  /** Bucket versioning (s3rver has none). */
  versioning?: boolean;
}
const ROLE = 'arn:aws:iam::123456789012:role/explorer-s3';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
const S3_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: '*' }] });
const SERVERS: Server[] = [
  { kind: 's3rver', start: startS3rver, listsFolders: true, presignedGetStatus: 200 },
  {
    kind: 'moto', listsFolders: false, presignedGetStatus: 500, roleArn: ROLE, versioning: true,
    start: () => startMoto({
      beforeAuth: async (iam) => {
        await iam({ Action: 'CreateRole', RoleName: 'explorer-s3', AssumeRolePolicyDocument: TRUST });
        await iam({ Action: 'PutRolePolicy', RoleName: 'explorer-s3', PolicyName: 'all', PolicyDocument: S3_ALL });
      },
    }),
  },
];

/** The manifest's menu entries for tree nodes, with their viewItem regexes. */
function treeMenus(): Array<{ command: string; re: RegExp }> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const m = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as {
    contributes: { menus: Record<string, { command: string; when?: string }[]> };
  };
  return m.contributes.menus['view/item/context']
    .filter((i) => (i.when ?? '').startsWith('view == ossExplorer.buckets'))
    .map((i) => ({ command: i.command, re: new RegExp(/viewItem =~ \/(.+?)\/(?:\)|$)/.exec(i.when ?? '')![1]) }));
}

function commandsFor(node: OssNode): Set<string> {
  const v = node.getTreeItem().contextValue ?? '';
  return new Set(treeMenus().filter((m) => m.re.test(v)).map((m) => m.command));
}

describe('S3 connections: browse, transfer, links, edit and menus on real S3 servers', function () {
  this.timeout(120000);
  const fx = useOssFixture({ connection: false });

  for (const k of SERVERS) {
    describe(k.kind, () => {
      let srv: S3TestServer;
      let core: S3Client;
      let conn: ConnectionRecord;
      const name = `S3 ${k.kind}`;
      const ref = (key: string) => ({ connectionId: conn.id, bucket: BUCKET, key });
      const bytes = async (key: string): Promise<string> => (await core.getObjectBuffer(BUCKET, key)).body.toString();

      const s3 = useS3Bucket(() => k.start(), BUCKET);
      before(() => {
        ({ srv, core } = s3);
      });

      beforeEach(async () => {
        await s3.empty();
        await core.putObject(BUCKET, 'docs/hello.txt', Buffer.from('hello s3\n'), { contentType: 'text/plain', meta: { owner: 'ops' } });
        await core.putObject(BUCKET, 'readme.md', Buffer.from('# S3\n'));
        conn = await fx.api.store.add(
          { name, service: 's3', region: srv.region, endpoint: srv.endpoint, pathStyle: true, authType: 'accessKey', accessKeyId: srv.accessKeyId },
          { accessKeySecret: srv.secretAccessKey },
        );
        fx.api.treeProvider.refresh();
      });

      afterEach(() => closeAllEditors());

      if (k.listsFolders) {
        it(`${k.kind}: browses buckets, folders and objects; S3 nodes end in .caps.versioning`, async () => {
          const c = await fx.nodeAt(name);
          assert.strictEqual(c.getTreeItem().contextValue, 'ossExplorer.connection.caps.versioning');
          const b = await fx.nodeAt(name, BUCKET);
          assert.strictEqual(b.getTreeItem().contextValue, 'ossExplorer.bucket.caps.versioning');
          const kids = await fx.children(b);
          assert.deepStrictEqual(kids.map(label), ['docs', 'readme.md']);
          assert.deepStrictEqual(kids.map((n) => n.getTreeItem().contextValue), ['ossExplorer.folder.caps.versioning', 'ossExplorer.object.caps.versioning']);
          assert.deepStrictEqual((await fx.children(kids[0])).map(label), ['hello.txt']);
        });

        it(`${k.kind}: hides Share Access and Copy Upload Form on S3 nodes and keeps every other menu an OSS node has`, async () => {
          const s3Bucket = await fx.nodeAt(name, BUCKET);
          const s3Folder = await fx.nodeAt(name, BUCKET, 'docs');
          const s3Object = await fx.nodeAt(name, BUCKET, 'docs', 'hello.txt');
          const oss = (v: string) => ({ getTreeItem: () => ({ contextValue: v }) }) as unknown as OssNode;
          for (const [s3, ossValue] of [[s3Bucket, 'ossExplorer.bucket'], [s3Folder, 'ossExplorer.folder'], [s3Object, 'ossExplorer.object']] as const) {
            const want = commandsFor(oss(ossValue));
            const got = commandsFor(s3);
            const hidden = [...want].filter((c) => !got.has(c)).sort();
            const expected = ossValue === 'ossExplorer.object' ? [] : ['ossExplorer.copyUploadForm', 'ossExplorer.shareAccess'];
            assert.deepStrictEqual(hidden, expected, `${ossValue}: hidden on S3`);
            assert.deepStrictEqual([...got].filter((c) => !want.has(c)), [], 'nothing extra');
          }
          assert.ok(commandsFor(s3Object).has('ossExplorer.showVersions'), 'S3 has versioning');
          // From the palette (or a keybinding) the command refuses, saying why.
          await assert.rejects(
            Promise.resolve(vscode.commands.executeCommand('ossExplorer.shareAccess', s3Bucket)).then(() => {
              const e = fx.prompter.messages.find((m) => m.level === 'error');
              if (e) throw new Error(e.message);
            }),
            /not available on connection "S3 s3rver": it is an Alibaba Cloud OSS feature/,
          );
        });
      } else {
        it(`${k.kind}: lists buckets; a folder listing shows moto's SignatureDoesNotMatch for a "/" delimiter as an error row (server bug; the AWS SDK fails the same way)`, async () => {
          const b = await fx.nodeAt(name, BUCKET);
          assert.strictEqual(b.getTreeItem().contextValue, 'ossExplorer.bucket.caps.versioning');
          const kids = await fx.children(b);
          assert.strictEqual(kids.length, 1);
          assert.strictEqual(kids[0].getTreeItem().contextValue, 'ossExplorer.message.error');
          assert.match(String(kids[0].getTreeItem().tooltip ?? label(kids[0])), /SignatureDoesNotMatch/);
        });
      }

      it(`${k.kind}: uploads a file, downloads it back, copies s3:// paths and URLs, and signs a path-style SigV4 link (GET answers ${k.presignedGetStatus}${k.kind === 'moto' ? ': moto fails presigned GETs, the AWS SDK\'s too' : ''})`, async () => {
        const file = path.join(fx.tmp, `${k.kind}-up.txt`);
        fs.writeFileSync(file, `uploaded to ${k.kind}`);
        fx.prompter.script(files(vscode.Uri.file(file)), type(undefined, (s) => assert.strictEqual(s.value, `docs/${k.kind}-up.txt`)));
        const up = await vscode.commands.executeCommand<{ uploaded: { key: string }[] }>('ossExplorer.uploadFile', { connectionId: conn.id, bucket: BUCKET, prefix: 'docs/' });
        assert.deepStrictEqual(up?.uploaded.map((u) => u.key), [`docs/${k.kind}-up.txt`]);
        assert.strictEqual(await bytes(`docs/${k.kind}-up.txt`), `uploaded to ${k.kind}`);

        const target = path.join(fx.tmp, `${k.kind}-down.txt`);
        fx.prompter.script(saveAs(vscode.Uri.file(target)));
        await vscode.commands.executeCommand('ossExplorer.download', ref('docs/hello.txt'));
        assert.strictEqual(fs.readFileSync(target, 'utf8'), 'hello s3\n');

        assert.deepStrictEqual(await vscode.commands.executeCommand('ossExplorer.copyOssPath', ref('docs/hello.txt')), [`s3://${BUCKET}/docs/hello.txt`]);
        assert.deepStrictEqual(await vscode.commands.executeCommand('ossExplorer.copyObjectUrl', ref('docs/hello.txt')), [`${srv.endpoint}/${BUCKET}/docs/hello.txt`]);
        fx.prompter.script(pick('GET'), pick('1 h'), pick('As stored'));
        const [link] = (await vscode.commands.executeCommand<{ url: string }[]>('ossExplorer.copySignedLink', ref('docs/hello.txt')));
        assert.ok(link.url.startsWith(`${srv.endpoint}/${BUCKET}/docs/hello.txt?`), link.url);
        assert.match(link.url, /X-Amz-Algorithm=AWS4-HMAC-SHA256&.*X-Amz-Signature=[0-9a-f]{64}/);
        const res = await fetch(link.url);
        assert.strictEqual(res.status, k.presignedGetStatus);
        if (res.ok) assert.strictEqual(await res.text(), 'hello s3\n');
        else await res.arrayBuffer();
        const tampered = await fetch(link.url.replace('hello.txt', 'readme.md'));
        assert.ok(tampered.status === 403 || tampered.status === k.presignedGetStatus, `tampered link: ${tampered.status}`);
        await tampered.arrayBuffer();
        if (!res.ok) {
          // The AWS SDK's own presigned URL gets the same answer: the fault is the server's.
          const sdk = new AwsS3({ endpoint: srv.endpoint, region: srv.region, forcePathStyle: true, credentials: { accessKeyId: srv.accessKeyId, secretAccessKey: srv.secretAccessKey } });
          const theirs = await fetch(await getSignedUrl(sdk, new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/hello.txt' }), { expiresIn: 3600 }));
          assert.strictEqual(theirs.status, res.status);
          await theirs.arrayBuffer();
          sdk.destroy();
        }
      });

      it(`${k.kind}: renames an object (copy + delete) and deletes objects after asking`, async () => {
        fx.prompter.script(type('docs/renamed.txt'));
        await vscode.commands.executeCommand('ossExplorer.renameObject', ref('docs/hello.txt'));
        assert.strictEqual(await bytes('docs/renamed.txt'), 'hello s3\n');
        assert.strictEqual(await core.objectExists(BUCKET, 'docs/hello.txt'), false);
        fx.prompter.script(button('Delete', 'readme.md'));
        await vscode.commands.executeCommand('ossExplorer.deleteObjects', ref('readme.md'));
        assert.strictEqual(await core.objectExists(BUCKET, 'readme.md'), false);
        assert.strictEqual(await core.objectExists(BUCKET, 'docs/renamed.txt'), true);
      });

      it(`${k.kind}: Properties shows x-amz-meta- names and no OSS storage class or restore, and writes tags`, async () => {
        fx.prompter.script(
          (r) => {
            assert.ok(r.kind === 'pick');
            const labels = r.step.items.map((i) => i.label);
            assert.ok(labels.includes('x-amz-meta-owner'), labels.join(', '));
            assert.ok(!labels.some((l) => /Storage class|Restore/.test(l)), labels.join(', '));
            return pick('Add tag')(r);
          },
          type('team'),
          type('web'),
          pick('Apply changes'),
        );
        const r = await vscode.commands.executeCommand<{ written: string[] }>('ossExplorer.properties', ref('docs/hello.txt'));
        assert.deepStrictEqual(r?.written, ['tags']);
        assert.deepStrictEqual(await core.getObjectTagging(BUCKET, 'docs/hello.txt'), { team: 'web' });
      });

      it(`${k.kind}: edits an object in place and saves the bytes back, keeping its type and metadata`, async () => {
        assert.strictEqual(await openForEditing(ref('docs/hello.txt')), 'text');
        const ed = activeOssEditor('docs/hello.txt');
        await typeAtEnd(ed, 'edited\n');
        assert.strictEqual(await save(ed, fx.api.files), true);
        assert.strictEqual(await bytes('docs/hello.txt'), 'hello s3\nedited\n');
        const h = await core.headObject(BUCKET, 'docs/hello.txt');
        assert.strictEqual(h.contentType, 'text/plain');
        assert.deepStrictEqual(h.meta, { owner: 'ops' });
      });

      it(`${k.kind}: Edit Connection keeps every S3 answer on Enter (the secret too) and can make it read-only`, async () => {
        fx.prompter.script(
          accept('S3-compatible'),
          accept('Enter the settings'),
          type(undefined, (s) => assert.strictEqual(s.value, name)),
          accept('Custom endpoint'),
          type(undefined, (s) => assert.strictEqual(s.value, srv.endpoint)),
          type(undefined, (s) => assert.strictEqual(s.value, srv.region)),
          accept('Path-style'),
          accept('Access key'),
          type(undefined, (s) => assert.strictEqual(s.value, srv.accessKeyId)),
          type('', (s) => assert.match(s.placeholder ?? '', /keep/)),
          type(),
          pick('Read only'),
        );
        const edited = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.editConnection', conn.id);
        assert.deepStrictEqual(
          { service: edited.service, endpoint: edited.endpoint, region: edited.region, pathStyle: edited.pathStyle, readOnly: edited.readOnly },
          { service: 's3', endpoint: srv.endpoint, region: srv.region, pathStyle: true, readOnly: true },
        );
        assert.strictEqual((await fx.api.store.getSecrets(conn.id))?.accessKeySecret, srv.secretAccessKey, 'the stored secret is kept');
        assert.strictEqual(await openForEditing(ref('docs/hello.txt')), 'readonly');
      });

      if (k.roleArn) {
        it(`${k.kind}: an AssumeRole connection gets AWS STS credentials with a session token and downloads with them`, async () => {
          const role = await fx.api.store.add(
            {
              name: `Role ${k.kind}`, service: 's3', region: srv.region, endpoint: srv.endpoint, pathStyle: true, authType: 'assumeRole',
              accessKeyId: srv.accessKeyId, roleArn: k.roleArn, roleSessionName: 'host-test', durationSeconds: 900, stsEndpoint: srv.endpoint,
            },
            { accessKeySecret: srv.secretAccessKey },
          );
          const session = await fx.api.getSession(role.id);
          const c = await session.provider.getCredentials();
          assert.match(c.accessKeyId, /^ASIA/, 'temporary credentials from STS');
          assert.ok(c.securityToken && c.expiration, 'a session token that expires');
          assert.ok(c.expiration.getTime() - Date.now() <= 900_000 + 5_000);
          const target = path.join(fx.tmp, 'role-down.txt');
          fx.prompter.script(saveAs(vscode.Uri.file(target)));
          await vscode.commands.executeCommand('ossExplorer.download', { connectionId: role.id, bucket: BUCKET, key: 'docs/hello.txt' });
          assert.strictEqual(fs.readFileSync(target, 'utf8'), 'hello s3\n');
          assert.ok(!fx.api.logLines().join('\n').includes(c.securityToken), 'no token in the log');
        });

        it(`${k.kind}: Add Connection asks S3 AssumeRole for its STS endpoint (empty = AWS's regional one), and the connection lists with the minted credentials`, async () => {
          fx.prompter.script(
            pick('S3-compatible'),
            accept('Enter the settings'),
            type(`Role wizard ${k.kind}`),
            pick('Custom endpoint'),
            type(srv.endpoint),
            type(srv.region),
            accept('Path-style'),
            pick('AssumeRole'),
            type(srv.accessKeyId),
            type(srv.secretAccessKey),
            type(k.roleArn),
            type('wizard-test'),
            type('900'),
            type(srv.endpoint, (s) => {
              assert.match(s.prompt ?? '', /STS endpoint URL .*empty = https:\/\/sts\.us-east-1\.amazonaws\.com/);
              assert.strictEqual(s.placeholder, srv.endpoint, 'the S3 endpoint is suggested');
              assert.strictEqual(s.validate?.(''), undefined, 'empty = the default');
              assert.match(String(s.validate?.('ftp://sts.example.com')), /^The STS endpoint /);
            }),
            type(''),
            accept('Read and write'),
          );
          const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.addConnection');
          assert.deepStrictEqual({ authType: c.authType, stsEndpoint: c.stsEndpoint, roleArn: c.roleArn }, { authType: 'assumeRole', stsEndpoint: srv.endpoint, roleArn: k.roleArn });
          const buckets = await fx.children(await fx.nodeAt(`Role wizard ${k.kind}`));
          assert.ok(buckets.map(label).includes(BUCKET), buckets.map(label).join(', '));
          const session = await fx.api.getSession(c.id);
          assert.match((await session.provider.getCredentials()).accessKeyId, /^ASIA/, 'listed with STS credentials');
        });

        /** Adds an S3 AssumeRole record over this server and returns the text of its only row (an error row). */
        async function assumeRoleErrorRow(name: string, fields: { region: string; stsEndpoint?: string }): Promise<string> {
          await fx.api.store.add(
            {
              name, service: 's3', region: fields.region, endpoint: srv.endpoint, pathStyle: true, authType: 'assumeRole',
              accessKeyId: srv.accessKeyId, roleArn: k.roleArn, roleSessionName: 'host-test', durationSeconds: 900, stsEndpoint: fields.stsEndpoint,
            },
            { accessKeySecret: srv.secretAccessKey },
          );
          fx.api.treeProvider.refresh();
          const kids = await fx.children(await fx.nodeAt(name));
          assert.strictEqual(kids.length, 1);
          const item = kids[0].getTreeItem();
          return `${label(kids[0])} ${typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? ''}`;
        }

        it(`${k.kind}: a wrong STS endpoint shows an error row that names it`, async () => {
          const wrong = 'http://127.0.0.1:9';
          const text = await assumeRoleErrorRow(`Bad STS ${k.kind}`, { region: srv.region, stsEndpoint: wrong });
          assert.ok(text.includes(`STS at ${wrong}`), text);
        });

        it(`${k.kind}: an AssumeRole record with region "auto" and no STS endpoint says so in an error row (it used to ask us-east-1's STS)`, async () => {
          const text = await assumeRoleErrorRow(`Auto STS ${k.kind}`, { region: 'auto' });
          assert.match(text, /"auto" is not an AWS region for STS .*give the STS endpoint URL/, text);
        });
      }

      if (k.versioning) {
        it(`${k.kind}: Show Versions lists an object's S3 versions and Restore copies an old one over the current`, async () => {
          const vb = `${BUCKET}-versions`;
          if (!(await core.listBuckets()).some((b) => b.name === vb)) {
            await core.createBucket(vb);
            await core.putBucketVersioning(vb, 'Enabled');
          }
          await core.putObject(vb, 'v.txt', Buffer.from('first'));
          await core.putObject(vb, 'v.txt', Buffer.from('second'));
          let oldest = '';
          fx.prompter.script(
            (r) => {
              assert.ok(r.kind === 'pick');
              const ids = r.step.items.filter((i) => /\S{8,}/.test(i.label));
              assert.ok(ids.length >= 2, r.step.items.map((i) => i.label).join(', '));
              const item = ids[ids.length - 1];
              oldest = item.label;
              return item;
            },
            pick('Restore (copy over the current version)'),
          );
          const r = await vscode.commands.executeCommand<{ action: string }>('ossExplorer.showVersions', { connectionId: conn.id, bucket: vb, key: 'v.txt' });
          assert.strictEqual(r?.action, 'restore', oldest);
          assert.strictEqual((await core.getObjectBuffer(vb, 'v.txt')).body.toString(), 'first');
        });
      }

      it(`${k.kind}: Add Connection creates an S3 connection (Service, custom endpoint, path-style, access key) that lists the bucket`, async () => {
        fx.prompter.script(
          pick('S3-compatible'),
          accept('Enter the settings'),
          type(`Wizard ${k.kind}`, (s) => assert.strictEqual(s.title, 'Add Connection', 'a neutral title: the form adds OSS and S3 connections')),
          pick('Custom endpoint'),
          type(srv.endpoint),
          type(srv.region, (s) => {
            assert.match(String(s.validate?.('US East')), /us-east-1/);
          }),
          accept('Path-style'),
          pick('Access key'),
          type(srv.accessKeyId, (s) => {
            // AWS's terms on S3, never Alibaba Cloud's "AccessKey".
            assert.strictEqual(s.prompt, 'Access key ID');
            assert.match(String(s.validate?.('a b')), /^Enter a valid access key ID/);
          }),
          type(srv.secretAccessKey, (s) => {
            assert.strictEqual(s.password, true);
            assert.strictEqual(s.prompt, 'Secret access key');
            assert.strictEqual(s.validate?.(''), 'Enter the secret access key');
          }),
          type('', (s) => assert.strictEqual(s.validate?.('logs.example.com'), undefined, 'S3 bucket names may have dots')),
          accept('Read and write'),
        );
        const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.addConnection');
        assert.deepStrictEqual(
          { service: c.service, region: c.region, endpoint: c.endpoint, pathStyle: c.pathStyle, authType: c.authType, customDomain: c.customDomain },
          { service: 's3', region: srv.region, endpoint: srv.endpoint, pathStyle: true, authType: 'accessKey', customDomain: undefined },
        );
        assert.ok(!JSON.stringify(fx.api.store.list()).includes(srv.secretAccessKey), 'the secret is not in globalState');
        assert.strictEqual((await fx.api.store.getSecrets(c.id))?.accessKeySecret, srv.secretAccessKey);
        const node = await fx.nodeAt(`Wizard ${k.kind}`);
        const tip = (node.getTreeItem().tooltip as vscode.MarkdownString).value;
        assert.match(tip, /Access key ID: `/, tip);
        assert.ok(!/AccessKey/.test(tip), `no OSS terms on an S3 connection: ${tip}`);
        const buckets = await fx.children(node);
        assert.ok(buckets.map(label).includes(BUCKET), buckets.map(label).join(', '));
      });
    });
  }

  describe('the form without a server', () => {
    let saved: Record<string, string | undefined>;
    const VARS = ['AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION'] as const;
    beforeEach(() => {
      saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
      for (const k of VARS) delete process.env[k];
    });
    afterEach(() => {
      for (const k of VARS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    });

    it('refuses a Cloudflare R2 endpoint without the region auto, saying what to change', async () => {
      fx.prompter.script(
        pick('S3-compatible'),
        accept('Enter the settings'),
        type('R2'),
        pick('Custom endpoint'),
        type('https://0123abcd.r2.cloudflarestorage.com'),
        type(undefined, (s) => {
          assert.strictEqual(s.value, 'auto', 'R2 endpoints start with auto');
          assert.match(String(s.validate?.('us-east-1')), /region "auto".*set the connection's region to auto/);
        }),
        () => undefined, // Escape on the next step
      );
      assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.addConnection'), undefined);
      assert.strictEqual(fx.api.store.list().length, 0);
    });

    it('a pinned bucket that cannot be virtual-hosted (dots over https, not DNS-safe) is refused at that step, pointing to the Addressing step', async () => {
      fx.prompter.script(
        pick('S3-compatible'),
        accept('Enter the settings'),
        type('AWS logs'),
        pick('eu-west-1'),
        pick('Virtual-hosted'),
        pick('Access key'),
        type('AKIAEXAMPLE0000001'),
        type('secret-value'),
        type('my-logs', (s) => {
          assert.match(String(s.validate?.('logs.example.com')), /cannot be used with virtual-hosted addressing: a name with dots does not match the endpoint's TLS certificate.*turn on path-style addressing for this connection \(the Addressing step\)/);
          assert.match(String(s.validate?.('my..logs')), /not DNS-safe.*turn on path-style addressing/);
        }),
        type(''),
        accept('Read and write'),
      );
      const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.addConnection');
      assert.deepStrictEqual({ region: c.region, endpoint: c.endpoint, pathStyle: c.pathStyle, pinnedBucket: c.pinnedBucket }, { region: 'eu-west-1', endpoint: undefined, pathStyle: undefined, pinnedBucket: 'my-logs' });
    });

    it('S3 AssumeRole on a store whose region is no AWS region (R2 "auto") needs an STS endpoint: empty is refused, saying so', async () => {
      fx.prompter.script(
        pick('S3-compatible'),
        accept('Enter the settings'),
        type('R2 role'),
        pick('Custom endpoint'),
        type('https://0123abcd.r2.cloudflarestorage.com'),
        type('auto'),
        pick('Virtual-hosted'),
        pick('AssumeRole'),
        type('AKIAEXAMPLE0000001'),
        type('secret-value'),
        type('arn:aws:iam::123456789012:role/reader'),
        type('r2'),
        type('900'),
        (r) => {
          assert.ok(r.kind === 'input');
          assert.match(r.step.prompt ?? '', /^STS endpoint URL for AssumeRole, e\.g\./);
          assert.match(String(r.step.validate?.('')), /"auto" is not an AWS region, so there is no default STS endpoint/);
          return undefined; // Escape
        },
      );
      assert.strictEqual(await vscode.commands.executeCommand('ossExplorer.addConnection'), undefined);
    });

    it('starts from an AWS profile: keys, region and endpoint come from ~/.aws, the secret goes to SecretStorage only', async () => {
      const creds = path.join(fx.tmp, 'aws-credentials');
      const config = path.join(fx.tmp, 'aws-config');
      fs.writeFileSync(creds, '[team]\naws_access_key_id = AKIAPROFILE000001\naws_secret_access_key = profile-secret-value\n');
      fs.writeFileSync(config, [
        '[profile team]', 'region = eu-west-1', 'endpoint_url = http://127.0.0.1:9',
        '[profile reader]', 'role_arn = arn:aws:iam::123456789012:role/reader', 'source_profile = team',
        '[profile sso]', 'sso_session = corp',
      ].join('\n'));
      process.env.AWS_SHARED_CREDENTIALS_FILE = creds;
      process.env.AWS_CONFIG_FILE = config;
      process.env.AWS_ACCESS_KEY_ID = 'AKIAENVIRONMENT01';
      process.env.AWS_SECRET_ACCESS_KEY = 'env-secret-value';
      process.env.AWS_SESSION_TOKEN = 'env-session-token';
      fx.prompter.script(
        pick('S3-compatible'),
        (r) => {
          assert.ok(r.kind === 'pick');
          const items = r.step.items.map((i) => `${i.label.replace(/\$\([^)]+\)\s*/g, '')} | ${i.description ?? ''}`);
          assert.deepStrictEqual(items, [
            'Enter the settings | endpoint, region and keys, step by step',
            'Environment variables (AWS_*) | session token',
            'AWS profile team | access key · eu-west-1 · http://127.0.0.1:9',
            'AWS profile reader | AssumeRole arn:aws:iam::123456789012:role/reader',
          ]);
          assert.match(r.step.placeholder ?? '', /not importable: .*sso.*IAM Identity Center/);
          assert.ok(!JSON.stringify(r.step).includes('profile-secret-value') && !JSON.stringify(r.step).includes('env-secret-value'), 'no secret on screen');
          return pick('AWS profile team')(r);
        },
        type('From profile'),
        accept('Custom endpoint'),
        type(undefined, (s) => assert.strictEqual(s.value, 'http://127.0.0.1:9')),
        type(undefined, (s) => assert.strictEqual(s.value, 'eu-west-1')),
        accept('Path-style'),
        type(''),
        accept('Read and write'),
      );
      const c = await vscode.commands.executeCommand<ConnectionRecord>('ossExplorer.addConnection');
      assert.deepStrictEqual(
        { service: c.service, region: c.region, endpoint: c.endpoint, authType: c.authType, accessKeyId: c.accessKeyId },
        { service: 's3', region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', authType: 'accessKey', accessKeyId: 'AKIAPROFILE000001' },
      );
      assert.ok(!JSON.stringify(fx.api.store.list()).includes('profile-secret-value'));
      assert.strictEqual((await fx.api.store.getSecrets(c.id))?.accessKeySecret, 'profile-secret-value');
    });
  });
});
