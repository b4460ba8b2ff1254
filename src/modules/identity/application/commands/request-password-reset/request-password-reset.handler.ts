import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../../../config/app-config';
import { UserRepository } from '../../../domain/user.repository';
import { ActionTokens } from '../../action-tokens';
import { Mailer } from '../../mailer.port';
import { publicUrlOf } from '../../public-url';
import { RequestPasswordResetCommand } from './request-password-reset.command';

/** Always answers the same way, so the endpoint does not tell which emails have accounts. */
@CommandHandler(RequestPasswordResetCommand)
export class RequestPasswordResetHandler implements ICommandHandler<
  RequestPasswordResetCommand,
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

  async execute(command: RequestPasswordResetCommand): Promise<void> {
    const issued = await this.context.asSystem(() =>
      this.db.transaction(async () => {
        const user = await this.users.findByLogin(command.email.trim().toLowerCase());
        if (!user || !user.isActive || user.snapshot.email !== command.email.trim().toLowerCase())
          return null;
        const { token, expiresAt } = await this.tokens.issue(user.id, 'password_reset');
        user.issueActionToken('password_reset', expiresAt);
        await this.users.save(user);
        return { email: user.snapshot.email, token };
      }),
    );
    if (!issued) return;
    const link = `${publicUrlOf(this.config)}/reset-password?token=${issued.token}`;
    await this.mailer.send({
      to: issued.email,
      subject: 'Reset your OpsLedger password',
      text: `Someone asked to reset your password. If it was you, follow ${link} within an hour. Otherwise ignore this mail.`,
      link,
    });
  }
}
