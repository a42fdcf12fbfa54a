/**
 * One fixture for every host suite: call `useOssFixture()` at the top of a `describe` and every
 * test in it starts from the same state, whatever ran before it and whether it runs alone
 * (OSS_HOST_TEST_GREP):
 *
 *  - before:     the extension is activated with a ScriptedPrompter, its connections removed, a
 *                local OSS server started, a temp folder made;
 *  - beforeEach: the buckets are emptied and seeded again, connections other than "Local" are
 *                removed, "Local" (AccessKey on that server) is created when missing (unless
 *                `connection: false`: then there is none), the suite's settings are applied, the
 *                tree forgets its cache, and the prompter is reset;
 *  - afterEach:  the prompter must have used every scripted answer;
 *  - after:      connections removed, server closed, temp folder removed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../src/extension';
import type { ConnectionRecord } from '../../../src/connections/model';
import type { OssNode } from '../../../src/tree/nodes/base';
import { startOssServer, type OssServer, type OssServerOptions } from '../../support/ossServer';
import { activateForTests } from './extension';
import { ScriptedPrompter } from './scriptedPrompter';

export interface FixtureOptions {
  /** Buckets created (empty) before each test. Default: none. */
  buckets?: string[];
  /** Objects put before each test (after the buckets are emptied). */
  seed?: (server: OssServer) => void;
  /** Create the AccessKey connection "Local" before each test (default true). */
  connection?: boolean;
  /** ossExplorer.* settings applied before each test and removed after the suite. */
  settings?: Record<string, unknown>;
  server?: OssServerOptions;
}

export interface OssFixture {
  readonly api: TestingApi;
  readonly server: OssServer;
  readonly prompter: ScriptedPrompter;
  /** The connection "Local" (when `connection` is not false). */
  readonly conn: ConnectionRecord;
  /** A temp folder for this suite (removed after it). */
  readonly tmp: string;
  children(node?: OssNode): Promise<OssNode[]>;
  child(parent: OssNode | undefined, name: string): Promise<OssNode>;
  /** A node by path of labels from the root: nodeAt('Local', 'test-bucket', 'docs'). */
  nodeAt(...names: string[]): Promise<OssNode>;
  /** Adds an AccessKey connection on the fixture's server. */
  addConnection(name: string, extra?: Partial<ConnectionRecord>, secret?: string): Promise<ConnectionRecord>;
}

export function label(n: OssNode): string {
  const l = n.getTreeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

export function useOssFixture(opts: FixtureOptions = {}): OssFixture {
  const prompter = new ScriptedPrompter();
  let api: TestingApi | undefined;
  let server: OssServer | undefined;
  let tmp: string | undefined;
  let conn: ConnectionRecord | undefined;
  const settingKeys = Object.keys(opts.settings ?? {});

  const need = <T>(v: T | undefined, what: string): T => {
    assert.ok(v !== undefined, `fixture: ${what} is not set up (used outside a test?)`);
    return v;
  };

  const fx: OssFixture = {
    get api() {
      return need(api, 'the extension API');
    },
    get server() {
      return need(server, 'the OSS server');
    },
    get prompter() {
      return prompter;
    },
    get conn() {
      return need(conn, 'the connection "Local"');
    },
    get tmp() {
      return need(tmp, 'the temp folder');
    },
    children: (node) => fx.api.treeProvider.getChildren(node),
    async child(parent, name) {
      const kids = await fx.children(parent);
      const found = kids.find((k) => label(k) === name);
      assert.ok(found, `no child "${name}" under ${parent?.id ?? 'the root'}: [${kids.map(label).join(', ')}]`);
      return found;
    },
    async nodeAt(...names) {
      let node: OssNode | undefined;
      for (const n of names) node = await fx.child(node, n);
      return need(node, 'a path of at least one name');
    },
    addConnection(name, extra = {}, secret) {
      return fx.api.store.add(
        { name, region: 'cn-hangzhou', endpoint: fx.server.endpoint, authType: 'accessKey', accessKeyId: fx.server.accessKeyId, ...extra },
        { accessKeySecret: secret ?? fx.server.accessKeySecret },
      );
    },
  };

  before(async function () {
    this.timeout(60000);
    api = await activateForTests(prompter);
    server = await startOssServer(opts.server);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-explorer-host-'));
  });

  beforeEach(async function () {
    this.timeout(30000);
    prompter.reset();
    api?.setPrompter(prompter);
    const s = fx.server;
    s.faults.latencyMs = 0;
    for (const b of opts.buckets ?? []) {
      s.createBucket(b);
      for (const k of s.listKeys(b)) s.deleteObjectDirect(b, k);
    }
    opts.seed?.(s);
    const config = vscode.workspace.getConfiguration('ossExplorer');
    for (const [k, v] of Object.entries(opts.settings ?? {})) {
      if (config.inspect(k)?.globalValue !== v) await config.update(k, v, vscode.ConfigurationTarget.Global);
    }
    // Connections an earlier test added are removed; "Local" is kept (or made) unless the suite
    // asked for none.
    const keep = opts.connection !== false ? fx.api.store.list().find((c) => c.name === 'Local' && c.endpoint === s.endpoint) : undefined;
    for (const c of fx.api.store.list()) if (c.id !== keep?.id) await fx.api.store.remove(c.id);
    if (opts.connection !== false) conn = keep ?? (await fx.addConnection('Local'));
    fx.api.treeProvider.refresh();
    s.clearRequests();
  });

  afterEach(() => prompter.assertDone());

  after(async function () {
    this.timeout(60000);
    api?.setPrompter(undefined);
    const config = vscode.workspace.getConfiguration('ossExplorer');
    for (const k of settingKeys) await config.update(k, undefined, vscode.ConfigurationTarget.Global);
    for (const c of api?.store.list() ?? []) await api?.store.remove(c.id);
    api?.treeProvider.refresh();
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    conn = undefined;
  });

  return fx;
}

/** A plain HTTP request (the raw path is sent as it is, never normalized). */
export function httpRequest(
  method: string,
  url: string,
  body?: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const rawPath = url.slice(url.indexOf('/', u.protocol.length + 2));
    const req = http.request(
      { method, hostname: u.hostname, port: u.port, path: rawPath, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
