import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { curlCommand, isContentType, posixQuote, powershellQuote } from '../../../src/core/shellQuote';

const HOSTILE = ['$(touch pwned)', '`id`', 'a"b', 'a\\"; rm -rf ~; "', "it's", "'; echo x; '", 'new\nline', '$HOME', 'a b*?[c]', '-rf', '{a,b}', '!!'];

describe('core/shellQuote', () => {
  it('POSIX single quotes: sh gives every hostile name back verbatim, nothing runs', () => {
    for (const name of HOSTILE) {
      const out = execFileSync('sh', ['-c', `printf '%s' ${posixQuote(name)}`], { encoding: 'utf8' });
      assert.strictEqual(out, name);
    }
    assert.strictEqual(posixQuote("it's"), `'it'\\''s'`);
  });

  it('PowerShell single quotes double every quote, including the typographic ones', () => {
    assert.strictEqual(powershellQuote("it's"), "'it''s'");
    assert.strictEqual(powershellQuote('$(x) `y` "z"'), `'$(x) \`y\` "z"'`);
    assert.strictEqual(powershellQuote('a\u2019b\u2018c'), "'a\u2019\u2019b\u2018\u2018c'");
  });

  it('builds curl commands with every argument quoted, and globbing off', () => {
    const url = 'https://b.oss-cn-hangzhou.aliyuncs.com/k?x-oss-signature=a%2Fb&x=1';
    assert.strictEqual(
      curlCommand(url, 'application/json', '$(touch pwned).json'),
      `curl --globoff -X PUT -H 'Content-Type: application/json' -T '$(touch pwned).json' '${url}'`,
    );
    assert.strictEqual(
      curlCommand(url, 'text/plain; charset=utf-8', "it's.txt", 'powershell'),
      `curl.exe --globoff -X PUT -H 'Content-Type: text/plain; charset=utf-8' -T 'it''s.txt' '${url}'`,
    );
    const out = execFileSync('sh', ['-c', `set -- ${curlCommand(url, 'text/plain', 'a"b`id`.txt').slice(5)}; printf '%s|' "$@"`], { encoding: 'utf8' });
    assert.strictEqual(out, `--globoff|-X|PUT|-H|Content-Type: text/plain|-T|a"b\`id\`.txt|${url}|`);
  });

  it('accepts only type/subtype with optional ; name=value parameters as Content-Type', () => {
    for (const ok of ['text/plain', 'application/vnd.api+json', 'text/plain; charset=utf-8', 'text/plain;charset=UTF-8', 'multipart/form-data; boundary="a b"', 'image/svg+xml ; a=1; b=2']) {
      assert.ok(isContentType(ok), ok);
    }
    for (const bad of ['text', 'text/', '/plain', 'text/plain; $(id)', 'text/plain;', 'text/plain; a', 'text/plain; a=', 'text/plain"; echo', "text/plain'", 'text/plain; a=`x`', 'text/plain\nX: y', 'text/plain; a="b\\"c"', 'a b/c']) {
      assert.ok(!isContentType(bad), bad);
    }
  });
});
