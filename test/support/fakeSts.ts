/**
 * In-process fake of STS AssumeRole (dev tooling, never bundled).
 *
 * The POP signature is checked with ali-oss's own STS signing code (lib/sts.js `_getSignature`), i.e.
 * NOT with the code under test. Accepts POST form bodies and GET query strings.
 *
 * Roles may have a max session duration and their own policy; AssumeRole's Policy is grammar-checked
 * (InvalidParameter.PolicyGrammar), an unknown role is EntityNotExist.Role and a duration above the
 * role's maximum is InvalidParameter.DurationSeconds. Issued tokens carry the role and session
 * policies (./stsToken.ts), which the local OSS server enforces.
 */
import * as http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { policyGrammarProblem } from './ramPolicy';
import { encodeStsToken } from './stsToken';

/* eslint-disable @typescript-eslint/no-explicit-any */
const AliSts: any = require('ali-oss/lib/sts');
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Recompute a POP signature with ali-oss (independent oracle). */
export function aliOssPopSignature(method: string, params: Record<string, string>, secret: string): string {
  const signer = Object.create(AliSts.prototype) as { _getSignature(m: string, p: Record<string, string>, k: string): string };
  return signer._getSignature(method, params, secret);
}

export interface IssuedStsCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  expiration: Date;
  /** The long-term AccessKeyId that assumed the role. */
  parentAccessKeyId: string;
  roleArn: string;
  roleSessionName: string;
  /** AssumeRole's Policy parameter, when one was given. */
  policy?: string;
}

/** A role of the fake account. */
export interface FakeRole {
  /** Longest DurationSeconds AssumeRole accepts for it (default 43200, like STS's own cap). */
  maxSessionDuration?: number;
  /**
   * The role's own RAM policy (JSON). The token's rights are its intersection with the session
   * policy. Undefined = the role may do anything in OSS.
   */
  policy?: string;
}

export interface FakeStsOptions {
  /** Long-term AccessKeyId → secret. */
  accounts: Map<string, string> | ((accessKeyId: string) => string | undefined);
  /**
   * Roles that exist (default: any well-formed acs:ram::…:role/… ARN, with full OSS access). A Map or
   * a function may also give a role's max duration and own policy.
   */
  roles?: Set<string> | Map<string, FakeRole> | ((roleArn: string, accessKeyId: string) => boolean | FakeRole);
  /** Injectable clock used for Expiration (and nothing else). */
  now?: () => Date;
  /** Called for every issued credential (e.g. to register it with the fake OSS server). */
  onIssue?: (cred: IssuedStsCredentials) => void;
  port?: number;
  host?: string;
}

export interface FakeSts {
  /** e.g. http://127.0.0.1:43121 */
  endpoint: string;
  close(): Promise<void>;
  /** Everything issued so far, oldest first. */
  readonly issued: IssuedStsCredentials[];
  /** AssumeRole requests received (including rejected ones). */
  readonly requests: number;
  /** The next `n` requests fail with `code` (default InternalError / HTTP 500). */
  failNext(n: number, code?: string, status?: number): void;
  /** Parameters of the last request (decoded), for assertions. */
  readonly lastParams?: Record<string, string>;
  /** Method of the last request. */
  readonly lastMethod?: string;
  /** Delay (ms of real time) before answering; default 0. Useful to hold a refresh in flight. */
  setDelay(ms: number): void;
  /** Hold every answer until release() is called (deterministic alternative to setDelay). */
  hold(): void;
  release(): void;
}

function rid(): string {
  return randomUUID().toUpperCase();
}

const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,32}$/;

