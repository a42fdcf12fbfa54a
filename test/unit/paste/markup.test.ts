import * as assert from 'node:assert/strict';
import { isImageName, joinLinks, linkMarkup } from '../../../src/core/paste';

describe('paste link markup', () => {
  const url = 'https://b.oss-cn-hangzhou.aliyuncs.com/a/x.png?Expires=1&Signature=s%2B';
  it('writes Markdown images and links', () => {
    assert.equal(linkMarkup('markdown', { url, name: 'x', image: true }), `![x](${url})`);
    assert.equal(linkMarkup('markdown', { url, name: 'report.pdf', image: false }), `[report.pdf](${url})`);
  });
  it('escapes brackets in the text and wraps a URL with spaces or parentheses', () => {
    assert.equal(linkMarkup('markdown', { url: 'https://h/a b(1).png', name: 'a [1]', image: true }), '![a \\[1\\]](<https://h/a b(1).png>)');
  });
  it('writes HTML with attributes escaped', () => {
    assert.equal(linkMarkup('html', { url: 'https://h/x.png?a=1&b="2"', name: '<x>', image: true }), '<img src="https://h/x.png?a=1&#38;b=&#34;2&#34;" alt="&#60;x&#62;">');
    assert.equal(linkMarkup('html', { url: 'https://h/f', name: 'f', image: false }), '<a href="https://h/f">f</a>');
  });
  it('writes reStructuredText and AsciiDoc', () => {
    assert.equal(linkMarkup('restructuredtext', { url: 'https://h/x.png', name: 'x', image: true }), '.. image:: https://h/x.png\n   :alt: x');
    assert.equal(linkMarkup('restructuredtext', { url: 'https://h/f', name: 'f', image: false }), '`f <https://h/f>`__');
    assert.equal(linkMarkup('asciidoc', { url: 'https://h/x.png', name: 'x]', image: true }), 'image::https://h/x.png[x\\]]');
    assert.equal(linkMarkup('asciidoc', { url: 'https://h/f', name: 'f', image: false }), 'link:https://h/f[f]');
  });
  it('falls back to Markdown for other languages', () => {
    assert.equal(linkMarkup('plaintext', { url: 'https://h/f', name: 'f', image: false }), '[f](https://h/f)');
  });
  it('tells images by extension, case-insensitively', () => {
    assert.ok(isImageName('a.PNG'));
    assert.ok(isImageName('b.webp'));
    assert.ok(!isImageName('c.pdf'));
    assert.ok(!isImageName('.png'));
  });
  it('joins several links inline, or as blocks in reStructuredText', () => {
    assert.equal(joinLinks('markdown', ['a', 'b']), 'a b');
    assert.equal(joinLinks('restructuredtext', ['a', 'b']), 'a\n\nb');
  });
});
