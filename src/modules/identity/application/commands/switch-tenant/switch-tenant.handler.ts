import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { InvalidRefreshTokenError } from '../../../domain/identity.errors';
import { SessionRepository } from '../../../domain/session.repository';
import { UserRepository } from '../../../domain/user.repository';
import { RefreshTokenCodec } from '../../refresh-token-codec';
import { MembershipReader } from '../../queries/membership.reader';
import { SessionTokens, TokenPair } from '../../session-tokens';
import { chooseTenant } from '../../tenant-choice';
import { SwitchTenantCommand } from './switch-tenant.command';

/**
 * Moves the caller's session to another tenant they belong to and issues tokens for it; the
 * refresh token rotates too, so the old tenant's refresh token cannot mint tokens again.
 */
@CommandHandler(SwitchTenantCommand)
export class SwitchTenantHandler implements ICommandHandler<SwitchTenantCommand, TokenPair> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly memberships: MembershipReader,
    private readonly codec: RefreshTokenCodec,
    private readonly tokens: SessionTokens,
  ) {}

  async execute(command: SwitchTenantCommand): Promise<TokenPair> {
    const userId = command.actor.id ?? '';
    const membership = chooseTenant(
      await this.context.asSystem(() => this.memberships.forUser(userId)),
      command.tenantId,
    );
    const parsed = this.codec.parse(command.refreshToken);
    if (!parsed) throw new InvalidRefreshTokenError();
    return this.context.asSystem(() =>
      this.db.transaction(async () => {
        const session = await this.sessions.findByTokenId(parsed.tokenId);
        const presented = session?.snapshot.tokens.find((t) => t.tokenId === parsed.tokenId);
        if (
          !session ||
          session.id !== command.actor.sessionId ||
          session.userId !== userId ||
          !presented?.isActive ||
          !this.codec.matches(parsed.secret, presented.tokenHash)
        ) {
          throw new InvalidRefreshTokenError();
        }
        const user = await this.users.findById(userId);
        if (!user) throw new InvalidRefreshTokenError();
        const successor = this.codec.successorOf(parsed.secret);
        session.rotate(parsed.tokenId, successor, 0);
        session.switchTenant(membership!.tenantId);
        await this.sessions.save(session);
        return this.tokens.pair({
          userId,
          role: user.snapshot.role,
          sessionId: session.id,
          tenantId: membership!.tenantId,
          tenantRole: membership!.role,
          refreshToken: successor.plaintext,
        });
      }),
    );
  }
}
