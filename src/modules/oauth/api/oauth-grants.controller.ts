import { Controller, Delete, Get, HttpCode, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { ApiProblems, Page, PageQuery, UuidParam } from '@opsledger/http';
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

  @Get()
  @ApiOperation({ summary: 'The applications you have allowed (consents) or are signed in to' })
  @ApiOkResponse({ type: OAuthGrantPageResponseDto })
  @ApiProblems(400, 401, 403)
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<Page<OAuthGrantView>> {
    return this.queries.execute(
      new ListUserGrantsQuery(actor, actor.id ?? '', query.limit ?? 20, query.cursor),
    );
  }

  @Delete(':clientId')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Withdraw your consent to an application and end its tokens; the next sign-in asks again',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
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

  @Get(':id/oauth-grants')
  @ApiOperation({
    summary:
      'An account’s OAuth grants: consents and live tokens per client (platform admin, or the account holder)',
  })
  @ApiOkResponse({ type: OAuthGrantPageResponseDto })
  @ApiProblems(400, 401, 403)
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<OAuthGrantView>> {
    return this.queries.execute(
      new ListUserGrantsQuery(actor, id, query.limit ?? 20, query.cursor),
    );
  }

  @Delete(':id/oauth-grants/:clientId')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Revoke an account’s grant to a client: its consent and every live token (platform admin, or the account holder)',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async revoke(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @ClientIdParam() clientId: string,
  ): Promise<void> {
    await this.commands.execute(new RevokeGrantCommand(actor, id, clientId));
  }
}
