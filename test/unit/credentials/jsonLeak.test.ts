import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialConfigError, parseAliyunConfig, readAliyunConfig } from '../../../src/core/credentials';
import { renderings } from './leak';
import { jsonErrorOffset } from '../../../src/core/credentials/json';

const SECRET = 'Zq8xW2secretVALUE9tKm4PbL';

/** Every 6-character piece of the secret: none may appear anywhere in what we show. */
function assertNoPieceOf(secret: string, value: unknown): void {
  for (const text of renderings(value)) {
    for (let i = 0; i + 6 <= secret.length; i++) {
      const piece = secret.slice(i, i + 6);
      assert.ok(!text.includes(piece), `leaks ${JSON.stringify(piece)} in: ${text.slice(0, 300)}`);
    }
  }
}

/** Malformed config.json texts whose JSON parser messages would quote (part of) the secret. */
const MALFORMED: Array<[string, RegExp]> = [
  [`{"profiles":[{"name":"p","access_key_secret":${SECRET}}]}`, /line 1, column 46\)$/],
  [`{\n  "profiles": [\n    {"access_key_secret": "${SECRET}" "mode": "AK"}\n  ]\n}`, /line 3, column 55\)$/],
  [`{"access_key_secret": "${SECRET}`, /line 1, column 49\)$/],
  [`${SECRET}`, /line 1, column 1\)$/],
];

describe('credential files: JSON parser messages never reach errors or logs', () => {
  it('parseAliyunConfig reports only the position of a syntax error', () => {
    for (const [text, where] of MALFORMED) {
      assert.throws(() => parseAliyunConfig(text), (e: Error) => {
        assert.ok(e instanceof CredentialConfigError);
        assert.match(e.message, /^The aliyun CLI config is not valid JSON/);
        assert.match(e.message, where);
        assertNoPieceOf(SECRET, e);
        assert.equal((e as { cause?: unknown }).cause, undefined);
        return true;
      });
    }
  });

  it('readAliyunConfig on a malformed file: the rejection carries no piece of the file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aliyun-bad-'));
    try {
      const file = path.join(dir, 'config.json');
      for (const [text] of MALFORMED) {
        await fs.writeFile(file, text);
        const err = await readAliyunConfig(file).then(() => undefined, (e: unknown) => e);
        assert.ok(err instanceof CredentialConfigError);
        // importConnection logs `aliyun CLI config: ${err.message}`.
        assertNoPieceOf(SECRET, `aliyun CLI config: ${err.message}`);
        assertNoPieceOf(SECRET, err);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('jsonErrorOffset agrees with JSON.parse on what is valid', () => {
    const valid = ['{}', '[]', ' 1 ', '-0.5e+3', '"a\\u00e9\\n"', '{"a":[1,{"b":null}],"c":true,"d":false}', '\n[ "x" , 2 ]\r\n'];
    for (const t of valid) {
      JSON.parse(t);
      assert.equal(jsonErrorOffset(t), -1, t);
    }
    const invalid: Array<[string, number]> = [['', 0], ['{', 1], ['{"a" 1}', 5], ['[1,]', 3], ['01', 1], ['"a\tb"', 2], ['"\\x"', 2], ['tru', 0], ['{} {}', 3]];
    for (const [t, at] of invalid) {
      assert.throws(() => JSON.parse(t));
      assert.equal(jsonErrorOffset(t), at, t);
    }
  });
});
