import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../../../config/app-config';
import { resolveAudience } from '../../../domain/audience';
import { AuthorizationCodeRepository } from '../../../domain/authorization-code.repository';
import { invalidGrant, invalidRequest, OAuthProtocolError } from '../../../domain/oauth.errors';
import { formatScope } from '../../../domain/scopes';
import { TokenFamily } from '../../../domain/token-family.aggregate';
import { TokenFamilyRepository } from '../../../domain/token-family.repository';
import { clientActor } from '../../client-actor';
import { sha256Hex } from '../../client-secrets';
import { getsRefreshToken, GrantTokens } from '../../grant-tokens';
import { TokenMint } from '../../token-mint';
import { TokenResponse } from '../../token-response';
import { UserClaims } from '../../user-claims';
import { ExchangeAuthorizationCodeCommand } from './exchange-authorization-code.command';

type Outcome = { response: TokenResponse } | { replayed: true };

/**
 * The authorization code grant (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.6). The code is
 * redeemed once; presenting it again revokes the family it produced, and that revocation
 * commits even though the request itself fails.
 */
@CommandHandler(ExchangeAuthorizationCodeCommand)
export class ExchangeAuthorizationCodeHandler implements ICommandHandler<
  ExchangeAuthorizationCodeCommand,
  TokenResponse
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly codes: AuthorizationCodeRepository,
    private readonly families: TokenFamilyRepository,
    private readonly users: UserClaims,
    private readonly tokens: GrantTokens,
    private readonly mint: TokenMint,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: ExchangeAuthorizationCodeCommand): Promise<TokenResponse> {
    const { client } = command;
    if (!client.grantTypes.includes('authorization_code'))
      throw new OAuthProtocolError(
        'unauthorized_client',
        'This client may not use the authorization code grant',
      );
    if (!command.code) throw invalidRequest('code is required');
    const codeHash = sha256Hex(command.code);
    const outcome = await this.context.run(clientActor(client), () =>
      this.context.asSystem(() =>
        this.db.transaction(async (): Promise<Outcome> => {
          const code = await this.codes.findByCodeHash(codeHash);
          if (!code) throw invalidGrant('The authorization code is invalid');
          const familyId = randomUUID();
          const redemption = code.redeem(
            {
              clientId: client.id,
              redirectUri: command.redirectUri,
              codeVerifier: command.codeVerifier,
            },
            familyId,
          );
          if (redemption.kind === 'replayed') {
            await this.codes.save(code);
            const family = redemption.familyId
              ? await this.families.findById(redemption.familyId)
              : null;
            if (family) {
              family.revoke('authorization_code_replay');
              await this.families.save(family);
            }
            return { replayed: true };
          }
          const s = code.snapshot;
          const audience =
            command.resources.length > 0
              ? resolveAudience(s.audience, command.resources)
              : s.audience;
          const subject = await this.users.subject(s.userId, s.tenantId);
          const access = await this.tokens.userAccessToken({
            client,
            subject,
            tenantId: s.tenantId,
            scopes: s.scopes,
            audience,
            sessionId: s.sessionId,
            authTime: s.authTime,
          });
          const refresh = getsRefreshToken(client, s.scopes) ? this.mint.refreshToken() : null;
          const family = TokenFamily.start({
            id: familyId,
            clientId: client.id,
            userId: s.userId,
            tenantId: s.tenantId,
            grantType: 'authorization_code',
            scopes: s.scopes,
            audience,
            sessionId: s.sessionId,
            authTime: s.authTime,
            authorizationCodeId: code.id,
            ttlMs: this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
            accessToken: {
              id: access.id,
              tokenHash: access.tokenHash,
              expiresAt: access.expiresAt,
            },
            refreshToken: refresh ? { id: refresh.id, tokenHash: refresh.tokenHash } : null,
          });
          await this.families.save(family);
          await this.codes.save(code);
          const idToken = await this.tokens.idToken({
            client,
            subject,
            scopes: s.scopes,
            accessToken: access.token,
            nonce: s.nonce,
            authTime: s.authTime,
            sessionId: s.sessionId,
          });
          return {
            response: {
              access_token: access.token,
              token_type: 'Bearer',
              expires_in: this.tokens.accessTokenTtlSeconds,
              scope: formatScope(s.scopes),
              ...(refresh ? { refresh_token: refresh.plaintext } : {}),
              ...(idToken ? { id_token: idToken } : {}),
            },
          };
        }),
      ),
    );
    if ('replayed' in outcome)
      throw invalidGrant(
        'The authorization code was already used; the tokens issued with it are revoked',
      );
    return outcome.response;
  }
}
