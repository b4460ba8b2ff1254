import { Inject, Injectable } from '@nestjs/common';
import { Db, RequestContext } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { PasswordHasher } from '../domain/password-hasher.port';
import { User } from '../domain/user.aggregate';
import { UserRepository } from '../domain/user.repository';
import {
  DirectoryMembership,
  DirectoryUser,
  IdentityDirectory,
  PasswordCheck,
} from './identity-directory.port';
import { LoginThrottle } from './login-throttle.port';
import { isUsable, MembershipReader } from './queries/membership.reader';

const toDirectoryUser = (user: User): DirectoryUser => ({
  id: user.id,
  email: user.snapshot.email,
  username: user.snapshot.username,
  fullName: user.snapshot.fullName,
  role: user.snapshot.role,
  isActive: user.snapshot.isActive,
  isEmailVerified: user.snapshot.isEmailVerified,
});

/**
 * Answers other contexts from identity's own repositories. Lookups run in the trusted
 * scope because their callers act before anyone is authenticated (a login page) or on
 * behalf of a token that is not ours yet (external issuers).
 */
@Injectable()
export class RepositoryIdentityDirectory extends IdentityDirectory {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly users: UserRepository,
    private readonly membershipReader: MembershipReader,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async checkPassword(login: string, password: string, ip: string | null): Promise<PasswordCheck> {
    const subject = login.trim().toLowerCase();
    const accountKey = `account:${subject}`;
    const ipKey = `ip:${ip ?? 'unknown'}`;
    const wait = Math.max(
      await this.throttle.blockedFor(accountKey, this.config.LOGIN_ATTEMPTS_PER_ACCOUNT),
      await this.throttle.blockedFor(ipKey, this.config.LOGIN_ATTEMPTS_PER_IP),
    );
    if (wait > 0) return { outcome: 'throttled', retryAfterSeconds: wait };
    const user = await this.context.asSystem(() =>
      this.db.transaction(() => this.users.findByLogin(subject)),
    );
    const valid = user
      ? await this.hasher.verify(user.snapshot.passwordHash, password)
      : (await this.hasher.burn(password), false);
    if (!user || !valid || !user.isActive) {
      await this.throttle.fail(accountKey, this.config.LOGIN_WINDOW_SECONDS);
      await this.throttle.fail(ipKey, this.config.LOGIN_WINDOW_SECONDS);
      return { outcome: 'invalid' };
    }
    await this.throttle.reset(accountKey);
    return { outcome: 'valid', user: toDirectoryUser(user) };
  }

  async recordLogin(userId: string, sessionId: string, tenantId: string | null): Promise<void> {
    await this.context.asSystem(() =>
      this.db.transaction(async () => {
        const user = await this.users.findById(userId);
        if (!user) return;
        user.recordLogin(sessionId, tenantId);
        await this.users.save(user);
      }),
    );
  }

  /** A read: callers may be inside a read-only unit of work (a query handler). */
  async findUser(userId: string): Promise<DirectoryUser | null> {
    const user = await this.context.asSystem(() => this.db.read(() => this.users.findById(userId)));
    return user ? toDirectoryUser(user) : null;
  }

  async isLiveMember(tenantId: string, userId: string): Promise<boolean> {
    const user = await this.findUser(userId);
    if (!user?.isActive) return false;
    const membership = await this.context.asSystem(() =>
      this.membershipReader.find(userId, tenantId),
    );
    return membership !== null && isUsable(membership);
  }

  async memberships(userId: string): Promise<DirectoryMembership[]> {
    const rows = await this.context.asSystem(() => this.membershipReader.forUser(userId));
    return rows.map((m) => ({
      tenantId: m.tenantId,
      tenantName: m.tenantName,
      tenantSlug: m.tenantSlug,
      role: m.role,
      isDefault: m.isDefault,
      usable: isUsable(m),
    }));
  }
}
