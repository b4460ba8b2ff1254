import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RefusalRecorder } from '@opsledger/http';
import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { IdentityDirectory } from '../../../../identity/identity.public';
import { SsoSession } from '../../../domain/sso-session.aggregate';
import { SsoSessionRepository } from '../../../domain/sso-session.repository';
import { userActor } from '../../user-actor';
import { SignInCommand, SignInOutcome } from './sign-in.command';

const LOGIN_ROUTE = '/oauth/interaction/login';

/**
 * Sign-in at the provider's login page: identity checks the password with its own
 * throttling; a success starts a browser session. Failures go to the ledger as refusals,
 * as failed API logins do.
 */
@CommandHandler(SignInCommand)
export class SignInHandler implements ICommandHandler<SignInCommand, SignInOutcome> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly directory: IdentityDirectory,
    private readonly sessions: SsoSessionRepository,
    private readonly refusals: RefusalRecorder,
  ) {}

  async execute(command: SignInCommand): Promise<SignInOutcome> {
    const check = await this.directory.checkPassword(command.login, command.password, command.ip);
    const subject = command.login.trim().toLowerCase().slice(0, 255);
    if (check.outcome === 'invalid') {
      await this.refusals.record({
        method: 'POST',
        route: LOGIN_ROUTE,
        status: 401,
        code: 'AUTH.LOGIN_FAILED',
        message: 'Invalid login or password',
        result: 'denied',
        subject,
      });
      return { outcome: 'invalid' };
    }
    if (check.outcome === 'throttled') {
      await this.refusals.record({
        method: 'POST',
        route: LOGIN_ROUTE,
        status: 429,
        code: 'AUTH.LOGIN_THROTTLED',
        message: 'Too many login attempts',
        result: 'denied',
        subject,
      });
      return check;
    }
    const session = SsoSession.start({
      id: randomUUID(),
      userId: check.user.id,
      ipAddress: command.ip,
      userAgent: command.userAgent?.slice(0, 500) ?? null,
    });
    await this.context.run(userActor(check.user.id, session.id), () =>
      this.context.asSystem(() => this.db.transaction(() => this.sessions.save(session))),
    );
    await this.context.run(userActor(check.user.id, session.id), () =>
      this.directory.recordLogin(check.user.id, session.id, null),
    );
    return { outcome: 'signed-in', sessionId: session.id, userId: check.user.id };
  }
}
