import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { SelfRoleChangeError } from '../../../domain/identity.errors';
import { UserRepository } from '../../../domain/user.repository';
import { ChangeUserRoleCommand } from './change-user-role.command';

@CommandHandler(ChangeUserRoleCommand)
export class ChangeUserRoleHandler implements ICommandHandler<ChangeUserRoleCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
  ) {}

  execute(command: ChangeUserRoleCommand): Promise<void> {
    return this.db.transaction(async () => {
      if (command.userId === command.actor.id) throw new SelfRoleChangeError();
      const user = await this.users.findForChange(command.userId);
      if (!user) throw new NotFoundError('user', command.userId);
      user.changeRole(command.role);
      await this.users.save(user);
    });
  }
}
