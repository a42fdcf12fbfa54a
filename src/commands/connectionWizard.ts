/** The multi-step connection form shared by Add, Edit and Update Credentials. */
import * as vscode from 'vscode';
import {
  type AuthType,
  BUCKET_NAME_RE,
  type ConnectionRecord,
  type ConnectionSecrets,
  type ConnectionService,
  type CredentialTerms,
  credentialTerms,
  endpointProblem,
  MAX_ROLE_DURATION,
  MIN_ROLE_DURATION,
  normalizeEndpoint,
  OSS_REGIONS,
  regionFromEndpoint,
  regionProblem,
  roleArnProblem,
  ROLE_SESSION_NAME_RE,
  serviceOf,
} from '../connections/model';
import { AWS_REGIONS, defaultAwsSts, defaultS3Region, type ImportedS3, importableS3, S3_BUCKET_NAME_RE, s3PinnedBucketProblem } from './connectionWizardS3';
import { inputStep, pickStep, runWizard, type WizardStep } from '../ui/multiStep';
import type { Prompter } from '../ui/prompter';

const CUSTOM = '__custom__';

/** The form's answers: the record's editable fields plus the secrets (which go to SecretStorage). */
export type ConnectionForm = Pick<
  ConnectionRecord,
  | 'name' | 'service' | 'region' | 'endpoint' | 'pathStyle' | 'authType' | 'accessKeyId' | 'stsExpiration' | 'roleArn' | 'roleSessionName'
  | 'durationSeconds' | 'stsEndpoint' | 'customDomain' | 'pinnedBucket' | 'pinnedPrefix' | 'requestsViaCustomDomain' | 'readOnly'
> & {
  /** Empty while editing = keep the stored secret. */
  accessKeySecret: string;
  securityToken?: string;
};

interface State extends ConnectionForm {
  customEndpoint: boolean;
  /** S3: the credentials (and settings) came from an AWS profile or the environment. */
  imported?: string;
}

const isS3 = (s: State): boolean => s.service === 's3';
const terms = (s: State): CredentialTerms => credentialTerms(s.service ?? 'oss', s.authType, vscode.l10n.t);

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

/** Parses an optional ISO date; returns the normalized ISO string or an error. */
export function parseExpiry(v: string): { iso?: string; error?: string } {
  const t = v.trim();
  if (!t) return {};
  const ms = Date.parse(t);
  if (!Number.isFinite(ms)) return { error: vscode.l10n.t('Enter an ISO date such as 2026-11-29T18:30:00Z, or leave empty') };
  return { iso: new Date(ms).toISOString() };
}

function authItems(service: ConnectionService): Item<AuthType>[] {
  if (service === 's3') {
    return [
      { label: '$(key) ' + vscode.l10n.t('Access key'), description: vscode.l10n.t('access key ID and secret access key'), value: 'accessKey' },
      { label: '$(clock) ' + vscode.l10n.t('Session token'), description: vscode.l10n.t('temporary key pair and session token (AWS STS)'), value: 'sts' },
      { label: '$(person) AssumeRole', description: vscode.l10n.t('access key + IAM role; AWS STS credentials are fetched and refreshed'), value: 'assumeRole' },
    ];
  }
  return [
    { label: '$(key) AccessKey', description: vscode.l10n.t('AccessKey ID and secret'), value: 'accessKey' },
    { label: '$(clock) STS', description: vscode.l10n.t('Temporary AccessKey, secret and security token'), value: 'sts' },
    { label: '$(person) AssumeRole', description: vscode.l10n.t('AccessKey + RAM role; temporary credentials are fetched and refreshed'), value: 'assumeRole' },
  ];
}

/**
 * Runs the form. `existing` pre-fills every field (edit); `keepSecrets` lets the secret fields stay
 * empty (= unchanged) while the auth type is unchanged. `only: 'credentials'` asks just the
 * credential fields.
 */
