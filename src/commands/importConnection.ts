import * as vscode from 'vscode';
import { type AliyunProfile, readAliyunConfig, readEnvCredentials, defaultAliyunConfigPath } from '../core/credentials';
import { type ConnectionRecord, OSS_REGIONS, REGION_RE } from '../connections/model';
import { maskId } from '../ui/format';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';
import { importFromAccessCode } from './importAccessCode';

/** A connection found in the environment or an aliyun CLI profile, with its secrets. */
type Candidate = Pick<ConnectionRecord, 'name' | 'authType' | 'accessKeyId' | 'roleArn' | 'roleSessionName' | 'durationSeconds'> & {
  accessKeySecret: string;
  securityToken?: string;
  region?: string;
};

function fromProfile(p: AliyunProfile): Candidate {
  return {
    name: p.name,
    authType: p.mode === 'AK' ? 'accessKey' : p.mode === 'StsToken' ? 'sts' : 'assumeRole',
    accessKeyId: p.accessKeyId,
    accessKeySecret: p.accessKeySecret,
    securityToken: p.securityToken,
    roleArn: p.roleArn,
    roleSessionName: p.roleSessionName,
    durationSeconds: p.durationSeconds,
    region: p.region,
  };
}

/**
 * OSS: Import Connection — from OSS_ / ALIBABA_CLOUD_ environment variables, an aliyun CLI
 * profile (~/.aliyun/config.json) or an access code (Share Access…). The secrets are copied into
 * SecretStorage.
 */
export async function importConnection(deps: Deps): Promise<ConnectionRecord | undefined> {
  const title = vscode.l10n.t('Import OSS Connection');
  const p = deps.prompter();
  const env = readEnvCredentials(process.env);
  const config = await readAliyunConfig().catch((err: unknown) => {
    deps.log.warn(`aliyun CLI config: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  });
  type Choice = { label: string; description?: string; detail?: string; candidate?: Candidate };
  const items: Choice[] = [];
  if (env) {
    items.push({
      label: `$(terminal) ${vscode.l10n.t('Environment variables')}`,
      description: `${env.source} · ${maskId(env.accessKeyId)}${env.securityToken ? ' · STS' : ''}`,
      candidate: {
        name: 'Environment',
        authType: env.securityToken ? 'sts' : 'accessKey',
        accessKeyId: env.accessKeyId,
        accessKeySecret: env.accessKeySecret,
        securityToken: env.securityToken,
        region: (process.env.OSS_REGION ?? process.env.ALIBABA_CLOUD_REGION_ID)?.replace(/^oss-/, ''),
      },
    });
  }
  for (const prof of config?.profiles ?? []) {
    items.push({
      label: `$(account) ${prof.name}`,
      description: `aliyun CLI · ${prof.mode} · ${maskId(prof.accessKeyId)}${prof.region ? ` · ${prof.region}` : ''}`,
      detail: config?.current === prof.name ? vscode.l10n.t('current profile') : undefined,
      candidate: fromProfile(prof),
    });
  }
  const found = items.length;
  items.push({
    label: `$(key) ${vscode.l10n.t('From Access Code…')}`,
    description: vscode.l10n.t('a code made with Share Access'),
    detail:
      found === 0
        ? vscode.l10n.t(
            'No credentials found in OSS_ACCESS_KEY_ID/OSS_ACCESS_KEY_SECRET, ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET or {0}{1}.',
            defaultAliyunConfigPath(),
            config?.skipped.length ? vscode.l10n.t(' ({0} aliyun profile(s) could not be used)', config.skipped.length) : '',
          )
        : undefined,
  });
  const picked = await p.showQuickPick({ title, placeholder: vscode.l10n.t('Import from…'), items });
  if (!picked || picked === BACK) return undefined;
  if (!picked.candidate) return importFromAccessCode(deps, title);
  const c = picked.candidate;
  const taken = new Set(deps.store.list().map((x) => x.name.toLowerCase()));
  let defaultName = c.name;
  for (let i = 2; taken.has(defaultName.toLowerCase()); i++) defaultName = `${c.name} (${i})`;
  const name = await p.showInputBox({
    title,
    prompt: vscode.l10n.t('Connection name'),
    value: defaultName,
    validate: (v) => (!v.trim() ? vscode.l10n.t('Enter a name') : taken.has(v.trim().toLowerCase()) ? vscode.l10n.t('A connection with this name exists') : undefined),
  });
  if (name === undefined || name === BACK) return undefined;
  let region = c.region && REGION_RE.test(c.region) ? c.region : undefined;
  if (!region) {
    const r = await p.showQuickPick({
      title,
      placeholder: vscode.l10n.t('Region'),
      items: OSS_REGIONS.map((x) => ({ label: x, description: `oss-${x}.aliyuncs.com` })),
    });
    if (!r || r === BACK) return undefined;
    region = r.label;
  }
  const record = await deps.store.add(
    {
      name: name.trim(),
      region,
      authType: c.authType,
      accessKeyId: c.accessKeyId,
      roleArn: c.roleArn,
      roleSessionName: c.authType === 'assumeRole' ? (c.roleSessionName ?? 'oss-explorer') : undefined,
      durationSeconds: c.authType === 'assumeRole' ? c.durationSeconds : undefined,
    },
    { accessKeySecret: c.accessKeySecret, securityToken: c.securityToken },
  );
  deps.log.info(`Connection imported: ${record.name} (${record.authType}, ${record.region})`);
  void p.showInformationMessage(vscode.l10n.t('Connection "{0}" imported.', record.name), {});
  return record;
}
