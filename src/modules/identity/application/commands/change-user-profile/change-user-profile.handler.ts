import { assertVersion } from '@opsledger/ddd';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { UserRepository } from '../../../domain/user.repository';
import { assertMayManageUser } from '../../user-access';
import { ChangeUserProfileCommand } from './change-user-profile.command';

@CommandHandler(ChangeUserProfileCommand)
export class ChangeUserProfileHandler implements ICommandHandler<ChangeUserProfileCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
  ) {}

  execute(command: ChangeUserProfileCommand): Promise<void> {
    return this.db.transaction(async () => {
      const user = await this.users.findForChange(command.userId);
      assertMayManageUser(command.actor, user, command.userId);
      assertVersion(user, command.expectedVersion);
      user.changeProfile(command.changes);
      await this.users.save(user);
    });
  }
}
