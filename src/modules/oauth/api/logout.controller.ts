import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@opsledger/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EndSsoSessionCommand } from '../application/commands/end-sso-session/end-sso-session.command';
import { InteractionCodec } from '../application/interaction';
import {
  LogoutRequestValidation,
  ValidateLogoutRequestQuery,
} from '../application/queries/validate-logout-request/validate-logout-request.query';
import { BrowserCookies } from './browser-cookies';
import { OAuthPageFilter } from './oauth-page.filter';
import { errorPage, logoutConfirmPage, signedOutPage } from './pages/interaction-pages';
import { redirect, sendPage, withParams } from './protocol-response';

type Form = Record<string, unknown>;
const LOGOUT_PARAMS = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state'];

/** OpenID Connect RP-Initiated Logout 1.0 (the discovery document's end_session_endpoint). */
@ApiTags('oauth-protocol')
@Public()
@UseFilters(OAuthPageFilter)
@Controller('oauth')
export class LogoutController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly cookies: BrowserCookies,
    private readonly codec: InteractionCodec,
  ) {}

  @Get('logout')
  @ApiOperation({
    summary: 'End the sign-in session (RP-initiated logout)',
    description:
      'With a valid id_token_hint naming the session this browser holds, the session ends at once and the browser goes to post_logout_redirect_uri (registered exactly on the client) with state; without one, or with a hint for a session the browser does not hold, the user confirms on a page.',
  })
  @ApiQuery({ name: 'id_token_hint', required: false })
  @ApiQuery({ name: 'post_logout_redirect_uri', required: false })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'client_id', required: false })
  @ApiResponse({ status: 302, description: 'To post_logout_redirect_uri' })
  @ApiResponse({ status: 200, description: 'Signed-out page, or the confirmation page' })
  @ApiResponse({
    status: 400,
    description: 'Invalid id_token_hint or unregistered post_logout_redirect_uri (HTML page)',
  })
  logoutGet(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.logout((request.query ?? {}) as Form, request, reply, false);
  }

  @Post('logout')
  @ApiOperation({
    summary: 'End the sign-in session, form-posted (also the confirmation page’s form)',
  })
  @ApiResponse({ status: 303, description: 'To post_logout_redirect_uri' })
  @ApiResponse({ status: 200, description: 'Signed-out page' })
  @ApiResponse({ status: 400, description: 'As for GET' })
  logoutPost(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const body = (request.body ?? {}) as Form;
    const confirmed = this.codec.checkCsrf(body.csrf, this.cookies.browserId(request), 'logout');
    return this.logout(body, request, reply, confirmed);
  }

  private async logout(
    params: Form,
    request: FastifyRequest,
    reply: FastifyReply,
    confirmedByUser: boolean,
  ): Promise<FastifyReply> {
    const cookieSession = this.cookies.sessionId(request);
    const v = await this.queries.execute<ValidateLogoutRequestQuery, LogoutRequestValidation>(
      new ValidateLogoutRequestQuery(params, cookieSession),
    );
    if (v.kind === 'fatal')
      return sendPage(reply, 400, errorPage('Sign-out request not valid', v.error.message));
    if (!v.confirmed && !confirmedByUser) {
      const fields = Object.fromEntries(
        LOGOUT_PARAMS.filter((k) => typeof params[k] === 'string').map((k) => [
          k,
          params[k] as string,
        ]),
      );
      const csrf = this.codec.csrfToken(this.cookies.ensureBrowserId(request, reply), 'logout');
      return sendPage(
        reply,
        200,
        logoutConfirmPage(fields, csrf, v.client?.name ?? null),
        v.postLogoutRedirectUri,
      );
    }
    for (const sessionId of v.sessionIds) {
      await this.commands.execute(
        new EndSsoSessionCommand(sessionId, 'rp_initiated_logout', v.client?.clientId ?? null),
      );
    }
    if (cookieSession && (v.sessionIds.includes(cookieSession) || !v.confirmed))
      this.cookies.clearSession(reply);
    if (v.postLogoutRedirectUri)
      return redirect(
        reply,
        request.method,
        withParams(v.postLogoutRedirectUri, { state: v.state }),
      );
    return sendPage(reply, 200, signedOutPage());
  }
}
