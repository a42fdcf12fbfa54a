/**
 * Least-privilege RAM policies for sharing part of a bucket through an STS token (AssumeRole's
 * `Policy` parameter). The token's rights are the intersection of this policy and the role's own.
 * See docs/protocol.md §11.
 */
import { OssExplorerError } from '../errorBase';
import { t } from '../translate';
import { MAX_POLICY_LENGTH } from '../credentials/sts';

/** What the recipient may do: read, read and write, upload only (no read, no list), or named actions. */
export type ShareAccess = 'read' | 'read-write' | 'upload' | 'custom';
/** A folder and everything below it, or one object. */
export type ShareScope = 'prefix' | 'object';

export interface SharePolicyInput {
  bucket: string;
  /** A folder prefix ('' = the whole bucket, else usually ending in '/'), or the object key for scope 'object'. */
  prefix: string;
  access: ShareAccess;
  /** IPv4/IPv6 addresses or CIDR blocks; every statement then needs the request to come from one of them. */
  sourceIp?: string[];
  /** Default 'prefix'. */
  scope?: ShareScope;
  /** For access 'custom': RAM actions such as 'oss:GetObject' (wildcards allowed, e.g. 'oss:Get*'). */
  actions?: string[];
}

export interface RamStatement {
  Effect: 'Allow' | 'Deny';
  /** A string or a list (buildSharePolicy always writes lists). */
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface RamPolicy {
  Version: '1';
  Statement: RamStatement[];
}

/** A policy that cannot be built or that STS would refuse. */
export class SharePolicyError extends OssExplorerError {
  constructor(message: string) {
    super(message, 'InvalidPolicy');
    this.name = 'SharePolicyError';
  }
}

/** Actions that name the bucket as their resource (the rest name objects). */
const BUCKET_ACTIONS = new Set([
  'oss:listobjects', 'oss:listobjectversions', 'oss:listmultipartuploads', 'oss:getbucketinfo', 'oss:getbucketlocation',
  'oss:getbucketacl', 'oss:getbucketstat',
]);

const OBJECT_ACTIONS: Record<Exclude<ShareAccess, 'custom'>, string[]> = {
  read: ['oss:GetObject'],
  'read-write': ['oss:GetObject', 'oss:PutObject', 'oss:DeleteObject', 'oss:AbortMultipartUpload', 'oss:ListParts'],
  upload: ['oss:PutObject', 'oss:AbortMultipartUpload', 'oss:ListParts'],
};

const ACTION_NAME = /^oss:[A-Za-z*?]+$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** The source-IP condition, or undefined. Each entry must be an IP address or a CIDR block. */
function ipCondition(sourceIp: string[] | undefined): Record<string, Record<string, string[]>> | undefined {
  if (!sourceIp || sourceIp.length === 0) return undefined;
  const list = sourceIp.map((s) => s.trim());
  for (const ip of list) {
    if (!isIpOrCidr(ip)) throw new SharePolicyError(t('Not an IP address or CIDR block: {0}', JSON.stringify(ip)));
  }
  return { IpAddress: { 'acs:SourceIp': list } };
}

/** IPv4 `a.b.c.d[/n]` or IPv6 `h:h::h[/n]`. */
export function isIpOrCidr(s: string): boolean {
  const [addr, bits, extra] = s.split('/');
  if (extra !== undefined || addr === undefined) return false;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  const max = v4 ? 32 : 128;
  if (v4) {
    if (v4.slice(1).some((o) => Number(o) > 255)) return false;
  } else if (!/^[0-9a-fA-F:]+$/.test(addr) || !addr.includes(':') || (addr.match(/::/g) ?? []).length > 1) {
    return false;
  }
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
}

function objectActions(input: SharePolicyInput): { object: string[]; bucket: string[] } {
  if (input.access !== 'custom') {
    const object = OBJECT_ACTIONS[input.access];
    if (!object) throw new SharePolicyError(`Unknown access ${JSON.stringify(input.access)}`);
    return { object, bucket: input.access === 'upload' ? [] : ['oss:ListObjects'] };
  }
  const actions = [...new Set((input.actions ?? []).map((a) => a.trim()).filter((a) => a !== ''))];
  if (actions.length === 0) throw new SharePolicyError(t('Custom access needs at least one action, e.g. oss:GetObject'));
  for (const a of actions) {
    if (!ACTION_NAME.test(a)) throw new SharePolicyError(t('Not an OSS action: {0} (expected e.g. oss:GetObject)', JSON.stringify(a)));
  }
  const isBucket = (a: string): boolean => BUCKET_ACTIONS.has(a.toLowerCase());
  return { object: actions.filter((a) => !isBucket(a)), bucket: actions.filter(isBucket) };
}

/**
 * The RAM policy (compact JSON) that grants `access` to `bucket/prefix*` (or to the one object for
 * scope 'object'), and nothing else. Listing is limited with an `oss:Prefix` condition; upload-only
 * access cannot read or list. Throws {@link SharePolicyError} for bad input or a policy longer than
 * STS accepts.
 */
export function buildSharePolicy(input: SharePolicyInput): string {
  const { bucket, prefix } = input;
  const scope = input.scope ?? 'prefix';
  if (!BUCKET_NAME.test(bucket ?? '')) throw new SharePolicyError(t('Not a bucket name: {0}', JSON.stringify(bucket)));
  if (typeof prefix !== 'string') throw new SharePolicyError('The prefix must be a string');
  if (/[*?]/.test(prefix)) {
    throw new SharePolicyError(
      t('The prefix {0} contains * or ?, which RAM policies read as wildcards: the policy would grant more than this prefix', JSON.stringify(prefix)),
    );
  }
  if (scope === 'object' && (prefix === '' || prefix.endsWith('/'))) {
    throw new SharePolicyError(t('Scope "one object" needs an object key, not {0}', JSON.stringify(prefix)));
  }
  const condition = ipCondition(input.sourceIp);
  const { object, bucket: bucketActions } = objectActions(input);
  const objectResource = `acs:oss:*:*:${bucket}/${prefix}${scope === 'object' ? '' : '*'}`;
  const statements: RamStatement[] = [];
  if (object.length > 0) {
    statements.push({ Effect: 'Allow', Action: object, Resource: [objectResource], ...(condition ? { Condition: condition } : {}) });
  }
  if (bucketActions.length > 0) {
    const cond: Record<string, Record<string, string[]>> = { ...(condition ?? {}) };
    if (scope === 'object') cond.StringEquals = { 'oss:Prefix': [prefix] };
    else if (prefix !== '') cond.StringLike = { 'oss:Prefix': [`${prefix}*`] };
    statements.push({
      Effect: 'Allow', Action: bucketActions, Resource: [`acs:oss:*:*:${bucket}`], ...(Object.keys(cond).length ? { Condition: cond } : {}),
    });
  }
  const text = JSON.stringify({ Version: '1', Statement: statements } satisfies RamPolicy);
  if (text.length > MAX_POLICY_LENGTH) {
    throw new SharePolicyError(
      t('The policy is {0} characters; STS accepts at most {1}. Use a shorter prefix or fewer source IPs.', text.length, MAX_POLICY_LENGTH),
    );
  }
  return text;
}

function isStringList(v: unknown): boolean {
  return typeof v === 'string' ? v !== '' : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== '');
}

