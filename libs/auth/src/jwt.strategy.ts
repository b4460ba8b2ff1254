import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Actor } from '@opsledger/persistence';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DomainError } from '@opsledger/ddd';
import { ACCESS_TOKEN_AUDIENCE, AccessTokenClaims } from './access-token';
import { AccessRevocations } from './access-revocations';
import { KeyStore, SIGNING_ALG } from './key-store';
import { AUTH_OPTIONS, AuthOptions } from './token-issuer';

/**
 * Verifies bearer access tokens with passport-jwt, picking the public key by the token's
 * `kid` from the platform key set, so a rotation needs no restart of verifiers.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    keys: KeyStore,
    @Inject(AUTH_OPTIONS) options: AuthOptions,
    private readonly revocations: AccessRevocations,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: [SIGNING_ALG],
      issuer: options.issuer,
      audience: ACCESS_TOKEN_AUDIENCE,
      ignoreExpiration: false,
      secretOrKeyProvider: (
        _req: unknown,
        rawJwt: string,
        done: (err: unknown, key?: string | Buffer) => void,
      ) => {
        try {
          const header = JSON.parse(
            Buffer.from(rawJwt.split('.')[0], 'base64url').toString('utf8'),
          ) as { kid?: string };
          const key = header.kid ? keys.find(header.kid) : undefined;
          if (!key) return done(new Error('unknown signing key'));
          // jsonwebtoken accepts a KeyObject; handing it over skips a PEM export and re-parse per request.
          done(null, key.publicKey as unknown as string);
        } catch {
          done(new Error('malformed token'));
        }
      },
    });
  }

  /**
   * A token without `exp` would never end: refused. Then what was taken away since the
   * token was issued (AccessRevocations) is applied.
   */
  validate(claims: AccessTokenClaims & { exp?: unknown; jti?: string; client_id?: string }): Actor {
    if (typeof claims.exp !== 'number')
      throw new DomainError(
        'AUTH.TOKEN_REVOKED',
        'unauthorized',
        'invalid_token: the token has no expiry',
      );
    return this.revocations.admit(claims, {
      id: claims.sub,
      type: claims.typ === 'client' ? 'client' : 'user',
      tenantId: claims.tid ?? null,
      roles: Array.isArray(claims.roles) ? claims.roles : [],
      tenantRole: claims.trole ?? null,
      sessionId: claims.sid ?? null,
    });
  }
}
