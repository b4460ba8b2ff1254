import { AuthorizationCode, IssueCodeProps } from './authorization-code.aggregate';
import { OAuthProtocolError } from './oauth.errors';
import { s256Challenge } from './pkce';

const verifier = 'v'.repeat(43);
const base = (overrides: Partial<IssueCodeProps> = {}): IssueCodeProps => ({
  id: 'code-1',
  codeHash: 'h',
  clientId: 'client-1',
  userId: 'user-1',
  tenantId: null,
  redirectUri: 'https://app.example.com/cb',
  scopes: ['openid'],
  codeChallenge: s256Challenge(verifier),
  codeChallengeMethod: 'S256',
  nonce: 'n',
  audience: ['opsledger-api'],
  sessionId: 's-1',
  authTime: new Date(),
  ...overrides,
});
const request = {
  clientId: 'client-1',
  redirectUri: 'https://app.example.com/cb',
  codeVerifier: verifier,
};
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as OAuthProtocolError).error;
  }
  return undefined;
};

describe('AuthorizationCode', () => {
  it('expires after 60 seconds', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const code = AuthorizationCode.issue(base(), now);
    expect(code.snapshot.expiresAt.getTime() - now.getTime()).toBe(60_000);
    expect(errorOf(() => code.redeem(request, 'f-1', new Date(now.getTime() + 60_000)))).toBe(
      'invalid_grant',
    );
  });

  it('is redeemed once; a second presentation is a replay naming the family to revoke', () => {
    const code = AuthorizationCode.issue(base());
    expect(code.redeem(request, 'f-1')).toEqual({ kind: 'redeemed' });
    expect(code.redeem(request, 'f-2')).toEqual({ kind: 'replayed', familyId: 'f-1' });
    expect(code.uncommittedEvents.map((e) => e.type)).toEqual([
      'oauth.authorization-code.issued.v1',
      'oauth.authorization-code.redeemed.v1',
      'oauth.authorization-code.replayed.v1',
    ]);
  });

  it.each([
    ['another client', { clientId: 'client-2' }],
    ['another redirect URI', { redirectUri: 'https://app.example.com/cb2' }],
    ['no redirect URI', { redirectUri: undefined }],
    ['no verifier', { codeVerifier: undefined }],
    ['a wrong verifier', { codeVerifier: 'w'.repeat(43) }],
    ['a malformed verifier', { codeVerifier: 'short' }],
  ])('refuses %s with invalid_grant and stays unused', (_name, change) => {
    const code = AuthorizationCode.issue(base());
    expect(errorOf(() => code.redeem({ ...request, ...change }, 'f-1'))).toBe('invalid_grant');
    expect(code.snapshot.usedAt).toBeNull();
    expect(code.redeem(request, 'f-1').kind).toBe('redeemed');
  });

  it('refuses a verifier when no challenge was sent (PKCE downgrade)', () => {
    const code = AuthorizationCode.issue(base({ codeChallenge: null, codeChallengeMethod: null }));
    expect(errorOf(() => code.redeem(request, 'f-1'))).toBe('invalid_grant');
    expect(code.redeem({ ...request, codeVerifier: undefined }, 'f-1').kind).toBe('redeemed');
  });
});
