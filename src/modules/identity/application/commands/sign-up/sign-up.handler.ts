import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../../../config/app-config';
import { normalizeEmail } from '../../../domain/email';
import { MembershipRepository } from '../../../domain/membership.repository';
import { PasswordHasher } from '../../../domain/password-hasher.port';
import { assertPasswordAcceptable } from '../../../domain/password-policy';
import { TenantRepository } from '../../../domain/tenant.repository';
import { User } from '../../../domain/user.aggregate';
import { UserRepository } from '../../../domain/user.repository';
import { ActionTokens } from '../../action-tokens';
import { Mailer } from '../../mailer.port';
import { publicUrlOf } from '../../public-url';
import { SignUpCommand } from './sign-up.command';
import { SignUpClosedError } from '../../../domain/identity.errors';

/**
 * Self sign-up into a tenant whose settings allow it: an unverified account, a `member`
 * membership and a verification mail. An address that already has an account gets a mail
 * saying so instead, and the caller the same answer, so sign-up does not reveal accounts.
 */
@CommandHandler(SignUpCommand)
export class SignUpHandler implements ICommandHandler<SignUpCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly users: UserRepository,
    private readonly tenants: TenantRepository,
    private readonly memberships: MembershipRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: ActionTokens,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: SignUpCommand): Promise<void> {
    const email = normalizeEmail(command.email);
    assertPasswordAcceptable(command.password, email);
    const passwordHash = await this.hasher.hash(command.password);
    const outcome = await this.context.asSystem(() =>
      this.db.transaction(async () => {
        const tenant = await this.tenants.findBySlug(command.tenantSlug);
        if (!tenant || !tenant.isActive || !tenant.snapshot.settings.selfSignup)
          throw new SignUpClosedError();
        if (await this.users.emailExists(email)) return { kind: 'exists' as const };
        const user = User.register({
          id: randomUUID(),
          email,
          username: null,
          fullName: command.fullName,
          passwordHash,
          role: 'user',
          emailVerified: false,
          via: 'sign-up',
        });
        this.context.setActor({
          id: user.id,
          type: 'user',
          tenantId: tenant.id,
          roles: ['user'],
          tenantRole: null,
          sessionId: null,
        });
        await this.users.save(user);
        const membership = tenant.admitMember({
          membershipId: randomUUID(),
          userId: user.id,
          role: 'member',
          expiresAt: null,
        });
        await this.memberships.save(membership);
        const { token, expiresAt } = await this.tokens.issue(user.id, 'email_verification');
        user.issueActionToken('email_verification', expiresAt);
        await this.users.save(user);
        return { kind: 'created' as const, token };
      }),
    );
    if (outcome.kind === 'created') {
      const link = `${publicUrlOf(this.config)}/verify-email?token=${outcome.token}`;
      await this.mailer.send({
        to: email,
        subject: 'Confirm your email address',
        text: `Welcome to OpsLedger. Confirm your address: ${link}`,
        link,
      });
    } else {
      await this.mailer.send({
        to: email,
        subject: 'You already have an OpsLedger account',
        text: 'Someone tried to sign up with this address, which already has an account. Log in, or reset your password.',
      });
    }
  }
}
