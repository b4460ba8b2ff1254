import {
  Body,
  Controller,
  Header,
  Headers,
  HttpCode,
  Post,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBasicAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '@opsledger/auth';
import { ClientAuthenticator } from '../application/client-authenticator';
import { ExchangeAuthorizationCodeCommand } from '../application/commands/exchange-authorization-code/exchange-authorization-code.command';
import { IssueClientTokenCommand } from '../application/commands/issue-client-token/issue-client-token.command';
import { RefreshAccessTokenCommand } from '../application/commands/refresh-access-token/refresh-access-token.command';
import { RevokeTokenCommand } from '../application/commands/revoke-token/revoke-token.command';
import { many, ProtocolParams, single } from '../application/protocol-params';
import {
  IntrospectionResponse,
  IntrospectTokenQuery,
} from '../application/queries/introspect-token/introspect-token.query';
import { TokenResponse } from '../application/token-response';
import { invalidRequest, OAuthProtocolError } from '../domain/oauth.errors';
import {
  IntrospectionResponseDto,
  OAuthErrorDto,
  TokenParamDto,
  TokenRequestDto,
  TokenResponseDto,
} from './dto/protocol.dto';
import { NoIdempotencyKeyGuard } from '@opsledger/http';
import { OAuthJsonFilter } from './oauth-json.filter';

const FORM = 'application/x-www-form-urlencoded';

/** RFC 6749 §3.2: token requests are forms; anything else is refused before it is read. */
function formParams(contentType: string | undefined, body: unknown): ProtocolParams {
  if (!contentType?.toLowerCase().startsWith(FORM))
    throw invalidRequest(`The body must be ${FORM}`);
  return (body ?? {}) as ProtocolParams;
}

const ERRORS = [
  {
    status: 400,
    description:
      'invalid_request, invalid_grant, unsupported_grant_type, invalid_scope, invalid_target, unauthorized_client',
    type: OAuthErrorDto,
  },
  {
    status: 401,
    description: 'invalid_client (with WWW-Authenticate for HTTP Basic)',
    type: OAuthErrorDto,
  },
];

/** The token, revocation and introspection endpoints: form in, JSON out, never cached. */
@ApiTags('oauth-protocol')
@ApiBasicAuth()
@Public()
@UseGuards(NoIdempotencyKeyGuard)
@UseFilters(OAuthJsonFilter)
@Controller('oauth')
export class TokenController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly authenticator: ClientAuthenticator,
  ) {}

  @Post('token')
  @Header('cache-control', 'no-store')
  @Header('pragma', 'no-cache')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Token endpoint: authorization_code (with PKCE), refresh_token (rotated), client_credentials',
    description:
      'Clients authenticate as registered: client_secret_basic (Authorization: Basic), client_secret_post (client_id and client_secret in the form) or none (public clients, client_id only). ' +
      'implicit and password grants are not supported (unsupported_grant_type).',
  })
  @ApiConsumes(FORM)
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiResponse(ERRORS[0])
  @ApiResponse(ERRORS[1])
  async token(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<TokenResponse> {
    const params = formParams(contentType, body);
    const grantType = single(params, 'grant_type');
    if (!grantType) throw invalidRequest('grant_type is missing');
    if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) {
      throw new OAuthProtocolError(
        'unsupported_grant_type',
        `grant_type ${grantType.slice(0, 60)} is not supported`,
      );
    }
    const client = await this.authenticator.authenticate({ authorization, params });
    switch (grantType) {
      case 'authorization_code':
        return this.commands.execute(
          new ExchangeAuthorizationCodeCommand(
            client,
            single(params, 'code'),
            single(params, 'redirect_uri'),
            single(params, 'code_verifier'),
            many(params, 'resource'),
          ),
        );
      case 'refresh_token':
        return this.commands.execute(
          new RefreshAccessTokenCommand(
            client,
            single(params, 'refresh_token'),
            single(params, 'scope'),
          ),
        );
      default:
        return this.commands.execute(
          new IssueClientTokenCommand(client, single(params, 'scope'), many(params, 'resource')),
        );
    }
  }

  @Post('revoke')
  @Header('cache-control', 'no-store')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Token revocation (RFC 7009)',
    description:
      'A refresh token ends its whole grant; an access token ends alone. Unknown tokens and other clients’ tokens are answered 200 as well.',
  })
  @ApiConsumes(FORM)
  @ApiBody({ type: TokenParamDto })
  @ApiOkResponse({ description: 'Revoked, or nothing to revoke' })
  @ApiResponse(ERRORS[0])
  @ApiResponse(ERRORS[1])
  async revoke(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<void> {
    const params = formParams(contentType, body);
    const client = await this.authenticator.authenticate({ authorization, params });
    const token = single(params, 'token');
    if (!token) throw invalidRequest('token is missing');
    await this.commands.execute(new RevokeTokenCommand(client, token));
  }

  @Post('introspect')
  @Header('cache-control', 'no-store')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Token introspection (RFC 7662), for confidential clients',
    description: 'A client sees its own tokens only; anything else is `{ "active": false }`.',
  })
  @ApiConsumes(FORM)
  @ApiBody({ type: TokenParamDto })
  @ApiOkResponse({ type: IntrospectionResponseDto })
  @ApiResponse(ERRORS[0])
  @ApiResponse(ERRORS[1])
  async introspect(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<IntrospectionResponse> {
    const params = formParams(contentType, body);
    const client = await this.authenticator.authenticate(
      { authorization, params },
      { confidentialOnly: true },
    );
    const token = single(params, 'token');
    if (!token) throw invalidRequest('token is missing');
    return this.queries.execute(new IntrospectTokenQuery(client, token));
  }
}
