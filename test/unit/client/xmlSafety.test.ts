import * as assert from 'node:assert/strict';
import { parseXml, text, list } from '../../../src/core/client/xml';
import { parseListObjectsV2 } from '../../../src/core/client/list';
import { parseError } from '../../../src/core/client/errorResponse';
import { decodeXmlText, scanListObjectsV2 } from '../../../src/core/xmlScan';
import { MAX_XML_BYTES } from '../../../src/core/http/limits';

/** A DOCTYPE that defines one 1000-character entity, referenced 1000 times (1 MB once expanded). */
function expandingError(): string {
  const big = 'A'.repeat(1000);
  return `<?xml version="1.0"?><!DOCTYPE Error [<!ENTITY big "${big}">]><Error><Code>X</Code><Message>${'&big;'.repeat(1000)}</Message></Error>`;
}

function manyDeclarations(n: number): string {
  let decl = '';
  for (let i = 0; i < n; i++) decl += `<!ENTITY e${i} "v${i}">`;
  return `<!DOCTYPE Error [${decl}]><Error><Code>&e0;</Code></Error>`;
}

const LIST_HEAD = '<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated>';

describe('XML safety: no DTDs, no entity expansion, bounded size', () => {
  it('parseXml refuses a DOCTYPE with entity declarations instead of expanding them', () => {
    assert.throws(() => parseXml(expandingError()), /DOCTYPE/);
    assert.throws(() => parseXml(manyDeclarations(20000)), /DOCTYPE/);
  });

  it('parseXml refuses a bare ENTITY declaration and other markup declarations', () => {
    assert.throws(() => parseXml('<!ENTITY a "b"><A>&a;</A>'), /ENTITY/);
    assert.throws(() => parseXml('<A><!ELEMENT A ANY></A>'), /declaration/);
  });

  it('parseXml still accepts comments, CDATA and the XML declaration', () => {
    const doc = parseXml('<?xml version="1.0" encoding="UTF-8"?><!-- <!DOCTYPE no> --><A><B><![CDATA[x&amp;<y>]]></B><C>z</C></A>');
    assert.equal(text(doc.A, 'B'), 'x&amp;<y>');
    assert.equal(text(doc.A, 'C'), 'z');
    const commented = parseXml('<A><!-- <![CDATA[ --><B>&amp;</B><!-- ]]> --></A>');
    assert.equal(text(commented.A, 'B'), '&');
  });

  it('parseXml decodes only the five predefined entities and numeric references, once', () => {
    const doc = parseXml('<A><K>&amp;&lt;&gt;&quot;&apos;&#65;&#x4E2D;&#13;</K><N>&nbsp;&copy;&reg;</N><D>&amp;lt;&amp;#65;&#38;amp;</D></A>');
    assert.equal(text(doc.A, 'K'), '&<>"\'A中\r');
    assert.equal(text(doc.A, 'N'), '&nbsp;&copy;&reg;');
    assert.equal(text(doc.A, 'D'), '&lt;&#65;&amp;');
  });

  it('parseXml refuses documents over MAX_XML_BYTES', () => {
    assert.equal(MAX_XML_BYTES, 8 * 1024 * 1024);
    const huge = `<A>${'x'.repeat(MAX_XML_BYTES)}</A>`;
    assert.throws(() => parseXml(huge), /too large/);
    // Counted in UTF-8 bytes, not UTF-16 units.
    const wide = `<A>${'中'.repeat(Math.ceil(MAX_XML_BYTES / 3) + 1)}</A>`;
    assert.throws(() => parseXml(wide), /too large/);
  });

  it('an error body with a DOCTYPE becomes a status-only error, never an expanded message', () => {
    const e = parseError(500, {}, Buffer.from(expandingError()), 'GetObject b/k', true);
    assert.ok(e.message.length < 500, `message is ${e.message.length} chars`);
    assert.doesNotMatch(e.message, /AAAA/);
    const e2 = parseError(403, {}, Buffer.from(manyDeclarations(20000)), 'GetObject b/k', true);
    assert.doesNotMatch(e2.message, /v0|&e0;/);
  });

  it('the ListObjectsV2 scanner refuses DOCTYPE and ENTITY declarations', () => {
    const doc = `<!DOCTYPE ListBucketResult [<!ENTITY k "secret">]>${LIST_HEAD}<Contents><Key>&k;</Key><Size>1</Size></Contents></ListBucketResult>`;
    assert.throws(() => scanListObjectsV2(doc), /DOCTYPE/);
    assert.throws(() => parseListObjectsV2(doc), /DOCTYPE/);
    const inner = `${LIST_HEAD}<!ENTITY k "x"><Contents><Key>a</Key></Contents></ListBucketResult>`;
    assert.throws(() => scanListObjectsV2(inner), /ENTITY/);
  });

  it('the ListObjectsV2 scanner refuses pages over MAX_XML_BYTES', () => {
    const page = `${LIST_HEAD}<Contents><Key>${'k'.repeat(MAX_XML_BYTES)}</Key></Contents></ListBucketResult>`;
    assert.throws(() => scanListObjectsV2(page), /too large/);
  });

  it('decodeXmlText reports an out-of-range character reference as malformed XML', () => {
    assert.throws(() => decodeXmlText('a&#x110000;b'), /Malformed XML: invalid character reference/);
    assert.throws(() => decodeXmlText('a&#99999999999;b'), /Malformed XML: invalid character reference/);
    assert.equal(decodeXmlText('&#x1F600;'), '😀');
  });

  it('keeps ordinary error documents working', () => {
    const e = list(parseXml('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>a &amp; b</Message></Error>'), 'Error')[0];
    assert.equal(text(e, 'Message'), 'a & b');
  });
});
