import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { IdentityDirectory } from '../../../../identity/identity.public';
import { OAuthProtocolError } from '../../../domain/oauth.errors';
import { TokenMint } from '../../token-mint';
import { UserClaims } from '../../user-claims';
import { TokenStateReader } from '../token-state.reader';
import { GetUserInfoQuery } from './get-userinfo.query';

const invalidToken = (description: string) => new OAuthProtocolError('invalid_token', description);

/** OpenID Connect Core §5.3: the claims the access token's scopes release, for a live token of ours. */
@QueryHandler(GetUserInfoQuery)
export class GetUserInfoHandler implements IQueryHandler<
  GetUserInfoQuery,
  Record<string, unknown>
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly reader: TokenStateReader,
    private readonly mint: TokenMint,
    private readonly claims: UserClaims,
    private readonly directory: IdentityDirectory,
  ) {}

  async execute(query: GetUserInfoQuery): Promise<Record<string, unknown>> {
    if (!query.accessToken) throw invalidToken('A bearer access token is required');
    const claims = await this.mint.verifySignature(query.accessToken, 'at+jwt');
    if (typeof claims?.jti !== 'string' || typeof claims.exp !== 'number')
      throw invalidToken('The access token is invalid');
    if (claims.exp * 1000 <= Date.now()) throw invalidToken('The access token has expired');
    const jti = claims.jti;
    const state = await this.context.asSystem(() =>
      this.db.read(() => this.reader.accessToken(jti)),
    );
    if (!state?.active)
      throw invalidToken(
        'The access token is revoked or was not issued by the authorization server',
      );
    if (!state.userId || !state.scopes.includes('openid'))
      throw new OAuthProtocolError(
        'insufficient_scope',
        'The access token was not granted the openid scope',
      );
    const user = await this.directory.findUser(state.userId);
    if (!user?.isActive) throw invalidToken('The account is deactivated');
    return { sub: user.id, ...this.claims.claimsFor(user, state.scopes) };
  }
}
