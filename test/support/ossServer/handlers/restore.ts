/**
 * RestoreObject (POST ?restore) of the local OSS server, and the restore state it gives Archive,
 * ColdArchive and DeepColdArchive objects: unreadable (403 InvalidObjectState) until restored, then
 * readable until the restore expires. The restore takes `s.restoreDelayMs` of server time.
 */
import type * as http from 'node:http';
import { receiveSmallBody } from '../body';
import { getBucket, malformedXml, xmlParser, type Handler, type ServerContext } from '../context';
import { OssError } from '../errors';
import { isArchiveClass } from '../props';
import { sendEmpty } from '../respond';
import type { ObjectRecord } from '../store';
import { readTarget, versionHeader } from '../versionStore';

const DAY_MS = 86_400_000;
const TIERS = ['Expedited', 'Standard', 'Bulk'];

type RestoreState = 'frozen' | 'restoring' | 'restored';

export function restoreState(s: ServerContext, o: ObjectRecord): RestoreState {
  const r = o.restore;
  const now = s.now().getTime();
  if (!r || now >= r.expiresAt) {
    return 'frozen';
  }
  return now < r.readyAt ? 'restoring' : 'restored';
}

/** x-oss-restore on HEAD/GET of an object with a restore request. */
export function restoreHeader(s: ServerContext, res: http.ServerResponse, o: ObjectRecord): void {
  const state = restoreState(s, o);
  if (state === 'restoring') {
    res.setHeader('x-oss-restore', 'ongoing-request="true"');
  } else if (state === 'restored') {
    res.setHeader('x-oss-restore', `ongoing-request="false", expiry-date="${new Date((o.restore as { expiresAt: number }).expiresAt).toUTCString()}"`);
  }
}

/** GET (and copy source) of an Archive-type object that is not restored: 403 InvalidObjectState. */
export function checkReadable(s: ServerContext, o: ObjectRecord): void {
  if (isArchiveClass(o.storageClass) && restoreState(s, o) !== 'restored') {
    throw new OssError(403, 'InvalidObjectState', 'The operation is not valid for the object\'s state');
  }
}

function parseRestoreRequest(body: Buffer, storageClass: string): { days: number } {
  let days = 1;
  if (body.length > 0) {
    let doc: { RestoreRequest?: { Days?: unknown; JobParameters?: { Tier?: unknown } } };
    try {
      doc = xmlParser.parse(body.toString('utf8')) as typeof doc;
    } catch {
      throw malformedXml();
    }
    const rr = doc.RestoreRequest;
    if (!rr || typeof rr !== 'object') {
      throw malformedXml();
    }
    if (rr.Days !== undefined) {
      const d = String(rr.Days).trim();
      if (!/^\d+$/.test(d)) {
        throw malformedXml();
      }
      days = Number(d);
    }
    const tier = rr.JobParameters?.Tier;
    if (tier !== undefined && !TIERS.includes(String(tier).trim())) {
      throw malformedXml();
    }
    if (tier !== undefined && storageClass === 'Archive') {
      throw new OssError(400, 'InvalidArgument', 'JobParameters is only valid for ColdArchive and DeepColdArchive objects.', {
        ArgumentName: 'JobParameters', ArgumentValue: String(tier),
      });
    }
  }
  const max = storageClass === 'Archive' ? 7 : 365;
  if (days < 1 || days > max) {
    throw new OssError(400, 'InvalidArgument', `Days must be between 1 and ${max} for ${storageClass} objects.`, {
      ArgumentName: 'Days', ArgumentValue: String(days),
    });
  }
  return { days };
}

const restoreObject: Handler = async (s, req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const body = await receiveSmallBody(s, req, 64 * 1024);
  const o = readTarget(b, t.key as string, t.q.get('versionId'), res);
  if (!isArchiveClass(o.storageClass)) {
    throw new OssError(400, 'OperationNotSupported', 'The operation is not supported for this resource.');
  }
  const { days } = parseRestoreRequest(body, o.storageClass);
  versionHeader(res, b, o);
  const state = restoreState(s, o);
  const now = s.now().getTime();
  if (state === 'restoring') {
    throw new OssError(409, 'RestoreAlreadyInProgress', 'The restore operation is in progress.', {}, '0016-00000701');
  }
  if (state === 'restored') {
    // A restored object: the restore is extended; 200 instead of 202.
    (o.restore as { expiresAt: number }).expiresAt = now + days * DAY_MS;
    sendEmpty(res, 200);
    return;
  }
  const readyAt = now + s.restoreDelayMs;
  o.restore = { readyAt, expiresAt: readyAt + days * DAY_MS };
  sendEmpty(res, 202);
};

export const restoreHandlers: Record<string, Handler> = {
  RestoreObject: restoreObject,
};
