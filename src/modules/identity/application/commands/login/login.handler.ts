import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { randomBytes, randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../../../config/app-config';
import { LoginFailedError, LoginThrottledError } from '../../../domain/identity.errors';
import { PasswordHasher } from '../../../domain/password-hasher.port';
import { Session } from '../../../domain/session.aggregate';
import { SessionRepository } from '../../../domain/session.repository';
import { UserRepository } from '../../../domain/user.repository';
import { RefreshTokenCodec, sha256Hex } from '../../refresh-token-codec';
import { LoginThrottle } from '../../login-throttle.port';
import { MembershipReader } from '../../queries/membership.reader';
import { SessionTokens, TokenPair } from '../../session-tokens';
import { chooseTenant } from '../../tenant-choice';
import { LoginCommand } from './login.command';

/**
 * Password login. Throttled per account and per address; every failure answers the same
 * generic error whether or not the account exists, after the same argon2 work.
 */
@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand, TokenPair> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly memberships: MembershipReader,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly codec: RefreshTokenCodec,
    private readonly tokens: SessionTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: LoginCommand): Promise<TokenPair> {
    const subject = command.login.trim().toLowerCase();
    const accountKey = `account:${subject}`;
    const ipKey = `ip:${command.ip ?? 'unknown'}`;
    const wait = Math.max(
      await this.throttle.blockedFor(accountKey, this.config.LOGIN_ATTEMPTS_PER_ACCOUNT),
      await this.throttle.blockedFor(ipKey, this.config.LOGIN_ATTEMPTS_PER_IP),
    );
    if (wait > 0) throw new LoginThrottledError(wait, subject);

    const user = await this.context.asSystem(() =>
      this.db.transaction(() => this.users.findByLogin(subject)),
    );
    const valid = user
      ? await this.hasher.verify(user.snapshot.passwordHash, command.password)
      : (await this.hasher.burn(command.password), false);
    if (!user || !valid || !user.isActive) {
      await this.throttle.fail(accountKey, this.config.LOGIN_WINDOW_SECONDS);
      await this.throttle.fail(ipKey, this.config.LOGIN_WINDOW_SECONDS);
      throw new LoginFailedError(subject);
    }
    await this.throttle.reset(accountKey);

    const membership = chooseTenant(
      await this.context.asSystem(() => this.memberships.forUser(user.id)),
      command.tenantId,
    );
    const refresh = this.codec.first();
    const session = Session.start({
      id: randomUUID(),
      userId: user.id,
      tenantId: membership?.tenantId ?? null,
      sessionTokenHash: sha256Hex(randomBytes(32).toString('base64url')),
      ipAddress: command.ip,
      userAgent: command.userAgent,
      ttlMs: this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
      token: refresh,
    });
    const actor = {
      id: user.id,
      type: 'user' as const,
      tenantId: session.tenantId,
      roles: [user.snapshot.role],
      tenantRole: null,
      sessionId: session.id,
    };
    await this.context.run(actor, () =>
      this.context.asSystem(() =>
        this.db.transaction(async () => {
          await this.sessions.save(session);
          const fresh = await this.users.findById(user.id);
          fresh?.recordLogin(session.id, session.tenantId);
          if (fresh) await this.users.save(fresh);
        }),
      ),
    );
    return this.tokens.pair({
      userId: user.id,
      role: user.snapshot.role,
      sessionId: session.id,
      tenantId: session.tenantId,
      tenantRole: membership?.role ?? null,
      refreshToken: refresh.plaintext,
    });
  }
}
