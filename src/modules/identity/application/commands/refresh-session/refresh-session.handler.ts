import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../../../config/app-config';
import { InvalidRefreshTokenError } from '../../../domain/identity.errors';
import { SessionRepository } from '../../../domain/session.repository';
import { UserRepository } from '../../../domain/user.repository';
import { RefreshTokenCodec } from '../../refresh-token-codec';
import { isUsable, MembershipReader } from '../../queries/membership.reader';
import { SessionTokens, TokenPair } from '../../session-tokens';
import { RefreshSessionCommand } from './refresh-session.command';

type Outcome = { pair: TokenPair } | { reused: true };

@CommandHandler(RefreshSessionCommand)
export class RefreshSessionHandler implements ICommandHandler<RefreshSessionCommand, TokenPair> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly memberships: MembershipReader,
    private readonly codec: RefreshTokenCodec,
    private readonly tokens: SessionTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: RefreshSessionCommand): Promise<TokenPair> {
    const parsed = this.codec.parse(command.refreshToken);
    if (!parsed) throw new InvalidRefreshTokenError();
    const outcome = await this.context.asSystem(() =>
      this.db.transaction(async (): Promise<Outcome> => {
        // Locks the session row: concurrent refreshes of one family are serialised.
        const session = await this.sessions.findByTokenId(parsed.tokenId);
        const presented = session?.snapshot.tokens.find((t) => t.tokenId === parsed.tokenId);
        if (!session || !presented || !this.codec.matches(parsed.secret, presented.tokenHash))
          throw new InvalidRefreshTokenError();
        const user = await this.users.findById(session.userId);
        const actor = {
          id: session.userId,
          type: 'user' as const,
          tenantId: session.tenantId,
          roles: [],
          tenantRole: null,
          sessionId: session.id,
        };
        this.context.setActor(actor);
        if (!user?.isActive) {
          session.revoke('user_deactivated');
          await this.sessions.save(session);
          return { reused: true };
        }
        const candidate = this.codec.successorOf(parsed.secret);
        const result = session.rotate(
          parsed.tokenId,
          candidate,
          this.config.REFRESH_TOKEN_GRACE_SECONDS * 1000,
        );
        if (result.kind === 'reuse-detected') {
          await this.sessions.save(session);
          return { reused: true };
        }
        const successor =
          result.kind === 'rotated'
            ? candidate
            : this.codec.successorOf(parsed.secret, result.successor.tokenId);
        if (result.kind === 'rotated') await this.sessions.save(session);
        const membership = session.tenantId
          ? await this.memberships.find(session.userId, session.tenantId)
          : null;
        if (session.tenantId && (!membership || !isUsable(membership)))
          throw new InvalidRefreshTokenError(
            'AUTH.MEMBERSHIP_EXPIRED',
            'Your membership of the session’s tenant has ended; log in again',
          );
        return {
          pair: await this.tokens.pair({
            userId: user.id,
            role: user.snapshot.role,
            sessionId: session.id,
            tenantId: session.tenantId,
            tenantRole: membership?.role ?? null,
            refreshToken: successor.plaintext,
          }),
        };
      }),
    );
    if ('reused' in outcome) {
      throw new InvalidRefreshTokenError(
        'AUTH.REFRESH_TOKEN_REUSED',
        'This refresh token was already used; the session has been revoked',
      );
    }
    return outcome.pair;
  }
}