export async function connectionForm(
  prompter: () => Prompter,
  title: string,
  opts: { existing?: ConnectionRecord; otherNames?: string[]; only?: 'credentials' } = {},
): Promise<ConnectionForm | undefined> {
  // Loaded with the form, not at activation: S3's setting checks (R2 region, endpoint).
  const { checkS3Settings } = await import('../core/s3/checks.js');
  const s3SettingsProblem = (endpoint: string, region: string): string | undefined => {
    try {
      checkS3Settings(endpoint, region);
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
  const e = opts.existing;
  const creds = opts.only === 'credentials';
  const others = new Set((opts.otherNames ?? []).map((n) => n.toLowerCase()));
  const state: State = {
    name: e?.name ?? '',
    service: e ? serviceOf(e) : 'oss',
    pathStyle: e?.pathStyle,
    region: e?.region ?? 'cn-hangzhou',
    endpoint: e?.endpoint,
    customEndpoint: !!e?.endpoint,
    authType: e?.authType ?? 'accessKey',
    accessKeyId: e?.accessKeyId ?? '',
    accessKeySecret: '',
    stsExpiration: e?.stsExpiration,
    roleArn: e?.roleArn,
    roleSessionName: e?.roleSessionName,
    durationSeconds: e?.durationSeconds,
    stsEndpoint: e?.stsEndpoint,
    customDomain: e?.customDomain,
    pinnedBucket: e?.pinnedBucket,
    pinnedPrefix: e?.pinnedPrefix,
    requestsViaCustomDomain: e?.requestsViaCustomDomain,
    readOnly: e?.readOnly,
  };
  const canKeepSecret = (s: State): boolean => !!e && s.authType === e.authType && !creds;
  const notCreds = (): boolean => creds;
  const fromImport = (s: State): boolean => !!s.imported;
  const ossOnly = (s: State): boolean => creds || isS3(s);
  let importable: ReturnType<typeof importableS3> = { items: [], skipped: [] };

  const steps: WizardStep<State>[] = [
    pickStep<State, Item<ConnectionService>>(
      prompter,
      (s) => {
        const items: Item<ConnectionService>[] = [
          { label: '$(cloud) Alibaba Cloud OSS', description: vscode.l10n.t('Object Storage Service'), value: 'oss' },
          { label: '$(server) ' + vscode.l10n.t('S3-compatible'), description: vscode.l10n.t('AWS S3, MinIO, Cloudflare R2 and other S3 stores'), value: 's3' },
        ];
        return { placeholder: vscode.l10n.t('Service'), items, activeItem: items.find((i) => i.value === s.service) };
      },
      (s, item) => {
        if (item.value === s.service) return;
        // Another service: its regions, endpoint and role ARNs differ; start those from its defaults.
        s.service = item.value;
        s.region = item.value === 's3' ? 'us-east-1' : 'cn-hangzhou';
        s.endpoint = undefined;
        s.customEndpoint = false;
        s.pathStyle = undefined;
        s.roleArn = undefined;
        s.stsEndpoint = undefined;
        s.customDomain = undefined;
        s.requestsViaCustomDomain = undefined;
      },
      notCreds,
    ),
    pickStep<State, Item<number>>(
      prompter,
      () => {
        // The items hold an index, never the keys: those stay in this closure until chosen.
        importable = importableS3();
        const items: Item<number>[] = [
          { label: '$(edit) ' + vscode.l10n.t('Enter the settings'), description: vscode.l10n.t('endpoint, region and keys, step by step'), value: -1 },
          ...importable.items.map((i, n) => ({
            label: `$(account) ${i.label}`,
            description: [i.authType === 'assumeRole' ? `AssumeRole ${i.roleArn ?? ''}` : i.authType === 'sts' ? vscode.l10n.t('session token') : vscode.l10n.t('access key'), i.region, i.endpoint]
              .filter(Boolean).join(' · '),
            value: n,
          })),
        ];
        const note = importable.skipped.length ? ` (${vscode.l10n.t('not importable: {0}', importable.skipped.join('; '))})` : '';
        return { placeholder: vscode.l10n.t('Start from an AWS profile or the AWS_* environment variables?') + note, items, activeItem: items[0] };
      },
      (s, item) => {
        const i: ImportedS3 | undefined = importable.items[item.value];
        s.imported = i?.label;
        if (!i) return;
        s.authType = i.authType;
        s.accessKeyId = i.accessKeyId;
        s.accessKeySecret = i.accessKeySecret;
        s.securityToken = i.securityToken;
        s.roleArn = i.roleArn;
        s.roleSessionName = i.roleSessionName;
        s.durationSeconds = i.durationSeconds;
        if (i.region) s.region = i.region;
        if (i.endpoint && !endpointProblem(i.endpoint)) {
          s.endpoint = normalizeEndpoint(i.endpoint);
          s.customEndpoint = true;
        }
        if (i.pathStyle !== undefined) s.pathStyle = i.pathStyle;
      },
      (s) => !isS3(s) || !!opts.only,
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: vscode.l10n.t('Connection name'),
        placeholder: vscode.l10n.t('e.g. Production'),
        value: s.name,
        validate: (v) =>
          !v.trim()
            ? vscode.l10n.t('Enter a name')
            : others.has(v.trim().toLowerCase())
              ? vscode.l10n.t('A connection with this name exists')
              : undefined,
      }),
      (s, v) => (s.name = v.trim()),
      notCreds,
    ),
    pickStep<State, Item<string>>(
      prompter,
      (s) => {
        const items: Item<string>[] = isS3(s)
          ? AWS_REGIONS.map((r) => ({ label: r, description: `s3.${r}.amazonaws.com${r.startsWith('cn-') ? '.cn' : ''}`, value: r }))
          : OSS_REGIONS.map((r) => ({ label: r, description: `oss-${r}.aliyuncs.com`, value: r }));
        items.push(isS3(s)
          ? { label: `$(globe) ${vscode.l10n.t('Custom endpoint…')}`, description: vscode.l10n.t('a URL, e.g. MinIO, Cloudflare R2 or a local server'), value: CUSTOM }
          : { label: `$(globe) ${vscode.l10n.t('Custom endpoint…')}`, description: vscode.l10n.t('a URL, e.g. a local server or a CNAME'), value: CUSTOM });
        return {
          placeholder: vscode.l10n.t('Region'),
          items,
          activeItem: items.find((i) => (s.customEndpoint ? i.value === CUSTOM : i.value === s.region)),
        };
      },
      (s, item) => {
        s.customEndpoint = item.value === CUSTOM;
        if (!s.customEndpoint) {
          s.region = item.value;
          s.endpoint = undefined;
        }
      },
      notCreds,
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: vscode.l10n.t('Endpoint URL'),
        placeholder: isS3(s) ? 'https://<account>.r2.cloudflarestorage.com' : 'https://oss-cn-hangzhou-internal.aliyuncs.com',
        value: s.endpoint ?? 'https://',
        validate: (v) => {
          const p = endpointProblem(v, vscode.l10n.t);
          return p ? vscode.l10n.t('The endpoint {0}', p) : undefined;
        },
      }),
      (s, v) => (s.endpoint = normalizeEndpoint(v)),
      (s) => creds || !s.customEndpoint,
    ),
    inputStep(
      prompter,
      (s) => isS3(s)
        ? {
          prompt: vscode.l10n.t('Region used for signing (auto for Cloudflare R2)'),
          value: defaultS3Region(s.endpoint, s.region),
          validate: (v) => regionProblem('s3', v.trim(), vscode.l10n.t) ?? s3SettingsProblem(s.endpoint ?? '', v.trim()),
        }
        : {
          prompt: vscode.l10n.t('Region id used for signing (without "oss-")'),
          value: (s.endpoint && regionFromEndpoint(s.endpoint)) ?? s.region,
          validate: (v) => regionProblem('oss', v.trim().replace(/^oss-/, ''), vscode.l10n.t),
        },
      (s, v) => (s.region = isS3(s) ? v.trim() : v.trim().replace(/^oss-/, '')),
      (s) => creds || !s.customEndpoint,
    ),
    pickStep<State, Item<boolean>>(
      prompter,
      (s) => {
        const items: Item<boolean>[] = [
          { label: vscode.l10n.t('Virtual-hosted'), description: vscode.l10n.t('https://<bucket>.<endpoint host>/<key> (AWS S3, R2)'), value: false },
          { label: vscode.l10n.t('Path-style'), description: vscode.l10n.t('https://<endpoint host>/<bucket>/<key> (MinIO, most local servers, bucket names with dots)'), value: true },
        ];
        const current = s.pathStyle ?? s.customEndpoint;
        return { placeholder: vscode.l10n.t('Addressing'), items, activeItem: items.find((i) => i.value === current) };
      },
      (s, item) => (s.pathStyle = item.value),
      (s) => creds || !isS3(s),
    ),
    pickStep<State, Item<AuthType>>(
      prompter,
      (s) => {
        const items = authItems(s.service ?? 'oss');
        return { placeholder: vscode.l10n.t('Authentication'), items, activeItem: items.find((i) => i.value === s.authType) };
      },
      (s, item) => (s.authType = item.value),
      (s) => creds || fromImport(s),
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: terms(s).keyId,
        value: s.accessKeyId,
        validate: (v) => (/^[A-Za-z0-9.]{8,128}$/.test(v.trim()) || (isS3(s) && /^[\x21-\x7e]{3,128}$/.test(v.trim())) ? undefined : terms(s).keyIdInvalid),
      }),
      (s, v) => (s.accessKeyId = v.trim()),
      fromImport,
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: terms(s).secret,
        placeholder: canKeepSecret(s) ? vscode.l10n.t('Leave empty to keep the stored secret') : undefined,
        password: true,
        validate: (v) => (v.trim() || canKeepSecret(s) ? undefined : terms(s).secretMissing),
      }),
      (s, v) => (s.accessKeySecret = v.trim()),
      fromImport,
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: terms(s).token,
        placeholder: canKeepSecret(s) ? vscode.l10n.t('Leave empty to keep the stored token') : undefined,
        password: true,
        validate: (v) => (v.trim() || canKeepSecret(s) ? undefined : terms(s).tokenMissing),
      }),
      (s, v) => (s.securityToken = v.trim() || undefined),
      (s) => s.authType !== 'sts' || fromImport(s),
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: vscode.l10n.t('When does the token expire? (optional ISO date, e.g. 2026-11-29T18:30:00Z)'),
        value: s.stsExpiration ?? '',
        validate: (v) => parseExpiry(v).error,
      }),
      (s, v) => (s.stsExpiration = parseExpiry(v).iso),
      (s) => s.authType !== 'sts',
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: isS3(s) ? vscode.l10n.t('IAM role ARN') : vscode.l10n.t('RAM role ARN'),
        placeholder: isS3(s) ? 'arn:aws:iam::123456789012:role/s3-reader' : 'acs:ram::1234567890123456:role/oss-reader',
        value: s.roleArn ?? '',
        validate: (v) => roleArnProblem(s.service ?? 'oss', v.trim(), vscode.l10n.t),
      }),
      (s, v) => (s.roleArn = v.trim()),
      (s) => creds || s.authType !== 'assumeRole' || fromImport(s),
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: vscode.l10n.t('Role session name'),
        value: s.roleSessionName ?? 'oss-explorer',
        validate: (v) => (ROLE_SESSION_NAME_RE.test(v.trim()) ? undefined : vscode.l10n.t('2–64 characters: letters, digits, . @ - _')),
      }),
      (s, v) => (s.roleSessionName = v.trim()),
      (s) => creds || s.authType !== 'assumeRole',
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: vscode.l10n.t('Session duration in seconds ({0}–{1})', MIN_ROLE_DURATION, MAX_ROLE_DURATION),
        value: String(s.durationSeconds ?? 3600),
        validate: (v) => {
          const n = Number(v.trim());
          return Number.isInteger(n) && n >= MIN_ROLE_DURATION && n <= MAX_ROLE_DURATION
            ? undefined
            : vscode.l10n.t('Enter a whole number from {0} to {1}', MIN_ROLE_DURATION, MAX_ROLE_DURATION);
        },
      }),
      (s, v) => (s.durationSeconds = Number(v.trim())),
      (s) => creds || s.authType !== 'assumeRole',
    ),
    inputStep(
      prompter,
      (s) => {
        const fallback = defaultAwsSts(s.region);
        return {
          prompt: fallback
            ? vscode.l10n.t('STS endpoint URL for AssumeRole (optional; empty = {0}). MinIO and other stores serve STS at their own URL.', fallback)
            : vscode.l10n.t('STS endpoint URL for AssumeRole, e.g. your MinIO server\'s URL'),
          placeholder: s.customEndpoint && s.endpoint ? s.endpoint : fallback,
          value: s.stsEndpoint ?? '',
          validate: (v) => {
            if (!v.trim()) {
              return fallback ? undefined : vscode.l10n.t('"{0}" is not an AWS region, so there is no default STS endpoint: enter the STS URL of your store', s.region);
            }
            const p = endpointProblem(v, vscode.l10n.t);
            return p ? vscode.l10n.t('The STS endpoint {0}', p) : undefined;
          },
        };
      },
      (s, v) => (s.stsEndpoint = v.trim() ? normalizeEndpoint(v) : undefined),
      (s) => creds || !isS3(s) || s.authType !== 'assumeRole',
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: vscode.l10n.t('Custom domain for links (optional; with a pinned bucket it can carry all requests), e.g. https://cdn.example.com'),
        value: s.customDomain ?? '',
        validate: (v) => {
          if (!v.trim()) return undefined;
          const p = endpointProblem(v, vscode.l10n.t);
          return p ? vscode.l10n.t('The domain {0}', p) : undefined;
        },
      }),
      (s, v) => (s.customDomain = v.trim() ? normalizeEndpoint(v) : undefined),
      ossOnly,
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: vscode.l10n.t('Pin one bucket (optional; skips listing buckets, for keys limited to one bucket)'),
        value: s.pinnedBucket ?? '',
        validate: (v) => {
          if (!v.trim()) {
            // A custom domain names one bucket: requests through it need the bucket pinned.
            return s.requestsViaCustomDomain && s.customDomain
              ? vscode.l10n.t('All requests go through the custom domain, which needs a pinned bucket. To unpin, first answer No to "Send all requests through the custom domain" (the last step).')
              : undefined;
          }
          if (isS3(s)) {
            if (!S3_BUCKET_NAME_RE.test(v.trim())) return vscode.l10n.t('3–63 characters: a-z, 0-9, . and -, not starting or ending with . or -');
            const p = s3PinnedBucketProblem(v.trim(), s.endpoint, s.region, !!s.pathStyle);
            return p ? vscode.l10n.t('{0} (the Addressing step)', p) : undefined;
          }
          return BUCKET_NAME_RE.test(v.trim()) ? undefined : vscode.l10n.t('3–63 characters: a-z, 0-9 and -, not starting or ending with -');
        },
      }),
      (s, v) => {
        s.pinnedBucket = v.trim() || undefined;
        if (!s.pinnedBucket) s.pinnedPrefix = undefined;
      },
      notCreds,
    ),
    inputStep(
      prompter,
      (s) => ({
        prompt: vscode.l10n.t('Pinned prefix inside the bucket (optional), e.g. team/app/'),
        value: s.pinnedPrefix ?? '',
        validate: (v) => (v.trim().startsWith('/') ? vscode.l10n.t('A prefix must not start with /') : undefined),
      }),
      (s, v) => {
        const p = v.trim();
        s.pinnedPrefix = p ? (p.endsWith('/') ? p : `${p}/`) : undefined;
      },
      (s) => creds || !s.pinnedBucket,
    ),
    pickStep<State, Item<boolean>>(
      prompter,
      (s) => {
        const items: Item<boolean>[] = [
          { label: vscode.l10n.t('No'), description: vscode.l10n.t('requests go to the endpoint; the custom domain is used for links'), value: false },
          { label: vscode.l10n.t('Yes'), description: vscode.l10n.t('every request goes to {0}', s.customDomain ?? ''), value: true },
        ];
        return {
          placeholder: vscode.l10n.t('Send all requests through the custom domain (required for new accounts in mainland China regions)'),
          items,
          activeItem: items.find((i) => i.value === !!s.requestsViaCustomDomain),
        };
      },
      (s, item) => (s.requestsViaCustomDomain = item.value),
      (s) => ossOnly(s) || !s.customDomain || !s.pinnedBucket,
    ),
    accessStep(prompter, notCreds),
  ];
  const r = await runWizard(title, state, steps);
  if (!r) return undefined;
  const { customEndpoint: _c, imported: _i, ...form } = r;
  if (form.service === 's3') {
    delete form.customDomain;
    delete form.requestsViaCustomDomain;
  } else {
    delete form.pathStyle;
  }
  if (!form.customDomain) delete form.customDomain;
  // Only meaningful with both a custom domain and a pinned bucket (the step is not shown otherwise).
  if (!form.requestsViaCustomDomain || !form.customDomain || !form.pinnedBucket) delete form.requestsViaCustomDomain;
  if (!form.readOnly) delete form.readOnly;
  return form;
}

