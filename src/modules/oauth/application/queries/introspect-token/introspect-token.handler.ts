import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { formatScope } from '../../../domain/scopes';
import { ClientSecrets } from '../../client-secrets';
import { TokenMint } from '../../token-mint';
import { TokenStateView } from '../token-state.read-model';
import { TokenStateReader } from '../token-state.reader';
import { IntrospectionResponse, IntrospectTokenQuery } from './introspect-token.query';

const INACTIVE: IntrospectionResponse = { active: false };
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * RFC 7662. A client learns about its own tokens only: anyone else's (or an unknown, expired,
 * rotated or revoked one) is `{ "active": false }`, which tells nothing more.
 */
@QueryHandler(IntrospectTokenQuery)
export class IntrospectTokenHandler implements IQueryHandler<
  IntrospectTokenQuery,
  IntrospectionResponse
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly reader: TokenStateReader,
    private readonly mint: TokenMint,
    private readonly secrets: ClientSecrets,
  ) {}

  async execute(query: IntrospectTokenQuery): Promise<IntrospectionResponse> {
    const refresh = this.mint.parseRefreshToken(query.token);
    if (refresh) {
      const state = await this.read(() => this.reader.refreshToken(refresh.id));
      if (!this.visible(state, query) || !this.secrets.matches(refresh.secret, state.tokenHash))
        return INACTIVE;
      return {
        active: true,
        scope: formatScope(state.scopes),
        client_id: state.clientId,
        sub: state.userId ?? state.clientId,
        exp: seconds(state.expiresAt),
        iat: seconds(state.createdAt),
        aud: state.audience,
        iss: this.mint.issuerUrl,
        tid: state.tenantId,
      };
    }
    const claims = await this.mint.verifySignature(query.token, 'at+jwt');
    if (typeof claims?.jti !== 'string') return INACTIVE;
    const state = await this.read(() => this.reader.accessToken(String(claims.jti)));
    if (!this.visible(state, query)) return INACTIVE;
    return {
      active: true,
      scope: formatScope(state.scopes),
      client_id: state.clientId,
      token_type: 'Bearer',
      sub: typeof claims.sub === 'string' ? claims.sub : undefined,
      exp: claims.exp,
      iat: claims.iat,
      aud: claims.aud,
      iss: claims.iss,
      jti: claims.jti,
      tid: state.tenantId,
    };
  }

  private visible(
    state: TokenStateView | null,
    query: IntrospectTokenQuery,
  ): state is TokenStateView {
    return (
      state !== null &&
      state.active &&
      state.expiresAt > new Date() &&
      state.clientRowId === query.client.id
    );
  }

  private read<T>(fn: () => Promise<T>): Promise<T> {
    return this.context.asSystem(() => this.db.read(fn));
  }
}
