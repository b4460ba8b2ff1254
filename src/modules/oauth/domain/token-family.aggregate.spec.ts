import { StartFamilyProps, TokenFamily } from './token-family.aggregate';

const start = (now = new Date()) =>
  TokenFamily.start(
    {
      id: 'f-1',
      clientId: 'c-1',
      userId: 'u-1',
      tenantId: null,
      grantType: 'authorization_code',
      scopes: ['openid', 'offline_access'],
      audience: ['opsledger-api'],
      sessionId: 's-1',
      authTime: now,
      authorizationCodeId: 'code-1',
      ttlMs: 86_400_000,
      accessToken: { id: 'a-1', tokenHash: 'ah1', expiresAt: new Date(now.getTime() + 900_000) },
      refreshToken: { id: 'r-1', tokenHash: 'rh1' },
    } satisfies StartFamilyProps,
    now,
  );
const access = (id: string) => ({
  id,
  tokenHash: `h-${id}`,
  expiresAt: new Date(Date.now() + 900_000),
});

describe('TokenFamily', () => {
  it('rotates: the presented token is replaced by its successor', () => {
    const family = start();
    const outcome = family.refresh('r-1', { id: 'r-2', tokenHash: 'rh2' }, access('a-2'), 10_000);
    expect(outcome.kind).toBe('rotated');
    const presented = family.snapshot.refreshTokens.find((t) => t.id === 'r-1')!;
    expect(presented).toMatchObject({ replacedBy: 'r-2' });
    expect(presented.rotatedAt).not.toBeNull();
  });

  it('answers a duplicate inside the grace window with the same successor', () => {
    const now = new Date();
    const family = start(now);
    family.refresh('r-1', { id: 'r-2', tokenHash: 'rh2' }, access('a-2'), 10_000, now);
    const again = family.refresh(
      'r-1',
      { id: 'r-3', tokenHash: 'rh3' },
      access('a-3'),
      10_000,
      new Date(now.getTime() + 5_000),
    );
    expect(again).toMatchObject({ kind: 'duplicate', successor: { id: 'r-2' } });
    expect(family.isLive()).toBe(true);
  });

  it('revokes the whole family when a rotated token comes back after the grace window', () => {
    const now = new Date();
    const family = start(now);
    family.refresh('r-1', { id: 'r-2', tokenHash: 'rh2' }, access('a-2'), 10_000, now);
    const reuse = family.refresh(
      'r-1',
      { id: 'r-3', tokenHash: 'rh3' },
      access('a-3'),
      10_000,
      new Date(now.getTime() + 11_000),
    );
    expect(reuse.kind).toBe('reuse-detected');
    expect(family.isLive()).toBe(false);
    expect(family.snapshot.revokedReason).toBe('refresh_token_reuse');
    expect(family.snapshot.refreshTokens.every((t) => t.revokedAt !== null)).toBe(true);
    expect(family.uncommittedEvents.map((e) => e.type)).toContain(
      'oauth.token-family.refresh-token-reuse-detected.v1',
    );
    expect(() =>
      family.refresh('r-2', { id: 'r-4', tokenHash: 'rh4' }, access('a-4'), 10_000),
    ).toThrow(/invalid, expired or revoked/);
  });

  it('revokes one access token alone', () => {
    const family = start();
    family.revokeAccessToken('a-1');
    expect(family.isLive()).toBe(true);
    expect(family.snapshot.accessTokens[0].revokedAt).not.toBeNull();
  });
});
