import { Body, Controller, Delete, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { ApiProblems, Page, PageQuery, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
import { LinkExternalIdentityCommand } from '../application/commands/link-external-identity/link-external-identity.command';
import { UnlinkExternalIdentityCommand } from '../application/commands/unlink-external-identity/unlink-external-identity.command';
import { ExternalIdentityView } from '../application/queries/external-identity.read-model';
import { GetExternalIdentityQuery } from '../application/queries/get-external-identity/get-external-identity.query';
import { ListExternalIdentitiesQuery } from '../application/queries/list-external-identities/list-external-identities.query';
import {
  ExternalIdentityPageResponseDto,
  ExternalIdentityResponseDto,
  LinkExternalIdentityRequestDto,
} from './dto/grant.dto';

@ApiTags('oauth')
@ApiBearerAuth('bearer')
@Roles('admin')
@Controller('users')
export class ExternalIdentitiesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/external-identities')
  @ApiOperation({
    summary: 'Link an identity at another provider to an account (platform admin)',
    description:
      'Access tokens of a configured external issuer (EXTERNAL_ISSUERS) for this provider and subject then act as the account on this API.',
  })
  @ApiCreatedResponse({
    type: ExternalIdentityResponseDto,
    headers: { Location: { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 404, 409)
  async link(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: LinkExternalIdentityRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ExternalIdentityView> {
    const linked = await this.commands.execute<LinkExternalIdentityCommand, { id: string }>(
      new LinkExternalIdentityCommand(actor, id, body.provider, body.subject),
    );
    void reply.header('location', `/api/v1/users/${id}/external-identities/${linked.id}`);
    return this.queries.execute(new GetExternalIdentityQuery(actor, id, linked.id));
  }

  @Get(':id/external-identities')
  @ApiOperation({ summary: 'An account’s linked external identities (platform admin)' })
  @ApiOkResponse({ type: ExternalIdentityPageResponseDto })
  @ApiProblems(400, 401, 403)
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<ExternalIdentityView>> {
    return this.queries.execute(
      new ListExternalIdentitiesQuery(actor, id, query.limit ?? 20, query.cursor),
    );
  }

  @Delete(':id/external-identities/:identityId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Unlink an external identity (platform admin); its tokens stop working at once',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async unlink(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('identityId') identityId: string,
  ): Promise<void> {
    await this.commands.execute(new UnlinkExternalIdentityCommand(actor, id, identityId));
  }
}
