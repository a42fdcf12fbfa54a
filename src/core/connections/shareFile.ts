/**
 * The connection-list file a team shares ("Export Connections…" / "Import Connections…"): the
 * non-secret fields of each connection and nothing else. No AccessKey ID, secret, security token
 * or token expiry is ever written, and a file that carries one is refused entry by entry, so each
 * person enters their own credentials when importing.
 *
 *   { "format": "oss-explorer.connections", "version": 1, "exportedAt": "2026-12-02T10:00:00.000Z",
 *     "connections": [ { "id": "…", "name": "Production", "authType": "accessKey",
 *                        "region": "cn-hangzhou", "pinnedBucket": "logs" } ] }
 */
import { fillPlaceholders, type Translate } from '../translate';
import {
  BUCKET_NAME_RE,
  customDomainRequestsProblem,
  endpointProblem,
  MAX_ROLE_DURATION,
  MIN_ROLE_DURATION,
  normalizeEndpoint,
  type ConnectionService,
  regionProblem,
  roleArnProblem,
  ROLE_SESSION_NAME_RE,
  SERVICES,
  serviceOf,
} from './fields';

export const CONNECTION_LIST_FORMAT = 'oss-explorer.connections';
export const CONNECTION_LIST_VERSION = 1;

export type SharedAuthType = 'accessKey' | 'sts' | 'assumeRole';
const AUTH_TYPES: readonly SharedAuthType[] = ['accessKey', 'sts', 'assumeRole'];

/** One connection as shared: its non-secret, non-personal fields. */
export interface SharedConnection {
  id?: string;
  name: string;
  /** Absent = OSS (files written before S3 connections existed). */
  service?: ConnectionService;
  authType: SharedAuthType;
  region: string;
  endpoint?: string;
  /** S3 only: path-style addressing. */
  pathStyle?: boolean;
  customDomain?: string;
  requestsViaCustomDomain?: boolean;
  pinnedBucket?: string;
  pinnedPrefix?: string;
  roleArn?: string;
  roleSessionName?: string;
  durationSeconds?: number;
  stsEndpoint?: string;
  signatureVersion?: 'v4' | 'v1';
}

export interface ConnectionListFile {
  format: typeof CONNECTION_LIST_FORMAT;
  version: typeof CONNECTION_LIST_VERSION;
  exportedAt: string;
  connections: SharedConnection[];
}

/** The only fields written; the compiler keeps the list in step with SharedConnection. */
const SHARED_FIELD_SET = {
  id: true, name: true, service: true, authType: true, region: true, endpoint: true, pathStyle: true, customDomain: true, requestsViaCustomDomain: true,
  pinnedBucket: true, pinnedPrefix: true, roleArn: true, roleSessionName: true, durationSeconds: true, stsEndpoint: true,
  signatureVersion: true,
} as const satisfies Record<keyof SharedConnection, true>;
const SHARED_FIELDS = Object.keys(SHARED_FIELD_SET) as (keyof SharedConnection)[];
const ROLE_FIELDS: readonly (keyof SharedConnection)[] = ['roleArn', 'roleSessionName', 'durationSeconds', 'stsEndpoint'];

/** Fields of a connection that are secret or belong to one person's credentials. */
export const PERSONAL_FIELDS: readonly string[] = ['accessKeyId', 'accessKeySecret', 'securityToken', 'stsExpiration'];

const ID_RE = /^[A-Za-z0-9-]{1,64}$/;

/** The shared part of one stored connection (anything not listed above is left out). */
export function shareConnection(record: object): SharedConnection {
  const r = record as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of SHARED_FIELDS) {
    const v = r[f];
    if (v === undefined || v === '' || v === false) continue;
    if (ROLE_FIELDS.includes(f) && r.authType !== 'assumeRole') continue;
    if (f === 'service' && v === 'oss') continue;
    out[f] = v;
  }
  return out as unknown as SharedConnection;
}

export function buildConnectionList(records: readonly object[], exportedAt: Date): ConnectionListFile {
  return {
    format: CONNECTION_LIST_FORMAT,
    version: CONNECTION_LIST_VERSION,
    exportedAt: exportedAt.toISOString(),
    connections: records.map(shareConnection),
  };
}

