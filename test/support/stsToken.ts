/**
 * What a fake STS security token carries (dev tooling, never bundled): the role, its own policy and
 * the session policy given to AssumeRole, so that the local OSS server can enforce them from the
 * token alone, as OSS does with real tokens. The token is `CAIS` + base64url(JSON). The server only
 * trusts it after matching the whole token against the credential it was registered with, so
 * editing the token to widen it makes it invalid (InvalidSecurityToken).
 */
import { randomBytes } from 'node:crypto';

export interface StsTokenClaims {
  roleArn: string;
  /** The role's own policy; undefined = the role may do anything in OSS. */
  rolePolicy?: string;
  /** AssumeRole's Policy parameter; undefined = the role's rights unchanged. */
  sessionPolicy?: string;
}

const PREFIX = 'CAIS';

export function encodeStsToken(claims: StsTokenClaims): string {
  const body = { v: 1, n: randomBytes(16).toString('base64url'), arn: claims.roleArn, rp: claims.rolePolicy, sp: claims.sessionPolicy };
  return PREFIX + Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The claims of a token minted by encodeStsToken, or undefined for any other token. */
export function decodeStsToken(token: string): StsTokenClaims | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  try {
    const body = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')) as Record<string, unknown>;
    if (body.v !== 1 || typeof body.arn !== 'string') return undefined;
    const opt = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    return { roleArn: body.arn, rolePolicy: opt(body.rp), sessionPolicy: opt(body.sp) };
  } catch {
    return undefined;
  }
}
