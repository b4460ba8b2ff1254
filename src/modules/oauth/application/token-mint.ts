import { Injectable } from '@nestjs/common';
import { AccessTokenClaims, KeyStore, SIGNING_ALG, TokenIssuer } from '@opsledger/auth';
import { compactVerify, decodeJwt, decodeProtectedHeader, JWTPayload, SignJWT } from 'jose';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from './client-secrets';

/** Claims our OAuth access tokens carry beside the platform's (RFC 9068). */
export interface OAuthAccessTokenClaims extends AccessTokenClaims {
  client_id: string;
  auth_time?: number;
}

export interface MintedAccessToken {
  token: string;
  /** The `jti`, which is also the row id in oauth_access_tokens. */
  id: string;
  tokenHash: string;
  expiresAt: Date;
}

export interface IssuedRefreshToken {
  /** What the client gets, `<id>.<secret>`; never stored. */
  plaintext: string;
  id: string;
  tokenHash: string;
}

const REFRESH_FORMAT =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/**
 * Every token the provider hands out, signed with the platform's key set (the same keys
 * `/.well-known/jwks.json` publishes and the API's bearer strategy verifies).
 */
@Injectable()
export class TokenMint {
  private successorKey: Buffer | null = null;

  constructor(
    private readonly issuer: TokenIssuer,
    private readonly keys: KeyStore,
  ) {}

  get issuerUrl(): string {
    return this.issuer.issuer;
  }

  get accessTokenTtlSeconds(): number {
    return this.issuer.accessTokenTtlSeconds;
  }

  async accessToken(
    claims: OAuthAccessTokenClaims,
    audience: string[],
  ): Promise<MintedAccessToken> {
    const token = await this.issuer.issueAccessToken(
      claims,
      audience.length === 1 ? audience[0] : audience,
    );
    const { jti, exp } = decodeJwt(token);
    return {
      token,
      id: String(jti),
      tokenHash: sha256Hex(token),
      expiresAt: new Date(Number(exp) * 1000),
    };
  }

  /** OpenID Connect Core §2 and §3.1.3.6: audience is the client, at_hash binds the access token. */
  async idToken(args: {
    userId: string;
    clientId: string;
    accessToken: string;
    nonce: string | null;
    authTime: Date | null;
    sessionId: string | null;
    claims: Record<string, unknown>;
  }): Promise<string> {
    const key = this.keys.active;
    const digest = createHash('sha256').update(args.accessToken).digest();
    return new SignJWT({
      ...args.claims,
      at_hash: digest.subarray(0, digest.length / 2).toString('base64url'),
      ...(args.nonce ? { nonce: args.nonce } : {}),
      ...(args.authTime ? { auth_time: Math.floor(args.authTime.getTime() / 1000) } : {}),
      ...(args.sessionId ? { sid: args.sessionId } : {}),
    })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
      .setIssuer(this.issuer.issuer)
      .setSubject(args.userId)
      .setAudience(args.clientId)
      .setIssuedAt()
      .setExpirationTime(`${this.issuer.accessTokenTtlSeconds}s`)
      .sign(key.privateKey);
  }

  refreshToken(): IssuedRefreshToken {
    return this.buildRefresh(randomUUID(), randomBytes(32).toString('base64url'));
  }

  /**
   * A successor's secret is an HMAC of its predecessor's under a server key: a duplicate
   * refresh inside the grace window gets the same successor without any plaintext stored.
   */
  successorOf(presentedSecret: string, successorId: string = randomUUID()): IssuedRefreshToken {
    this.successorKey ??= this.keys.deriveSecret('oauth-refresh-token-successor');
    return this.buildRefresh(
      successorId,
      createHmac('sha256', this.successorKey).update(presentedSecret).digest('base64url'),
    );
  }

  parseRefreshToken(plaintext: string): { id: string; secret: string } | null {
    const match = REFRESH_FORMAT.exec(plaintext);
    return match ? { id: match[1], secret: match[2] } : null;
  }

  /**
   * Verifies a token's signature against the key set and its issuer, without judging its
   * lifetime (an expired id_token_hint is still a hint; revocation must accept expired
   * tokens). `typ` is checked so an id_token is never taken for an access token.
   */
  async verifySignature(token: string, typ: 'at+jwt' | 'JWT'): Promise<JWTPayload | null> {
    try {
      const header = decodeProtectedHeader(token);
      const key = typeof header.kid === 'string' ? this.keys.find(header.kid) : undefined;
      if (!key || header.alg !== SIGNING_ALG || (header.typ ?? 'JWT') !== typ) return null;
      const { payload } = await compactVerify(token, key.publicKey);
      const claims = JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
      return claims.iss === this.issuer.issuer ? claims : null;
    } catch {
      return null;
    }
  }

  private buildRefresh(id: string, secret: string): IssuedRefreshToken {
    return { plaintext: `${id}.${secret}`, id, tokenHash: sha256Hex(secret) };
  }
}
