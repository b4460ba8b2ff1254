import { Body, Controller, Header, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { IfMatch, Page, Route, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { AddContractorListItemCommand } from '../application/commands/add-contractor-list-item/add-contractor-list-item.command';
import { ChangeContractorListItemCommand } from '../application/commands/change-contractor-list-item/change-contractor-list-item.command';
import { ChangeContractorListCommand } from '../application/commands/change-contractor-list/change-contractor-list.command';
import { CreateContractorListCommand } from '../application/commands/create-contractor-list/create-contractor-list.command';
import { DeleteContractorListCommand } from '../application/commands/delete-contractor-list/delete-contractor-list.command';
import { GrantContractorListShareCommand } from '../application/commands/grant-contractor-list-share/grant-contractor-list-share.command';
import { RemoveContractorListItemCommand } from '../application/commands/remove-contractor-list-item/remove-contractor-list-item.command';
import { RevokeContractorListShareCommand } from '../application/commands/revoke-contractor-list-share/revoke-contractor-list-share.command';
import {
  ContractorListView,
  ListActivityView,
  ListItemView,
  ListShareView,
} from '../application/queries/contractor-list.read-model';
import { ExportContractorListQuery } from '../application/queries/export-contractor-list/export-contractor-list.query';
import { GetContractorListItemQuery } from '../application/queries/get-contractor-list-item/get-contractor-list-item.query';
import { GetContractorListQuery } from '../application/queries/get-contractor-list/get-contractor-list.query';
import { ListContractorListActivityQuery } from '../application/queries/list-contractor-list-activity/list-contractor-list-activity.query';
import { ListContractorListItemsQuery } from '../application/queries/list-contractor-list-items/list-contractor-list-items.query';
import { ListContractorListSharesQuery } from '../application/queries/list-contractor-list-shares/list-contractor-list-shares.query';
import { ListContractorListsQuery } from '../application/queries/list-contractor-lists/list-contractor-lists.query';
import {
  AddContractorListItemRequestDto,
  ContractorListItemPageResponseDto,
  ContractorListItemResponseDto,
  ContractorListPageResponseDto,
  ContractorListResponseDto,
  ContractorListShareResponseDto,
  CreateContractorListRequestDto,
  CreatedShareResponseDto,
  ListActivityPageResponseDto,
  ListContractorListsQueryDto,
  ShareContractorListRequestDto,
  UpdateContractorListItemRequestDto,
  UpdateContractorListRequestDto,
} from './dto/contractor-list.dto';
import { PageQuery } from '@opsledger/http';

const WHO =
  'Lists belong to a user in the tenant of the access token. You see your own, those shared with you and public ones; ' +
  'a list you cannot see is a 404. Only the owner shares, publishes, reorders or deletes; an edit share may change fields and items.';

/** Spec 001's portfolios: lists of contractor profiles, their items, shares and activity. */
@ApiTags('portfolio')
@ApiBearerAuth('bearer')
@Controller('contractor-lists')
export class ContractorListsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Create a contractor list',
    description: `${WHO} Your first list is your default; \`isDefault: true\` moves the default to the new list.`,
    type: ContractorListResponseDto,
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateContractorListRequestDto,
  ): Promise<ContractorListView> {
    const { id } = await this.commands.execute(
      new CreateContractorListCommand(
        actor,
        {
          name: body.name,
          description: body.description ?? null,
          color: body.color ?? null,
          icon: body.icon ?? null,
          sortOrder: body.sortOrder,
          isPublic: body.isPublic,
          settings: body.settings,
        },
        body.isDefault,
      ),
    );
    return this.queries.execute(new GetContractorListQuery(actor, id));
  }

  @Route.List({
    summary: 'List contractor lists',
    description: WHO,
    type: ContractorListPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListContractorListsQueryDto,
  ): Promise<Page<ContractorListView>> {
    return this.queries.execute(
      new ListContractorListsQuery(actor, query.scope ?? 'all', {
        limit: query.limit ?? 20,
        cursor: query.cursor,
      }),
    );
  }

  @Route.Read({
    path: ':id',
    summary: 'Read a contractor list',
    description: WHO,
    type: ContractorListResponseDto,
  })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<ContractorListView> {
    return this.queries.execute(new GetContractorListQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary: 'Rename, describe, recolor, reorder, publish a list, or make it the default',
    description: WHO,
    type: ContractorListResponseDto,
    ifMatch: true,
  })
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: UpdateContractorListRequestDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<ContractorListView> {
    const { isDefault, ...fields } = body;
    await this.commands.execute(
      new ChangeContractorListCommand(actor, id, fields, isDefault, ifMatch),
    );
    return this.queries.execute(new GetContractorListQuery(actor, id));
  }

  @Route.Delete({
    path: ':id',
    summary: 'Delete a contractor list',
    description: `${WHO} The default list can be deleted only when it is your last one.`,
    ifMatch: true,
  })
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<void> {
    await this.commands.execute(new DeleteContractorListCommand(actor, id, ifMatch));
  }

  @Route.List({
    path: ':id/items',
    summary: 'List the contractors in a list',
    description: WHO,
    type: ContractorListItemPageResponseDto,
  })
  items(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<ListItemView>> {
    return this.queries.execute(
      new ListContractorListItemsQuery(actor, id, {
        limit: query.limit ?? 20,
        cursor: query.cursor,
      }),
    );
  }

  @Route.Create({
    path: ':id/items',
    summary: 'Add a contractor to a list',
    description: `${WHO} A contractor already in the list is a 409 naming contractorProfileId; the list's count and total value follow.`,
    type: ContractorListItemResponseDto,
  })
  async addItem(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: AddContractorListItemRequestDto,
  ): Promise<ListItemView> {
    const { contractorProfileId, ...fields } = body;
    const { id: itemId } = await this.commands.execute(
      new AddContractorListItemCommand(actor, id, contractorProfileId, fields),
    );
    return this.queries.execute(new GetContractorListItemQuery(actor, id, itemId));
  }

  @Route.Update({
    path: ':id/items/:itemId',
    summary: 'Change a list item’s notes, tags, rating, priority or custom data',
    description: WHO,
    type: ContractorListItemResponseDto,
  })
  async updateItem(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('itemId') itemId: string,
    @Body() body: UpdateContractorListItemRequestDto,
  ): Promise<ListItemView> {
    await this.commands.execute(new ChangeContractorListItemCommand(actor, id, itemId, body));
    return this.queries.execute(new GetContractorListItemQuery(actor, id, itemId));
  }

  @Route.Delete({
    path: ':id/items/:itemId',
    summary: 'Remove a contractor from a list',
    description: WHO,
  })
  async removeItem(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('itemId') itemId: string,
  ): Promise<void> {
    await this.commands.execute(new RemoveContractorListItemCommand(actor, id, itemId));
  }

  @Route.List({
    path: ':id/shares',
    summary: 'Who a list is shared with (owner)',
    description: WHO,
    type: [ContractorListShareResponseDto],
  })
  shares(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<ListShareView[]> {
    return this.queries.execute(new ListContractorListSharesQuery(actor, id));
  }

  @Route.Create({
    path: ':id/shares',
    summary: 'Share a list with a member (view or edit) or by an email link (read-only)',
    description:
      `${WHO} A member must belong to the tenant (422); sharing twice with one member is a 409. An email share answers its ` +
      'link token once; the link opens the list without an account until it expires or is revoked.',
    type: CreatedShareResponseDto,
    problems: [422],
  })
  async share(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: ShareContractorListRequestDto,
  ): Promise<ListShareView & { token?: string; link?: string }> {
    const target =
      body.userId !== undefined
        ? { userId: body.userId.toLowerCase(), permission: body.permission ?? 'view' }
        : { email: body.email!.toLowerCase(), expiresAt: body.expiresAt ?? null };
    const { id: shareId, token } = await this.commands.execute(
      new GrantContractorListShareCommand(actor, id, target),
    );
    const shares = await this.queries.execute(new ListContractorListSharesQuery(actor, id));
    const created = shares.find((s) => s.id === shareId)!;
    return token ? { ...created, token, link: `/api/v1/shared-lists/${token}` } : created;
  }

  @Route.Delete({
    path: ':id/shares/:shareId',
    summary: 'Revoke a share (owner)',
    description: WHO,
  })
  async revoke(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('shareId') shareId: string,
  ): Promise<void> {
    await this.commands.execute(new RevokeContractorListShareCommand(actor, id, shareId));
  }

  @Route.List({
    path: ':id/activity',
    summary: 'A list’s activity, newest first',
    description: `${WHO} Every change of the list, from the ledger, with the acting user.`,
    type: ListActivityPageResponseDto,
  })
  activity(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<ListActivityView>> {
    return this.queries.execute(
      new ListContractorListActivityQuery(actor, id, {
        limit: query.limit ?? 20,
        cursor: query.cursor,
      }),
    );
  }

  @Route.Read({
    path: ':id/export',
    summary: 'Export a list as CSV',
    description: `${WHO} One line per contractor (UEI, CAGE, name, state, NAICS, value, rating, priority, tags, notes, added).`,
    responseDescription: 'text/csv',
  })
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="contractor-list.csv"')
  async export(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<string> {
    return (await this.queries.execute(new ExportContractorListQuery(actor, id))).csv;
  }
}
