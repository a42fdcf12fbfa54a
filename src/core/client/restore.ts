/** RestoreObject: makes an Archive / ColdArchive / DeepColdArchive object readable for some days. */
import type { VersionOptions } from './options';
import { OssClientError } from './errors';
import { md5Base64, type Requester } from './common';
import { versionQuery } from './object';
import { t } from '../translate';

export interface RestoreObjectOptions extends VersionOptions {
  /** How long the restored copy stays readable: Archive 1–7, ColdArchive / DeepColdArchive 1–365 (default 1). */
  days?: number;
  /** ColdArchive / DeepColdArchive only: Expedited, Standard or Bulk. */
  tier?: 'Expedited' | 'Standard' | 'Bulk';
}

/** 'started' (202: restoring now), or 'extended' (200: it was restored already and its expiry moved). 409 RestoreAlreadyInProgress while one runs. */
export async function restoreObject(c: Requester, bucket: string, key: string, opts: RestoreObjectOptions = {}): Promise<'started' | 'extended'> {
  const days = opts.days ?? 1;
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new OssClientError('InvalidArgument', t('Restore days must be a whole number from 1 to 365 (Archive: up to 7), not {0}', days));
  }
  if (opts.tier !== undefined && !['Expedited', 'Standard', 'Bulk'].includes(opts.tier)) {
    throw new OssClientError('InvalidArgument', t('Unknown restore tier {0}: use Expedited, Standard or Bulk', JSON.stringify(opts.tier)));
  }
  const job = opts.tier ? `<JobParameters><Tier>${opts.tier}</Tier></JobParameters>` : '';
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><RestoreRequest><Days>${days}</Days>${job}</RestoreRequest>`, 'utf8');
  const res = await c.request({
    op: 'RestoreObject', method: 'POST', bucket, key, query: versionQuery(opts.versionId, { restore: '' }),
    headers: { 'content-type': 'application/xml', 'content-md5': md5Base64(body) }, body, signal: opts.signal, response: 'none',
  });
  return res.status === 202 ? 'started' : 'extended';
}
