import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db, RequestContext } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../../../config/app-config';
import { UserRepository } from '../../../domain/user.repository';
import { ActionTokens } from '../../action-tokens';
import { Mailer } from '../../mailer.port';
import { publicUrlOf } from '../../public-url';
import { RequestEmailVerificationCommand } from './request-email-verification.command';
import { EmailAlreadyVerifiedError } from '../../../domain/identity.errors';

@CommandHandler(RequestEmailVerificationCommand)
export class RequestEmailVerificationHandler implements ICommandHandler<
  RequestEmailVerificationCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly users: UserRepository,
    private readonly tokens: ActionTokens,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: RequestEmailVerificationCommand): Promise<void> {
    const issued = await this.context.asSystem(() =>
      this.db.transaction(async () => {
        const user = await this.users.findById(command.userId);
        if (!user) throw new NotFoundError('user', command.userId);
        if (user.snapshot.isEmailVerified) {
          throw new EmailAlreadyVerifiedError();
        }
        const { token, expiresAt } = await this.tokens.issue(user.id, 'email_verification');
        user.issueActionToken('email_verification', expiresAt);
        await this.users.save(user);
        return { email: user.snapshot.email, token };
      }),
    );
    const link = `${publicUrlOf(this.config)}/verify-email?token=${issued.token}`;
    await this.mailer.send({
      to: issued.email,
      subject: 'Confirm your email address',
      text: `Confirm that this address is yours: ${link} (valid for 24 hours).`,
      link,
    });
  }
}
