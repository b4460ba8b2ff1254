import type { Actor } from '@opsledger/persistence';
import { AccessRevocation, AccessRevocations, REVOCATION_SKEW_MS } from './access-revocations';

describe('AccessRevocations', () => {
  const TTL_S = 900;
  let set: AccessRevocations;
  let id = 0;
  const change = (c: Partial<AccessRevocation>): AccessRevocation => ({
    id: ++id,
    kind: 'session',
    subject: 's1',
    tenantId: null,
    value: null,
    changedAt: Date.now(),
    ...c,
  });
  const actor: Actor = {
    id: 'u1',
    type: 'user',
    tenantId: 't1',
    roles: ['user'],
    tenantRole: 'dispatcher',
    sessionId: 's1',
  };
  const claims = { sub: 'u1', jti: 'j1', sid: 's1', tid: 't1', typ: 'user' as const };

  beforeEach(() => {
    set = new AccessRevocations({ issuer: 'x', accessTokenTtlSeconds: TTL_S });
  });

  it('admits an untouched token as it is', () => {
    expect(set.admit(claims, actor)).toBe(actor);
  });

  it.each([
    ['session', 's1', 'the session was revoked'],
    ['access_token', 'j1', 'the token was revoked'],
  ] as const)('refuses a revoked %s', (kind, subject, detail) => {
    set.apply(change({ kind, subject }));
    expect(() => set.admit(claims, actor)).toThrow(detail);
  });

  it('refuses a deactivated user until reactivated; an older row never overrides a newer one', () => {
    const off = change({ kind: 'user', subject: 'u1', value: 'inactive' });
    const on = change({ kind: 'user', subject: 'u1', value: 'active' });
    set.apply(on);
    set.apply(off); // a late reload of the older row
    expect(set.admit(claims, actor)).toBe(actor);
    set.apply(change({ kind: 'user', subject: 'u1', value: 'inactive' }));
    expect(() => set.admit(claims, actor)).toThrow('deactivated');
  });

  it('refuses a removed membership and replaces a changed tenant or platform role', () => {
    set.apply(change({ kind: 'membership', subject: 'u1', tenantId: 't1', value: 'viewer' }));
    set.apply(change({ kind: 'user_role', subject: 'u1', value: 'auditor' }));
    expect(set.admit(claims, actor)).toMatchObject({ tenantRole: 'viewer', roles: ['auditor'] });
    // Another tenant's membership is not this token's business.
    set.apply(change({ kind: 'membership', subject: 'u1', tenantId: 't2', value: null }));
    expect(set.admit(claims, actor).tenantRole).toBe('viewer');
    set.apply(change({ kind: 'membership', subject: 'u1', tenantId: 't1', value: null }));
    expect(() => set.admit(claims, actor)).toThrow('membership');
  });

  it('refuses a deactivated client’s tokens, its own and its users’', () => {
    set.apply(change({ kind: 'client', subject: 'app', value: 'inactive' }));
    expect(() => set.admit({ ...claims, client_id: 'app' }, actor)).toThrow('client');
    expect(set.admit(claims, actor)).toBe(actor);
  });

  it('forgets a change once no token issued before it can be alive', () => {
    const old = Date.now() - TTL_S * 1000 - REVOCATION_SKEW_MS - 1;
    set.apply(change({ changedAt: old }));
    expect(set.size).toBe(0);
    set.apply(change({ changedAt: Date.now() - TTL_S * 1000 }));
    expect(set.size).toBe(1);
    set.prune(Date.now() + REVOCATION_SKEW_MS + 1);
    expect(set.size).toBe(0);
    expect(set.admit(claims, actor)).toBe(actor);
  });

  describe('stillAdmits (a stream re-judging the token that opened it)', () => {
    const exp = () => Math.floor(Date.now() / 1000) + 60;

    it('holds while nothing changed and the token lives', () => {
      expect(set.stillAdmits({ ...claims, exp: exp() }, actor)).toBe(true);
    });

    it('ends at expiry, or without one', () => {
      expect(set.stillAdmits({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 }, actor)).toBe(
        false,
      );
      expect(set.stillAdmits(claims, actor)).toBe(false);
    });

    it('ends when the session is revoked or the tenant role changes', () => {
      set.apply(change({ kind: 'membership', subject: 'u1', tenantId: 't1', value: 'viewer' }));
      expect(set.stillAdmits({ ...claims, exp: exp() }, actor)).toBe(false);
      set = new AccessRevocations({ issuer: 'x', accessTokenTtlSeconds: TTL_S });
      set.apply(change({ kind: 'session', subject: 's1' }));
      expect(set.stillAdmits({ ...claims, exp: exp() }, actor)).toBe(false);
    });
  });
});
