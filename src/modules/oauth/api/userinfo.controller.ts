import { Body, Controller, Get, Header, Headers, HttpCode, Post, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@opsledger/auth';
import { GetUserInfoQuery } from '../application/queries/get-userinfo/get-userinfo.query';
import { OAuthErrorDto, UserInfoResponseDto } from './dto/protocol.dto';
import { OAuthJsonFilter } from './oauth-json.filter';

/** RFC 6750 §2.1 header, or §2.2 form field. */
function bearer(authorization: string | undefined, body: unknown): string | null {
  const match = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization?.trim() ?? '');
  if (match) return match[1];
  const field = (body as Record<string, unknown> | undefined)?.access_token;
  return typeof field === 'string' && !authorization ? field : null;
}

/** OpenID Connect Core §5.3. Public at the guard: the access token is checked here, against its revocation too. */
@ApiTags('oauth-protocol')
@ApiBearerAuth('bearer')
@Public()
@UseFilters(OAuthJsonFilter)
@Controller('oauth')
export class UserInfoController {
  constructor(private readonly queries: QueryBus) {}

  @Get('userinfo')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary:
      'UserInfo endpoint: claims of the access token’s user, by scope (openid required; profile, email)',
  })
  @ApiOkResponse({ type: UserInfoResponseDto })
  @ApiResponse({
    status: 401,
    description: 'invalid_token (WWW-Authenticate: Bearer …)',
    type: OAuthErrorDto,
  })
  @ApiResponse({ status: 403, description: 'insufficient_scope', type: OAuthErrorDto })
  get(
    @Headers('authorization') authorization: string | undefined,
  ): Promise<Record<string, unknown>> {
    return this.queries.execute(new GetUserInfoQuery(bearer(authorization, undefined)));
  }

  @Post('userinfo')
  @Header('cache-control', 'no-store')
  @HttpCode(200)
  @ApiOperation({ summary: 'UserInfo endpoint, POST form' })
  @ApiOkResponse({ type: UserInfoResponseDto })
  @ApiResponse({ status: 401, description: 'invalid_token', type: OAuthErrorDto })
  @ApiResponse({ status: 403, description: 'insufficient_scope', type: OAuthErrorDto })
  post(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<Record<string, unknown>> {
    return this.queries.execute(new GetUserInfoQuery(bearer(authorization, body)));
  }
}