export async function startFakeSts(opts: FakeStsOptions): Promise<FakeSts> {
  const issued: IssuedStsCredentials[] = [];
  let requests = 0;
  let failures: { n: number; code: string; status: number } = { n: 0, code: 'InternalError', status: 500 };
  let lastParams: Record<string, string> | undefined;
  let lastMethod: string | undefined;
  let delay = 0;
  let held: Array<() => void> | undefined;
  const usedNonces = new Set<string>();
  const now = opts.now ?? (() => new Date());
  const secretOf = (id: string): string | undefined => (opts.accounts instanceof Map ? opts.accounts.get(id) : opts.accounts(id));

  function answer(res: http.ServerResponse, status: number, body: unknown): void {
    const send = (): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (held) held.push(send);
    else if (delay > 0) setTimeout(send, delay);
    else send();
  }
  function fail(res: http.ServerResponse, status: number, code: string, message: string): void {
    answer(res, status, { RequestId: rid(), HostId: 'sts.aliyuncs.com', Code: code, Message: message, Recommend: 'https://api.aliyun.com/troubleshoot' });
  }

  function handle(method: string, params: Record<string, string>, res: http.ServerResponse): void {
    requests++;
    lastParams = params;
    lastMethod = method;
    if (failures.n > 0) {
      failures.n--;
      return fail(res, failures.status, failures.code, 'The request processing has failed due to some unknown error (injected).');
    }
    for (const p of ['Action', 'Version', 'AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp', 'Format']) {
      if (!params[p]) return fail(res, 400, 'MissingParameter', `The input parameter "${p}" that is mandatory for processing this request is not supplied.`);
    }
    if (params.Action !== 'AssumeRole') return fail(res, 400, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method.`);
    if (params.Version !== '2015-04-01') return fail(res, 400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') {
      return fail(res, 400, 'InvalidParameter', 'SignatureMethod/SignatureVersion not supported.');
    }
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(params.Timestamp)) {
      return fail(res, 400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    }
    const secret = secretOf(params.AccessKeyId);
    if (secret === undefined) return fail(res, 404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    const { Signature: provided, ...rest } = params;
    const expected = aliOssPopSignature(method, rest, secret);
    if (provided !== expected) {
      return fail(
        res,
        400,
        'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${method}&%2F&...`,
      );
    }
    if (usedNonces.has(params.SignatureNonce)) return fail(res, 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    usedNonces.add(params.SignatureNonce);
    const roleArn = params.RoleArn ?? '';
    if (!roleArn) return fail(res, 400, 'MissingRoleArn', 'RoleArn is mandatory for this action.');
    let role: FakeRole = {};
    if (opts.roles instanceof Set || opts.roles instanceof Map) {
      if (!opts.roles.has(roleArn)) return fail(res, 404, 'EntityNotExist.Role', 'The role not exists: ' + roleArn);
      if (opts.roles instanceof Map) role = opts.roles.get(roleArn) ?? {};
    } else if (typeof opts.roles === 'function') {
      const r = opts.roles(roleArn, params.AccessKeyId);
      if (!r) return fail(res, 404, 'EntityNotExist.Role', 'The role not exists: ' + roleArn);
      if (typeof r === 'object') role = r;
    } else if (!/^acs:ram::\d+:role\/.+/.test(roleArn)) {
      return fail(res, 400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.');
    }
    const session = params.RoleSessionName ?? '';
    if (!SESSION_NAME.test(session)) return fail(res, 400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.');
    const maxDuration = role.maxSessionDuration ?? 43200;
    const duration = params.DurationSeconds === undefined ? 3600 : Number(params.DurationSeconds);
    if (!Number.isInteger(duration) || duration < 900 || duration > maxDuration) {
      return fail(res, 400, 'InvalidParameter.DurationSeconds', `The Min/Max value of DurationSeconds is 15min/${maxDuration / 3600}hr.`);
    }
    if (params.Policy !== undefined) {
      if (params.Policy.length > 1024) return fail(res, 400, 'InvalidParameter.PolicyGrammar', 'The policy is too long.');
      const problem = policyGrammarProblem(params.Policy);
      if (problem) return fail(res, 400, 'InvalidParameter.PolicyGrammar', `The parameter Policy has not passed grammar check (${problem}).`);
    }
    const nowMs = Math.floor(now().getTime() / 1000) * 1000;
    const cred: IssuedStsCredentials = {
      accessKeyId: 'STS.' + randomBytes(12).toString('base64url'),
      accessKeySecret: randomBytes(24).toString('base64'),
      securityToken: encodeStsToken({ roleArn, rolePolicy: role.policy, sessionPolicy: params.Policy }),
      expiration: new Date(nowMs + duration * 1000),
      parentAccessKeyId: params.AccessKeyId,
      roleArn,
      roleSessionName: session,
      ...(params.Policy !== undefined ? { policy: params.Policy } : {}),
    };
    issued.push(cred);
    opts.onIssue?.(cred);
    answer(res, 200, {
      RequestId: rid(),
      AssumedRoleUser: { Arn: `${roleArn.replace(':role/', ':assumed-role/')}/${session}`, AssumedRoleId: `3${randomBytes(8).readBigUInt64BE()}:${session}` },
      Credentials: {
        AccessKeyId: cred.accessKeyId,
        AccessKeySecret: cred.accessKeySecret,
        SecurityToken: cred.securityToken,
        Expiration: cred.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      const params: Record<string, string> = {};
      if (method === 'POST') {
        const ct = String(req.headers['content-type'] ?? '');
        if (!ct.startsWith('application/x-www-form-urlencoded')) {
          requests++;
          return fail(res, 400, 'InvalidParameter.ContentType', 'POST body must be application/x-www-form-urlencoded');
        }
        for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) params[k] = v;
      } else if (method === 'GET') {
        for (const [k, v] of url.searchParams) params[k] = v;
      } else {
        requests++;
        return fail(res, 405, 'MethodNotAllowed', 'Only GET and POST');
      }
      handle(method, params, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    endpoint: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (held) {
          for (const send of held) send();
          held = undefined;
        }
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
    issued,
    get requests() {
      return requests;
    },
    get lastParams() {
      return lastParams;
    },
    get lastMethod() {
      return lastMethod;
    },
    failNext(n: number, code = 'InternalError', status = code === 'InternalError' ? 500 : 400) {
      failures = { n, code, status };
    },
    setDelay(ms: number) {
      delay = ms;
    },
    hold() {
      held = held ?? [];
    },
    release() {
      const list = held ?? [];
      held = undefined;
      for (const send of list) send();
    },
  };
}
