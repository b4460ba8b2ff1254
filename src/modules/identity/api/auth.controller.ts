import { Body, Controller, Header, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public } from '@opsledger/auth';
import { NoIdempotencyKeyGuard, Route } from '@opsledger/http';
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

  @UseGuards(NoIdempotencyKeyGuard)
  @Header('cache-control', 'no-store')
  @Route.Action({
    unitOfWork: false,
    path: 'login',
    summary: 'Log in with email or username and password',
    description:
      'Throttled per account and per address (429 with Retry-After). One generic 401 for every failure.',
    type: TokenPairResponseDto,
    problems: [429],
  })
  @Public()
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

  @UseGuards(NoIdempotencyKeyGuard)
  @Header('cache-control', 'no-store')
  @Route.Action({
    unitOfWork: false,
    path: 'refresh',
    summary: 'Exchange a refresh token for new tokens (rotation)',
    description:
      'Reusing a rotated refresh token revokes the whole session; a duplicate within REFRESH_TOKEN_GRACE_SECONDS (10 s by default, 0: off), while its successor is unused, gets the same successor.',
    type: TokenPairResponseDto,
  })
  @Public()
  refresh(@Body() body: RefreshRequestDto): Promise<TokenPair> {
    return this.commands.execute(new RefreshSessionCommand(body.refreshToken));
  }

  @Route.Action({
    unitOfWork: false,
    path: 'logout',
    summary: 'End the calling session (its refresh tokens stop working)',
  })
  @ApiBearerAuth('bearer')
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    if (actor.sessionId)
      await this.commands.execute(new RevokeSessionCommand(actor, actor.sessionId, 'logout'));
  }

  @UseGuards(NoIdempotencyKeyGuard)
  @Header('cache-control', 'no-store')
  @Route.Action({
    unitOfWork: false,
    path: 'switch-tenant',
    summary: 'Move the session to another tenant you belong to; returns tokens for it',
    type: TokenPairResponseDto,
  })
  @ApiBearerAuth('bearer')
  switchTenant(
    @CurrentActor() actor: Actor,
    @Body() body: SwitchTenantRequestDto,
  ): Promise<TokenPair> {
    return this.commands.execute(new SwitchTenantCommand(actor, body.tenantId, body.refreshToken));
  }

  @Route.Action({
    unitOfWork: false,
    path: 'password-reset',
    summary: 'Mail a password-reset link',
    description: 'Always 202, whether or not the address has an account.',
    auth: false,
    problems: [429],
    status: 202,
  })
  @Public()
  async requestPasswordReset(@Body() body: PasswordResetRequestDto): Promise<void> {
    await this.commands.execute(new RequestPasswordResetCommand(body.email));
  }

  @Route.Action({
    unitOfWork: false,
    path: 'password-reset/confirm',
    summary: 'Set a new password with the token from the mail; every session ends',
    auth: false,
  })
  @Public()
  async confirmPasswordReset(@Body() body: ConfirmPasswordResetRequestDto): Promise<void> {
    await this.commands.execute(new ResetPasswordCommand(body.token, body.newPassword));
  }

  @Route.Action({
    unitOfWork: false,
    path: 'verify-email',
    summary: 'Confirm an email address with the token from the mail',
    auth: false,
  })
  @Public()
  async verifyEmail(@Body() body: ActionTokenRequestDto): Promise<void> {
    await this.commands.execute(new VerifyEmailCommand(body.token));
  }

  @Route.Action({
    unitOfWork: false,
    path: 'sign-up',
    summary: 'Sign up into a tenant that allows it',
    description:
      'Creates an unverified account with a member role and mails a verification link. Answers 202 the same way when the address already has an account.',
    type: SignUpResponseDto,
    auth: false,
    problems: [403, 429],
    status: 202,
  })
  @Public()
  async signUp(@Body() body: SignUpRequestDto): Promise<SignUpResponseDto> {
    await this.commands.execute(
      new SignUpCommand(body.tenantSlug, body.email, body.password, body.fullName ?? null),
    );
    return { status: 'pending_verification' };
  }
}
