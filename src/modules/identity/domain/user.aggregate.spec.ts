import { UserInactiveError } from './identity.errors';
import { User } from './user.aggregate';

const NOW = new Date('2030-01-01T10:00:00Z');
const registered = (emailVerified = false) => {
  const user = User.register(
    {
      id: 'u1',
      email: 'ada@example.com',
      username: 'ada',
      fullName: 'Ada',
      passwordHash: 'hash-1',
      role: 'user',
      emailVerified,
      via: 'admin',
    },
    NOW,
  );
  return User.rehydrate(user.id, 1, user.snapshot);
};
const events = (u: User) =>
  u.uncommittedEvents.map((e) => ({ type: e.type, payload: e.payload, previous: e.previous }));

describe('User', () => {
  it('registers active, verified only when told, and says how it came to be', () => {
    const user = User.register(
      {
        id: 'u1',
        email: 'ada@example.com',
        username: null,
        fullName: null,
        passwordHash: 'hash-1',
        role: 'admin',
        emailVerified: true,
        via: 'bootstrap',
      },
      NOW,
    );
    expect(user.snapshot).toMatchObject({
      isActive: true,
      isEmailVerified: true,
      emailVerifiedAt: NOW,
    });
    expect(user.uncommittedEvents[0]).toMatchObject({
      type: 'identity.user.registered.v1',
      payload: { email: 'ada@example.com', role: 'admin', via: 'bootstrap' },
    });
    expect(JSON.stringify(user.uncommittedEvents[0].payload)).not.toContain('hash-1');
    expect(registered(false).snapshot.emailVerifiedAt).toBeNull();
  });

  it('records only the profile fields that changed, with their old values', () => {
    const user = registered();
    user.changeProfile({ fullName: 'Ada', username: 'ada.l' });
    user.changeProfile({ fullName: 'Ada', username: 'ada.l' });
    expect(events(user)).toEqual([
      expect.objectContaining({ payload: { username: 'ada.l' }, previous: { username: 'ada' } }),
    ]);
    expect(user.snapshot.username).toBe('ada.l');
  });

  it('changes the password without putting the hash in the ledger; not on a deactivated account', () => {
    const user = registered();
    user.changePassword('hash-2', 'change');
    expect(user.snapshot.passwordHash).toBe('hash-2');
    expect(events(user)[0].payload).toEqual({ reason: 'change' });
    user.deactivate();
    expect(() => user.changePassword('hash-3', 'reset')).toThrow(UserInactiveError);
    expect(user.snapshot.passwordHash).toBe('hash-2');
  });

  it('verifies an email once, with the time', () => {
    const user = registered(false);
    user.verifyEmail(NOW);
    user.verifyEmail(new Date('2031-01-01T00:00:00Z'));
    expect(user.snapshot).toMatchObject({ isEmailVerified: true, emailVerifiedAt: NOW });
    expect(events(user).map((e) => e.type)).toEqual(['identity.user.email-verified.v1']);
  });

  it('deactivates and reactivates idempotently, each change with its old value', () => {
    const user = registered();
    user.deactivate();
    user.deactivate();
    expect(user.isActive).toBe(false);
    user.reactivate();
    user.reactivate();
    expect(events(user)).toEqual([
      expect.objectContaining({ payload: { isActive: false }, previous: { isActive: true } }),
      expect.objectContaining({ payload: { isActive: true }, previous: { isActive: false } }),
    ]);
  });

  it('changes role only when it differs', () => {
    const user = registered();
    user.changeRole('user');
    user.changeRole('support');
    expect(events(user)).toEqual([
      expect.objectContaining({ payload: { role: 'support' }, previous: { role: 'user' } }),
    ]);
  });

  it('refuses action tokens and logins for a deactivated account', () => {
    const user = registered();
    user.issueActionToken('password_reset', new Date('2030-01-01T11:00:00Z'));
    user.recordLogin('s1', 't1', NOW);
    expect(user.snapshot.lastLoginAt).toBe(NOW);
    user.deactivate();
    expect(() => user.issueActionToken('email_verification', NOW)).toThrow(UserInactiveError);
    expect(() => user.recordLogin('s2', null, NOW)).toThrow(UserInactiveError);
    expect(events(user).map((e) => e.type)).toEqual([
      'identity.user.action-token-issued.v1',
      'identity.user.logged-in.v1',
      'identity.user.deactivated.v1',
    ]);
  });
});
