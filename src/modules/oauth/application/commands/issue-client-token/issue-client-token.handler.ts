import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { resolveAudience } from '../../../domain/audience';
import { OAuthProtocolError } from '../../../domain/oauth.errors';
import { formatScope, intersectScopes, parseScope } from '../../../domain/scopes';
import { TokenFamily } from '../../../domain/token-family.aggregate';
import { TokenFamilyRepository } from '../../../domain/token-family.repository';
import { clientActor } from '../../client-actor';
import { GrantTokens } from '../../grant-tokens';
import { TokenResponse } from '../../token-response';
import { IssueClientTokenCommand } from './issue-client-token.command';

/** Scopes that mean something without a user. */
const MACHINE_SCOPES = ['api'];

/** The client credentials grant (RFC 6749 §4.4): a confidential client acting for itself. */
@CommandHandler(IssueClientTokenCommand)
export class IssueClientTokenHandler implements ICommandHandler<
  IssueClientTokenCommand,
  TokenResponse
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly families: TokenFamilyRepository,
    private readonly tokens: GrantTokens,
  ) {}

  async execute(command: IssueClientTokenCommand): Promise<TokenResponse> {
    const { client } = command;
    if (
      client.tokenEndpointAuthMethod === 'none' ||
      !client.grantTypes.includes('client_credentials')
    ) {
      throw new OAuthProtocolError(
        'unauthorized_client',
        'This client may not use the client credentials grant',
      );
    }
    const allowed = client.scopes.filter((s) => MACHINE_SCOPES.includes(s));
    const requested = command.scope === undefined ? allowed : parseScope(command.scope);
    const scopes = intersectScopes(requested, allowed);
    if (requested.length > 0 && scopes.length === 0)
      throw new OAuthProtocolError(
        'invalid_scope',
        `scope must be among: ${allowed.join(' ') || '(none)'}`,
      );
    const audience = resolveAudience(client.audience, command.resources);
    const access = await this.tokens.clientAccessToken(client, scopes, audience);
    const family = TokenFamily.start({
      id: randomUUID(),
      clientId: client.id,
      userId: null,
      tenantId: client.tenantId,
      grantType: 'client_credentials',
      scopes,
      audience,
      sessionId: null,
      authTime: null,
      authorizationCodeId: null,
      ttlMs: 0,
      accessToken: { id: access.id, tokenHash: access.tokenHash, expiresAt: access.expiresAt },
      refreshToken: null,
    });
    await this.context.run(clientActor(client), () =>
      this.context.asSystem(() => this.db.transaction(() => this.families.save(family))),
    );
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: this.tokens.accessTokenTtlSeconds,
      scope: formatScope(scopes),
    };
  }
}
