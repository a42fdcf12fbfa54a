import * as assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { decodeXmlText, scanElement, scanListObjectsV2 } from '../../src/core/xmlScan';
import { mulberry32 } from '../support/prng';


function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const ALPHABET = ['a', 'Z', '0', '/', ' ', '+', '%', '&', '<', '>', '"', "'", '中', '文', '😀', '.', '-', '_', '#', '?', '=', ';'];

function randomText(rnd: () => number, max: number): string {
  const n = Math.floor(rnd() * max);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
  return s;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: true,
  trimValues: false,
  isArray: (name) => name === 'Contents' || name === 'CommonPrefixes',
});

describe('xmlScan: ListObjectsV2 scanner', () => {
  it('decodes predefined entities, numeric references and CDATA', () => {
    assert.equal(decodeXmlText('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;'), 'a & b <c> "d" \'e\'');
    assert.equal(decodeXmlText('&#20013;&#x6587;&#x1F600;'), '中文😀');
    assert.equal(decodeXmlText('<![CDATA[a & <b>]]>'), 'a & <b>');
    assert.equal(decodeXmlText('&amp;amp;'), '&amp;');
  });

  it('does not confuse <Key> with <KeyCount>, and reads empty elements', () => {
    const xml = '<ListBucketResult><KeyCount>3</KeyCount><Prefix/><Key>k</Key></ListBucketResult>';
    assert.equal(scanElement(xml, 'Key'), 'k');
    assert.equal(scanElement(xml, 'KeyCount'), '3');
    assert.equal(scanElement(xml, 'Prefix'), '');
    assert.equal(scanElement(xml, 'Missing'), undefined);
  });

  it('rejects documents that are not a ListBucketResult or are truncated', () => {
    assert.throws(() => scanListObjectsV2('<Error><Code>x</Code></Error>'), /not a ListBucketResult/);
    assert.throws(() => scanListObjectsV2('<ListBucketResult><Contents><Key>a</Key>'), /not closed/);
  });

  it('agrees with fast-xml-parser on 300 random pages (seeded)', () => {
    const seed = 0x5eed;
    const rnd = mulberry32(seed);
    for (let doc = 0; doc < 300; doc++) {
      const nContents = Math.floor(rnd() * 8);
      const nPrefixes = Math.floor(rnd() * 4);
      const prefix = randomText(rnd, 6);
      const token = rnd() < 0.5 ? randomText(rnd, 12) : undefined;
      let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com">';
      xml += `<Name>bucket-${doc}</Name>`;
      xml += prefix === '' ? '<Prefix></Prefix>' : `<Prefix>${xmlEscape(prefix)}</Prefix>`;
      xml += '<MaxKeys>100</MaxKeys><Delimiter>/</Delimiter>';
      xml += `<IsTruncated>${token ? 'true' : 'false'}</IsTruncated>`;
      if (token) xml += `<NextContinuationToken>${xmlEscape(token)}</NextContinuationToken>`;
      for (let i = 0; i < nContents; i++) {
        xml += `<Contents><Key>${xmlEscape(randomText(rnd, 20) || 'k')}</Key>`;
        xml += '<LastModified>2020-05-18T05:45:43.000Z</LastModified><ETag>&quot;5B3C1A2E053D763E1B002CC607C5A0FE&quot;</ETag>';
        xml += `<Type>Normal</Type><Size>${Math.floor(rnd() * 1e9)}</Size><StorageClass>Standard</StorageClass>`;
        if (rnd() < 0.3) xml += '<Owner><ID>123</ID><DisplayName>Key</DisplayName></Owner>';
        xml += '</Contents>';
      }
      for (let i = 0; i < nPrefixes; i++) xml += `<CommonPrefixes><Prefix>${xmlEscape(randomText(rnd, 10) + '/')}</Prefix></CommonPrefixes>`;
      xml += `<KeyCount>${nContents + nPrefixes}</KeyCount></ListBucketResult>`;

      const ours = scanListObjectsV2(xml);
      const theirs = parser.parse(xml).ListBucketResult;
      const msg = `seed ${seed}, document ${doc}`;
      assert.equal(ours.Name, theirs.Name, msg);
      assert.equal(ours.Prefix, theirs.Prefix ?? '', msg);
      assert.equal(ours.IsTruncated, theirs.IsTruncated, msg);
      assert.equal(ours.NextContinuationToken, theirs.NextContinuationToken, msg);
      assert.equal(ours.KeyCount, theirs.KeyCount, msg);
      const theirContents = (theirs.Contents ?? []) as Record<string, string>[];
      assert.equal(ours.Contents.length, theirContents.length, msg);
      ours.Contents.forEach((c, i) => {
        for (const field of ['Key', 'LastModified', 'ETag', 'Size', 'StorageClass', 'Type'] as const) {
          assert.equal(c[field], theirContents[i][field], `${msg}, Contents[${i}].${field}`);
        }
      });
      const theirPrefixes = ((theirs.CommonPrefixes ?? []) as { Prefix: string }[]).map((p) => p.Prefix);
      assert.deepEqual(ours.CommonPrefixes, theirPrefixes, msg);
    }
  });
});
