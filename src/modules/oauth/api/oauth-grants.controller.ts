import { Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, PageQuery, Route, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { RevokeGrantCommand } from '../application/commands/revoke-grant/revoke-grant.command';
import { ListUserGrantsQuery } from '../application/queries/list-user-grants/list-user-grants.query';
import { OAuthGrantView } from '../application/queries/oauth-grant.read-model';
import { ClientIdParam } from './client-id-param';
import { OAuthGrantPageResponseDto } from './dto/grant.dto';

@ApiTags('oauth')
@ApiBearerAuth('bearer')
@Controller('me/consents')
export class MyConsentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.List({
    summary: 'The applications you have allowed (consents) or are signed in to',
    type: OAuthGrantPageResponseDto,
  })
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<Page<OAuthGrantView>> {
    return this.queries.execute(
      new ListUserGrantsQuery(actor, actor.id ?? '', query.limit ?? 20, query.cursor),
    );
  }

  @Route.Delete({
    path: ':clientId',
    summary:
      'Withdraw your consent to an application and end its tokens; the next sign-in asks again',
  })
  async revoke(@CurrentActor() actor: Actor, @ClientIdParam() clientId: string): Promise<void> {
    await this.commands.execute(new RevokeGrantCommand(actor, actor.id ?? '', clientId));
  }
}

@ApiTags('oauth')
@ApiBearerAuth('bearer')
@Controller('users')
export class UserOAuthGrantsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.List({
    path: ':id/oauth-grants',
    summary:
      'An account’s OAuth grants: consents and live tokens per client (platform admin, or the account holder)',
    type: OAuthGrantPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<OAuthGrantView>> {
    return this.queries.execute(
      new ListUserGrantsQuery(actor, id, query.limit ?? 20, query.cursor),
    );
  }

  @Route.Delete({
    path: ':id/oauth-grants/:clientId',
    summary:
      'Revoke an account’s grant to a client: its consent and every live token (platform admin, or the account holder)',
  })
  async revoke(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @ClientIdParam() clientId: string,
  ): Promise<void> {
    await this.commands.execute(new RevokeGrantCommand(actor, id, clientId));
  }
}
