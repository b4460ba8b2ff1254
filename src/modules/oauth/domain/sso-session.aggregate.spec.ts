import { SSO_SESSION_TTL_MS, SsoSession } from './sso-session.aggregate';

const NOW = new Date('2030-01-01T10:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const started = () =>
  SsoSession.start({ id: 'sid-1', userId: 'u1', ipAddress: '203.0.113.9', userAgent: 'jest' }, NOW);

describe('SsoSession', () => {
  it('starts at the sign-in time and lives SSO_SESSION_TTL_MS', () => {
    const s = started();
    expect(s.snapshot).toMatchObject({
      authTime: NOW,
      expiresAt: at(SSO_SESSION_TTL_MS),
      endedAt: null,
    });
    expect(s.isLive(at(SSO_SESSION_TTL_MS - 1))).toBe(true);
    expect(s.isLive(at(SSO_SESSION_TTL_MS))).toBe(false);
    expect(s.uncommittedEvents[0]).toMatchObject({
      type: 'oauth.session.started.v1',
      payload: {
        userId: 'u1',
        authTime: NOW.toISOString(),
        expiresAt: at(SSO_SESSION_TTL_MS).toISOString(),
      },
    });
  });

  it('ends once, with the reason and the client that asked, and is then no longer live', () => {
    const s = SsoSession.rehydrate('sid-1', 1, started().snapshot);
    s.end('rp_logout', 'client-1', at(1000));
    s.end('again', null, at(2000));
    expect(s.isLive(at(1000))).toBe(false);
    expect(s.snapshot).toMatchObject({ endedAt: at(1000), endReason: 'rp_logout' });
    expect(s.uncommittedEvents.map((e) => [e.type, e.payload])).toEqual([
      ['oauth.session.ended.v1', { userId: 'u1', reason: 'rp_logout', clientId: 'client-1' }],
    ]);
  });
});
