import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Public } from '@opsledger/auth';
import { ApiProblems } from '@opsledger/http';
import { Actor, RequestContext } from '@opsledger/persistence';
import { LoginCommand } from '../application/commands/login/login.command';
import { RefreshSessionCommand } from '../application/commands/refresh-session/refresh-session.command';
import { RevokeSessionCommand } from '../application/commands/revoke-session/revoke-session.command';
import { SwitchTenantCommand } from '../application/commands/switch-tenant/switch-tenant.command';
import { TokenPair } from '../application/session-tokens';
import {
  ActionTokenRequestDto,
  ConfirmPasswordResetRequestDto,
  LoginRequestDto,
  PasswordResetRequestDto,
  RefreshRequestDto,
  SignUpRequestDto,
  SignUpResponseDto,
  SwitchTenantRequestDto,
  TokenPairResponseDto,
} from './dto/login.request.dto';
import { RequestPasswordResetCommand } from '../application/commands/request-password-reset/request-password-reset.command';
import { ResetPasswordCommand } from '../application/commands/reset-password/reset-password.command';
import { VerifyEmailCommand } from '../application/commands/verify-email/verify-email.command';
import { SignUpCommand } from '../application/commands/sign-up/sign-up.command';

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
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Log in with email or username and password',
    description:
      'Throttled per account and per address (429 with Retry-After). One generic 401 for every failure.',
  })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiProblems(400, 401, 403, 429)
  login(@Body() body: LoginRequestDto): Promise<TokenPair> {
    return this.commands.execute(
      new LoginCommand(
        body.login,
        body.password,
        body.tenantId ?? null,
        this.context.ip,
        this.context.userAgent,
      ),
    );
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens (rotation)',
    description:
      'Reusing a rotated refresh token revokes the whole session; a duplicate within REFRESH_TOKEN_GRACE_SECONDS (10 s by default, 0: off), while its successor is unused, gets the same successor.',
  })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiProblems(400, 401)
  refresh(@Body() body: RefreshRequestDto): Promise<TokenPair> {
    return this.commands.execute(new RefreshSessionCommand(body.refreshToken));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'End the calling session (its refresh tokens stop working)' })
  @ApiNoContentResponse()
  @ApiProblems(401)
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    if (actor.sessionId)
      await this.commands.execute(new RevokeSessionCommand(actor, actor.sessionId, 'logout'));
  }

  @Post('switch-tenant')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiBearerAuth('bearer')
  @ApiOperation({
    summary: 'Move the session to another tenant you belong to; returns tokens for it',
  })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiProblems(400, 401, 403)
  switchTenant(
    @CurrentActor() actor: Actor,
    @Body() body: SwitchTenantRequestDto,
  ): Promise<TokenPair> {
    return this.commands.execute(new SwitchTenantCommand(actor, body.tenantId, body.refreshToken));
  }

  @Public()
  @Post('password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a password-reset link',
    description: 'Always 202, whether or not the address has an account.',
  })
  @ApiAcceptedResponse()
  @ApiProblems(400, 429)
  async requestPasswordReset(@Body() body: PasswordResetRequestDto): Promise<void> {
    await this.commands.execute(new RequestPasswordResetCommand(body.email));
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the token from the mail; every session ends' })
  @ApiNoContentResponse()
  @ApiProblems(400)
  async confirmPasswordReset(@Body() body: ConfirmPasswordResetRequestDto): Promise<void> {
    await this.commands.execute(new ResetPasswordCommand(body.token, body.newPassword));
  }

  @Public()
  @Post('verify-email')
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm an email address with the token from the mail' })
  @ApiNoContentResponse()
  @ApiProblems(400)
  async verifyEmail(@Body() body: ActionTokenRequestDto): Promise<void> {
    await this.commands.execute(new VerifyEmailCommand(body.token));
  }

  @Public()
  @Post('sign-up')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Sign up into a tenant that allows it',
    description:
      'Creates an unverified account with a member role and mails a verification link. Answers 202 the same way when the address already has an account.',
  })
  @ApiAcceptedResponse({ type: SignUpResponseDto })
  @ApiProblems(400, 403, 429)
  async signUp(@Body() body: SignUpRequestDto): Promise<SignUpResponseDto> {
    await this.commands.execute(
      new SignUpCommand(body.tenantSlug, body.email, body.password, body.fullName ?? null),
    );
    return { status: 'pending_verification' };
  }
}
