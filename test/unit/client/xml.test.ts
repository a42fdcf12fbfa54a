import * as assert from 'node:assert/strict';
import { escapeXml, isXmlSafe, parseXml, list, text, queryUnescape } from '../../../src/core/client/xml';
import { validateBucketName, validateObjectKey } from '../../../src/core/client/options';
import { parseListObjectsV2 } from '../../../src/core/client/list';
import { hasDotSegment } from '../../../src/core/client/http';
import { redactUrl } from '../../../src/core/redact';
import { maskStringToSign } from '../../../src/core/client/errors';
import { parseError } from '../../../src/core/client/errorResponse';
import { OssClientError } from '../../../src/core/client/errors';
import { contentTypeFor } from '../../../src/core/mime';
import { choosePartSize, ProgressReporter } from '../../../src/core/client/transfer';

describe('client: xml, errors, validation (pure)', () => {
  it('keeps numeric-looking and boolean-looking keys as strings, arrays for single entries', () => {
    const page = parseListObjectsV2(
      '<?xml version="1.0"?><ListBucketResult xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com"><Name>b</Name><EncodingType>url</EncodingType>' +
        '<IsTruncated>false</IsTruncated><Contents><Key>0123</Key><Size>5</Size><ETag>"AB"</ETag><LastModified>2020-05-18T05:45:43.000Z</LastModified></Contents>' +
        '<CommonPrefixes><Prefix>true%2F</Prefix></CommonPrefixes></ListBucketResult>',
    );
    assert.equal(page.objects.length, 1);
    assert.equal(page.objects[0].key, '0123');
    assert.equal(page.objects[0].size, 5);
    assert.equal(page.objects[0].etag, 'AB');
    assert.equal(page.objects[0].lastModified?.toISOString(), '2020-05-18T05:45:43.000Z');
    assert.deepEqual(page.prefixes, ['true/']);
    assert.equal(page.isTruncated, false);
    assert.equal(page.nextContinuationToken, undefined);
  });

  it('decodes url-encoded fields with QueryUnescape semantics and keeps spaces/entities', () => {
    assert.equal(queryUnescape('a+b%2Bc%20d%E4%B8%AD'), 'a b+c d中');
    assert.equal(queryUnescape('100%'), '100%');
    const page = parseListObjectsV2(
      '<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated><NextContinuationToken>t%2B1+x</NextContinuationToken>' +
        '<Contents><Key>+a%26b%3C</Key><Size>0</Size></Contents><Contents><Key>x</Key><Size>1</Size></Contents></ListBucketResult>',
    );
    assert.deepEqual(page.objects.map((o) => o.key), [' a&b<', 'x']);
    assert.equal(page.nextContinuationToken, 't+1 x');
    // Without encoding-type the text is taken verbatim (entities decoded, spaces kept).
    const raw = parseListObjectsV2('<ListBucketResult><Contents><Key> a&amp;b&#x4E2D;+ </Key><Size>1</Size></Contents></ListBucketResult>');
    assert.equal(raw.objects[0].key, ' a&b中+ ');
  });

  it('escapes XML for request bodies and flags characters XML cannot carry', () => {
    assert.equal(escapeXml(`a&b<c>"d'\r\n`), 'a&amp;b&lt;c&gt;&quot;d&apos;&#13;&#10;');
    const doc = parseXml(`<Delete><Object><Key>${escapeXml(' x&y\r\n ')}</Key></Object></Delete>`);
    assert.equal(text(list(doc.Delete, 'Object')[0], 'Key'), ' x&y\r\n ');
    assert.equal(isXmlSafe('中文 😀'), true);
    assert.equal(isXmlSafe('a\u0001b'), false);
  });

  it('parses error XML bodies, x-oss-err headers and status-only errors', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
      '<RequestId>RID1</RequestId><HostId>b.host</HostId><Key>k</Key><EC>0026-00000001</EC><RecommendDoc>https://api.aliyun.com/x</RecommendDoc></Error>';
    const e1 = parseError(404, {}, Buffer.from(xml), 'GetObject b/k', true);
    assert.equal(e1.code, 'NoSuchKey');
    assert.equal(e1.status, 404);
    assert.equal(e1.requestId, 'RID1');
    assert.equal(e1.hostId, 'b.host');
    assert.equal(e1.ec, '0026-00000001');
    assert.equal(e1.recommendDoc, 'https://api.aliyun.com/x');
    assert.equal(e1.details.Key, 'k');
    assert.match(e1.message, /^NoSuchKey: The specified key does not exist\. \(RequestId: RID1, EC: 0026-00000001\) \[GetObject b\/k\]$/);
    const e2 = parseError(404, { 'x-oss-err': Buffer.from(xml).toString('base64'), 'x-oss-ec': '0026-00000001' }, Buffer.alloc(0), 'HeadObject b/k', true);
    assert.equal(e2.code, 'NoSuchKey');
    assert.equal(e2.requestId, 'RID1');
    const e3 = parseError(404, { 'x-oss-request-id': 'R3' }, Buffer.alloc(0), 'HeadObject b/k', true);
    assert.equal(e3.code, 'NoSuchKey');
    assert.equal(e3.requestId, 'R3');
    const e4 = parseError(503, {}, Buffer.from('<html>busy</html>'), 'X', false);
    assert.equal(e4.code, 'ServerError');
    const sig = parseError(403, {}, Buffer.from('<Error><Code>SignatureDoesNotMatch</Code><Message>m</Message><StringToSign>GET\n\n\nd\nx-oss-security-token:TOKEN\n/b/k</StringToSign>' +
      '<SignatureProvided>SIG</SignatureProvided><OSSAccessKeyId>AK</OSSAccessKeyId></Error>'), 'GetObject b/k', true, 'GET\n');
    assert.equal(sig.stringToSign, 'GET\n\n\nd\nx-oss-security-token:***\n/b/k');
    assert.equal(sig.clientStringToSign, 'GET\n');
    assert.equal(sig.details.SignatureProvided, undefined);
    assert.equal(sig.details.OSSAccessKeyId, undefined);
    assert.equal(maskStringToSign('x-oss-security-token:abc'), 'x-oss-security-token:***');
  });

  it('detects dot segments and masks secrets in logged paths', () => {
    assert.equal(hasDotSegment('/b/a/../b'), true);
    assert.equal(hasDotSegment('/b/./x'), true);
    assert.equal(hasDotSegment('/b/%2E%2e/x'), true);
    assert.equal(hasDotSegment('/b/a..b/.x/...'), false);
    assert.equal(redactUrl('/k?x-oss-signature=abc&x-oss-security-token=tok&a=1'), '/k?x-oss-signature=****&x-oss-security-token=****&a=1');
    assert.doesNotMatch(redactUrl('/k?OSSAccessKeyId=LTAIabcdefgh1234&Signature=sigsig'), /sigsig|LTAIabcdefgh1234/);
  });

  it('validates bucket names and object keys', () => {
    for (const ok of ['abc', 'a-b-c', '0bucket9', 'a'.repeat(63)]) validateBucketName(ok);
    for (const bad of ['ab', '-abc', 'abc-', 'ABC', 'a_b', 'a.b', 'a'.repeat(64), '']) {
      assert.throws(() => validateBucketName(bad), (e: unknown) => e instanceof OssClientError && e.code === 'InvalidBucketName');
    }
    validateObjectKey('a'.repeat(1023));
    validateObjectKey('中'.repeat(341)); // 1023 bytes
    for (const bad of ['', '/a', 'a\0b', 'a'.repeat(1024), '中'.repeat(342)]) {
      assert.throws(() => validateObjectKey(bad), (e: unknown) => e instanceof OssClientError && e.code === 'InvalidObjectName');
    }
  });

  it('maps extensions to MIME types', () => {
    assert.equal(contentTypeFor('a/b/c.PNG'), 'image/png');
    assert.equal(contentTypeFor('x.json'), 'application/json');
    assert.equal(contentTypeFor('noext'), 'application/octet-stream');
    assert.equal(contentTypeFor('.bashrc'), 'application/octet-stream');
    assert.equal(contentTypeFor('C:\\dir\\page.html'), 'text/html');
  });

  it('chooses part sizes within the 10000-part and 100 KiB limits', () => {
    assert.equal(choosePartSize(10, 1), 100 * 1024);
    assert.equal(choosePartSize(1e9), 16 * 1024 * 1024);
    const big = 200 * 1024 ** 3;
    const ps = choosePartSize(big);
    assert.ok(Math.ceil(big / ps) <= 10000);
    assert.ok(ps % (1024 * 1024) === 0);
  });

  it('core reports raw progress (every change, no throttle), and once for an empty transfer', () => {
    const seen: number[] = [];
    const p = new ProgressReporter(100, (x) => seen.push(x.loaded));
    for (let i = 1; i <= 100; i++) p.set(i);
    p.final();
    assert.equal(seen.length, 100, 'every change is passed on; the UI throttles');
    assert.equal(seen[seen.length - 1], 100);
    const empty: number[] = [];
    const e = new ProgressReporter(0, (x) => empty.push(x.total));
    e.final();
    assert.deepEqual(empty, [0], 'a 0-byte transfer still reports its end');
  });
});
