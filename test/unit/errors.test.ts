import * as assert from 'node:assert/strict';
import {
  CredentialConfigError,
  CredentialError,
  ExpiredCredentialsError,
  OssAbortError,
  OssClientError,
  OssError,
  OssExplorerError,
  OssNetworkError,
  StsError,
  StsNetworkError,
  TokenExpiredForSigningError,
  isAbortError,
  isCredentialError,
  isIntegrityError,
  isNetworkError,
  isOssExplorerError,
  isOssServiceError,
  isServiceError,
  isTimeoutError,
} from '../../src/core/errors';
import { crcMismatch } from '../../src/core/client/errors';

const noSuchKey = (): OssError => new OssError({ status: 404, code: 'NoSuchKey', operation: 'GetObject b/k' });
const badKeyId = (): OssError => new OssError({ status: 403, code: 'InvalidAccessKeyId' });
const sts = (code: string): StsError => new StsError({ code, message: 'm', status: 400 });

describe('core/errors: one taxonomy and its predicates', () => {
  it('every core error derives from OssExplorerError and has a code', () => {
    const all: [OssExplorerError, string][] = [
      [noSuchKey(), 'NoSuchKey'],
      [new OssNetworkError('RequestTimeout', 'idle'), 'RequestTimeout'],
      [new OssClientError('InvalidArgument', 'bad'), 'InvalidArgument'],
      [new OssAbortError('op'), 'Aborted'],
      [new CredentialError('c', 'X'), 'X'],
      [new ExpiredCredentialsError('e', new Date(0)), 'ExpiredCredentials'],
      [new CredentialConfigError('cfg'), 'InvalidConfiguration'],
      [sts('AccessDenied'), 'AccessDenied'],
      [new StsNetworkError('down'), 'NetworkError'],
      [new TokenExpiredForSigningError('t'), 'SecurityTokenExpired'],
      [crcMismatch('x', '1', '2'), 'InconsistentCrc'],
    ];
    for (const [e, code] of all) {
      assert.ok(e instanceof OssExplorerError, e.name);
      assert.ok(e instanceof Error, e.name);
      assert.ok(isOssExplorerError(e), e.name);
      assert.equal(e.code, code, e.name);
    }
    assert.equal(isOssExplorerError(new Error('plain')), false);
    // names stay what they were (logs and messages show them)
    assert.equal(noSuchKey().name, 'OssError');
    assert.equal(new OssAbortError().name, 'AbortError');
    assert.equal(new ExpiredCredentialsError('e', new Date(0)).name, 'ExpiredCredentialsError');
  });

  it('isAbortError: core cancellations and the AbortErrors Node raises, nothing else', () => {
    assert.ok(isAbortError(new OssAbortError()));
    assert.ok(isAbortError(AbortSignal.abort().reason));
    assert.ok(isAbortError(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' })));
    assert.equal(isAbortError(new Error('AbortError')), false);
    assert.equal(isAbortError(noSuchKey()), false);
    assert.equal(isAbortError(undefined), false);
    assert.equal(isAbortError('AbortError'), false);
  });

  it('isCredentialError: wrong, missing or expired credentials only', () => {
    assert.ok(isCredentialError(badKeyId()));
    assert.ok(isCredentialError(new OssError({ status: 403, code: 'SignatureDoesNotMatch' })));
    assert.ok(isCredentialError(new OssError({ status: 403, code: 'SecurityTokenExpired' })));
    assert.ok(isCredentialError(new ExpiredCredentialsError('e', new Date(0))));
    assert.ok(isCredentialError(new TokenExpiredForSigningError('t')));
    assert.ok(isCredentialError(sts('InvalidAccessKeyId')));
    assert.ok(isCredentialError(new CredentialError('none stored', 'MissingCredentials')));
    assert.equal(isCredentialError(new StsNetworkError('down')), false);
    assert.equal(isCredentialError(new CredentialConfigError('bad duration')), false);
    assert.equal(isCredentialError(noSuchKey()), false);
    assert.equal(isCredentialError(new OssError({ status: 403, code: 'AccessDenied' })), false);
    assert.equal(isCredentialError({ code: 'InvalidAccessKeyId' }), false, 'duck-typed look-alikes are not core errors');
  });

  it('service, network, time-out and integrity predicates', () => {
    assert.ok(isOssServiceError(noSuchKey()));
    assert.equal(isOssServiceError(sts('AccessDenied')), false);
    assert.ok(isServiceError(noSuchKey()));
    assert.ok(isServiceError(sts('AccessDenied')));
    assert.equal(isServiceError(new OssClientError('InvalidArgument', 'x')), false);
    assert.ok(isNetworkError(new OssNetworkError('NetworkError', 'reset')));
    assert.ok(isNetworkError(new StsNetworkError('down')));
    assert.equal(isNetworkError(noSuchKey()), false);
    assert.ok(isTimeoutError(new OssNetworkError('RequestTimeout', 'idle')));
    assert.equal(isTimeoutError(new OssNetworkError('NetworkError', 'reset')), false);
    assert.ok(isIntegrityError(crcMismatch('x', '1', '2')));
    assert.ok(isIntegrityError(new OssClientError('TruncatedBody', 'short')));
    assert.equal(isIntegrityError(new OssClientError('InvalidArgument', 'x')), false);
  });
});
