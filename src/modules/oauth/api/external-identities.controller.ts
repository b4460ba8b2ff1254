import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { Page, PageQuery, Route, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
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

  @Route.Create({
    path: ':id/external-identities',
    summary: 'Link an identity at another provider to an account (platform admin)',
    description:
      'Access tokens of a configured external issuer (EXTERNAL_ISSUERS) for this provider and subject then act as the account on this API.',
    type: ExternalIdentityResponseDto,
    idempotent: false,
  })
  async link(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: LinkExternalIdentityRequestDto,
  ): Promise<ExternalIdentityView> {
    const linked = await this.commands.execute<LinkExternalIdentityCommand, { id: string }>(
      new LinkExternalIdentityCommand(actor, id, body.provider, body.subject),
    );
    return this.queries.execute(new GetExternalIdentityQuery(actor, id, linked.id));
  }

  @Route.List({
    path: ':id/external-identities',
    summary: 'An account’s linked external identities (platform admin)',
    type: ExternalIdentityPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<ExternalIdentityView>> {
    return this.queries.execute(
      new ListExternalIdentitiesQuery(actor, id, query.limit ?? 20, query.cursor),
    );
  }

  @Route.Delete({
    path: ':id/external-identities/:identityId',
    summary: 'Unlink an external identity (platform admin); its tokens stop working at once',
  })
  async unlink(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('identityId') identityId: string,
  ): Promise<void> {
    await this.commands.execute(new UnlinkExternalIdentityCommand(actor, id, identityId));
  }
}
