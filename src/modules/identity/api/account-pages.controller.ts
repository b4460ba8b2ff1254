import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@opsledger/auth';
import { DomainError } from '@opsledger/ddd';
import type { FastifyReply } from 'fastify';
import { ResetPasswordCommand } from '../application/commands/reset-password/reset-password.command';
import { VerifyEmailCommand } from '../application/commands/verify-email/verify-email.command';
import {
  brokenLinkPage,
  donePage,
  resetPasswordPage,
  sendAccountPage,
  verifyEmailPage,
} from './pages/account-pages';

type Form = Record<string, unknown>;

/** Action tokens are 32 random bytes, base64url (43 characters); anything else is no token. */
const tokenOf = (value: unknown): string | null =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{20,200}$/.test(value) ? value : null;

const BROKEN =
  'This link is not valid: it may have expired or been used already. Ask for a new one.';

/**
 * The pages the verification and password-reset mails link to (`/verify-email?token=`,
 * `/reset-password?token=`), outside /api/v1 like the sign-in pages. A GET only shows a form
 * (mail scanners prefetch links); the POST completes the action through the same commands
 * as POST /api/v1/auth/verify-email and /password-reset/confirm. The token stays out of the
 * request log (it drops the query string) and out of any Referer (Referrer-Policy).
 */
@ApiExcludeController()
@Public()
@Controller()
export class AccountPagesController {
  constructor(private readonly commands: CommandBus) {}

  @Get('verify-email')
  showVerifyEmail(@Query('token') token: unknown, @Res() reply: FastifyReply): FastifyReply {
    const valid = tokenOf(token);
    if (!valid)
      return sendAccountPage(reply, 400, brokenLinkPage('Confirm your email address', BROKEN));
    return sendAccountPage(reply, 200, verifyEmailPage(valid));
  }

  @Post('verify-email')
  async verifyEmail(@Body() body: Form, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const token = tokenOf(body?.token);
    const title = 'Confirm your email address';
    if (!token) return sendAccountPage(reply, 400, brokenLinkPage(title, BROKEN));
    try {
      await this.commands.execute(new VerifyEmailCommand(token));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendAccountPage(reply, 400, brokenLinkPage(title, BROKEN));
    }
    return sendAccountPage(
      reply,
      200,
      donePage('Email address confirmed', 'Thank you: your email address is confirmed.'),
    );
  }

  @Get('reset-password')
  showResetPassword(@Query('token') token: unknown, @Res() reply: FastifyReply): FastifyReply {
    const valid = tokenOf(token);
    if (!valid) return sendAccountPage(reply, 400, brokenLinkPage('Choose a new password', BROKEN));
    return sendAccountPage(reply, 200, resetPasswordPage(valid));
  }

  @Post('reset-password')
  async resetPassword(@Body() body: Form, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const token = tokenOf(body?.token);
    if (!token) return sendAccountPage(reply, 400, brokenLinkPage('Choose a new password', BROKEN));
    const password = typeof body.newPassword === 'string' ? body.newPassword : '';
    if (password !== body.confirmPassword)
      return sendAccountPage(
        reply,
        422,
        resetPasswordPage(token, 'The two passwords are not the same. Type them again.'),
      );
    try {
      await this.commands.execute(new ResetPasswordCommand(token, password));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // the policy's rule, on the form again (the token is not used up by a refused password)
      if (error.details?.field === 'password' || error.details?.field === 'newPassword')
        return sendAccountPage(reply, 422, resetPasswordPage(token, `The new ${error.message}.`));
      return sendAccountPage(reply, 400, brokenLinkPage('Choose a new password', BROKEN));
    }
    return sendAccountPage(
      reply,
      200,
      donePage(
        'Password changed',
        'Your password is changed and every session has ended. Sign in with the new password.',
      ),
    );
  }
}
