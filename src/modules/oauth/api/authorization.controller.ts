import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeEndpoint, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@opsledger/auth';
import { RequestContext } from '@opsledger/persistence';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GrantConsentCommand } from '../application/commands/grant-consent/grant-consent.command';
import { IssueAuthorizationCodeCommand } from '../application/commands/issue-authorization-code/issue-authorization-code.command';
import { SignInCommand, SignInOutcome } from '../application/commands/sign-in/sign-in.command';
import { Interaction, InteractionCodec } from '../application/interaction';
import {
  AuthorizationStep,
  GetNextAuthorizationStepQuery,
} from '../application/queries/get-next-authorization-step/get-next-authorization-step.query';
import {
  AuthorizationRequestValidation,
  ValidateAuthorizationRequestQuery,
} from '../application/queries/validate-authorization-request/validate-authorization-request.query';
import { TokenMint } from '../application/token-mint';
import { OAuthProtocolError } from '../domain/oauth.errors';
import { BrowserCookies } from './browser-cookies';
import { OAuthPageFilter } from './oauth-page.filter';
import { consentPage, errorPage, loginPage, tenantPage } from './pages/interaction-pages';
import { redirect, sendPage, withParams } from './protocol-response';

type Form = Record<string, unknown>;

const text = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;

const BROKEN_LINK = 'This sign-in page was not opened from an application, or its link is damaged.';

/**
 * The authorization endpoint (RFC 6749 §3.1) and the pages a person sees on the way:
 * sign-in, tenant choice and consent. Every page carries the sealed interaction; every form
 * carries a CSRF token bound to the browser cookie; every POST answers 303; an expired or
 * lost interaction goes back to the client with `access_denied`, never to a dead end.
 */
