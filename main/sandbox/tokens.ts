/**
 * Auth tokens shaped like KAZOO's RS256 JWTs (header, claims with `exp`, signature) so clients
 * can read `exp` from the payload; the sandbox signs them with HMAC since nobody verifies the
 * signature but the sandbox itself.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';

export interface TokenClaims {
  account_id: string;
  owner_id?: string;
  method: 'cb_api_auth' | 'cb_user_auth';
  iss: 'kazoo';
  iat: number;
  exp: number;
  identity_sig: string;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

const HEADER = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'sandbox' }));

/** Verified signatures are remembered so the HMAC runs once per token, not once per request. */
const VERIFIED_CACHE_SIZE = 1_000;

export class TokenIssuer {
  private readonly verified = new Map<string, TokenClaims>();

  constructor(
    private readonly secret: string,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly ttlSeconds: () => number,
  ) {}

  issue(claims: Pick<TokenClaims, 'account_id' | 'owner_id' | 'method'>): { token: string; claims: TokenClaims } {
    const iat = Math.floor(this.clock.now() / 1000);
    const full: TokenClaims = {
      ...claims,
      iss: 'kazoo',
      iat,
      exp: iat + this.ttlSeconds(),
      identity_sig: this.sign(`${claims.account_id}/${claims.owner_id ?? ''}`).slice(0, 22),
    };
    const body = `${HEADER}.${base64url(JSON.stringify(full))}`;
    return { token: `${body}.${this.sign(body)}`, claims: full };
  }

  /** The claims of a token this sandbox issued and that has not expired; otherwise undefined. */
  verify(token: string): TokenClaims | undefined {
    const claims = this.verified.get(token) ?? this.checkSignature(token);
    return claims && claims.exp > this.clock.now() / 1000 ? claims : undefined;
  }

  private checkSignature(token: string): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header = '', payload = '', signature = ''] = parts;
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return undefined;
    }
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  private sign(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url');
  }
}
