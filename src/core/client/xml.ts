/** XML parsing (fast-xml-parser) and escaping for OSS request/response bodies. */
import { XMLParser } from 'fast-xml-parser';
import { assertPlainXml, decodeEntities } from '../xmlScan';
import { MAX_XML_BYTES } from '../http/limits';

/** Elements that may repeat and must always be arrays. */
const ARRAY_ELEMENTS = new Set(['Bucket', 'Contents', 'CommonPrefixes', 'Part', 'Upload', 'Deleted', 'Error', 'Object']);

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false, // keys like "0123" and "true" stay strings
  parseAttributeValue: false,
  trimValues: false, // keys may start/end with spaces
  // The parser's own entity handling would expand DOCTYPE entities and HTML names (&nbsp;): off.
  // Text is decoded here instead: the five predefined entities and numeric references, once.
  processEntities: false,
  htmlEntities: false,
  tagValueProcessor: (_name: string, value: string) => decodeEntities(value),
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  isArray: (name: string, _jpath: unknown, isLeafNode: boolean) => !isLeafNode && ARRAY_ELEMENTS.has(name),
});

export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

/**
 * Parses an XML document; throws on garbage, on a document over `maxBytes`, and on any DOCTYPE or
 * entity declaration (see assertPlainXml).
 */
export function parseXml(text: string, maxBytes = MAX_XML_BYTES): XmlNode {
  assertPlainXml(text, maxBytes);
  const out = parser.parse(text.includes('<![CDATA[') ? cdataAsText(text) : text) as unknown;
  if (!out || typeof out !== 'object') throw new Error('Malformed XML response');
  return out as XmlNode;
}

/**
 * Rewrites CDATA sections as escaped text, so that every piece of text goes through the one
 * entity decoder and CDATA content comes out verbatim (assertPlainXml has checked they are closed).
 */
function cdataAsText(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>/g, (m, body: string | undefined) =>
    body === undefined ? m : body.replace(/&/g, '&amp;').replace(/</g, '&lt;'),
  );
}

/** Child element; undefined if absent. An empty element (`<A/>`) reads as ''. */
export function child(node: XmlValue | undefined, name: string): XmlValue | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  return node[name];
}

/** Text of a leaf child ('' for `<A/>` or `<A></A>`), undefined if absent. */
export function text(node: XmlValue | undefined, name: string): string | undefined {
  const v = child(node, name);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  // An element with no text but attributes/children → fast-xml-parser gives {} or nested; treat as ''.
  return Object.keys(v).length === 0 ? '' : undefined;
}

/** Repeated child elements as an array of nodes (empty if none). */
export function list(node: XmlValue | undefined, name: string): XmlNode[] {
  const v = child(node, name);
  if (v === undefined || v === '') return [];
  const arr = Array.isArray(v) ? v : [v];
  return arr.map((x) => (typeof x === 'object' && !Array.isArray(x) ? x : ({ '#text': x })));
}

/** Characters that XML 1.0 cannot carry at all (not even as character references). */
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isXmlSafe(s: string): boolean {
  return !XML_ILLEGAL.test(s);
}

/** Escapes text for element content. \r, \n and \t become character references so they survive parsing. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"'\r\n\t]/g, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      case "'": return '&apos;';
      case '\r': return '&#13;';
      case '\n': return '&#10;';
      default: return '&#9;';
    }
  });
}

/**
 * Go's url.QueryUnescape: '+' → space, then %XX (as UTF-8 bytes). Malformed escapes are kept
 * verbatim instead of throwing (the server should never send them).
 */
export function queryUnescape(s: string): string {
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    // Byte-wise fallback for sequences that are not valid UTF-8.
    const bytes: number[] = [];
    for (let i = 0; i < plus.length; i++) {
      const c = plus.charCodeAt(i);
      if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(plus.slice(i + 1, i + 3))) {
        bytes.push(parseInt(plus.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        for (const b of Buffer.from(plus[i], 'utf8')) bytes.push(b);
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
}
