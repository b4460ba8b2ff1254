import { DomainError } from '@opsledger/ddd';
import { Membership } from './membership.aggregate';
import { TenantRole } from './platform-role';

const NOW = new Date('2030-01-01T00:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const add = (role: TenantRole = 'member', expiresAt: Date | null = null) =>
  Membership.add({ id: 'm1', userId: 'u1', tenantId: 't1', role, expiresAt }, NOW);
const stored = (role: TenantRole, isDefault = false, expiresAt: Date | null = null) =>
  Membership.rehydrate('m1', 3, {
    userId: 'u1',
    tenantId: 't1',
    role,
    isDefault,
    joinedAt: NOW,
    expiresAt,
    removed: false,
  });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return undefined;
};

describe('Membership', () => {
  it('is added with a versioned event, not as the default', () => {
    const m = add('admin', later(60_000));
    expect(m.uncommittedEvents[0]).toMatchObject({
      type: 'identity.membership.added.v1',
      payload: {
        userId: 'u1',
        tenantId: 't1',
        role: 'admin',
        isDefault: false,
        expiresAt: later(60_000).toISOString(),
      },
    });
  });

  it('refuses an expiry that is not in the future, naming expiresAt', () => {
    expect(() => add('member', NOW)).toThrow(
      expect.objectContaining({
        code: 'IDENTITY.EXPIRY_NOT_IN_FUTURE',
        details: expect.objectContaining({ field: 'expiresAt' }),
      }),
    );
    expect(codeOf(() => stored('member').changeExpiry(later(-1), 0, NOW))).toBe(
      'IDENTITY.EXPIRY_NOT_IN_FUTURE',
    );
  });

  it('never demotes, expires or removes the last live owner', () => {
    expect(codeOf(() => stored('owner').changeRole('admin', 0))).toBe('IDENTITY.LAST_OWNER');
    expect(codeOf(() => stored('owner').remove(0))).toBe('IDENTITY.LAST_OWNER');
    expect(codeOf(() => stored('owner').changeExpiry(later(1000), 0, NOW))).toBe(
      'IDENTITY.LAST_OWNER',
    );
    const m = stored('owner');
    m.changeRole('admin', 1);
    expect(m.uncommittedEvents[0]).toMatchObject({
      type: 'identity.membership.role-changed.v1',
      payload: { role: 'admin' },
      previous: { role: 'owner' },
    });
  });

  it('lets non-owners go whatever the owner count', () => {
    const m = stored('viewer');
    m.changeRole('dispatcher', 0);
    m.remove(0);
    expect(m.snapshot.removed).toBe(true);
    expect(m.uncommittedEvents.map((e) => e.type)).toEqual([
      'identity.membership.role-changed.v1',
      'identity.membership.removed.v1',
    ]);
    expect(codeOf(() => m.changeRole('member', 0))).toBe('IDENTITY.MEMBERSHIP_REMOVED');
  });

  it('records expiry changes with the previous value and ignores the same expiry', () => {
    const m = stored('member', false, later(5000));
    m.changeExpiry(later(5000), 0, NOW);
    m.changeExpiry(null, 0, NOW);
    expect(m.uncommittedEvents).toHaveLength(1);
    expect(m.uncommittedEvents[0]).toMatchObject({
      payload: { expiresAt: null },
      previous: { expiresAt: later(5000).toISOString() },
    });
  });

  it('becomes the default only while live, and clears it with a paired event', () => {
    expect(codeOf(() => stored('member', false, later(-1000)).makeDefault(NOW))).toBe(
      'AUTH.MEMBERSHIP_EXPIRED',
    );
    const m = stored('member');
    m.makeDefault(NOW);
    m.makeDefault(NOW);
    m.clearDefault();
    m.clearDefault();
    expect(m.uncommittedEvents.map((e) => [e.type, e.previous])).toEqual([
      ['identity.membership.made-default.v1', { isDefault: false }],
      ['identity.membership.default-cleared.v1', { isDefault: true }],
    ]);
  });
});
