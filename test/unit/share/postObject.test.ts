/**
 * Upload drop boxes: buildPostForm's V4 and V1 forms posted as real multipart/form-data to the local
 * server, which checks the signature with ali-oss's code and enforces the policy's conditions.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildPostForm, buildSharePolicy, curlForPost, renderUploadFormHtml, type PostForm, type PostFormInput } from '../../../src/core/share';
import { v4Signature, type Credentials } from '../../../src/core/signer';
import { BUCKET, READ_ONLY_ROLE, startShareEnv, type ShareEnv } from './helpers';

interface Answer {
  status: number;
  text: string;
  code?: string;
}

async function post(url: string, fields: Array<[string, string]>, fileName: string, content: Buffer | string): Promise<Answer> {
  const fd = new FormData();
  for (const [k, v] of fields) fd.append(k, v);
  fd.append('file', new Blob([content]), fileName);
  const res = await fetch(url, { method: 'POST', body: fd });
  const text = await res.text();
  return { status: res.status, text, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] };
}

function withField(form: PostForm, name: string, value: string): Array<[string, string]> {
  return form.fields.map(([k, v]) => [k, k === name ? value : v]);
}

describe('share: PostObject upload forms', function () {
  let env: ShareEnv;
  let owner: Credentials;
  const input = (over: Partial<PostFormInput> = {}): PostFormInput => ({
    credentials: owner, endpoint: env.server.endpoint, region: env.server.region, bucket: BUCKET, prefix: 'drop/',
    maxSizeBytes: 1024, expiresInSeconds: 600, ...over,
  });

  before(async () => {
    env = await startShareEnv();
    owner = { accessKeyId: env.server.accessKeyId, accessKeySecret: env.server.accessKeySecret };
  });
  after(() => env.close());

  for (const signatureVersion of ['v4', 'v1'] as const) {
    it(`${signatureVersion}: a file posted through the form lands at <prefix><file name>`, async () => {
      const form = buildPostForm(input({ signatureVersion }));
      const r = await post(form.url, form.fields, `report-${signatureVersion}.txt`, 'quarterly numbers');
      assert.equal(r.status, 201, r.text);
      assert.match(r.text, new RegExp(`<Key>drop/report-${signatureVersion}.txt</Key>`));
      assert.equal((await env.server.getObjectBytes(BUCKET, `drop/report-${signatureVersion}.txt`))?.toString(), 'quarterly numbers');
      const log = env.server.requests.at(-1);
      assert.equal(log?.auth, `${signatureVersion}-form`);
    });

    it(`${signatureVersion}: refused when too large, outside the prefix, expired or tampered with`, async () => {
      const form = buildPostForm(input({ signatureVersion, maxSizeBytes: 10 }));
      const big = await post(form.url, form.fields, 'big.bin', Buffer.alloc(11));
      assert.deepEqual([big.status, big.code], [400, 'EntityTooLarge']);
      const outside = await post(form.url, withField(form, 'key', 'other/${filename}'), 'x.txt', 'x');
      assert.deepEqual([outside.status, outside.code], [403, 'AccessDenied']);
      assert.match(outside.text, /starts-with/);
      const sigField = signatureVersion === 'v4' ? 'x-oss-signature' : 'Signature';
      const sig = form.fields.find(([k]) => k === sigField)![1];
      const flipped = sig.slice(0, 4) + (sig[4] === 'a' ? 'b' : 'a') + sig.slice(5);
      const tampered = await post(form.url, withField(form, sigField, flipped), 'x.txt', 'x');
      assert.deepEqual([tampered.status, tampered.code], [403, 'SignatureDoesNotMatch']);
      const wider = Buffer.from(form.policy.replace('"drop/"', '""').replace('1024', '9999'), 'utf8').toString('base64');
      const widened = await post(form.url, withField(form, 'policy', wider), 'x.txt', 'x');
      assert.deepEqual([widened.status, widened.code], [403, 'SignatureDoesNotMatch']);
      const old = buildPostForm(input({ signatureVersion, expiresInSeconds: 60, now: new Date(Date.now() - 3600_000) }));
      const expired = await post(old.url, old.fields, 'late.txt', 'x');
      assert.deepEqual([expired.status, expired.code], [403, 'AccessDenied']);
      assert.match(expired.text, /Policy expired/);
      assert.deepEqual(env.server.listKeys(BUCKET, 'other/'), []);
      assert.equal(env.server.headObjectDirect(BUCKET, 'drop/late.txt'), undefined);
    });
  }

  it('v4: the signing fields must also be policy conditions, and the form must match them', async () => {
    const form = buildPostForm(input());
    const date = form.fields.find(([k]) => k === 'x-oss-date')![1];
    const bare = JSON.stringify({ expiration: form.expiresAt.toISOString(), conditions: [{ bucket: BUCKET }] });
    const b64 = Buffer.from(bare, 'utf8').toString('base64');
    const sig = v4Signature(owner.accessKeySecret, date, env.server.region, b64);
    const fields = withField(form, 'policy', b64).map(([k, v]): [string, string] => [k, k === 'x-oss-signature' ? sig : v]);
    const r = await post(form.url, fields, 'bare.txt', 'x');
    assert.deepEqual([r.status, r.code], [403, 'AccessDenied']);
    assert.match(r.text, /x-oss-signature-version/);
    // The V4 signature covers only the policy and the scope's day, so a form with another x-oss-date
    // on the same day is stopped by the policy's x-oss-date condition.
    const otherDate = date.endsWith('00Z') ? date.replace(/00Z$/, '01Z') : date.replace(/\d\dZ$/, '00Z');
    const other = await post(form.url, withField(form, 'x-oss-date', otherDate), 'd.txt', 'x');
    assert.deepEqual([other.status, other.code], [403, 'AccessDenied']);
    assert.match(other.text, /x-oss-date/);
    assert.equal(env.server.headObjectDirect(BUCKET, 'drop/bare.txt'), undefined);
  });

  it('a content-type limit is part of the policy', async () => {
    const form = buildPostForm(input({ contentType: 'image/png' }));
    assert.equal((await post(form.url, form.fields, 'pic.png', 'png bytes')).status, 201);
    assert.equal(env.server.headObjectDirect(BUCKET, 'drop/pic.png')?.contentType, 'image/png');
    const other = await post(form.url, withField(form, 'Content-Type', 'text/html'), 'page.html', '<b>x</b>');
    assert.deepEqual([other.status, other.code], [403, 'AccessDenied']);
  });

  it('STS credentials: the token goes into the form, and the token policy still applies', async () => {
    const upload = await env.mint(buildSharePolicy({ bucket: BUCKET, prefix: 'drop/', access: 'upload' }));
    const form = buildPostForm(input({ credentials: upload }));
    assert.ok(form.fields.some(([k, v]) => k === 'x-oss-security-token' && v === upload.securityToken));
    assert.ok(form.expiresAt.getTime() <= upload.expiration!.getTime());
    assert.equal((await post(form.url, form.fields, 'sts.txt', 'via sts')).status, 201);
    const readOnly = await env.mint(undefined, { roleArn: READ_ONLY_ROLE });
    const ro = buildPostForm(input({ credentials: readOnly }));
    const refused = await post(ro.url, ro.fields, 'ro.txt', 'x');
    assert.deepEqual([refused.status, refused.code], [403, 'AccessDenied']);
    assert.equal(env.server.headObjectDirect(BUCKET, 'drop/ro.txt'), undefined);
  });

  it('the HTML page holds the same fields, escaped, and its form uploads', async () => {
    const prefix = 'in "q" <b>&amp;/';
    const form = buildPostForm(input({ prefix }));
    const html = renderUploadFormHtml(form);
    assert.ok(!html.includes('<b>'), 'markup in the prefix is escaped');
    assert.ok(!/<script/i.test(html));
    const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const fields = [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [unescape(m[1]), unescape(m[2])] as [string, string]);
    assert.deepEqual(fields, form.fields);
    const action = unescape(/<form action="([^"]*)"/.exec(html)![1]);
    assert.equal((await post(action, fields, 'from-html.txt', 'html')).status, 201);
    assert.equal((await env.server.getObjectBytes(BUCKET, `${prefix}from-html.txt`))?.toString(), 'html');
    assert.match(html, /<input type="file" name="file" required>/);
  });

  it('the curl command survives the shell with awkward names and posts the same form', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'post-curl-'));
    try {
      const file = path.join(dir, `it's "a" $HOME; file.txt`);
      await fs.writeFile(file, 'curl body');
      const form = buildPostForm(input({ prefix: "o'brien/" }));
      const cmd = curlForPost(form, file);
      assert.ok(cmd.startsWith('curl --globoff '));
      // The shell parses the command; printf shows the argv curl would get.
      const argv = execFileSync('sh', ['-c', cmd.replace(/^curl /, `printf '%s\\0' `)]).toString('utf8').split('\0').slice(0, -1);
      assert.equal(argv.shift(), '--globoff');
      const url = argv.pop()!;
      const fields: Array<[string, string]> = [];
      let fileArg = '';
      for (let i = 0; i < argv.length; i += 2) {
        const [flag, value] = [argv[i], argv[i + 1]];
        if (flag === '--form-string') fields.push([value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)]);
        else if (flag === '-F') fileArg = value;
        else assert.fail(`unexpected ${flag}`);
      }
      assert.deepEqual(fields, form.fields);
      assert.equal(url, form.url);
      const m = /^file=@"((?:[^"\\]|\\.)*)"$/.exec(fileArg);
      assert.ok(m, fileArg);
      assert.equal(m[1].replace(/\\(.)/g, '$1'), file);
      assert.equal((await post(url, fields, path.basename(file), await fs.readFile(file))).status, 201);
      // (FormData sends a quote in a file name as %22, as browsers do.)
      const keys = env.server.listKeys(BUCKET, "o'brien/");
      assert.equal(keys.length, 1);
      assert.equal((await env.server.getObjectBytes(BUCKET, keys[0]))?.toString(), 'curl body');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('bad input is refused before anything is signed', () => {
    assert.throws(() => buildPostForm(input({ maxSizeBytes: 0 })), /size limit/);
    assert.throws(() => buildPostForm(input({ contentType: 'not a type' })), /content type/);
    assert.throws(() => buildPostForm(input({ signatureVersion: 'v4', expiresInSeconds: 8 * 24 * 3600 })), /7 days/);
    const expired = { ...owner, securityToken: 'tok', expiration: new Date(Date.now() - 1000) };
    assert.throws(() => buildPostForm(input({ credentials: expired })), /expired/);
  });

  it('printing a form does not show its signature or token', () => {
    const form = buildPostForm(input({ credentials: { ...owner, securityToken: 'SECRET-TOKEN-123', expiration: new Date(Date.now() + 3600_000) } }));
    const shown = JSON.stringify(form) + String(form);
    assert.ok(!shown.includes('SECRET-TOKEN-123'));
    assert.ok(!shown.includes(form.fields.find(([k]) => k === 'x-oss-signature')![1]));
  });
});