export function serializeConnectionList(file: ConnectionListFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A file that is not a connection list at all (nothing in it can be imported). */
export class ConnectionListError extends Error {
  override readonly name = 'ConnectionListError';
}

/** What is wrong with one entry (1-based `index`, as a person counts). */
export interface EntryProblem {
  index: number;
  name?: string;
  problems: string[];
}

export interface ParsedConnectionList {
  /** The valid entries, normalized, with their 1-based position in the file. */
  connections: Array<{ index: number; connection: SharedConnection }>;
  invalid: EntryProblem[];
}

/** Reads a connection-list file. Throws ConnectionListError when the file itself is unusable. */
export function parseConnectionList(text: string, t: Translate = fillPlaceholders): ParsedConnectionList {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ConnectionListError(t('The file is not valid JSON.'));
  }
  const d = (doc && typeof doc === 'object' && !Array.isArray(doc) ? doc : {}) as Record<string, unknown>;
  if (d.format !== CONNECTION_LIST_FORMAT) {
    throw new ConnectionListError(t('The file is not an OSS Explorer connection list (its "format" is not "{0}").', CONNECTION_LIST_FORMAT));
  }
  if (typeof d.version !== 'number' || !Number.isInteger(d.version) || d.version < 1) {
    throw new ConnectionListError(t('The connection list has no valid "version".'));
  }
  if (d.version > CONNECTION_LIST_VERSION) {
    throw new ConnectionListError(t('The connection list has format version {0}, newer than this extension reads ({1}). Update OSS Explorer.', d.version, CONNECTION_LIST_VERSION));
  }
  if (!Array.isArray(d.connections)) throw new ConnectionListError(t('The connection list has no "connections" array.'));

  const out: ParsedConnectionList = { connections: [], invalid: [] };
  const names = new Set<string>();
  d.connections.forEach((raw: unknown, i) => {
    const r = checkEntry(raw, t);
    const name = r.connection?.name ?? (typeof (raw as { name?: unknown })?.name === 'string' ? (raw as { name: string }).name : undefined);
    if (r.connection && names.has(r.connection.name.toLowerCase())) r.problems.push(t('another entry of the file has the same name'));
    if (r.connection && r.problems.length === 0) {
      names.add(r.connection.name.toLowerCase());
      out.connections.push({ index: i + 1, connection: r.connection });
    } else {
      out.invalid.push({ index: i + 1, name, problems: r.problems });
    }
  });
  return out;
}

