import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { TokenFamilyRepository } from '../../../domain/token-family.repository';
import { clientActor } from '../../client-actor';
import { ClientSecrets } from '../../client-secrets';
import { TokenMint } from '../../token-mint';
import { RevokeTokenCommand } from './revoke-token.command';

/**
 * RFC 7009. A refresh token ends its whole family (and so the access tokens issued with
 * it, §2.1); an access token ends alone. A token that is unknown, already dead or another
 * client's is answered the same way, so the endpoint tells nothing about tokens.
 */
@CommandHandler(RevokeTokenCommand)
export class RevokeTokenHandler implements ICommandHandler<RevokeTokenCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly families: TokenFamilyRepository,
    private readonly mint: TokenMint,
    private readonly secrets: ClientSecrets,
  ) {}

  async execute(command: RevokeTokenCommand): Promise<void> {
    const { client } = command;
    const refresh = this.mint.parseRefreshToken(command.token);
    const accessClaims = refresh ? null : await this.mint.verifySignature(command.token, 'at+jwt');
    if (!refresh && typeof accessClaims?.jti !== 'string') return;
    await this.context.run(clientActor(client), () =>
      this.context.asSystem(() =>
        this.db.transaction(async () => {
          if (refresh) {
            const family = await this.families.findByRefreshTokenId(refresh.id);
            const presented = family?.snapshot.refreshTokens.find((t) => t.id === refresh.id);
            if (
              !family ||
              !presented ||
              family.snapshot.clientId !== client.id ||
              !this.secrets.matches(refresh.secret, presented.tokenHash)
            )
              return;
            family.revoke('revoked_by_client');
            await this.families.save(family);
            return;
          }
          const jti = String(accessClaims?.jti);
          const family = await this.families.findByAccessTokenId(jti);
          if (!family || family.snapshot.clientId !== client.id) return;
          family.revokeAccessToken(jti);
          await this.families.save(family);
        }),
      ),
    );
  }
}
