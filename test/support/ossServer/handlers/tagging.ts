/** Object tagging of the local OSS server: Put/Get/DeleteObjectTagging (per version), with OSS's tag limits. */
import { receiveSmallBody } from '../body';
import { getBucket, malformedXml, type Handler } from '../context';
import { el } from '../errors';
import { checkTags } from '../props';
import { sendEmpty, sendXml } from '../respond';
import { readTarget, versionHeader } from '../versionStore';
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: true, parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: false,
  isArray: (name) => name === 'Tag',
});

function parseTagging(body: Buffer): [string, string][] {
  let doc: { Tagging?: { TagSet?: { Tag?: { Key?: unknown; Value?: unknown }[] } | '' } };
  try {
    doc = parser.parse(body.toString('utf8')) as typeof doc;
  } catch {
    throw malformedXml();
  }
  const tagging = doc.Tagging;
  if (tagging === undefined || tagging === null || typeof tagging !== 'object' || !('TagSet' in tagging)) {
    throw malformedXml();
  }
  const set = tagging.TagSet;
  const list = set && typeof set === 'object' ? (set.Tag ?? []) : [];
  return list.map((tag) => {
    if (!tag || typeof tag !== 'object' || tag.Key === undefined) {
      throw malformedXml();
    }
    const str = (v: unknown): string => (v === undefined || v === '' ? '' : typeof v === 'string' ? v : String(v));
    return [str(tag.Key), str(tag.Value)] as [string, string];
  });
}

export const taggingHandlers: Record<string, Handler> = {
  PutObjectTagging: async (s, req, res, t) => {
    const b = getBucket(s, t.bucket as string);
    const body = await receiveSmallBody(s, req, 64 * 1024);
    const tags = checkTags(parseTagging(body));
    const o = readTarget(b, t.key as string, t.q.get('versionId'), res);
    o.tags = tags;
    versionHeader(res, b, o);
    sendEmpty(res);
  },
  GetObjectTagging: (s, _req, res, t) => {
    const b = getBucket(s, t.bucket as string);
    const o = readTarget(b, t.key as string, t.q.get('versionId'), res);
    versionHeader(res, b, o);
    const tags = (o.tags ?? []).map(([k, v]) => '<Tag>' + el('Key', k) + el('Value', v) + '</Tag>').join('');
    sendXml(res, `<Tagging><TagSet>${tags}</TagSet></Tagging>`);
  },
  DeleteObjectTagging: (s, _req, res, t) => {
    const b = getBucket(s, t.bucket as string);
    const o = readTarget(b, t.key as string, t.q.get('versionId'), res);
    delete o.tags;
    versionHeader(res, b, o);
    sendEmpty(res, 204);
  },
};
