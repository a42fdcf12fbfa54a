/**
 * What the recipient of shared access can paste: environment-variable lines, an ossutil config and
 * an ali-oss snippet. Every one of them holds the credential: callers copy them on request only
 * and never log them.
 */
import { posixQuote, powershellQuote, type Shell } from '../shellQuote';
import type { AccessCodeInfo } from './accessCode';

const ACCESS_TEXT: Record<AccessCodeInfo['access'], string> = {
  read: 'read only',
  'read-write': 'read and write',
  upload: 'upload only',
};

/** "read only on oss://bucket/prefix, until 2026-…Z" (no secret). */
export function describeShare(info: Pick<AccessCodeInfo, 'access' | 'bucket' | 'prefix' | 'expiration'>): string {
  return `${ACCESS_TEXT[info.access]} on oss://${info.bucket}/${info.prefix}, until ${info.expiration}`;
}

/** The host[:port] of the endpoint, as ossutil and most SDKs take it. */
function endpointHost(endpoint: string): string {
  return new URL(endpoint).host;
}

/**
 * Lines that set the credential in a shell: OSS_* (ossutil 2.0, the OSS SDKs) and the
 * ALIBABA_CLOUD_* equivalents (Alibaba Cloud CLI and credential providers), plus region and
 * endpoint.
 */
export function envLines(info: AccessCodeInfo, shell: Shell = 'posix'): string {
  const vars: [string, string][] = [
    ['OSS_ACCESS_KEY_ID', info.accessKeyId],
    ['OSS_ACCESS_KEY_SECRET', info.accessKeySecret],
    ['OSS_SESSION_TOKEN', info.securityToken],
    ['OSS_REGION', info.region],
    ['OSS_ENDPOINT', info.endpoint],
    ['ALIBABA_CLOUD_ACCESS_KEY_ID', info.accessKeyId],
    ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', info.accessKeySecret],
    ['ALIBABA_CLOUD_SECURITY_TOKEN', info.securityToken],
    ['ALIBABA_CLOUD_REGION_ID', info.region],
  ];
  const head = `# ${describeShare(info)}`;
  if (shell === 'powershell') return [head, ...vars.map(([k, v]) => `$env:${k} = ${powershellQuote(v)}`)].join('\n');
  return [head, ...vars.map(([k, v]) => `export ${k}=${posixQuote(v)}`)].join('\n');
}

/** An ossutil 2.0 configuration file (`~/.ossutilconfig`, INI) with the temporary credential. */
export function ossutilConfig(info: AccessCodeInfo): string {
  return [
    `# ossutil 2.0 configuration: ${describeShare(info)}`,
    '[default]',
    `accessKeyId = ${info.accessKeyId}`,
    `accessKeySecret = ${info.accessKeySecret}`,
    `stsToken = ${info.securityToken}`,
    `region = ${info.region}`,
    `endpoint = ${endpointHost(info.endpoint)}`,
    '',
  ].join('\n');
}

/** A Node.js ali-oss client for the shared bucket (V4 signing). */
export function aliOssSnippet(info: AccessCodeInfo): string {
  const s = (v: string): string => JSON.stringify(v);
  return [
    `// ${describeShare(info)}`,
    "const OSS = require('ali-oss');",
    'const client = new OSS({',
    `  region: ${s(`oss-${info.region.replace(/^oss-/, '')}`)},`,
    `  endpoint: ${s(info.endpoint.replace(/\/+$/, ''))},`,
    `  bucket: ${s(info.bucket)},`,
    `  accessKeyId: ${s(info.accessKeyId)},`,
    `  accessKeySecret: ${s(info.accessKeySecret)},`,
    `  stsToken: ${s(info.securityToken)},`,
    '  authorizationV4: true,',
    '});',
    `// e.g. await client.list({ prefix: ${s(info.prefix)}, 'max-keys': 100 });`,
    '',
  ].join('\n');
}
