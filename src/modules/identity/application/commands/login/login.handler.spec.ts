import type { KeyStore } from '@opsledger/auth';
import type { Db, RequestContext } from '@opsledger/persistence';
import type { AppConfig } from '../../../../../config/app-config';
import { PasswordHasher } from '../../../domain/password-hasher.port';
import { Session } from '../../../domain/session.aggregate';
import { SessionRepository } from '../../../domain/session.repository';
import { User } from '../../../domain/user.aggregate';
import { UserRepository } from '../../../domain/user.repository';
import { LoginThrottle } from '../../login-throttle.port';
import { MembershipReader, MembershipView } from '../../queries/membership.reader';
import { RefreshTokenCodec } from '../../refresh-token-codec';
import { SessionTokens } from '../../session-tokens';
import { LoginCommand } from './login.command';
import { LoginHandler } from './login.handler';

const config = {
  LOGIN_ATTEMPTS_PER_ACCOUNT: 3,
  LOGIN_ATTEMPTS_PER_IP: 100,
  LOGIN_WINDOW_SECONDS: 900,
  REFRESH_TOKEN_TTL_DAYS: 30,
} as AppConfig;
const db = { transaction: <T>(fn: () => Promise<T>) => fn() } as unknown as Db;
const context = {
  asSystem: <T>(fn: () => Promise<T>) => fn(),
  run: <T>(_actor: unknown, fn: () => Promise<T>) => fn(),
} as unknown as RequestContext;

/** Counts failures per key like the Redis and memory adapters do. */
class CountingThrottle extends LoginThrottle {
  readonly failures = new Map<string, number>();
  blockedFor(key: string, limit: number) {
    return Promise.resolve((this.failures.get(key) ?? 0) >= limit ? 60 : 0);
  }
  fail(key: string) {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    return Promise.resolve(n);
  }
  reset(key: string) {
    this.failures.delete(key);
    return Promise.resolve();
  }
}

const membership = (tenantId: string, extra: Partial<MembershipView> = {}): MembershipView => ({
  id: `m-${tenantId}`,
  userId: 'u1',
  tenantId,
  tenantName: tenantId,
  tenantSlug: tenantId,
  role: 'dispatcher',
  isDefault: false,
  joinedAt: new Date('2030-01-01T00:00:00Z'),
  expiresAt: null,
  tenantActive: true,
  ...extra,
});

function setup(opts: { active?: boolean; memberships?: MembershipView[] } = {}) {
  const user = User.register({
    id: 'u1',
    email: 'ada@example.com',
    username: 'ada',
    fullName: 'Ada',
    passwordHash: 'hash:right-password',
    role: 'user',
    emailVerified: true,
    via: 'admin',
  });
  user.markCommitted();
  if (opts.active === false) user.deactivate();
  const savedUsers: User[] = [];
  const users = {
    findByLogin: (login: string) =>
      Promise.resolve(login === 'ada@example.com' || login === 'ada' ? user : null),
    findById: () => Promise.resolve(user),
    save: (u: User) => (savedUsers.push(u), Promise.resolve()),
  } as unknown as UserRepository;
  const savedSessions: Session[] = [];
  const sessions = {
    save: (s: Session) => (savedSessions.push(s), Promise.resolve()),
  } as unknown as SessionRepository;
  const memberships = {
    forUser: () => Promise.resolve(opts.memberships ?? []),
  } as unknown as MembershipReader;
  const burned: string[] = [];
  const hasher = {
    verify: (hash: string, password: string) => Promise.resolve(hash === `hash:${password}`),
    burn: (password: string) => (burned.push(password), Promise.resolve()),
  } as unknown as PasswordHasher;
  const throttle = new CountingThrottle();
  const codec = new RefreshTokenCodec({
    deriveSecret: () => Buffer.alloc(32, 1),
  } as unknown as KeyStore);
  const pair = jest.fn((args: Record<string, unknown>) => Promise.resolve({ ...args }));
  const handler = new LoginHandler(
    db,
    context,
    users,
    sessions,
    memberships,
    hasher,
    throttle,
    codec,
    { pair } as unknown as SessionTokens,
    config,
  );
  const login = (name: string, password: string, tenantId: string | null = null) =>
    handler.execute(new LoginCommand(name, password, tenantId, '203.0.113.9', 'jest'));
  return { login, savedSessions, savedUsers, throttle, burned, pair };
}

