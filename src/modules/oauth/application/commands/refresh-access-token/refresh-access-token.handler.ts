import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { DomainError } from '@opsledger/ddd';
import { APP_CONFIG, AppConfig } from '../../../../../config/app-config';
import { invalidGrant, invalidRequest, OAuthProtocolError } from '../../../domain/oauth.errors';
import { formatScope, parseScope } from '../../../domain/scopes';
import { TokenFamilyRepository } from '../../../domain/token-family.repository';
import { clientActor } from '../../client-actor';
import { ClientSecrets } from '../../client-secrets';
import { GrantTokens } from '../../grant-tokens';
import { TokenMint } from '../../token-mint';
import { TokenResponse } from '../../token-response';
import { UserClaims } from '../../user-claims';
import { RefreshAccessTokenCommand } from './refresh-access-token.command';

type Outcome = { response: TokenResponse } | { refused: DomainError };

/**
 * The refresh token grant (RFC 6749 §6) with rotation: every use returns a new refresh
 * token; a rotated one presented again revokes the whole family (RFC 9700 §4.14.2), except
 * a duplicate inside the grace window, which gets the same successor.
 */
@CommandHandler(RefreshAccessTokenCommand)
export class RefreshAccessTokenHandler implements ICommandHandler<
  RefreshAccessTokenCommand,
  TokenResponse
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly families: TokenFamilyRepository,
    private readonly users: UserClaims,
    private readonly tokens: GrantTokens,
    private readonly mint: TokenMint,
    private readonly secrets: ClientSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: RefreshAccessTokenCommand): Promise<TokenResponse> {
    const { client } = command;
    if (!client.grantTypes.includes('refresh_token'))
      throw new OAuthProtocolError(
        'unauthorized_client',
        'This client may not use the refresh token grant',
      );
    if (!command.refreshToken) throw invalidRequest('refresh_token is required');
    const parsed = this.mint.parseRefreshToken(command.refreshToken);
    if (!parsed) throw invalidGrant('The refresh token is invalid');
    const outcome = await this.context.run(clientActor(client), () =>
      this.context.asSystem(() =>
        this.db.transaction(async (): Promise<Outcome> => {
          // Locks the family: concurrent refreshes of one family are serialised.
          const family = await this.families.findByRefreshTokenId(parsed.id);
          const presented = family?.snapshot.refreshTokens.find((t) => t.id === parsed.id);
          if (!family || !presented || !this.secrets.matches(parsed.secret, presented.tokenHash))
            throw invalidGrant('The refresh token is invalid');
          const s = family.snapshot;
          if (s.clientId !== client.id)
            throw invalidGrant('The refresh token was not issued to this client');
          this.context.setActor(clientActor(client, s.tenantId));
          const scopes = command.scope === undefined ? presented.scopes : parseScope(command.scope);
          const wider = scopes.find((scope) => !presented.scopes.includes(scope));
          if (wider)
            throw new OAuthProtocolError(
              'invalid_scope',
              `scope ${wider.slice(0, 50)} was not granted`,
            );
          if (scopes.length === 0)
            throw new OAuthProtocolError('invalid_scope', 'scope must not be empty');
          let subject;
          try {
            subject = await this.users.subject(s.userId ?? '', s.tenantId);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            family.revoke('account_or_membership_ended');
            await this.families.save(family);
            return { refused: error };
          }
          const access = await this.tokens.userAccessToken({
            client,
            subject,
            tenantId: s.tenantId,
            scopes,
            audience: s.audience,
            sessionId: s.sessionId,
            authTime: s.authTime,
          });
          const candidate = this.mint.successorOf(parsed.secret);
          const result = family.refresh(
            parsed.id,
            { id: candidate.id, tokenHash: candidate.tokenHash },
            { id: access.id, tokenHash: access.tokenHash, expiresAt: access.expiresAt, scopes },
            this.config.REFRESH_TOKEN_GRACE_SECONDS * 1000,
          );
          await this.families.save(family);
          if (result.kind === 'reuse-detected') {
            return {
              refused: invalidGrant(
                'The refresh token was already used; every token of this grant is revoked',
              ),
            };
          }
          const successor =
            result.kind === 'rotated'
              ? candidate
              : this.mint.successorOf(parsed.secret, result.successor.id);
          const idToken = await this.tokens.idToken({
            client,
            subject,
            scopes,
            accessToken: access.token,
            nonce: null,
            authTime: s.authTime,
            sessionId: s.sessionId,
          });
          return {
            response: {
              access_token: access.token,
              token_type: 'Bearer',
              expires_in: this.tokens.accessTokenTtlSeconds,
              scope: formatScope(scopes),
              refresh_token: successor.plaintext,
              ...(idToken ? { id_token: idToken } : {}),
            },
          };
        }),
      ),
    );
    if ('refused' in outcome) throw outcome.refused;
    return outcome.response;
  }
}
