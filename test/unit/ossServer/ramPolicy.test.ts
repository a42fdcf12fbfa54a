/** The local server's RAM policy evaluator (test/support/ramPolicy.ts), which the share tests rely on. */
import * as assert from 'node:assert/strict';
import { allowedByAll, evaluatePolicy, ipInRange, policyGrammarProblem, type RequestFacts } from '../../support/ramPolicy';

const R = 'acs:oss:cn-hangzhou:1234:bkt';
const facts = (action: string, resource: string, context: Record<string, string | undefined> = {}): RequestFacts => ({ action, resource, context });
const policy = (...Statement: unknown[]): string => JSON.stringify({ Version: '1', Statement });

describe('ossServer: RAM policy evaluation', () => {
  it('needs an explicit Allow; a Deny wins; every policy must allow', () => {
    const allow = policy({ Effect: 'Allow', Action: 'oss:Get*', Resource: `acs:oss:*:*:bkt/docs/*` });
    assert.equal(evaluatePolicy(allow, facts('oss:GetObject', `${R}/docs/a`)), 'allow');
    assert.equal(evaluatePolicy(allow, facts('OSS:getobject', `${R}/docs/a`)), 'allow', 'actions ignore case');
    assert.equal(evaluatePolicy(allow, facts('oss:GetObject', `${R}/Docs/a`)), 'none', 'resources do not');
    assert.equal(evaluatePolicy(allow, facts('oss:PutObject', `${R}/docs/a`)), 'none');
    const deny = policy(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'oss:DeleteObject', Resource: 'acs:oss:*:*:bkt/docs/?' },
    );
    assert.equal(evaluatePolicy(deny, facts('oss:DeleteObject', `${R}/docs/a`)), 'deny');
    assert.equal(evaluatePolicy(deny, facts('oss:DeleteObject', `${R}/docs/ab`)), 'allow', '? is one character');
    assert.equal(allowedByAll([allow, deny], facts('oss:GetObject', `${R}/docs/a`)), true);
    assert.equal(allowedByAll([allow, deny], facts('oss:ListObjects', R)), false);
  });

  it('conditions: every operator and key must hold, values are alternatives, absent keys fail positive tests', () => {
    const p = policy({
      Effect: 'Allow', Action: 'oss:ListObjects', Resource: 'acs:oss:*:*:bkt',
      Condition: { StringLike: { 'oss:Prefix': ['docs/*', 'pub/*'] }, NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } },
    });
    assert.equal(evaluatePolicy(p, facts('oss:ListObjects', R, { 'oss:prefix': 'pub/x', 'acs:sourceip': '127.0.0.1' })), 'allow');
    assert.equal(evaluatePolicy(p, facts('oss:ListObjects', R, { 'oss:prefix': 'pub/x', 'acs:sourceip': '10.2.3.4' })), 'none');
    assert.equal(evaluatePolicy(p, facts('oss:ListObjects', R, { 'oss:prefix': 'other/', 'acs:sourceip': '127.0.0.1' })), 'none');
    assert.equal(evaluatePolicy(p, facts('oss:ListObjects', R, { 'acs:sourceip': '127.0.0.1' })), 'none');
    const eq = policy({ Effect: 'Allow', Action: 'oss:ListObjects', Resource: '*', Condition: { StringEquals: { 'OSS:PREFIX': 'a.txt' }, Unknown: { x: 'y' } } });
    assert.equal(evaluatePolicy(eq, facts('oss:ListObjects', R, { 'oss:prefix': 'a.txt', x: 'y' })), 'none', 'an unknown operator never holds');
  });

  it('IP ranges: IPv4, IPv6 and IPv4-mapped addresses', () => {
    assert.ok(ipInRange('192.168.1.9', '192.168.0.0/16'));
    assert.ok(!ipInRange('192.169.1.9', '192.168.0.0/16'));
    assert.ok(ipInRange('::ffff:127.0.0.1', '127.0.0.1'));
    assert.ok(ipInRange('2001:db8::5', '2001:db8::/32'));
    assert.ok(!ipInRange('2001:db9::5', '2001:db8::/32'));
    assert.ok(!ipInRange('127.0.0.1', '::1'));
  });

  it('grammar problems the fake STS refuses', () => {
    assert.equal(policyGrammarProblem(policy({ Effect: 'Allow', Action: ['oss:GetObject'], Resource: ['*'] })), undefined);
    assert.ok(policyGrammarProblem('{'));
    assert.ok(policyGrammarProblem(JSON.stringify({ Version: '1', Statement: [] })));
    assert.ok(policyGrammarProblem(policy({ Effect: 'Allow', Action: 'GetObject', Resource: '*' })));
    assert.ok(policyGrammarProblem(policy({ Effect: 'Allow', Action: 'oss:GetObject' })));
    assert.ok(policyGrammarProblem(policy({ Effect: 'Allow', Action: 'oss:GetObject', Resource: '*', Condition: { StringLike: 'x' } })));
  });
});
