import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  type AccessCodeInfo,
  AccessCodeError,
  decodeAccessCode,
  encodeAccessCode,
} from '../../../src/core/share';
import { assertNoSecrets } from '../credentials/leak';

const NOW = new Date('2026-06-01T12:00:00Z');

function info(over: Partial<AccessCodeInfo> = {}): AccessCodeInfo {
  return {
    endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
    region: 'cn-hangzhou',
    bucket: 'team-bucket',
    prefix: 'reports/2026/',
    access: 'read',
    accessKeyId: `STS.${randomBytes(9).toString('base64url')}`,
    accessKeySecret: randomBytes(24).toString('base64'),
    securityToken: `CAIS${randomBytes(60).toString('base64')}`,
    expiration: '2026-06-01T13:00:00.000Z',
    ...over,
  };
}

function problemOf(code: string, now = NOW): string {
  try {
    decodeAccessCode(code, { now });
  } catch (err) {
    assert.ok(err instanceof AccessCodeError, `not an AccessCodeError: ${String(err)}`);
    return err.code;
  }
  assert.fail('the code was accepted');
}

/** Replaces the character at `i` with a different base64url character. */
function flip(code: string, i: number): string {
  const c = code[i] === 'A' ? 'B' : 'A';
  return code.slice(0, i) + c + code.slice(i + 1);
}

describe('access codes', () => {
  it('round-trips every field, with a recognizable versioned prefix', () => {
    for (const access of ['read', 'read-write', 'upload'] as const) {
      const i = info({ access, prefix: access === 'upload' ? 'drop box/ü/' : 'reports/' });
      const code = encodeAccessCode(i);
      assert.match(code, /^ossx1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{12}$/);
      const d = decodeAccessCode(code, { now: NOW });
      assert.deepEqual({ ...d }, { ...i, expired: false });
    }
  });

  it('ignores whitespace from a wrapped paste', () => {
    const i = info();
    const code = encodeAccessCode(i);
    const wrapped = `  ${code.slice(0, 40)}\n${code.slice(40, 90)}\r\n ${code.slice(90)}\n`;
    assert.equal(decodeAccessCode(wrapped, { now: NOW }).securityToken, i.securityToken);
  });

  it('normalizes the expiration to ISO form', () => {
    const d = decodeAccessCode(encodeAccessCode(info({ expiration: '2026-06-01T13:00:00Z' })), { now: NOW });
    assert.equal(d.expiration, '2026-06-01T13:00:00.000Z');
  });

  it('reports a truncated code as truncated, wherever it was cut', () => {
    const code = encodeAccessCode(info());
    const cuts = [5, 6, 20, code.indexOf('.', 6), code.indexOf('.', 6) + 1, code.length - 1, code.length - 11];
    for (const n of cuts) assert.equal(problemOf(code.slice(0, n)), 'Truncated', `cut at ${n} of ${code.length}`);
    assert.equal(problemOf('ossx'), 'Truncated');
  });

  it('reports a tampered payload or checksum as corrupted', () => {
    const code = encodeAccessCode(info());
    const dot = code.lastIndexOf('.');
    for (const i of [6, 30, dot - 1, dot + 1, code.length - 1]) assert.equal(problemOf(flip(code, i)), 'Corrupted', `changed at ${i}`);
    assert.equal(problemOf(`${code}A`), 'Corrupted', 'a longer checksum');
    assert.equal(problemOf(`${code}.extra`), 'Corrupted', 'an extra part');
    assert.equal(problemOf(code.replace('.', '.%')), 'Corrupted', 'a character no code has');
  });

  it('refuses another version and text that is not a code', () => {
    const code = encodeAccessCode(info());
    assert.equal(problemOf(code.replace(/^ossx1/, 'ossx2')), 'UnsupportedVersion');
    assert.equal(problemOf(code.replace(/^ossx1/, 'ossx0')), 'UnsupportedVersion');
    for (const bad of ['', '   ', 'hello', 'LTAI5tAbCdEfGh', code.slice(4), 'ossxy.abc.def']) assert.equal(problemOf(bad), 'NotAccessCode', bad);
  });

  it('refuses an expired code unless allowExpired is set, which flags it', () => {
    const code = encodeAccessCode(info({ expiration: '2026-06-01T11:59:59.000Z' }));
    assert.equal(problemOf(code), 'Expired');
    assert.equal(problemOf(encodeAccessCode(info({ expiration: NOW.toISOString() }))), 'Expired', 'expiring this very instant');
    const d = decodeAccessCode(code, { now: NOW, allowExpired: true });
    assert.equal(d.expired, true);
  });

  it('rejects a well-formed code whose content is unusable', () => {
    // A correctly checksummed code built by hand around bad content.
    const make = (obj: unknown): string => {
      const head = `ossx1.${Buffer.from(JSON.stringify(obj)).toString('base64url')}`;
      return `${head}.${createHash('sha256').update(head).digest().subarray(0, 9).toString('base64url')}`;
    };
    assert.equal(problemOf(make({ ...info(), access: 'admin' })), 'InvalidInfo');
    assert.equal(problemOf(make({ ...info(), securityToken: undefined })), 'InvalidInfo');
    assert.equal(problemOf(make({ ...info(), endpoint: 'ftp://x' })), 'InvalidInfo');
    assert.equal(problemOf(make([1, 2])), 'InvalidInfo');
    const notJson = 'ossx1.' + Buffer.from('{nope').toString('base64url');
    assert.equal(problemOf(`${notJson}.${createHash('sha256').update(notJson).digest().subarray(0, 9).toString('base64url')}`), 'Corrupted');
  });

  it('refuses to encode unusable info', () => {
    assert.throws(() => encodeAccessCode(info({ access: 'all' as never })), (e: unknown) => e instanceof AccessCodeError && e.code === 'InvalidInfo');
    assert.throws(() => encodeAccessCode(info({ expiration: 'soon' })), AccessCodeError);
    assert.throws(() => encodeAccessCode(info({ bucket: '' })), AccessCodeError);
  });

  it('never shows the credential: not in errors, not in the decoded value', () => {
    const i = info();
    const code = encodeAccessCode(i);
    const secrets = [i.accessKeySecret, i.securityToken, code.split('.')[1].slice(0, 24)];
    assertNoSecrets(decodeAccessCode(code, { now: NOW }), secrets, 'decoded code');
    const expiredCode = encodeAccessCode(info({ ...i, expiration: '2020-01-01T00:00:00Z' }));
    for (const bad of [code.slice(0, 50), flip(code, 40), code.replace(/^ossx1/, 'ossx7'), expiredCode]) {
      let caught: unknown;
      try {
        decodeAccessCode(bad, { now: NOW });
      } catch (err) {
        caught = err;
      }
      assert.ok(caught instanceof AccessCodeError, 'the bad code was accepted');
      assertNoSecrets(caught, secrets, 'error');
    }
  });
});