function statementProblem(s: unknown, i: number): string | undefined {
  const where = i + 1;
  if (!s || typeof s !== 'object' || Array.isArray(s)) return t('Statement {0} is not an object', where);
  const st = s as Record<string, unknown>;
  if (st.Effect !== 'Allow' && st.Effect !== 'Deny') return t('Statement {0}: Effect must be "Allow" or "Deny"', where);
  if (!isStringList(st.Action)) return t('Statement {0}: Action must be an action or a non-empty list of actions', where);
  if (!isStringList(st.Resource)) return t('Statement {0}: Resource must be a resource or a non-empty list of resources', where);
  if (st.Condition !== undefined) {
    if (!st.Condition || typeof st.Condition !== 'object' || Array.isArray(st.Condition)) return t('Statement {0}: Condition must be an object', where);
    for (const [op, body] of Object.entries(st.Condition)) {
      if (!body || typeof body !== 'object' || Array.isArray(body)) return t('Statement {0}: Condition {1} must map keys to values', where, op);
    }
  }
  return undefined;
}

/** Why STS would refuse this policy text, or undefined when it looks acceptable. */
export function policyProblem(text: string): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return t('The policy is empty');
  if (text.length > MAX_POLICY_LENGTH) return t('The policy is {0} characters; STS accepts at most {1}', text.length, MAX_POLICY_LENGTH);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return t('The policy is not valid JSON: {0}', e instanceof Error ? e.message : String(e));
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return t('The policy must be a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.Version !== '1') return t('The policy needs "Version": "1"');
  if (!Array.isArray(d.Statement) || d.Statement.length === 0) return t('The policy needs a non-empty "Statement" list');
  for (let i = 0; i < d.Statement.length; i++) {
    const p = statementProblem(d.Statement[i], i);
    if (p) return p;
  }
  return undefined;
}

/** Parses and checks a policy; throws {@link SharePolicyError} naming the first problem. */
export function validatePolicyJson(text: string): RamPolicy {
  const problem = policyProblem(text);
  if (problem) throw new SharePolicyError(problem);
  return JSON.parse(text) as RamPolicy;
}
