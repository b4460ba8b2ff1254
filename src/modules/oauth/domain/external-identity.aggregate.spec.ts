import { DomainError } from '@opsledger/ddd';
import { ExternalIdentity } from './external-identity.aggregate';

const NOW = new Date('2030-01-01T10:00:00Z');
const link = (provider = 'auth0', subject = 'auth0|123') =>
  ExternalIdentity.link({ id: 'x1', userId: 'u1', provider, subject }, NOW);
const refusal = (fn: () => unknown): DomainError | undefined => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  return undefined;
};

describe('ExternalIdentity', () => {
  it('links an account at a provider to a user, in the ledger', () => {
    const identity = link();
    expect(identity.snapshot).toMatchObject({
      userId: 'u1',
      provider: 'auth0',
      subject: 'auth0|123',
      createdAt: NOW,
      unlinked: false,
    });
    expect(identity.uncommittedEvents[0]).toMatchObject({
      type: 'oauth.external-identity.linked.v1',
      payload: { userId: 'u1', provider: 'auth0', subject: 'auth0|123' },
    });
  });

  it.each([
    ['Auth0', 'auth0|1', 'provider'],
    ['', 'auth0|1', 'provider'],
    ['a'.repeat(51), 'auth0|1', 'provider'],
    ['auth0', '', 'subject'],
    ['auth0', 's'.repeat(256), 'subject'],
  ])('refuses provider %p / subject of %p naming %s (400)', (provider, subject, field) => {
    expect(refusal(() => link(provider, subject))).toMatchObject({
      code: 'OAUTH.INVALID_EXTERNAL_IDENTITY',
      kind: 'invalid_input',
      details: { field },
    });
  });

  it('accepts the longest provider and subject', () => {
    expect(() => link('a'.repeat(50), 's'.repeat(255))).not.toThrow();
  });

  it('unlinks once, naming what was unlinked', () => {
    const identity = ExternalIdentity.rehydrate('x1', 1, link().snapshot);
    identity.unlink();
    identity.unlink();
    expect(identity.snapshot.unlinked).toBe(true);
    expect(identity.uncommittedEvents.map((e) => [e.type, e.payload])).toEqual([
      [
        'oauth.external-identity.unlinked.v1',
        { userId: 'u1', provider: 'auth0', subject: 'auth0|123' },
      ],
    ]);
  });
});
