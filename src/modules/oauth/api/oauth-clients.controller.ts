import { Body, Controller, Header, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { Page, PageQuery, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
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
import { NoIdempotencyKeyGuard } from '@opsledger/http';

@ApiTags('oauth')
@ApiBearerAuth('bearer')
@Roles('admin')
@Controller('oauth/clients')
export class OAuthClientsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Register an OAuth client (platform admin)',
    description:
      'Generates the client_id and, for a confidential client, a secret that this response shows once. Point a standard OpenID Connect client at the issuer with them.',
    type: RegisteredClientResponseDto,
    idempotent: false,
    problems: [422],
  })
  @UseGuards(NoIdempotencyKeyGuard)
  @Header('cache-control', 'no-store')
  async register(
    @CurrentActor() actor: Actor,
    @Body() body: RegisterClientRequestDto,
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
    return { ...client, clientSecret: registered.clientSecret };
  }

  @Route.List({ summary: 'List OAuth clients (platform admin)', type: ClientPageResponseDto })
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<Page<OAuthClientView>> {
    return this.queries.execute(new ListClientsQuery(actor, query.limit ?? 20, query.cursor));
  }

  @Route.Read({
    path: ':id',
    summary: 'Read one OAuth client (platform admin)',
    description: 'Answers an ETag to send back as If-Match when changing it.',
    type: ClientResponseDto,
  })
  async get(@Target() { actor, id }: Target): Promise<OAuthClientView> {
    return this.queries.execute<GetClientQuery, OAuthClientView>(new GetClientQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary:
      'Change redirect URIs, grant types, scopes, audience, name or first-party flag (platform admin)',
    description:
      'Only the fields given change; the whole resulting registration must still be valid.',
    type: ClientResponseDto,
    ifMatch: true,
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateClientRequestDto,
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
    return this.queries.execute<GetClientQuery, OAuthClientView>(new GetClientQuery(actor, id));
  }

  @Route.Action({
    path: ':id/rotate-secret',
    summary: 'Replace the client secret (platform admin); the old one stops working at once',
    type: ClientSecretResponseDto,
  })
  @UseGuards(NoIdempotencyKeyGuard)
  @Header('cache-control', 'no-store')
  rotateSecret(@Target() { actor, id }: Target) {
    return this.commands.execute<
      RotateClientSecretCommand,
      { clientId: string; clientSecret: string }
    >(new RotateClientSecretCommand(actor, id));
  }

  @Route.Action({
    path: ':id/deactivate',
    summary: 'Deactivate a client (platform admin): no more sign-ins, tokens or refreshes',
  })
  async deactivate(@Target() { actor, id }: Target): Promise<void> {
    await this.commands.execute(new DeactivateClientCommand(actor, id));
  }
}
