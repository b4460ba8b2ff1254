import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { SessionRepository } from '../../../domain/session.repository';
import { UserRepository } from '../../../domain/user.repository';
import { SetUserActiveCommand } from './set-user-active.command';
import { SelfDeactivationError } from '../../../domain/identity.errors';

/** Deactivation also ends every session of the account. */
@CommandHandler(SetUserActiveCommand)
export class SetUserActiveHandler implements ICommandHandler<SetUserActiveCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
  ) {}

  execute(command: SetUserActiveCommand): Promise<void> {
    return this.db.transaction(async () => {
      const user = await this.users.findForChange(command.userId);
      if (!user) throw new NotFoundError('user', command.userId);
      if (!command.active && user.id === command.actor.id) {
        throw new SelfDeactivationError();
      }
      if (command.active) user.reactivate();
      else user.deactivate();
      await this.users.save(user);
      if (!command.active) {
        for (const session of await this.sessions.findActiveByUser(user.id)) {
          session.revoke('user_deactivated');
          await this.sessions.save(session);
        }
      }
    });
  }
}
