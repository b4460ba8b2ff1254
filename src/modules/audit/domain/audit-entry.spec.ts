import { actionOf } from './audit-action';
import { auditEntryOf } from './audit-entry';
import { LedgerEventRecord } from './ledger-event';

function event(overrides: Partial<LedgerEventRecord> = {}): LedgerEventRecord {
  return {
    position: '7',
    txId: '900',
    eventId: '5a3f2b3c-1d4e-4f5a-8b6c-7d8e9f0a1b2c',
    streamType: 'user',
    streamId: 'c0ffee00-0000-4000-8000-000000000001',
    streamVersion: 2,
    eventType: 'identity.user.role-changed.v1',
    schemaVersion: 1,
    payload: { role: 'admin' },
    metadata: {
      actorId: 'a0000000-0000-4000-8000-000000000009',
      actorType: 'user',
      ip: '203.0.113.7',
      userAgent: 'jest',
      correlationId: 'corr-1',
      causationId: null,
      result: 'success',
      error: null,
      previous: { role: 'user' },
    },
    tenantId: null,
    occurredAt: new Date('2025-03-01T10:00:00.000Z'),
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    ...overrides,
  };
}

describe('actionOf', () => {
  it.each([
    ['identity.user.registered.v1', 'registered'],
    ['identity.user.profile-changed.v1', 'profile-changed'],
    ['platform.request.refused.v1', 'refused'],
    ['billing.invoice.paid', 'paid'],
    ['x.v2', 'x'],
  ])('%s → %s', (type, action) => expect(actionOf(type)).toBe(action));
});

describe('auditEntryOf', () => {
  it('maps the event and diffs against the old values', () => {
    const entry = auditEntryOf(event());
    expect(entry).toMatchObject({
      position: 7,
      resourceType: 'user',
      resourceId: 'c0ffee00-0000-4000-8000-000000000001',
      action: 'role-changed',
      actor: { id: 'a0000000-0000-4000-8000-000000000009', type: 'user' },
      ip: '203.0.113.7',
      userAgent: 'jest',
      result: 'success',
      error: null,
      oldValues: { role: 'user' },
      newValues: { role: 'admin' },
      changes: [{ field: 'role', old: 'user', new: 'admin' }],
      request: null,
      occurredAt: '2025-03-01T10:00:00.000Z',
    });
  });

  it('keeps only changed fields as new values and walks nested objects', () => {
    const entry = auditEntryOf(
      event({
        payload: { fullName: 'Jane', settings: { theme: 'dark', lang: 'en' } },
        metadata: { previous: { fullName: 'Jane', settings: { theme: 'light', lang: 'en' } } },
      }),
    );
    expect(entry.newValues).toEqual({ settings: { theme: 'dark', lang: 'en' } });
    expect(entry.changes).toEqual([{ field: 'settings.theme', old: 'light', new: 'dark' }]);
  });

  it('without old values has the whole payload as new values and no changes', () => {
    const entry = auditEntryOf(event({ payload: { email: 'a@b.c' }, metadata: {} }));
    expect(entry.oldValues).toBeNull();
    expect(entry.newValues).toEqual({ email: 'a@b.c' });
    expect(entry.changes).toEqual([]);
    expect(entry.result).toBe('success');
    expect(entry.actor).toEqual({ id: null, type: 'anonymous' });
  });

  it('never copies secrets, however deep', () => {
    const entry = auditEntryOf(
      event({
        payload: {
          passwordHash: 'argon2-NEW',
          nested: { refreshToken: 'rt-SECRET', list: [{ clientSecret: 'cs-SECRET' }] },
          email: 'x@y.z',
        },
        metadata: { previous: { passwordHash: 'argon2-OLD', email: 'w@y.z' } },
      }),
    );
    const text = JSON.stringify(entry);
    expect(text).not.toMatch(/argon2|SECRET/);
    expect(entry.oldValues).toEqual({ passwordHash: '[redacted]', email: 'w@y.z' });
    expect(entry.changes).toEqual(
      expect.arrayContaining([
        { field: 'passwordHash', old: '[redacted]', new: '[redacted]' },
        { field: 'email', old: 'w@y.z', new: 'x@y.z' },
      ]),
    );
  });

  it('describes a refusal by its request', () => {
    const entry = auditEntryOf(
      event({
        streamType: 'refusal',
        eventType: 'platform.request.refused.v1',
        payload: {
          method: 'POST',
          route: '/api/v1/users',
          status: 403,
          code: 'AUTH.ROLE_REQUIRED',
          message: 'no',
          result: 'denied',
        },
        metadata: {
          actorId: 'u1',
          actorType: 'user',
          result: 'denied',
          error: 'AUTH.ROLE_REQUIRED: no',
        },
      }),
    );
    expect(entry.action).toBe('refused');
    expect(entry.request).toEqual({
      method: 'POST',
      route: '/api/v1/users',
      status: 403,
      code: 'AUTH.ROLE_REQUIRED',
    });
    expect(entry.result).toBe('denied');
    expect(entry.error).toBe('AUTH.ROLE_REQUIRED: no');
  });

  it('compares sealed personal values whole, without walking into them', () => {
    const sealed = (ct: string) => ({
      $pd: 1,
      s: 'c0ffee00-0000-4000-8000-000000000001',
      f: 'address',
      iv: 'iv',
      ct,
    });
    const entry = auditEntryOf(
      event({
        payload: { address: sealed('new'), email: sealed('same'), role: 'admin' },
        metadata: { previous: { address: sealed('old'), email: sealed('same'), role: 'admin' } },
      }),
    );
    expect(entry.changes).toEqual([{ field: 'address', old: sealed('old'), new: sealed('new') }]);
    expect(entry.newValues).toEqual({ address: sealed('new') });
    expect(entry.oldValues).toEqual({
      address: sealed('old'),
      email: sealed('same'),
      role: 'admin',
    });
  });
});
