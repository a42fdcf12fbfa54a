/**
 * A fast, allocation-light scanner for the one XML document that is on the hot path: a
 * ListObjectsV2 page (up to 1000 <Contents> entries). General XML goes through fast-xml-parser;
 * this only finds the flat, namespace-free elements OSS emits, and decodes XML entities.
 *
 * Measured on a 2-core box, 1000-key page: this scanner 0.5 ms, fast-xml-parser 4.5 9.8 ms,
 * fast-xml-parser 5.12 12.6 ms, xml2js 11.2 ms. A differential test keeps it equal to
 * fast-xml-parser's reading of the same documents.
 *
 * Also home of the rules every XML reader here shares ({@link assertPlainXml}, {@link decodeXmlText}):
 * no DTDs, no entity declarations, only the five predefined entities and numeric references, and a
 * size cap. OSS never sends a DOCTYPE; a document that carries one is hostile or not from OSS.
 */
import { MAX_XML_BYTES, assertTextWithin } from './http/limits';

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function codePoint(digits: string, radix: number): string {
  const n = parseInt(digits, radix);
  if (!(n <= 0x10ffff)) throw new Error('Malformed XML: invalid character reference');
  return String.fromCodePoint(n);
}

/** Decodes the five predefined XML entities and numeric character references (one pass, never twice). */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex !== undefined) return codePoint(hex, 16);
    if (dec !== undefined) return codePoint(dec, 10);
    return NAMED[name as string];
  });
}

/** Decodes the five predefined XML entities and numeric character references; strips CDATA. */
export function decodeXmlText(s: string): string {
  if (s.startsWith('<![CDATA[') && s.endsWith(']]>')) return s.slice(9, -3);
  return decodeEntities(s);
}

/**
 * Throws unless `xml` is at most `maxBytes` UTF-8 bytes and has no markup declaration: every `<!`
 * must open a comment or a CDATA section, so DOCTYPE (and with it internal or external entities),
 * ENTITY, ELEMENT, ATTLIST and NOTATION are all refused before any parser sees them.
 */
export function assertPlainXml(xml: string, maxBytes = MAX_XML_BYTES): void {
  assertTextWithin(xml, maxBytes, 'The XML document');
  let i = xml.indexOf('<!');
  while (i >= 0) {
    let end: number;
    if (xml.startsWith('<!--', i)) end = closeOf(xml, '-->', i + 4);
    else if (xml.startsWith('<![CDATA[', i)) end = closeOf(xml, ']]>', i + 9);
    else {
      const word = /^<!([A-Za-z]*)/.exec(xml.slice(i, i + 12))?.[1] ?? '';
      const upper = word.toUpperCase();
      const kind = upper === 'DOCTYPE' ? 'a DOCTYPE' : upper === 'ENTITY' ? 'an ENTITY declaration' : `a markup declaration (<!${word})`;
      throw new Error(`Refused XML: the document contains ${kind}; DTDs and entity declarations are not accepted`);
    }
    i = xml.indexOf('<!', end);
  }
}

function closeOf(xml: string, close: string, from: number): number {
  const j = xml.indexOf(close, from);
  if (j < 0) throw new Error(`Malformed XML: ${close === '-->' ? 'comment' : 'CDATA section'} is not closed`);
  return j + close.length;
}

/**
 * Text of the first `<name>…</name>` between `from` and `to`, or undefined. `<name/>` yields ''.
 * Element names must not contain regex or XML specials (they are OSS's fixed names).
 */
export function scanElement(s: string, name: string, from = 0, to = s.length): string | undefined {
  const open = '<' + name;
  let i = from;
  for (;;) {
    i = s.indexOf(open, i);
    if (i < 0 || i >= to) return undefined;
    const next = s.charCodeAt(i + open.length);
    if (next === 0x3e /* > */) break;
    if (next === 0x2f /* / */ && s.charCodeAt(i + open.length + 1) === 0x3e) return '';
    i += open.length; // a longer name that starts the same (<Key> vs <KeyCount>)
  }
  const start = i + open.length + 1;
  const j = s.indexOf('</' + name + '>', start);
  if (j < 0 || j > to) throw new Error(`Malformed XML: <${name}> is not closed`);
  return decodeXmlText(s.slice(start, j));
}

/** Each `<name>…</name>` block's [start, end) bounds (content only), in document order. */
export function scanBlocks(s: string, name: string, from = 0, to = s.length): Array<[number, number]> {
  const open = '<' + name + '>';
  const close = '</' + name + '>';
  const out: Array<[number, number]> = [];
  let i = from;
  for (;;) {
    const a = s.indexOf(open, i);
    if (a < 0 || a >= to) break;
    const b = s.indexOf(close, a + open.length);
    if (b < 0 || b > to) throw new Error(`Malformed XML: <${name}> is not closed`);
    out.push([a + open.length, b]);
    i = b + close.length;
  }
  return out;
}

export interface ScannedContents {
  Key: string;
  LastModified?: string;
  ETag?: string;
  Size?: string;
  StorageClass?: string;
  Type?: string;
}

export interface ScannedListV2 {
  Name?: string;
  Prefix?: string;
  Delimiter?: string;
  EncodingType?: string;
  IsTruncated?: string;
  NextContinuationToken?: string;
  KeyCount?: string;
  Contents: ScannedContents[];
  CommonPrefixes: string[];
}

/** Reads a ListObjectsV2 response body. Values are raw text (still URL-encoded if EncodingType=url). */
export function scanListObjectsV2(xml: string): ScannedListV2 {
  assertPlainXml(xml);
  const root = xml.indexOf('<ListBucketResult');
  if (root < 0) throw new Error('Malformed XML: not a ListBucketResult');
  const contents = scanBlocks(xml, 'Contents', root);
  const prefixes = scanBlocks(xml, 'CommonPrefixes', root);
  // Top-level fields live outside the <Contents>/<CommonPrefixes> blocks: search the head
  // (before the first block) and the tail (after the last one).
  const firstBlock = Math.min(contents[0]?.[0] ?? xml.length, prefixes[0]?.[0] ?? xml.length);
  const lastBlock = Math.max(contents[contents.length - 1]?.[1] ?? root, prefixes[prefixes.length - 1]?.[1] ?? root);
  const top = (name: string): string | undefined =>
    scanElement(xml, name, root, firstBlock) ?? scanElement(xml, name, lastBlock);
  return {
    Name: top('Name'),
    Prefix: top('Prefix'),
    Delimiter: top('Delimiter'),
    EncodingType: top('EncodingType'),
    IsTruncated: top('IsTruncated'),
    NextContinuationToken: top('NextContinuationToken'),
    KeyCount: top('KeyCount'),
    // Each block is searched on its own: an element a block lacks (S3 sends no <Type>) would
    // otherwise make indexOf run on to the end of the document, once per key.
    Contents: contents.map(([a, b]) => {
      const block = xml.slice(a, b);
      return {
        Key: scanElement(block, 'Key') ?? '',
        LastModified: scanElement(block, 'LastModified'),
        ETag: scanElement(block, 'ETag'),
        Size: scanElement(block, 'Size'),
        StorageClass: scanElement(block, 'StorageClass'),
        Type: scanElement(block, 'Type'),
      };
    }),
    CommonPrefixes: prefixes.map(([a, b]) => scanElement(xml.slice(a, b), 'Prefix') ?? ''),
  };
}
