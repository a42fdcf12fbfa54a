import * as assert from 'assert';
import { type ConnectionRecord, customDomainRequestsProblem, requestAddressing } from '../../../src/connections/model';
import { parseSeedConnection } from '../../../src/connections/seedFile';

describe('connections: requests through the custom domain', () => {
  const base: ConnectionRecord = {
    id: 'x', name: 'CN', region: 'cn-shanghai', authType: 'accessKey', accessKeyId: 'LTAI1',
    customDomain: 'https://files.example.com', pinnedBucket: 'my-bucket',
  };

  it('addresses requests to the custom domain in CNAME mode only when the option is on', () => {
    assert.deepStrictEqual(requestAddressing(base), { endpoint: 'https://oss-cn-shanghai.aliyuncs.com', cname: false });
    assert.deepStrictEqual(requestAddressing({ ...base, endpoint: 'https://oss-cn-shanghai-internal.aliyuncs.com' }), {
      endpoint: 'https://oss-cn-shanghai-internal.aliyuncs.com', cname: false,
    });
    assert.deepStrictEqual(requestAddressing({ ...base, requestsViaCustomDomain: true }), { endpoint: 'https://files.example.com', cname: true });
    // Never CNAME without a pinned bucket (the record is refused elsewhere, see below).
    assert.deepStrictEqual(requestAddressing({ ...base, requestsViaCustomDomain: true, pinnedBucket: undefined }).cname, false);
  });

  it('refuses the option without a pinned bucket or a custom domain, with a clear message', () => {
    assert.strictEqual(customDomainRequestsProblem(base), undefined);
    assert.strictEqual(customDomainRequestsProblem({ ...base, requestsViaCustomDomain: true }), undefined);
    assert.match(customDomainRequestsProblem({ ...base, requestsViaCustomDomain: true, pinnedBucket: undefined }) ?? '', /needs a pinned bucket/);
    assert.match(customDomainRequestsProblem({ ...base, requestsViaCustomDomain: true, customDomain: undefined }) ?? '', /needs a custom domain/);
    assert.strictEqual(customDomainRequestsProblem({ ...base, pinnedBucket: undefined }), undefined, 'off: nothing to check');
  });

  it('the seed file refuses it too', () => {
    const seed = { name: 'S', region: 'cn-shanghai', authType: 'accessKey', accessKeyId: 'LTAI1', accessKeySecret: 'sk', customDomain: 'https://files.example.com/' };
    const ok = parseSeedConnection({ ...seed, pinnedBucket: 'my-bucket', requestsViaCustomDomain: true });
    assert.ok(typeof ok !== 'string', String(ok));
    assert.strictEqual(ok.record.requestsViaCustomDomain, true);
    assert.strictEqual(ok.record.customDomain, 'https://files.example.com');
    assert.match(parseSeedConnection({ ...seed, requestsViaCustomDomain: true }) as string, /"S": .*needs a pinned bucket/);
    assert.match(parseSeedConnection({ ...seed, pinnedBucket: 'my-bucket', requestsViaCustomDomain: 'yes' }) as string, /true or false/);
    assert.match(parseSeedConnection({ ...seed, customDomain: 'ftp://x' }) as string, /bad customDomain/);
  });
});