/**
 * Read and write, or read only: a read-only connection opens objects read-only (saying why) instead
 * of failing on save, e.g. for read-only credentials or to browse production safely. The stored
 * answer is pre-selected, so Enter keeps it.
 */
function accessStep(prompter: () => Prompter, skip: () => boolean): WizardStep<State> {
  return pickStep<State, Item<boolean>>(
    prompter,
    (s) => {
      const items: Item<boolean>[] = [
        { label: `$(edit) ${vscode.l10n.t('Read and write')}`, description: vscode.l10n.t('objects open for editing'), value: false },
        { label: `$(lock) ${vscode.l10n.t('Read only')}`, description: vscode.l10n.t('open objects read-only (for read-only credentials, or to avoid changes by mistake)'), value: true },
      ];
      return { placeholder: vscode.l10n.t('Access'), items, activeItem: items.find((i) => i.value === !!s.readOnly) };
    },
    (s, item) => (s.readOnly = item.value),
    skip,
  );
}

/** Splits a form into the public record fields and the secrets (undefined = keep stored). */
export function splitForm(f: ConnectionForm): { record: Omit<ConnectionRecord, 'id'>; secrets?: ConnectionSecrets } {
  const record: Omit<ConnectionRecord, 'id'> = {
    name: f.name,
    service: f.service === 's3' ? 's3' : undefined,
    region: f.region,
    endpoint: f.endpoint,
    pathStyle: f.service === 's3' && f.pathStyle ? true : undefined,
    authType: f.authType,
    accessKeyId: f.accessKeyId,
    stsExpiration: f.authType === 'sts' ? f.stsExpiration : undefined,
    roleArn: f.authType === 'assumeRole' ? f.roleArn : undefined,
    roleSessionName: f.authType === 'assumeRole' ? f.roleSessionName : undefined,
    durationSeconds: f.authType === 'assumeRole' ? f.durationSeconds : undefined,
    // S3 asks for it; an OSS record keeps whatever it holds (e.g. from an imported list).
    ...(f.service === 's3' ? { stsEndpoint: f.authType === 'assumeRole' ? f.stsEndpoint : undefined } : {}),
    customDomain: f.customDomain,
    pinnedBucket: f.pinnedBucket,
    pinnedPrefix: f.pinnedPrefix,
    requestsViaCustomDomain: f.requestsViaCustomDomain && f.customDomain && f.pinnedBucket ? true : undefined,
    readOnly: f.readOnly ? true : undefined,
  };
  const secrets = f.accessKeySecret
    ? { accessKeySecret: f.accessKeySecret, securityToken: f.authType === 'sts' ? f.securityToken : undefined }
    : undefined;
  return { record, secrets };
}
