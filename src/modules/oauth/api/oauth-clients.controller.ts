import {
  Body,
  Controller,
  Get,
  HttpCode,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { ApiProblems, etagOf, IfMatch, Page, PageQuery, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
import { ChangeClientCommand } from '../application/commands/change-client/change-client.command';
import { DeactivateClientCommand } from '../application/commands/deactivate-client/deactivate-client.command';
import {
  RegisterClientCommand,
  RegisteredClient,
} from '../application/commands/register-client/register-client.command';
import { RotateClientSecretCommand } from '../application/commands/rotate-client-secret/rotate-client-secret.command';
import { GetClientQuery } from '../application/queries/get-client/get-client.query';
import { ListClientsQuery } from '../application/queries/list-clients/list-clients.query';
import { OAuthClientView } from '../application/queries/oauth-client.read-model';
import {
  ClientPageResponseDto,
  ClientResponseDto,
  ClientSecretResponseDto,
  RegisteredClientResponseDto,
  RegisterClientRequestDto,
  UpdateClientRequestDto,
} from './dto/oauth-client.dto';
import { NoIdempotencyKeyGuard } from './no-idempotency-key.guard';

@ApiTags('oauth')
@ApiBearerAuth('bearer')
@Roles('admin')
@Controller('oauth/clients')
export class OAuthClientsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @UseGuards(NoIdempotencyKeyGuard)
  @ApiOperation({
    summary: 'Register an OAuth client (platform admin)',
    description:
      'Generates the client_id and, for a confidential client, a secret that this response shows once. Point a standard OpenID Connect client at the issuer with them.',
  })
  @ApiCreatedResponse({
    type: RegisteredClientResponseDto,
    headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 422)
  async register(
    @CurrentActor() actor: Actor,
    @Body() body: RegisterClientRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OAuthClientView & { clientSecret: string | null }> {
    const registered = await this.commands.execute<RegisterClientCommand, RegisteredClient>(
      new RegisterClientCommand(actor, {
        name: body.name,
        redirectUris: body.redirectUris,
        postLogoutRedirectUris: body.postLogoutRedirectUris,
        allowedOrigins: body.allowedOrigins,
        grantTypes: body.grantTypes,
        scopes: body.scopes,
        audience: body.audience,
        tokenEndpointAuthMethod: body.tokenEndpointAuthMethod,
        isFirstParty: body.isFirstParty,
        tenantId: body.tenantId ?? null,
      }),
    );
    const client = await this.queries.execute<GetClientQuery, OAuthClientView>(
      new GetClientQuery(actor, registered.id),
    );
    void reply
      .header('location', `/api/v1/oauth/clients/${client.id}`)
      .header('etag', etagOf(client.version))
      .header('cache-control', 'no-store');
    return { ...client, clientSecret: registered.clientSecret };
  }

  @Get()
  @ApiOperation({ summary: 'List OAuth clients (platform admin)' })
  @ApiOkResponse({ type: ClientPageResponseDto })
  @ApiProblems(400, 401, 403)
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<Page<OAuthClientView>> {
    return this.queries.execute(new ListClientsQuery(actor, query.limit ?? 20, query.cursor));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read one OAuth client (platform admin)',
    description: 'Answers an ETag to send back as If-Match when changing it.',
  })
  @ApiOkResponse({ type: ClientResponseDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OAuthClientView> {
    const client = await this.queries.execute<GetClientQuery, OAuthClientView>(
      new GetClientQuery(actor, id),
    );
    void reply.header('etag', etagOf(client.version));
    return client;
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change redirect URIs, grant types, scopes, audience, name or first-party flag (platform admin)',
    description:
      'Only the fields given change; the whole resulting registration must still be valid.',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag from GET; a stale one is a 412',
  })
  @ApiOkResponse({ type: ClientResponseDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: UpdateClientRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OAuthClientView> {
    await this.commands.execute(
      new ChangeClientCommand(
        actor,
        id,
        {
          name: body.name,
          redirectUris: body.redirectUris,
          postLogoutRedirectUris: body.postLogoutRedirectUris,
          allowedOrigins: body.allowedOrigins,
          grantTypes: body.grantTypes,
          scopes: body.scopes,
          audience: body.audience,
          isFirstParty: body.isFirstParty,
        },
        ifMatch,
      ),
    );
    const client = await this.queries.execute<GetClientQuery, OAuthClientView>(
      new GetClientQuery(actor, id),
    );
    void reply.header('etag', etagOf(client.version));
    return client;
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @UseGuards(NoIdempotencyKeyGuard)
  @ApiOperation({
    summary: 'Replace the client secret (platform admin); the old one stops working at once',
  })
  @ApiOkResponse({ type: ClientSecretResponseDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async rotateSecret(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.commands.execute<
      RotateClientSecretCommand,
      { clientId: string; clientSecret: string }
    >(new RotateClientSecretCommand(actor, id));
    void reply.header('cache-control', 'no-store');
    return result;
  }

  @Post(':id/deactivate')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Deactivate a client (platform admin): no more sign-ins, tokens or refreshes',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async deactivate(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.commands.execute(new DeactivateClientCommand(actor, id));
  }
}
