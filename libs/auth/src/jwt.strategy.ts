import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Actor } from '@opsledger/persistence';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DomainError } from '@opsledger/ddd';
import { ACCESS_TOKEN_AUDIENCE, BearerClaims } from './access-token';
import { AccessRevocations } from './access-revocations';
import { KeyStore, SIGNING_ALG } from './key-store';
import { AUTH_OPTIONS, AuthOptions } from './token-issuer';

type VerifiedClaims = BearerClaims & { exp: number };

/** Verified tokens remembered; the oldest is forgotten first past this many. */
const MAX_VERIFIED = 10_000;

/**
 * Verifies bearer access tokens with passport-jwt, picking the public key by the token's
 * `kid` from the platform key set, so a rotation needs no restart of verifiers.
 *
 * A token verified once is remembered, by its exact text, until it expires: the same string
 * can only be a token whose signature was checked, so the next request with it skips the
 * signature check (ECDSA verification and passport's flow were about a fifth of a GET's
 * CPU). What can change is checked on every request as before: expiry, the signing key
 * still in the key set (a retired key ends its tokens), and AccessRevocations.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly verified = new Map<string, { claims: VerifiedClaims; kid: string }>();

  constructor(
    private readonly keys: KeyStore,
    @Inject(AUTH_OPTIONS) options: AuthOptions,
    private readonly revocations: AccessRevocations,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      passReqToCallback: true,
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
          const kid = kidOf(rawJwt);
          const key = kid ? keys.find(kid) : undefined;
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
   * The actor of a token verified before, still unexpired and signed by a key still in the
   * key set, with what was taken away since applied; undefined when it must be verified.
   */
  admitVerified(token: string): Actor | undefined {
    const known = this.verified.get(token);
    if (!known) return undefined;
    if (Date.now() >= known.claims.exp * 1000 || !this.keys.find(known.kid)) {
      this.verified.delete(token);
      return undefined;
    }
    return this.admit(known.claims);
  }

  /**
   * A token without `exp` would never end: refused. Then what was taken away since the
   * token was issued (AccessRevocations) is applied.
   */
  validate(request: { headers: Record<string, unknown> }, claims: BearerClaims): Actor {
    if (typeof claims.exp !== 'number')
      throw new DomainError(
        'AUTH.TOKEN_REVOKED',
        'unauthorized',
        'invalid_token: the token has no expiry',
      );
    const verified = claims as VerifiedClaims;
    const token = bearerTokenOf(request.headers.authorization);
    if (token) this.remember(token, verified);
    return this.admit(verified);
  }

  private admit(claims: VerifiedClaims): Actor {
    return this.revocations.admit(claims, {
      id: claims.sub,
      type: claims.typ === 'client' ? 'client' : 'user',
      tenantId: claims.tid ?? null,
      roles: Array.isArray(claims.roles) ? claims.roles : [],
      tenantRole: claims.trole ?? null,
      sessionId: claims.sid ?? null,
    });
  }

  private remember(token: string, claims: VerifiedClaims): void {
    const kid = kidOf(token);
    if (!kid) return;
    if (this.verified.size >= MAX_VERIFIED) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { claims, kid });
  }
}

/** The `kid` of a compact JWS's protected header (throws on a malformed header). */
function kidOf(token: string): string | undefined {
  return (
    JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as {
      kid?: string;
    }
  ).kid;
}

/** The bearer token of an Authorization header, as passport-jwt extracts it. */
export function bearerTokenOf(header: unknown): string | null {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return match ? match[1] : null;
}
