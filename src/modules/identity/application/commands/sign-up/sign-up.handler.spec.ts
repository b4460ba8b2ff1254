import type { AppConfig } from '../../../../../config/app-config';
import type { Db, RequestContext } from '@opsledger/persistence';
import { Membership } from '../../../domain/membership.aggregate';
import { MembershipRepository } from '../../../domain/membership.repository';
import { PasswordHasher } from '../../../domain/password-hasher.port';
import { Tenant } from '../../../domain/tenant.aggregate';
import { TenantRepository } from '../../../domain/tenant.repository';
import { User } from '../../../domain/user.aggregate';
import { UserRepository } from '../../../domain/user.repository';
import { ActionTokens } from '../../action-tokens';
import { Mailer, OutgoingMail } from '../../mailer.port';
import { SignUpCommand } from './sign-up.command';
import { SignUpHandler } from './sign-up.handler';

const PASSWORD = 'a-long-enough-password';
const db = { transaction: <T>(fn: () => Promise<T>) => fn() } as unknown as Db;

function setup(
  opts: { selfSignup?: boolean; active?: boolean; taken?: boolean; slug?: string } = {},
) {
  const tenant = Tenant.create({
    id: 't1',
    name: 'Acme',
    slug: 'acme',
    settings: { selfSignup: opts.selfSignup ?? true },
  });
  if (opts.active === false) tenant.deactivate();
  const actors: unknown[] = [];
  const context = {
    asSystem: <T>(fn: () => Promise<T>) => fn(),
    setActor: (actor: unknown) => actors.push(actor),
  } as unknown as RequestContext;
  const savedUsers: User[] = [];
  const users = {
    emailExists: (email: string) =>
      Promise.resolve(opts.taken === true && email === 'ada@example.com'),
    save: (u: User) => (savedUsers.push(u), Promise.resolve()),
  } as unknown as UserRepository;
  const tenants = {
    findBySlug: (slug: string) => Promise.resolve(slug === 'acme' ? tenant : null),
  } as unknown as TenantRepository;
  const savedMemberships: Membership[] = [];
  const memberships = {
    save: (m: Membership) => (savedMemberships.push(m), Promise.resolve()),
  } as unknown as MembershipRepository;
  const hasher = {
    hash: (p: string) => Promise.resolve(`hashed:${p}`),
  } as unknown as PasswordHasher;
  const tokens = {
    issue: () =>
      Promise.resolve({ token: 'verify-token', expiresAt: new Date('2030-01-02T00:00:00Z') }),
  } as unknown as ActionTokens;
  const mails: OutgoingMail[] = [];
  const mailer = {
    send: (m: OutgoingMail) => (mails.push(m), Promise.resolve()),
  } as unknown as Mailer;
  const config = { PUBLIC_URL: 'https://ops.example', PORT: 3000 } as AppConfig;
  const handler = new SignUpHandler(
    db,
    context,
    users,
    tenants,
    memberships,
    hasher,
    tokens,
    mailer,
    config,
  );
  const signUp = (email = 'Ada@Example.com', password = PASSWORD) =>
    handler.execute(new SignUpCommand(opts.slug ?? 'acme', email, password, 'Ada'));
  return { signUp, savedUsers, savedMemberships, mails, actors };
}

describe('SignUpHandler', () => {
  it('creates an unverified member account as that account, and mails a verification link', async () => {
    const { signUp, savedUsers, savedMemberships, mails, actors } = setup();
    await signUp();
    const user = savedUsers[0];
    expect(user.snapshot).toMatchObject({
      email: 'ada@example.com',
      isEmailVerified: false,
      role: 'user',
      passwordHash: `hashed:${PASSWORD}`,
    });
    expect(user.uncommittedEvents.map((e) => e.type)).toEqual([
      'identity.user.registered.v1',
      'identity.user.action-token-issued.v1',
    ]);
    expect(savedMemberships[0].snapshot).toMatchObject({
      userId: user.id,
      tenantId: 't1',
      role: 'member',
    });
    expect(actors).toEqual([
      expect.objectContaining({ id: user.id, type: 'user', tenantId: 't1' }),
    ]);
    expect(mails).toEqual([
      expect.objectContaining({
        to: 'ada@example.com',
        link: 'https://ops.example/verify-email?token=verify-token',
      }),
    ]);
  });

  it('answers an address that has an account like a new one, mailing the holder instead', async () => {
    const { signUp, savedUsers, savedMemberships, mails } = setup({ taken: true });
    await expect(signUp()).resolves.toBeUndefined();
    expect(savedUsers).toEqual([]);
    expect(savedMemberships).toEqual([]);
    expect(mails).toEqual([
      expect.objectContaining({
        to: 'ada@example.com',
        subject: 'You already have an OpsLedger account',
      }),
    ]);
    expect(mails[0].link).toBeUndefined();
  });

  it.each([
    ['an unknown tenant', { slug: 'nope' }],
    ['a tenant closed to sign-up', { selfSignup: false }],
    ['an inactive tenant', { active: false }],
  ])('refuses %s with one answer (403), writing and mailing nothing', async (_name, opts) => {
    const { signUp, savedUsers, mails } = setup(opts);
    await expect(signUp()).rejects.toMatchObject({
      code: 'IDENTITY.SIGN_UP_CLOSED',
      kind: 'forbidden',
    });
    expect(savedUsers).toEqual([]);
    expect(mails).toEqual([]);
  });

  it('refuses a weak password before touching anything', async () => {
    const { signUp, savedUsers, mails } = setup();
    await expect(signUp('ada@example.com', 'short')).rejects.toMatchObject({
      details: { field: 'password' },
    });
    expect(savedUsers).toEqual([]);
    expect(mails).toEqual([]);
  });
});
