import { InvalidRefreshTokenError } from './identity.errors';
import { NewRefreshToken, Session } from './session.aggregate';

const T0 = new Date('2030-01-01T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;
const GRACE = 10_000;
const token = (n: number): NewRefreshToken => ({
  id: `row-${n}`,
  tokenId: `tok-${n}`,
  tokenHash: `hash-${n}`,
});

const started = () =>
  Session.start(
    {
      id: 's1',
      userId: 'u1',
      tenantId: 't1',
      sessionTokenHash: 'session-hash',
      ipAddress: '203.0.113.9',
      userAgent: 'jest',
      ttlMs: 24 * HOUR,
      token: token(1),
    },
    T0,
  );
const types = (s: Session) => s.uncommittedEvents.map((e) => e.type);
const tokenOf = (s: Session, tokenId: string) =>
  s.snapshot.tokens.find((t) => t.tokenId === tokenId)!;

describe('Session', () => {
  it('starts live with one active token that expires with the session', () => {
    const s = started();
    expect(s.isLive(at(HOUR))).toBe(true);
    expect(s.isLive(at(24 * HOUR))).toBe(false);
    expect(s.snapshot.tokens).toEqual([
      expect.objectContaining({
        tokenId: 'tok-1',
        isActive: true,
        dirty: 'new',
        expiresAt: at(24 * HOUR),
      }),
    ]);
    expect(types(s)).toEqual(['identity.session.started.v1']);
  });

  it('rotates: the presented token retires pointing at its successor, which is new and active', () => {
    const s = started();
    const outcome = s.rotate('tok-1', token(2), GRACE, at(HOUR));
    expect(outcome).toMatchObject({
      kind: 'rotated',
      successor: { tokenId: 'tok-2', isActive: true },
    });
    expect(tokenOf(s, 'tok-1')).toMatchObject({
      isActive: false,
      replacedBy: 'tok-2',
      rotatedAt: at(HOUR),
      dirty: 'changed',
    });
    expect(tokenOf(s, 'tok-2')).toMatchObject({ dirty: 'new', expiresAt: at(24 * HOUR) });
    expect(s.snapshot.lastUsedAt).toEqual(at(HOUR));
    expect(types(s)).toContain('identity.session.refreshed.v1');
  });

  it('answers a duplicate within the grace window with the same successor and no new token', () => {
    const s = started();
    s.rotate('tok-1', token(2), GRACE, at(HOUR));
    const again = s.rotate('tok-1', token(3), GRACE, at(HOUR + GRACE));
    expect(again).toMatchObject({ kind: 'duplicate', successor: { tokenId: 'tok-2' } });
    expect(s.snapshot.tokens.map((t) => t.tokenId)).toEqual(['tok-1', 'tok-2']);
    expect(s.isLive(at(HOUR + GRACE))).toBe(true);
  });

  it('treats a rotated token presented after the grace window as theft: the family is revoked', () => {
    const s = started();
    s.rotate('tok-1', token(2), GRACE, at(HOUR));
    const outcome = s.rotate('tok-1', token(3), GRACE, at(HOUR + GRACE + 1));
    expect(outcome).toEqual({ kind: 'reuse-detected' });
    expect(s.isLive(at(HOUR + GRACE + 1))).toBe(false);
    expect(s.snapshot.revokedReason).toBe('refresh_token_reuse');
    expect(tokenOf(s, 'tok-2')).toMatchObject({ isActive: false, revokedAt: at(HOUR + GRACE + 1) });
    expect(types(s).slice(-2)).toEqual([
      'identity.session.refresh-token-reuse-detected.v1',
      'identity.session.revoked.v1',
    ]);
    // and the successor is dead too
    expect(() => s.rotate('tok-2', token(4), GRACE, at(HOUR + GRACE + 2))).toThrow(
      InvalidRefreshTokenError,
    );
  });

  it('a grandparent token is reuse even inside the grace window (its successor is no longer live)', () => {
    const s = started();
    s.rotate('tok-1', token(2), GRACE, at(HOUR));
    s.rotate('tok-2', token(3), GRACE, at(HOUR + 1));
    expect(s.rotate('tok-1', token(4), GRACE, at(HOUR + 2))).toEqual({ kind: 'reuse-detected' });
  });

  it('refuses an unknown token, an expired session and a revoked one', () => {
    expect(() => started().rotate('tok-9', token(2), GRACE, at(HOUR))).toThrow(
      InvalidRefreshTokenError,
    );
    expect(() => started().rotate('tok-1', token(2), GRACE, at(24 * HOUR))).toThrow(
      InvalidRefreshTokenError,
    );
    const revoked = started();
    revoked.revoke('logout', at(HOUR));
    expect(() => revoked.rotate('tok-1', token(2), GRACE, at(HOUR + 1))).toThrow(
      InvalidRefreshTokenError,
    );
  });

  it('revokes once, deactivating every live token', () => {
    const s = started();
    s.revoke('logout', at(HOUR));
    s.revoke('again', at(2 * HOUR));
    expect(s.snapshot).toMatchObject({ revokedAt: at(HOUR), revokedReason: 'logout' });
    expect(tokenOf(s, 'tok-1')).toMatchObject({ isActive: false, revokedAt: at(HOUR) });
    expect(types(s).filter((t) => t === 'identity.session.revoked.v1')).toHaveLength(1);
  });

  it('switches tenant with the previous one in the event, and not to the same tenant', () => {
    const s = started();
    s.switchTenant('t1');
    expect(types(s)).toEqual(['identity.session.started.v1']);
    s.switchTenant('t2');
    expect(s.tenantId).toBe('t2');
    expect(s.uncommittedEvents.at(-1)).toMatchObject({
      payload: { userId: 'u1', tenantId: 't2' },
      previous: { tenantId: 't1' },
    });
  });

  it('rehydrates with copies of the tokens, so a rotation does not touch the caller’s state', () => {
    const state = started().snapshot;
    const copy = Session.rehydrate('s1', 3, { ...state, tokens: [...state.tokens] });
    copy.rotate('tok-1', token(2), GRACE, at(HOUR));
    expect(state.tokens[0].isActive).toBe(true);
    expect(copy.version).toBe(3);
  });
});
