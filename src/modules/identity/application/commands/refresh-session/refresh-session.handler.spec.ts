import type { KeyStore } from '@opsledger/auth';
import type { Db, RequestContext } from '@opsledger/persistence';
import { Session } from '../../../domain/session.aggregate';
import { SessionRepository } from '../../../domain/session.repository';
import { User } from '../../../domain/user.aggregate';
import { UserRepository } from '../../../domain/user.repository';
import { MembershipReader, MembershipView } from '../../queries/membership.reader';
import { RefreshTokenCodec } from '../../refresh-token-codec';
import { SessionTokens } from '../../session-tokens';
import { RefreshSessionCommand } from './refresh-session.command';
import { RefreshSessionHandler } from './refresh-session.handler';
import type { AppConfig } from '../../../../../config/app-config';

const REFRESH_GRACE_MS = 10_000;
const config = { REFRESH_TOKEN_GRACE_SECONDS: REFRESH_GRACE_MS / 1000 } as unknown as AppConfig;

const keys = { deriveSecret: () => Buffer.alloc(32, 7) } as unknown as KeyStore;
const db = { transaction: <T>(fn: () => Promise<T>) => fn() } as unknown as Db;
const context = {
  asSystem: <T>(fn: () => Promise<T>) => fn(),
  setActor: jest.fn(),
} as unknown as RequestContext;

class MemorySessions extends SessionRepository {
  saved: Session[] = [];
  constructor(private readonly session: Session) {
    super();
  }
  findById() {
    return Promise.resolve(this.session);
  }
  findByTokenId(tokenId: string) {
    return Promise.resolve(
      this.session.snapshot.tokens.some((t) => t.tokenId === tokenId) ? this.session : null,
    );
  }
  findActiveByUser() {
    return Promise.resolve([this.session]);
  }
  save(session: Session) {
    this.saved.push(session);
    return Promise.resolve();
  }
}

function setup(opts: { active?: boolean; membership?: Partial<MembershipView> | null } = {}) {
  const codec = new RefreshTokenCodec(keys);
  const first = codec.first();
  const session = Session.start({
    id: 's1',
    userId: 'u1',
    tenantId: 't1',
    sessionTokenHash: 'h',
    ipAddress: null,
    userAgent: null,
    ttlMs: 3_600_000,
    token: first,
  });
  session.markCommitted();
  const user = User.register({
    id: 'u1',
    email: 'ada@example.com',
    username: null,
    fullName: null,
    passwordHash: 'x',
    role: 'user',
    emailVerified: true,
    via: 'admin',
  });
  if (opts.active === false) user.deactivate();
  const users = { findById: () => Promise.resolve(user) } as unknown as UserRepository;
  const membership: MembershipView | null =
    opts.membership === null
      ? null
      : {
          id: 'm1',
          userId: 'u1',
          tenantId: 't1',
          tenantName: 'T',
          tenantSlug: 't',
          role: 'dispatcher',
          isDefault: true,
          joinedAt: new Date(),
          expiresAt: null,
          tenantActive: true,
          ...opts.membership,
        };
  const memberships = {
    find: () => Promise.resolve(membership),
  } as unknown as MembershipReader;
  const pair = jest.fn((args: { refreshToken: string; tenantRole: string | null }) =>
    Promise.resolve({
      accessToken: 'access',
      refreshToken: args.refreshToken,
      tenantRole: args.tenantRole,
    }),
  );
  const sessions = new MemorySessions(session);
  const handler = new RefreshSessionHandler(
    db,
    context,
    sessions,
    users,
    memberships,
    codec,
    { pair } as unknown as SessionTokens,
    config,
  );
  const refresh = (token: string) => handler.execute(new RefreshSessionCommand(token));
  return { handler, refresh, first, session, sessions, pair, codec };
}

describe('RefreshSessionHandler', () => {
  it('rotates: a new refresh token whose successor is derived from the presented secret', async () => {
    const { refresh, first, sessions, codec } = setup();
    const pair = await refresh(first.plaintext);
    expect(pair.refreshToken).not.toBe(first.plaintext);
    const next = codec.parse(pair.refreshToken)!;
    expect(next.secret).toBe(
      codec.successorOf(codec.parse(first.plaintext)!.secret).plaintext.split('.')[1],
    );
    expect(sessions.saved).toHaveLength(1);
    expect(pair).toMatchObject({ tenantRole: 'dispatcher' });
  });

  it('answers a duplicate within the grace window with the very same successor, saving nothing more', async () => {
    const { refresh, first, sessions } = setup();
    const a = await refresh(first.plaintext);
    const b = await refresh(first.plaintext);
    expect(b.refreshToken).toBe(a.refreshToken);
    expect(sessions.saved).toHaveLength(1);
  });

  it('revokes the family when a rotated token comes back after the grace window', async () => {
    jest.useFakeTimers({ now: new Date('2030-01-01T10:00:00Z') });
    try {
      const { refresh, first, session, sessions } = setup();
      const a = await refresh(first.plaintext);
      jest.setSystemTime(new Date(Date.now() + REFRESH_GRACE_MS + 1));
      await expect(refresh(first.plaintext)).rejects.toMatchObject({
        code: 'AUTH.REFRESH_TOKEN_REUSED',
      });
      expect(session.isLive()).toBe(false);
      expect(sessions.saved.at(-1)).toBe(session);
      // the successor died with its family
      await expect(refresh(a.refreshToken)).rejects.toMatchObject({ kind: 'unauthorized' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses a malformed token, an unknown one and a forged secret alike', async () => {
    const { refresh, first } = setup();
    const [tokenId] = first.plaintext.split('.');
    for (const token of [
      'not-a-token',
      `00000000-0000-4000-8000-000000000000.${'A'.repeat(43)}`,
      `${tokenId}.${'B'.repeat(43)}`,
    ]) {
      await expect(refresh(token)).rejects.toMatchObject({ kind: 'unauthorized' });
    }
  });

  it('revokes the session of a deactivated account and refuses it', async () => {
    const { refresh, first, session } = setup({ active: false });
    await expect(refresh(first.plaintext)).rejects.toMatchObject({
      code: 'AUTH.REFRESH_TOKEN_REUSED',
    });
    expect(session.snapshot.revokedReason).toBe('user_deactivated');
  });

  it('refuses when the membership of the session’s tenant has ended', async () => {
    const expired = setup({ membership: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(expired.refresh(expired.first.plaintext)).rejects.toMatchObject({
      code: 'AUTH.MEMBERSHIP_EXPIRED',
    });
    const gone = setup({ membership: null });
    await expect(gone.refresh(gone.first.plaintext)).rejects.toMatchObject({
      code: 'AUTH.MEMBERSHIP_EXPIRED',
    });
    expect(gone.pair).not.toHaveBeenCalled();
  });
});
