import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, AccessTokenClaims } from './access-token';
import { KeyStore, SIGNING_ALG } from './key-store';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export interface AuthOptions {
  issuer: string;
  accessTokenTtlSeconds: number;
}

/** Signs short-lived access tokens with the active platform key. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly keys: KeyStore,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  get issuer(): string {
    return this.options.issuer;
  }

  get accessTokenTtlSeconds(): number {
    return this.options.accessTokenTtlSeconds;
  }

  async issueAccessToken(
    claims: AccessTokenClaims,
    audience: string | string[] = ACCESS_TOKEN_AUDIENCE,
  ): Promise<string> {
    const key = this.keys.active;
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(this.options.issuer)
      .setAudience(audience)
      .setSubject(claims.sub)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${this.options.accessTokenTtlSeconds}s`)
      .sign(key.privateKey);
  }
}
