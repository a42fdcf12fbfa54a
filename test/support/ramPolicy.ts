/**
 * RAM policy grammar and evaluation for the fake STS and the local OSS server (dev tooling, never
 * bundled). Written independently of src/core/share so that a bug there is not mirrored here.
 *
 * Evaluation follows RAM: a matching Deny wins, otherwise a matching Allow is needed. A request is
 * allowed by a set of policies (the role's and the session's) only when every one of them allows it.
 * Actions match case-insensitively, resources case-sensitively; both take `*` and `?` wildcards.
 * Conditions: StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase,
 * StringLike, StringNotLike, IpAddress, NotIpAddress, Bool. Keys are case-insensitive. Several keys
 * or operators must all hold; several values of one key are alternatives. An unknown operator never holds.
 */
import { isIP } from 'node:net';

export interface RequestFacts {
  /** e.g. 'oss:GetObject' */
  action: string;
  /** e.g. 'acs:oss:cn-hangzhou:1234:bucket/key' */
  resource: string;
  /** Condition keys (lower-case) → value; absent keys are not in the request. */
  context: Record<string, string | undefined>;
}

type Json = Record<string, unknown>;

function asList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v;
  return undefined;
}

/** Why STS would reject the policy grammar, or undefined. */
export function policyGrammarProblem(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return 'not an object';
  const d = doc as Json;
  if (d.Version !== '1') return 'Version must be "1"';
  if (!Array.isArray(d.Statement) || d.Statement.length === 0) return 'Statement must be a non-empty list';
  for (const raw of d.Statement as unknown[]) {
    if (!raw || typeof raw !== 'object') return 'a statement is not an object';
    const s = raw as Json;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return 'Effect must be Allow or Deny';
    const actions = asList(s.Action);
    if (!actions || !actions.every((a) => a === '*' || /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(a))) return 'bad Action';
    if (!asList(s.Resource)) return 'bad Resource';
    if (s.Condition !== undefined) {
      if (!s.Condition || typeof s.Condition !== 'object' || Array.isArray(s.Condition)) return 'bad Condition';
      for (const block of Object.values(s.Condition as Json)) {
        if (!block || typeof block !== 'object' || Array.isArray(block)) return 'bad Condition block';
        for (const v of Object.values(block as Json)) {
          if (typeof v !== 'string' && typeof v !== 'boolean' && !asList(v)) return 'bad Condition value';
        }
      }
    }
  }
  return undefined;
}

const globCache = new Map<string, RegExp>();

function glob(pattern: string, ignoreCase: boolean): RegExp {
  const id = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = globCache.get(id);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
    re = new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
    if (globCache.size > 1000) globCache.clear();
    globCache.set(id, re);
  }
  return re;
}

/** An address as [family bits, value]; IPv4-mapped IPv6 counts as IPv4. */
function parseIp(s: string): [number, bigint] | undefined {
  const v = s.startsWith('::ffff:') && isIP(s.slice(7)) === 4 ? s.slice(7) : s;
  if (isIP(v) === 4) return [32, v.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n)];
  if (isIP(v) !== 6) return undefined;
  const [head, tail] = v.includes('::') ? v.split('::') : [v, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return [128, groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n)];
}

export function ipInRange(ip: string, range: string): boolean {
  const [base, bitsText] = range.split('/');
  const a = parseIp(ip);
  const b = parseIp(base);
  if (!a || !b || a[0] !== b[0]) return false;
  const bits = bitsText === undefined ? a[0] : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > a[0]) return false;
  const shift = BigInt(a[0] - bits);
  return a[1] >> shift === b[1] >> shift;
}

function valuesOf(v: unknown): string[] {
  if (typeof v === 'boolean') return [String(v)];
  return asList(v) ?? [];
}

function operatorHolds(op: string, block: Json, context: Record<string, string | undefined>): boolean {
  for (const [rawKey, rawValues] of Object.entries(block)) {
    const actual = context[rawKey.toLowerCase()];
    const values = valuesOf(rawValues);
    const any = (test: (v: string, a: string) => boolean): boolean => actual !== undefined && values.some((v) => test(v, actual));
    let ok: boolean;
    switch (op) {
      case 'StringEquals': ok = any((v, a) => v === a); break;
      case 'StringNotEquals': ok = !any((v, a) => v === a); break;
      case 'StringEqualsIgnoreCase': ok = any((v, a) => v.toLowerCase() === a.toLowerCase()); break;
      case 'StringNotEqualsIgnoreCase': ok = !any((v, a) => v.toLowerCase() === a.toLowerCase()); break;
      case 'StringLike': ok = any((v, a) => glob(v, false).test(a)); break;
      case 'StringNotLike': ok = !any((v, a) => glob(v, false).test(a)); break;
      case 'IpAddress': ok = any((v, a) => ipInRange(a, v)); break;
      case 'NotIpAddress': ok = actual !== undefined && !any((v, a) => ipInRange(a, v)); break;
      case 'Bool': ok = any((v, a) => v.toLowerCase() === a.toLowerCase()); break;
      default: ok = false;
    }
    if (!ok) return false;
  }
  return true;
}

function statementMatches(s: Json, f: RequestFacts): boolean {
  const actions = asList(s.Action) ?? [];
  const resources = asList(s.Resource) ?? [];
  if (!actions.some((a) => glob(a, true).test(f.action))) return false;
  if (!resources.some((r) => glob(r, false).test(f.resource))) return false;
  const cond = (s.Condition ?? {}) as Json;
  return Object.entries(cond).every(([op, block]) => operatorHolds(op, block as Json, f.context));
}

/** 'deny' (an explicit Deny matched), 'allow' (an Allow matched and no Deny) or 'none'. */
export function evaluatePolicy(policy: string, f: RequestFacts): 'allow' | 'deny' | 'none' {
  const doc = JSON.parse(policy) as Json;
  let allowed = false;
  for (const s of doc.Statement as Json[]) {
    if (!statementMatches(s, f)) continue;
    if (s.Effect === 'Deny') return 'deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'none';
}

/** True when every policy allows the request. */
export function allowedByAll(policies: string[], f: RequestFacts): boolean {
  return policies.every((p) => evaluatePolicy(p, f) === 'allow');
}
