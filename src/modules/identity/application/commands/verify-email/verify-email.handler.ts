import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { UserRepository } from '../../../domain/user.repository';
import { ActionTokens } from '../../action-tokens';
import { VerifyEmailCommand } from './verify-email.command';
import { InvalidActionTokenError } from '../../../domain/identity.errors';

@CommandHandler(VerifyEmailCommand)
export class VerifyEmailHandler implements ICommandHandler<VerifyEmailCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly users: UserRepository,
    private readonly tokens: ActionTokens,
  ) {}

  execute(command: VerifyEmailCommand): Promise<void> {
    return this.context.asSystem(() =>
      this.db.transaction(async () => {
        const userId = await this.tokens.consume(command.token, 'email_verification');
        const user = await this.users.findById(userId);
        if (!user) throw new InvalidActionTokenError();
        this.context.setActor({
          id: user.id,
          type: 'user',
          tenantId: null,
          roles: [user.snapshot.role],
          tenantRole: null,
          sessionId: null,
        });
        user.verifyEmail();
        await this.users.save(user);
      }),
    );
  }
}
