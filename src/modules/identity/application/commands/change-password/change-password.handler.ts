import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { PasswordHasher } from '../../../domain/password-hasher.port';
import { assertPasswordAcceptable } from '../../../domain/password-policy';
import { SessionRepository } from '../../../domain/session.repository';
import { UserRepository } from '../../../domain/user.repository';
import { ChangePasswordCommand } from './change-password.command';
import { WrongPasswordError } from '../../../domain/identity.errors';

/** Changing the password ends every other session: a stolen refresh token dies with it. */
@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(command: ChangePasswordCommand): Promise<void> {
    const userId = command.actor.id;
    if (!userId) throw new NotFoundError('user');
    const current = await this.db.transaction(() => this.users.findById(userId));
    if (!current) throw new NotFoundError('user', userId);
    if (!(await this.hasher.verify(current.snapshot.passwordHash, command.currentPassword))) {
      throw new WrongPasswordError();
    }
    assertPasswordAcceptable(command.newPassword, current.snapshot.email);
    const hash = await this.hasher.hash(command.newPassword);
    await this.db.transaction(async () => {
      const user = await this.users.findForChange(userId);
      if (!user) throw new NotFoundError('user', userId);
      user.changePassword(hash, 'change');
      await this.users.save(user);
      for (const session of await this.sessions.findActiveByUser(userId)) {
        if (session.id === command.actor.sessionId) continue;
        session.revoke('password_changed');
        await this.sessions.save(session);
      }
    });
  }
}
