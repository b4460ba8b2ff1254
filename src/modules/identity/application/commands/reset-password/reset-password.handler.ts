import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { PasswordHasher } from '../../../domain/password-hasher.port';
import { assertPasswordAcceptable } from '../../../domain/password-policy';
import { SessionRepository } from '../../../domain/session.repository';
import { UserRepository } from '../../../domain/user.repository';
import { ActionTokens } from '../../action-tokens';
import { ResetPasswordCommand } from './reset-password.command';
import { InvalidActionTokenError } from '../../../domain/identity.errors';

/** A reset ends every session of the account: whoever knew the old password is logged out. */
@CommandHandler(ResetPasswordCommand)
export class ResetPasswordHandler implements ICommandHandler<ResetPasswordCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: ActionTokens,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(command: ResetPasswordCommand): Promise<void> {
    const hash = await this.hasher.hash(command.newPassword);
    await this.context.asSystem(() =>
      this.db.transaction(async () => {
        const userId = await this.tokens.consume(command.token, 'password_reset');
        const user = await this.users.findById(userId);
        if (!user) throw new InvalidActionTokenError();
        assertPasswordAcceptable(command.newPassword, user.snapshot.email);
        this.context.setActor({
          id: user.id,
          type: 'user',
          tenantId: null,
          roles: [user.snapshot.role],
          tenantRole: null,
          sessionId: null,
        });
        user.changePassword(hash, 'reset');
        await this.users.save(user);
        for (const session of await this.sessions.findActiveByUser(user.id)) {
          session.revoke('password_reset');
          await this.sessions.save(session);
        }
      }),
    );
  }
}
