import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { SessionRepository } from '../../../domain/session.repository';
import { isPlatformAdmin } from '../../user-access';
import { RevokeSessionCommand } from './revoke-session.command';

/** Own sessions for everyone, any session for platform admins; others' sessions do not exist. */
@CommandHandler(RevokeSessionCommand)
export class RevokeSessionHandler implements ICommandHandler<RevokeSessionCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionRepository,
  ) {}

  execute(command: RevokeSessionCommand): Promise<void> {
    return this.db.transaction(async () => {
      const session = await this.sessions.findById(command.sessionId);
      if (!session || (session.userId !== command.actor.id && !isPlatformAdmin(command.actor))) {
        throw new NotFoundError('session', command.sessionId);
      }
      session.revoke(command.reason);
      await this.sessions.save(session);
    });
  }
}
