import * as vscode from 'vscode';
import { assumeRole, MAX_DURATION_SECONDS, MIN_DURATION_SECONDS } from '../core/credentials';
import { type AccessCodeAccess, buildSharePolicy, encodeAccessCode, isIpOrCidr, policyProblem, type ShareAccess } from '../core/share';
import { localText } from '../ui/errors';
import { type ConnectionRecord, effectiveEndpoint, ROLE_ARN_RE } from '../connections/model';
import { formatDuration } from '../ui/format';
import { inputStep, pickStep, runWizard } from '../ui/multiStep';
import type { Deps } from './deps';
import { guardShare, showShareResult, type MintedShare } from './shareResult';
import { requireCapability, resolveContainer } from './targets';

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

interface ShareState {
  access: ShareAccess;
  actions: string[];
  scope: 'prefix' | 'object';
  key: string;
  duration: number | 'custom';
  seconds: number;
  sourceIp: string[];
  policy: string;
  roleArn: string;
}

const ROLE_STATE_KEY = 'ossExplorer.shareRoleArns';
const SESSION_NAME = 'oss-explorer-share';
const ACTION_RE = /^oss:[A-Za-z*?]+$/;

export const SHARE_DURATIONS: readonly { seconds: number; label: () => string }[] = [
  { seconds: 900, label: () => vscode.l10n.t('15 min') },
  { seconds: 3600, label: () => vscode.l10n.t('1 h') },
  { seconds: 6 * 3600, label: () => vscode.l10n.t('6 h') },
  { seconds: 12 * 3600, label: () => vscode.l10n.t('12 h (the most a role allows)') },
];

