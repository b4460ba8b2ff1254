import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { SsoSessionRepository } from '../../../domain/sso-session.repository';
import { TokenFamilyRepository } from '../../../domain/token-family.repository';
import { userActor } from '../../user-actor';
import { EndSsoSessionCommand } from './end-sso-session.command';

/**
 * Ends a browser session and the token families signed in through it; families granted
 * `offline_access` outlive the session, which is what that scope asks for.
 */
@CommandHandler(EndSsoSessionCommand)
export class EndSsoSessionHandler implements ICommandHandler<EndSsoSessionCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly sessions: SsoSessionRepository,
    private readonly families: TokenFamilyRepository,
  ) {}

  async execute(command: EndSsoSessionCommand): Promise<void> {
    await this.context.asSystem(() =>
      this.db.transaction(async () => {
        const session = await this.sessions.findById(command.sessionId);
        if (!session?.isLive()) return;
        this.context.setActor(userActor(session.userId, session.id));
        session.end(command.reason, command.clientId);
        await this.sessions.save(session);
        for (const family of await this.families.findLive({
          userId: session.userId,
          sessionId: session.id,
        })) {
          if (family.snapshot.scopes.includes('offline_access')) continue;
          family.revoke('session_ended');
          await this.families.save(family);
        }
      }),
    );
  }
}
