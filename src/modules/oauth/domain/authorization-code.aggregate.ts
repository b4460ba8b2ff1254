import { AggregateRoot } from '@opsledger/ddd';
import {
  AuthorizationCodeIssuedEvent,
  AuthorizationCodeRedeemedEvent,
  AuthorizationCodeReplayedEvent,
} from './events/authorization.events';
import { invalidGrant } from './oauth.errors';
import { verifiesS256 } from './pkce';

/** Short-lived on purpose (RFC 9700 recommends well under 10 minutes); redeemed once. */
export const AUTHORIZATION_CODE_TTL_MS = 60_000;

export interface AuthorizationCodeState {
  codeHash: string;
  clientId: string;
  userId: string;
  tenantId: string | null;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | null;
  nonce: string | null;
  audience: string[];
  sessionId: string;
  authTime: Date;
  expiresAt: Date;
  usedAt: Date | null;
  familyId: string | null;
  createdAt: Date;
}

export type IssueCodeProps = Omit<
  AuthorizationCodeState,
  'expiresAt' | 'usedAt' | 'familyId' | 'createdAt'
> & { id: string };

export interface RedemptionRequest {
  clientId: string;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
}

export type RedemptionOutcome =
  { kind: 'redeemed' } | { kind: 'replayed'; familyId: string | null };

/** An authorization code (spec 001 `oauth_authorization_codes`): single use, bound to client, redirect URI and PKCE challenge. */
export class AuthorizationCode extends AggregateRoot {
  readonly streamType = 'oauth-authorization-code';

  private constructor(
    id: string,
    version: number,
    private state: AuthorizationCodeState,
  ) {
    super(id, version);
  }

  static issue(props: IssueCodeProps, now = new Date()): AuthorizationCode {
    const { id, ...rest } = props;
    const expiresAt = new Date(now.getTime() + AUTHORIZATION_CODE_TTL_MS);
    const code = new AuthorizationCode(id, 0, {
      ...rest,
      expiresAt,
      usedAt: null,
      familyId: null,
      createdAt: now,
    });
    code.record(
      new AuthorizationCodeIssuedEvent(id, {
        clientId: rest.clientId,
        userId: rest.userId,
        tenantId: rest.tenantId,
        sessionId: rest.sessionId,
        scopes: [...rest.scopes],
        audience: [...rest.audience],
        redirectUri: rest.redirectUri,
        pkce: rest.codeChallenge !== null,
        expiresAt: expiresAt.toISOString(),
      }),
    );
    return code;
  }

  static rehydrate(id: string, version: number, state: AuthorizationCodeState): AuthorizationCode {
    return new AuthorizationCode(id, version, { ...state });
  }

  get snapshot(): Readonly<AuthorizationCodeState> {
    return this.state;
  }

  /**
   * Redeems the code for `familyId`. A code presented again after its redemption is a
   * replay: recorded, and the caller revokes what the first redemption produced. Every
   * other mismatch is an invalid_grant that changes nothing.
   */
  redeem(request: RedemptionRequest, familyId: string, now = new Date()): RedemptionOutcome {
    const s = this.state;
    if (request.clientId !== s.clientId)
      throw invalidGrant('The authorization code was not issued to this client');
    if (s.usedAt) {
      this.record(
        new AuthorizationCodeReplayedEvent(this.id, { clientId: s.clientId, familyId: s.familyId }),
      );
      return { kind: 'replayed', familyId: s.familyId };
    }
    if (s.expiresAt <= now) throw invalidGrant('The authorization code has expired');
    if (request.redirectUri !== s.redirectUri)
      throw invalidGrant('redirect_uri does not match the one of the authorization request');
    if (s.codeChallenge) {
      if (!request.codeVerifier)
        throw invalidGrant(
          'code_verifier is required: the authorization request carried a code_challenge',
        );
      if (!verifiesS256(request.codeVerifier, s.codeChallenge))
        throw invalidGrant('code_verifier does not match the code_challenge');
    } else if (request.codeVerifier) {
      // RFC 9700 §2.1.1: a verifier without a challenge is a PKCE downgrade attempt.
      throw invalidGrant(
        'code_verifier was sent but the authorization request carried no code_challenge',
      );
    }
    this.state = { ...s, usedAt: now, familyId };
    this.record(new AuthorizationCodeRedeemedEvent(this.id, { clientId: s.clientId, familyId }));
    return { kind: 'redeemed' };
  }
}