function splitList(v: string): string[] {
  return v
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The access recorded in the code: custom actions count as the nearest fixed access. */
function codeAccess(s: ShareState): AccessCodeAccess {
  if (s.access !== 'custom') return s.access;
  const lower = s.actions.map((a) => a.toLowerCase());
  const reads = lower.some((a) => a === 'oss:*' || a.startsWith('oss:get') || a.startsWith('oss:list'));
  const writes = lower.some((a) => a === 'oss:*' || a.startsWith('oss:put') || a.startsWith('oss:delete'));
  return writes ? (reads ? 'read-write' : 'upload') : 'read';
}

function rememberedRoles(deps: Deps): Record<string, string> {
  const v = deps.context.globalState.get<Record<string, string>>(ROLE_STATE_KEY);
  return v && typeof v === 'object' ? { ...v } : {};
}

/** The role the connection mints with: its own RoleArn, or one given earlier for it. */
function knownRole(deps: Deps, c: ConnectionRecord): string | undefined {
  return c.authType === 'assumeRole' ? c.roleArn : rememberedRoles(deps)[c.id];
}

/**
 * OSS: Share Access… — mints a scoped STS credential for a bucket or folder (AssumeRole with a
 * least-privilege policy the user can review and edit) and offers it as an access code,
 * environment lines, an ossutil config or an ali-oss snippet.
 */
export async function shareAccess(deps: Deps, arg?: unknown): Promise<MintedShare | undefined> {
  const title = vscode.l10n.t('Share Access');
  const target = await resolveContainer(deps, arg, title);
  if (!target) return undefined;
  requireCapability(deps, target.connectionId, 'shareAccess', title);
  const connection = deps.store.get(target.connectionId);
  if (!connection) throw new Error(vscode.l10n.t('The connection no longer exists.'));
  if (connection.authType === 'sts') {
    throw new Error(
      vscode.l10n.t('Connection "{0}" holds a temporary STS credential, which cannot mint new ones. Share from an AccessKey or AssumeRole connection.', connection.name),
    );
  }
  const p = deps.prompter;
  const where = `oss://${target.bucket}/${target.prefix}`;
  const state = await runWizard<ShareState>(
    title,
    { access: 'read', actions: [], scope: 'prefix', key: target.prefix, duration: 3600, seconds: 3600, sourceIp: [], policy: '', roleArn: knownRole(deps, connection) ?? '' },
    [
      pickStep<ShareState, Item<ShareAccess>>(
        p,
        () => ({
          placeholder: vscode.l10n.t('What may the recipient do in {0}?', where),
          items: [
            { label: `$(eye) ${vscode.l10n.t('Read only')}`, description: vscode.l10n.t('list and download'), value: 'read' },
            { label: `$(edit) ${vscode.l10n.t('Read and write')}`, description: vscode.l10n.t('list, download, upload and delete'), value: 'read-write' },
            { label: `$(cloud-upload) ${vscode.l10n.t('Upload only')}`, description: vscode.l10n.t('no download, no listing'), value: 'upload' },
            { label: `$(settings) ${vscode.l10n.t('Custom actions…')}`, description: vscode.l10n.t('name the RAM actions'), value: 'custom' },
          ],
        }),
        (s, i) => (s.access = i.value),
      ),
      inputStep(
        p,
        (s) => ({
          prompt: vscode.l10n.t('RAM actions, separated by commas (e.g. oss:GetObject, oss:ListObjects)'),
          value: s.actions.join(', '),
          validate: (v) => {
            const list = splitList(v);
            if (list.length === 0) return vscode.l10n.t('Enter at least one action');
            const bad = list.find((a) => !ACTION_RE.test(a));
            return bad ? vscode.l10n.t('"{0}" is not an OSS action (oss:Name)', bad) : undefined;
          },
        }),
        (s, v) => (s.actions = splitList(v)),
        (s) => s.access !== 'custom',
      ),
      pickStep<ShareState, Item<'prefix' | 'object'>>(
        p,
        () => ({
          placeholder: vscode.l10n.t('Which objects?'),
          items: [
            { label: `$(folder) ${vscode.l10n.t('This folder and below')}`, description: where, value: 'prefix' },
            { label: `$(file) ${vscode.l10n.t('One object…')}`, description: vscode.l10n.t('name it next'), value: 'object' },
          ],
        }),
        (s, i) => (s.scope = i.value),
      ),
      inputStep(
        p,
        (s) => ({
          prompt: vscode.l10n.t('Key of the object in {0}', target.bucket),
          value: s.key,
          validate: (v) => (!v || v.endsWith('/') ? vscode.l10n.t('Enter an object key (not a folder)') : undefined),
        }),
        (s, v) => (s.key = v),
        (s) => s.scope !== 'object',
      ),
      pickStep<ShareState, Item<number | 'custom'>>(
        p,
        (s) => {
          const items: Item<number | 'custom'>[] = SHARE_DURATIONS.map((d) => ({ label: `$(clock) ${d.label()}`, value: d.seconds }));
          items.push({ label: `$(edit) ${vscode.l10n.t('Custom…')}`, description: vscode.l10n.t('minutes, 15–720'), value: 'custom' });
          return { placeholder: vscode.l10n.t('How long should the access work?'), items, activeItem: items.find((i) => i.value === s.duration) };
        },
        (s, i) => {
          s.duration = i.value;
          if (i.value !== 'custom') s.seconds = i.value;
        },
      ),
      inputStep(
        p,
        (s) => ({
          prompt: vscode.l10n.t('Lifetime in minutes ({0}–{1}; the role may allow less)', MIN_DURATION_SECONDS / 60, MAX_DURATION_SECONDS / 60),
          value: String(s.seconds / 60),
          validate: (v) => {
            const n = Number(v.trim());
            return Number.isInteger(n) && n * 60 >= MIN_DURATION_SECONDS && n * 60 <= MAX_DURATION_SECONDS
              ? undefined
              : vscode.l10n.t('Enter a whole number of minutes from {0} to {1}', MIN_DURATION_SECONDS / 60, MAX_DURATION_SECONDS / 60);
          },
        }),
        (s, v) => (s.seconds = Number(v.trim()) * 60),
        (s) => s.duration !== 'custom',
      ),
      inputStep(
        p,
        (s) => ({
          prompt: vscode.l10n.t('Only from these IP addresses or CIDR blocks (optional, separated by commas)'),
          placeholder: '203.0.113.0/24, 198.51.100.7',
          value: s.sourceIp.join(', '),
          validate: (v) => {
            const bad = splitList(v).find((x) => !isIpOrCidr(x));
            return bad ? vscode.l10n.t('"{0}" is not an IP address or CIDR block', bad) : undefined;
          },
        }),
        (s, v) => {
          s.sourceIp = splitList(v);
          s.policy = buildSharePolicy({
            bucket: target.bucket,
            prefix: s.scope === 'object' ? s.key : target.prefix,
            access: s.access,
            scope: s.scope,
            actions: s.access === 'custom' ? s.actions : undefined,
            sourceIp: s.sourceIp.length ? s.sourceIp : undefined,
          });
        },
      ),
      inputStep(
        p,
        (s) => ({
          prompt: vscode.l10n.t('The RAM policy the credential gets (JSON). Edit it if you like, then press Enter.'),
          value: s.policy,
          validate: (v) => { const problem = policyProblem(v); return problem && localText(problem); },
        }),
        (s, v) => (s.policy = v),
      ),
      inputStep(
        p,
        (s) => ({
          prompt: vscode.l10n.t('A long-term AccessKey cannot mint scoped credentials by itself: enter the ARN of a RAM role it may assume'),
          placeholder: 'acs:ram::123456789012****:role/oss-share',
          value: s.roleArn,
          validate: (v) => (ROLE_ARN_RE.test(v.trim()) ? undefined : vscode.l10n.t('Enter a role ARN: acs:ram::<account id>:role/<name>')),
        }),
        (s, v) => (s.roleArn = v.trim()),
        () => knownRole(deps, connection) !== undefined,
      ),
    ],
  );
  if (!state) return undefined;
  const minted = await mint(deps, connection, target.bucket, state.scope === 'object' ? state.key : target.prefix, state);
  showShareResult(deps, minted);
  return minted;
}

async function mint(deps: Deps, connection: ConnectionRecord, bucket: string, prefix: string, s: ShareState): Promise<MintedShare> {
  const secrets = await deps.store.getSecrets(connection.id);
  if (!secrets) throw new Error(vscode.l10n.t('No stored credentials for connection "{0}". Use "Update Credentials".', connection.name));
  const result = await deps.prompter().withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Minting a temporary credential…') },
    () =>
      assumeRole({
        endpoint: connection.stsEndpoint,
        accessKeyId: connection.accessKeyId,
        accessKeySecret: secrets.accessKeySecret,
        roleArn: s.roleArn,
        roleSessionName: SESSION_NAME,
        durationSeconds: s.seconds,
        policy: s.policy,
      }),
  );
  if (connection.authType !== 'assumeRole') {
    await deps.context.globalState.update(ROLE_STATE_KEY, { ...rememberedRoles(deps), [connection.id]: s.roleArn });
  }
  const c = result.credentials;
  const expiration = (c.expiration ?? new Date(Date.now() + s.seconds * 1000)).toISOString();
  const info = {
    endpoint: effectiveEndpoint(connection),
    region: connection.region,
    bucket,
    prefix,
    access: codeAccess(s),
    accessKeyId: c.accessKeyId,
    accessKeySecret: c.accessKeySecret,
    securityToken: c.securityToken ?? '',
    expiration,
  };
  const code = encodeAccessCode(info);
  deps.log.info(`Shared access minted: ${info.access} on oss://${bucket}/${prefix} until ${expiration} (${formatDuration(s.seconds)}, role ${s.roleArn})`);
  return guardShare({ info, code, policy: s.policy, roleArn: s.roleArn });
}
