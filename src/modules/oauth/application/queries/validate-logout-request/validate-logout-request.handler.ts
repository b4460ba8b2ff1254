import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { invalidRequest, OAuthProtocolError } from '../../../domain/oauth.errors';
import { single } from '../../protocol-params';
import { TokenMint } from '../../token-mint';
import { AuthorizationStateReader } from '../authorization-state.reader';
import { OAuthClientReader } from '../oauth-client.reader';
import {
  LogoutRequestValidation,
  ValidateLogoutRequestQuery,
} from './validate-logout-request.query';

/**
 * OpenID Connect RP-Initiated Logout 1.0 §2–3: an id_token_hint of ours (expired is fine)
 * names the client and the session; post_logout_redirect_uri must be registered exactly for
 * that client.
 */
@QueryHandler(ValidateLogoutRequestQuery)
export class ValidateLogoutRequestHandler implements IQueryHandler<
  ValidateLogoutRequestQuery,
  LogoutRequestValidation
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly clients: OAuthClientReader,
    private readonly state: AuthorizationStateReader,
    private readonly mint: TokenMint,
  ) {}

  async execute(query: ValidateLogoutRequestQuery): Promise<LogoutRequestValidation> {
    try {
      return await this.validate(query);
    } catch (error) {
      if (error instanceof OAuthProtocolError) return { kind: 'fatal', error };
      throw error;
    }
  }

  private async validate(query: ValidateLogoutRequestQuery): Promise<LogoutRequestValidation> {
    const hint = single(query.params, 'id_token_hint');
    const clientIdParam = single(query.params, 'client_id');
    const redirect = single(query.params, 'post_logout_redirect_uri') ?? null;
    const stateParam = single(query.params, 'state') ?? null;
    const claims = hint ? await this.mint.verifySignature(hint, 'JWT') : null;
    if (hint && (!claims || typeof claims.sub !== 'string'))
      throw invalidRequest('id_token_hint is not an id_token issued here');
    const audiences = claims ? (Array.isArray(claims.aud) ? claims.aud : [claims.aud]) : [];
    if (clientIdParam && claims && !audiences.includes(clientIdParam))
      throw invalidRequest('client_id does not match the id_token_hint');
    const clientId = clientIdParam ?? (typeof audiences[0] === 'string' ? audiences[0] : undefined);
    return this.context.asSystem(() =>
      this.db.read(async (): Promise<LogoutRequestValidation> => {
        const client = clientId ? await this.clients.findByClientId(clientId) : null;
        if (clientId && !client) throw invalidRequest('Unknown client');
        if (redirect !== null && (!client || !client.postLogoutRedirectUris.includes(redirect))) {
          throw invalidRequest('post_logout_redirect_uri is not registered for this client');
        }
        const sessionIds = new Set<string>();
        if (claims && typeof claims.sid === 'string') {
          const hinted = await this.state.session(claims.sid);
          if (hinted && hinted.userId === claims.sub) sessionIds.add(hinted.id);
        }
        if (query.cookieSessionId) {
          const current = await this.state.session(query.cookieSessionId);
          if (current && (!claims || current.userId === claims.sub)) sessionIds.add(current.id);
        }
        return {
          kind: 'valid',
          client,
          postLogoutRedirectUri: redirect,
          state: stateParam,
          sessionIds: [...sessionIds],
          confirmed: claims !== null,
        };
      }),
    );
  }
}