/** Checks one entry; every problem is listed (never a value that could be a secret). */
function checkEntry(raw: unknown, t: Translate): { connection?: SharedConnection; problems: string[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { problems: [t('not an object')] };
  const e = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const k of Object.keys(e)) {
    if (PERSONAL_FIELDS.includes(k)) problems.push(t('holds "{0}": credentials are never shared; each person enters their own when importing', k));
    else if (!(k in SHARED_FIELD_SET)) problems.push(t('unknown field "{0}"', k));
  }
  const text = (k: string): string | undefined => {
    const v = e[k];
    if (v === undefined) return undefined;
    if (typeof v === 'string' && v.trim()) return v.trim();
    problems.push(t('"{0}" must be non-empty text', k));
    return undefined;
  };
  const url = (k: string): string | undefined => {
    const v = text(k);
    const p = v === undefined ? undefined : endpointProblem(v, t);
    if (p) problems.push(t('"{0}" {1}', k, p));
    return v === undefined || p ? undefined : normalizeEndpoint(v);
  };
  const c: Partial<SharedConnection> = {};
  const id = text('id');
  if (id !== undefined && !ID_RE.test(id)) problems.push(t('"id" must be 1–64 letters, digits or -'));
  else if (id !== undefined) c.id = id;
  const name = text('name');
  if (name === undefined && e.name === undefined) problems.push(t('has no "name"'));
  c.name = name;
  if (!AUTH_TYPES.includes(e.authType as SharedAuthType)) problems.push(t('"authType" must be one of {0}', AUTH_TYPES.join(', ')));
  else c.authType = e.authType as SharedAuthType;
  if (e.service !== undefined && !SERVICES.includes(e.service as ConnectionService)) problems.push(t('"service" must be one of {0}', SERVICES.join(', ')));
  else if (e.service === 's3') c.service = 's3';
  const service = serviceOf(c);
  const region = text('region');
  if (region === undefined || regionProblem(service, region)) {
    problems.push(service === 's3' ? t('"region" must be a region id such as us-east-1 (auto for Cloudflare R2)') : t('"region" must be a region id such as cn-hangzhou'));
  } else c.region = region;
  if (e.pathStyle !== undefined && typeof e.pathStyle !== 'boolean') problems.push(t('"pathStyle" must be true or false'));
  else if (e.pathStyle !== undefined && service !== 's3') problems.push(t('"pathStyle" is only for S3 connections'));
  else if (e.pathStyle === true) c.pathStyle = true;
  c.endpoint = url('endpoint');
  c.customDomain = url('customDomain');
  if (e.requestsViaCustomDomain !== undefined && typeof e.requestsViaCustomDomain !== 'boolean') {
    problems.push(t('"requestsViaCustomDomain" must be true or false'));
  } else if (e.requestsViaCustomDomain === true) c.requestsViaCustomDomain = true;
  const bucket = text('pinnedBucket');
  if (bucket !== undefined && !BUCKET_NAME_RE.test(bucket)) problems.push(t('"pinnedBucket" is not a bucket name (3–63 characters: a-z, 0-9 and -)'));
  else c.pinnedBucket = bucket;
  const prefix = text('pinnedPrefix');
  if (prefix?.startsWith('/')) problems.push(t('"pinnedPrefix" must not start with /'));
  else c.pinnedPrefix = prefix;
  if (e.signatureVersion !== undefined && e.signatureVersion !== 'v4' && e.signatureVersion !== 'v1') {
    problems.push(t('"signatureVersion" must be v4 or v1'));
  } else c.signatureVersion = e.signatureVersion;
  if (c.authType === 'assumeRole') checkRole(e, c, problems, t, text, url);
  if (service === 's3' && (c.customDomain || c.requestsViaCustomDomain)) problems.push(t('"customDomain" is only for OSS connections'));
  if (c.requestsViaCustomDomain) {
    const via = customDomainRequestsProblem(c, t);
    if (via) problems.push(via);
  }
  for (const k of Object.keys(c) as (keyof SharedConnection)[]) if (c[k] === undefined) delete c[k];
  return { connection: c.name && c.authType && c.region ? (c as SharedConnection) : undefined, problems };
}

function checkRole(
  e: Record<string, unknown>,
  c: Partial<SharedConnection>,
  problems: string[],
  t: Translate,
  text: (k: string) => string | undefined,
  url: (k: string) => string | undefined,
): void {
  const arn = text('roleArn');
  if (arn === undefined) problems.push(t('"roleArn" is required for AssumeRole'));
  else if (roleArnProblem(serviceOf(c), arn)) {
    problems.push(serviceOf(c) === 's3' ? t('"roleArn" must look like arn:aws:iam::<12-digit account id>:role/<role name>') : t('"roleArn" must look like acs:ram::<account id>:role/<role name>'));
  }
  else c.roleArn = arn;
  const session = text('roleSessionName');
  if (session !== undefined && !ROLE_SESSION_NAME_RE.test(session)) problems.push(t('"roleSessionName" must be 2–64 characters: letters, digits, . @ - _'));
  else c.roleSessionName = session;
  const d = e.durationSeconds;
  if (d !== undefined && (typeof d !== 'number' || !Number.isInteger(d) || d < MIN_ROLE_DURATION || d > MAX_ROLE_DURATION)) {
    problems.push(t('"durationSeconds" must be a whole number from {0} to {1}', MIN_ROLE_DURATION, MAX_ROLE_DURATION));
  } else c.durationSeconds = d;
  c.stsEndpoint = url('stsEndpoint');
}
