/**
 * Development-only seeding hook (used by `npm run demo` and the UI tests).
 *
 * SecretStorage can only be written from inside the extension host, so a launcher that wants a
 * ready-made connection writes a JSON file and points OSS_EXPLORER_SEED_FILE at it:
 *
 *   { "connections": [ { "name": "Local demo (AccessKey)", "region": "cn-hangzhou",
 *       "endpoint": "http://127.0.0.1:9000", "authType": "accessKey",
 *       "accessKeyId": "LTAI…", "accessKeySecret": "…" } ] }
 *
 * On activation the extension imports every connection whose name is not in the store yet
 * (public fields → globalState, secrets → SecretStorage, exactly like "Add Connection") and then
 * deletes the file, unless it says "deleteAfterImport": false. (In code-server, globalState and
 * SecretStorage live in the browser profile, so a demo that may be opened from several browsers
 * keeps its file, in a private temp folder that it removes on exit.) Without the variable this is
 * a no-op (one env lookup). It is ignored in a production-mode extension (an installed .vsix):
 * only a development or test host honours it.
 */
import * as fs from 'fs';
import type { AuthType, ConnectionRecord, ConnectionSecrets } from './model';
import { customDomainRequestsProblem, endpointProblem, normalizeEndpoint, regionProblem, roleArnProblem, SERVICES, serviceOf } from './model';
import type { ConnectionService } from './model';
import { parseCredentialJson } from '../core/credentials';

export const SEED_FILE_ENV = 'OSS_EXPLORER_SEED_FILE';

/** One connection in the seed file: the public record fields plus its secrets. */
export type SeedConnection = Omit<ConnectionRecord, 'id'> & ConnectionSecrets;

interface SeedTarget {
  list(): Pick<ConnectionRecord, 'name'>[];
  add(record: Omit<ConnectionRecord, 'id'>, secrets: ConnectionSecrets): Promise<unknown>;
}

const AUTH_TYPES: readonly AuthType[] = ['accessKey', 'sts', 'assumeRole'];

function str(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

/** Validates one entry; returns the record and its secrets, or a problem text (never a secret). */
export function parseSeedConnection(raw: unknown): { record: Omit<ConnectionRecord, 'id'>; secrets: ConnectionSecrets } | string {
  const c = (raw ?? {}) as Record<string, unknown>;
  if (!str(c.name)) return 'a connection without a name';
  if (c.service !== undefined && !SERVICES.includes(c.service as ConnectionService)) return `"${c.name}": service must be one of ${SERVICES.join(', ')}`;
  const service = serviceOf(c);
  if (!str(c.region)) return `"${c.name}": region missing`;
  const badRegion = regionProblem(service, c.region);
  if (badRegion) return `"${c.name}": ${badRegion}`;
  if (c.pathStyle !== undefined && typeof c.pathStyle !== 'boolean') return `"${c.name}": pathStyle must be true or false`;
  if (c.pathStyle !== undefined && service !== 's3') return `"${c.name}": pathStyle is only for S3 connections`;
  if (!AUTH_TYPES.includes(c.authType as AuthType)) return `"${c.name}": authType must be one of ${AUTH_TYPES.join(', ')}`;
  if (!str(c.accessKeyId) || !str(c.accessKeySecret)) return `"${c.name}": accessKeyId and accessKeySecret are required`;
  if (c.endpoint !== undefined && (!str(c.endpoint) || endpointProblem(c.endpoint))) return `"${c.name}": bad endpoint`;
  if (c.authType === 'sts' && !str(c.securityToken)) return `"${c.name}": securityToken is required for sts`;
  if (c.authType === 'assumeRole' && !str(c.roleArn)) return `"${c.name}": roleArn is required for assumeRole`;
  if (c.authType === 'assumeRole' && str(c.roleArn) && roleArnProblem(service, c.roleArn)) return `"${c.name}": ${roleArnProblem(service, c.roleArn)}`;
  if (c.customDomain !== undefined && (!str(c.customDomain) || endpointProblem(c.customDomain))) return `"${c.name}": bad customDomain`;
  if (c.stsEndpoint !== undefined && (!str(c.stsEndpoint) || endpointProblem(c.stsEndpoint))) return `"${c.name}": bad stsEndpoint (an http(s) URL of the STS service)`;
  if (c.stsEndpoint !== undefined && c.authType !== 'assumeRole') return `"${c.name}": stsEndpoint is only for assumeRole`;
  if (c.requestsViaCustomDomain !== undefined && typeof c.requestsViaCustomDomain !== 'boolean') {
    return `"${c.name}": requestsViaCustomDomain must be true or false`;
  }
  const via = customDomainRequestsProblem(c);
  if (via) return `"${c.name}": ${via}`;
  const { accessKeySecret, securityToken, ...rest } = c;
  const record = { ...rest } as unknown as Omit<ConnectionRecord, 'id'>;
  delete (record as { id?: unknown }).id;
  if (record.endpoint) record.endpoint = normalizeEndpoint(record.endpoint);
  if (record.customDomain) record.customDomain = normalizeEndpoint(record.customDomain);
  if (record.stsEndpoint) record.stsEndpoint = normalizeEndpoint(record.stsEndpoint);
  const secrets: ConnectionSecrets = { accessKeySecret: accessKeySecret };
  if (str(securityToken)) secrets.securityToken = securityToken;
  return { record, secrets };
}

/**
 * Imports the connections of the seed file named by OSS_EXPLORER_SEED_FILE (if set) into the
 * store, then deletes the file. Returns the names imported. Never throws; problems go to `warn`.
 */
export async function importSeedFile(
  store: SeedTarget,
  warn: (message: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const file = env[SEED_FILE_ENV];
  if (!file) return [];
  const imported: string[] = [];
  let keep = false;
  try {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return []; // already imported (the file is deleted afterwards) or never written
    }
    // Never the parser's message: it would quote the file (secrets).
    const parsed = parseCredentialJson(text, 'the file') as { connections?: unknown };
    keep = (parsed as { deleteAfterImport?: unknown }).deleteAfterImport === false;
    const list = Array.isArray(parsed.connections) ? parsed.connections : [];
    const existing = new Set(store.list().map((c) => c.name));
    for (const raw of list) {
      const r = parseSeedConnection(raw);
      if (typeof r === 'string') {
        warn(`Seed file: skipped ${r}`);
        continue;
      }
      if (existing.has(r.record.name)) continue;
      await store.add(r.record, r.secrets);
      existing.add(r.record.name);
      imported.push(r.record.name);
    }
  } catch (e) {
    warn(`Seed file ${file} not imported: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    // The file holds secrets: remove it once read (also when it was malformed).
    if (!keep) {
      try {
        fs.rmSync(file, { force: true });
      } catch {
        // not ours to keep trying
      }
    }
  }
  return imported;
}