describe('LoginHandler', () => {
  it('starts a session in the default live tenant and records the login', async () => {
    const { login, savedSessions, savedUsers, pair } = setup({
      memberships: [
        membership('t-expired', { isDefault: true, expiresAt: new Date('2000-01-01T00:00:00Z') }),
        membership('t-live'),
      ],
    });
    const result = await login('  ADA@example.com ', 'right-password');
    expect(savedSessions).toHaveLength(1);
    expect(savedSessions[0].snapshot).toMatchObject({
      userId: 'u1',
      tenantId: 't-live',
      ipAddress: '203.0.113.9',
    });
    expect(savedUsers[0].uncommittedEvents.map((e) => e.type)).toEqual([
      'identity.user.logged-in.v1',
    ]);
    expect(result).toMatchObject({ sessionId: savedSessions[0].id, tenantRole: 'dispatcher' });
    expect(pair.mock.calls[0][0].refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
  });

  it('logs in by username too', async () => {
    const { login, savedSessions } = setup();
    await login('ada', 'right-password');
    expect(savedSessions[0].snapshot.tenantId).toBeNull();
  });

  it('answers an unknown account, a wrong password and a deactivated account with one error', async () => {
    const unknown = setup();
    await expect(unknown.login('nobody@example.com', 'whatever-it-is')).rejects.toMatchObject({
      code: 'AUTH.LOGIN_FAILED',
    });
    // the same argon2 work for an account that does not exist
    expect(unknown.burned).toEqual(['whatever-it-is']);
    await expect(setup().login('ada', 'wrong-password')).rejects.toMatchObject({
      code: 'AUTH.LOGIN_FAILED',
    });
    const inactive = setup({ active: false });
    await expect(inactive.login('ada', 'right-password')).rejects.toMatchObject({
      code: 'AUTH.LOGIN_FAILED',
    });
    expect(inactive.savedSessions).toEqual([]);
  });

  it('throttles an account after its limit of failures, even with the right password then', async () => {
    const { login, throttle, savedSessions } = setup();
    for (let i = 0; i < 3; i += 1)
      await expect(login('ada', 'wrong-password')).rejects.toMatchObject({
        code: 'AUTH.LOGIN_FAILED',
      });
    expect(throttle.failures.get('account:ada')).toBe(3);
    await expect(login('ada', 'right-password')).rejects.toMatchObject({
      code: 'AUTH.LOGIN_THROTTLED',
      kind: 'rate_limited',
    });
    expect(savedSessions).toEqual([]);
  });

  it('a success clears the account’s failures', async () => {
    const { login, throttle } = setup();
    await expect(login('ada', 'wrong-password')).rejects.toBeDefined();
    await login('ada', 'right-password');
    expect(throttle.failures.has('account:ada')).toBe(false);
    expect(throttle.failures.get('ip:203.0.113.9')).toBe(1);
  });

  it('refuses a tenant the user does not belong to, or whose membership expired', async () => {
    const { login, savedSessions } = setup({
      memberships: [membership('t-old', { expiresAt: new Date('2000-01-01T00:00:00Z') })],
    });
    await expect(login('ada', 'right-password', 't-other')).rejects.toMatchObject({
      code: 'AUTH.NOT_A_MEMBER',
    });
    await expect(login('ada', 'right-password', 't-old')).rejects.toMatchObject({
      code: 'AUTH.MEMBERSHIP_EXPIRED',
    });
    expect(savedSessions).toEqual([]);
  });
});
