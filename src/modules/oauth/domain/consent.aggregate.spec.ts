import { Consent } from './consent.aggregate';

describe('Consent', () => {
  it('covers the scopes given, adds new ones, and starts afresh after a revocation', () => {
    const consent = Consent.give({
      id: 'k',
      userId: 'u',
      clientId: 'c',
      scopes: ['openid', 'email'],
    });
    expect(consent.covers(['openid'])).toBe(true);
    expect(consent.covers(['openid', 'profile'])).toBe(false);
    consent.grant(['profile']);
    expect(consent.snapshot.scopes).toEqual(['openid', 'email', 'profile']);
    consent.grant(['email']);
    expect(consent.uncommittedEvents).toHaveLength(2);
    consent.revoke('user');
    expect(consent.covers(['openid'])).toBe(false);
    consent.grant(['openid']);
    expect(consent.snapshot.scopes).toEqual(['openid']);
    expect(consent.uncommittedEvents.map((e) => e.type)).toEqual([
      'oauth.consent.granted.v1',
      'oauth.consent.granted.v1',
      'oauth.consent.revoked.v1',
      'oauth.consent.granted.v1',
    ]);
  });
});
