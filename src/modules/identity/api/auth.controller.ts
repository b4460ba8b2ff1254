import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public } from '@opsledger/auth';
import { ApiProblems } from '@opsledger/http';
import { Actor, RequestContext } from '@opsledger/persistence';
import { LoginCommand } from '../application/commands/login/login.command';
import { RefreshSessionCommand } from '../application/commands/refresh-session/refresh-session.command';
import { RevokeSessionCommand } from '../application/commands/revoke-session/revoke-session.command';
import { SwitchTenantCommand } from '../application/commands/switch-tenant/switch-tenant.command';
import { TokenPair } from '../application/session-tokens';
import { LoginRequestDto, RefreshRequestDto, SwitchTenantRequestDto, TokenPairResponseDto } from './dto/login.request.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly context: RequestContext,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with email or username and password', description: 'Throttled per account and per address (429 with Retry-After). One generic 401 for every failure.' })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiProblems(400, 401, 403, 429)
  login(@Body() body: LoginRequestDto): Promise<TokenPair> {
    return this.commands.execute(new LoginCommand(body.login, body.password, body.tenantId ?? null, this.context.ip, this.context.userAgent));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (rotation)', description: 'Reusing a rotated refresh token revokes the whole session; a duplicate within 10 s gets the same successor.' })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiProblems(400, 401)
  refresh(@Body() body: RefreshRequestDto): Promise<TokenPair> {
    return this.commands.execute(new RefreshSessionCommand(body.refreshToken));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'End the calling session (its refresh tokens stop working)' })
  @ApiProblems(401)
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    if (actor.sessionId) await this.commands.execute(new RevokeSessionCommand(actor, actor.sessionId, 'logout'));
  }

  @Post('switch-tenant')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Move the session to another tenant you belong to; returns tokens for it' })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiProblems(400, 401, 403)
  switchTenant(@CurrentActor() actor: Actor, @Body() body: SwitchTenantRequestDto): Promise<TokenPair> {
    return this.commands.execute(new SwitchTenantCommand(actor, body.tenantId, body.refreshToken));
  }
}