@ApiTags('oauth-protocol')
@Public()
@UseFilters(OAuthPageFilter)
@Controller('oauth')
export class AuthorizationController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly codec: InteractionCodec,
    private readonly cookies: BrowserCookies,
    private readonly mint: TokenMint,
    private readonly context: RequestContext,
  ) {}

  @Get('authorize')
  @ApiOperation({
    summary: 'Authorization endpoint (authorization code flow with PKCE)',
    description:
      'Standard OAuth 2.0 / OpenID Connect parameters: response_type=code, client_id, redirect_uri (exactly as registered), scope, state, nonce, ' +
      'code_challenge + code_challenge_method=S256 (required for public clients), prompt, max_age, login_hint, resource (RFC 8707). ' +
      'Answers with the sign-in, tenant or consent page, then redirects to redirect_uri with code, state and iss (RFC 9207), or with error.',
  })
  @ApiQuery({ name: 'response_type', enum: ['code'] })
  @ApiQuery({ name: 'client_id' })
  @ApiQuery({ name: 'redirect_uri' })
  @ApiQuery({ name: 'scope', example: 'openid profile email offline_access api' })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'nonce', required: false })
  @ApiQuery({ name: 'code_challenge', required: false })
  @ApiQuery({ name: 'code_challenge_method', required: false, enum: ['S256'] })
  @ApiQuery({
    name: 'prompt',
    required: false,
    enum: ['none', 'login', 'consent', 'select_account'],
  })
  @ApiQuery({ name: 'resource', required: false })
  @ApiResponse({
    status: 302,
    description: 'To a page of the sign-in, or back to redirect_uri with code or error',
  })
  @ApiResponse({
    status: 400,
    description: 'Unknown client or unregistered redirect_uri: an HTML page, never a redirect',
  })
  authorizeGet(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.authorize(request.query as Form, request, reply);
  }

  @Post('authorize')
  @ApiOperation({
    summary: 'Authorization endpoint, form-posted (OpenID Connect Core §3.1.2.1)',
    description: 'The same parameters as GET, as a form.',
  })
  @ApiResponse({ status: 303, description: 'As for GET' })
  authorizePost(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.authorize((request.body ?? {}) as Form, request, reply);
  }

  @Get('interaction/continue')
  @ApiExcludeEndpoint()
  async continue(
    @Query('interaction') sealed: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.withInteraction(sealed, request, reply, (i) => this.proceed(i, request, reply));
  }

  @Get('interaction/cancel')
  @ApiExcludeEndpoint()
  cancel(
    @Query('interaction') sealed: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): FastifyReply {
    const opened = this.codec.open(sealed);
    if (!opened) return sendPage(reply, 400, errorPage('Sign-in link not valid', BROKEN_LINK));
    return this.sendError(
      request,
      reply,
      opened.interaction,
      new OAuthProtocolError('access_denied', 'The user cancelled the sign-in'),
    );
  }

  @Get('interaction/login')
  @ApiExcludeEndpoint()
  loginForm(
    @Query('interaction') sealed: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.withInteraction(sealed, request, reply, async (i) => {
      const step = await this.next(i, request);
      if (step.kind !== 'login') return this.proceed(i, request, reply, step);
      return this.renderLogin(reply, request, i, step.client.name, 200, i.lh);
    });
  }

  @Post('interaction/login')
  @ApiExcludeEndpoint()
  login(
    @Body() body: Form,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.withForm(body, request, reply, async (i) => {
      const login = text(body.login, 255);
      const password = text(body.password, 256);
      const again = async (status: number, error: string) =>
        this.renderLogin(
          reply,
          request,
          i,
          await this.clientName(i, request),
          status,
          login ?? undefined,
          error,
        );
      if (!login || !password) return again(400, 'Enter your email or username and your password.');
      const outcome = await this.commands.execute<SignInCommand, SignInOutcome>(
        new SignInCommand(login, password, this.context.ip, this.context.userAgent),
      );
      // One message whether the account exists or not: the page must not tell which.
      if (outcome.outcome === 'invalid')
        return again(
          401,
          'The email, username or password is not right. Check them and try again.',
        );
      if (outcome.outcome === 'throttled') {
        const minutes = Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60));
        void reply.header('retry-after', String(outcome.retryAfterSeconds));
        return again(
          429,
          `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        );
      }
      this.cookies.setSession(reply, outcome.sessionId);
      return redirect(reply, 'POST', this.continueUrl({ ...i, li: outcome.sessionId }));
    });
  }

  @Get('interaction/tenant')
  @ApiExcludeEndpoint()
  tenantForm(
    @Query('interaction') sealed: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.withInteraction(sealed, request, reply, async (i) => {
      const step = await this.next(i, request);
      if (step.kind !== 'tenant') return this.proceed(i, request, reply, step);
      return this.renderTenant(reply, request, i, step, 200);
    });
  }

  @Post('interaction/tenant')
  @ApiExcludeEndpoint()
  chooseTenant(
    @Body() body: Form,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.withForm(body, request, reply, async (i) => {
      const step = await this.next(i, request);
      if (step.kind !== 'tenant') return this.proceed(i, request, reply, step);
      const chosen = step.choices.find((c) => c.tenantId === body.tenantId);
      if (!chosen)
        return this.renderTenant(
          reply,
          request,
          i,
          step,
          400,
          'Choose one of the organisations listed.',
        );
      return redirect(reply, 'POST', this.continueUrl({ ...i, tid: chosen.tenantId }));
    });
  }

  @Get('interaction/consent')
  @ApiExcludeEndpoint()
  consentForm(
    @Query('interaction') sealed: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.withInteraction(sealed, request, reply, async (i) => {
      const step = await this.next(i, request);
      if (step.kind !== 'consent') return this.proceed(i, request, reply, step);
      return this.renderConsent(reply, request, i, step, 200);
    });
  }

  @Post('interaction/consent')
  @ApiExcludeEndpoint()
  decide(
    @Body() body: Form,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.withForm(body, request, reply, async (i) => {
      if (body.decision === 'deny')
        return this.sendError(
          request,
          reply,
          i,
          new OAuthProtocolError('access_denied', 'The user denied the request'),
        );
      const step = await this.next(i, request);
      if (step.kind !== 'consent') return this.proceed(i, request, reply, step);
      if (body.decision !== 'allow')
        return this.renderConsent(reply, request, i, step, 400, 'Choose Allow or Deny.');
      const sessionId = this.cookies.sessionId(request) ?? '';
      await this.commands.execute(
        new GrantConsentCommand(step.userId, sessionId, step.client.id, step.scopes),
      );
      return redirect(reply, 'POST', this.continueUrl({ ...i, cg: true }));
    });
  }

  private async authorize(
    params: Form,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const validation = await this.queries.execute<
      ValidateAuthorizationRequestQuery,
      AuthorizationRequestValidation
    >(new ValidateAuthorizationRequestQuery(params));
    if (validation.kind === 'fatal') {
      return sendPage(
        reply,
        400,
        errorPage('This sign-in request cannot be completed', validation.error.message),
      );
    }
    if (validation.kind === 'redirect') {
      const { error, redirectUri, state } = validation;
      return redirect(
        reply,
        request.method,
        withParams(redirectUri, {
          error: error.error,
          error_description: error.message,
          state,
          iss: this.mint.issuerUrl,
        }),
      );
    }
    this.cookies.ensureBrowserId(request, reply);
    return this.proceed(validation.interaction, request, reply);
  }

  private next(i: Interaction, request: FastifyRequest): Promise<AuthorizationStep> {
    return this.queries.execute<GetNextAuthorizationStepQuery, AuthorizationStep>(
      new GetNextAuthorizationStepQuery(i, this.cookies.sessionId(request)),
    );
  }

  /** Sends the browser to the page the next step needs, or back to the client with a code or an error. */
  private async proceed(
    i: Interaction,
    request: FastifyRequest,
    reply: FastifyReply,
    known?: AuthorizationStep,
  ): Promise<FastifyReply> {
    const step = known ?? (await this.next(i, request));
    const sealed = encodeURIComponent(this.codec.seal(i));
    switch (step.kind) {
      case 'login':
        return redirect(reply, request.method, `/oauth/interaction/login?interaction=${sealed}`);
      case 'tenant':
        return redirect(reply, request.method, `/oauth/interaction/tenant?interaction=${sealed}`);
      case 'consent':
        return redirect(reply, request.method, `/oauth/interaction/consent?interaction=${sealed}`);
      case 'error':
        return this.sendError(request, reply, i, step.error);
      case 'issue': {
        const { code } = await this.commands.execute<
          IssueAuthorizationCodeCommand,
          { code: string }
        >(
          new IssueAuthorizationCodeCommand(
            step.client,
            i,
            step.userId,
            step.tenantId,
            step.sessionId,
            step.authTime,
          ),
        );
        return redirect(
          reply,
          request.method,
          withParams(i.ruri, { code, state: i.st, iss: this.mint.issuerUrl }),
        );
      }
    }
  }

  private sendError(
    request: FastifyRequest,
    reply: FastifyReply,
    i: Interaction,
    error: OAuthProtocolError,
  ): FastifyReply {
    return redirect(
      reply,
      request.method,
      withParams(i.ruri, {
        error: error.error,
        error_description: error.message,
        state: i.st,
        iss: this.mint.issuerUrl,
      }),
    );
  }

  private continueUrl(i: Interaction): string {
    return `/oauth/interaction/continue?interaction=${encodeURIComponent(this.codec.seal(i))}`;
  }

  /** Opens a sealed interaction: a forged one is a page; an expired one goes back to the client. */
  private async withInteraction(
    sealed: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
    then: (i: Interaction) => Promise<FastifyReply>,
  ): Promise<FastifyReply> {
    const opened = this.codec.open(sealed);
    if (!opened) return sendPage(reply, 400, errorPage('Sign-in link not valid', BROKEN_LINK));
    if (opened.expired)
      return this.sendError(
        request,
        reply,
        opened.interaction,
        new OAuthProtocolError('access_denied', 'The sign-in took too long and has expired'),
      );
    return then(opened.interaction);
  }

  /**
   * A form post: the interaction as above, then the CSRF token against the browser cookie.
   * A browser that lost its cookie goes back to the client; a stale token gets the form again.
   */
  private withForm(
    body: Form,
    request: FastifyRequest,
    reply: FastifyReply,
    then: (i: Interaction) => Promise<FastifyReply>,
  ): Promise<FastifyReply> {
    return this.withInteraction(body?.interaction, request, reply, async (i) => {
      const browserId = this.cookies.browserId(request);
      if (!browserId) {
        return this.sendError(
          request,
          reply,
          i,
          new OAuthProtocolError(
            'access_denied',
            'The browser did not keep the sign-in cookie; enable cookies and try again',
          ),
        );
      }
      if (!this.codec.checkCsrf(body.csrf, browserId, i.iid)) {
        return sendPage(
          reply,
          403,
          errorPage(
            'This form has expired',
            'The page was open too long or was sent from elsewhere. Nothing was changed.',
            { href: this.continueUrl(i), label: 'Start this step again' },
          ),
          i.ruri,
        );
      }
      return then(i);
    });
  }

  private async clientName(i: Interaction, request: FastifyRequest): Promise<string> {
    const step = await this.next(i, request);
    return 'client' in step ? step.client.name : i.cid;
  }

  private renderLogin(
    reply: FastifyReply,
    request: FastifyRequest,
    i: Interaction,
    clientName: string,
    status: number,
    login?: string,
    error?: string,
  ): FastifyReply {
    const csrf = this.codec.csrfToken(this.cookies.ensureBrowserId(request, reply), i.iid);
    return sendPage(
      reply,
      status,
      loginPage({ clientName, interaction: this.codec.seal(i), csrf, login, error }),
      i.ruri,
    );
  }

  private renderTenant(
    reply: FastifyReply,
    request: FastifyRequest,
    i: Interaction,
    step: Extract<AuthorizationStep, { kind: 'tenant' }>,
    status: number,
    error?: string,
  ): FastifyReply {
    const csrf = this.codec.csrfToken(this.cookies.ensureBrowserId(request, reply), i.iid);
    return sendPage(
      reply,
      status,
      tenantPage({
        clientName: step.client.name,
        interaction: this.codec.seal(i),
        csrf,
        choices: step.choices,
        error,
      }),
      i.ruri,
    );
  }

  private renderConsent(
    reply: FastifyReply,
    request: FastifyRequest,
    i: Interaction,
    step: Extract<AuthorizationStep, { kind: 'consent' }>,
    status: number,
    error?: string,
  ): FastifyReply {
    const csrf = this.codec.csrfToken(this.cookies.ensureBrowserId(request, reply), i.iid);
    return sendPage(
      reply,
      status,
      consentPage({
        clientName: step.client.name,
        interaction: this.codec.seal(i),
        csrf,
        scopes: step.scopes,
        userLabel: step.userLabel,
        error,
      }),
      i.ruri,
    );
  }
}
