import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, PageQuery, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { AdjustInventoryCommand } from '../application/commands/adjust-inventory/adjust-inventory.command';
import { ChangeInventoryCommand } from '../application/commands/change-inventory/change-inventory.command';
import { CreateInventoryCommand } from '../application/commands/create-inventory/create-inventory.command';
import { DeleteInventoryCommand } from '../application/commands/delete-inventory/delete-inventory.command';
import { ReceiveInventoryCommand } from '../application/commands/receive-inventory/receive-inventory.command';
import { SetInventoryActiveCommand } from '../application/commands/set-inventory-active/set-inventory-active.command';
import { GetInventoryQuery } from '../application/queries/get-inventory/get-inventory.query';
import { ListInventoryQuery } from '../application/queries/list-inventory/list-inventory.query';
import { InventoryView } from '../application/queries/inventory.read-model';
import { ListInventoryToReorderQuery } from '../application/queries/list-inventory-to-reorder/list-inventory-to-reorder.query';
import {
  AdjustInventoryRequestDto,
  CreateInventoryRequestDto,
  InventoryPageResponseDto,
  InventoryResponseDto,
  ListInventoryQueryDto,
  ReceiveInventoryRequestDto,
  UpdateInventoryRequestDto,
} from './dto/inventory.dto';

const SCOPE = 'Acts in the tenant of the access token; another tenant’s item is a 404.';
const READERS = `${SCOPE} Dispatchers and technicians.`;
const WRITERS = `${SCOPE} Dispatchers only (tenant owner, admin or dispatcher). Every change is recorded in the ledger.`;

@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('inventory')
export class InventoryController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Stock a new inventory item',
    description: `${WRITERS} The sku is unique in the tenant (409).`,
    type: InventoryResponseDto,
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateInventoryRequestDto,
  ): Promise<InventoryView> {
    const { id } = await this.commands.execute<CreateInventoryCommand, { id: string }>(
      new CreateInventoryCommand(actor, body),
    );
    return this.queries.execute(new GetInventoryQuery(actor, id));
  }

  @Route.List({
    summary: 'List inventory items',
    description: `${READERS} Filters combine; \`sort\` takes a field with an optional leading "-"; cursor pagination.`,
    type: InventoryPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListInventoryQueryDto,
  ): Promise<Page<InventoryView>> {
    const filter = {
      status: query.status,
      q: query.q,
      belowReorder: query.belowReorder,
      isActive: query.isActive,
      sort: query.sort ?? 'name',
    };
    return this.queries.execute(
      new ListInventoryQuery(actor, filter, query.limit ?? 20, query.cursor),
    );
  }

  @Route.List({
    path: 'reorder',
    summary: 'Items to reorder',
    description: `${READERS} Active, not discontinued, quantity at or below the reorder level; the largest shortfall first.`,
    type: InventoryPageResponseDto,
  })
  reorder(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<Page<InventoryView>> {
    return this.queries.execute(
      new ListInventoryToReorderQuery(actor, query.limit ?? 20, query.cursor),
    );
  }

  @Route.Read({
    path: ':id',
    summary: 'Read one inventory item',
    description: `${READERS} Answers an ETag for If-Match.`,
    type: InventoryResponseDto,
  })
  get(@Target() { actor, id }: Target): Promise<InventoryView> {
    return this.queries.execute(new GetInventoryQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary: 'Change an item’s details',
    description: `${WRITERS} Quantities change only through receive, adjust and work-order parts.`,
    type: InventoryResponseDto,
    ifMatch: true,
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateInventoryRequestDto,
  ): Promise<InventoryView> {
    const expected = ifMatch;
    await this.commands.execute(new ChangeInventoryCommand(actor, id, { ...body }, expected));
    return this.queries.execute(new GetInventoryQuery(actor, id));
  }

  @Route.Action({
    path: ':id/receive',
    summary: 'Receive units into stock',
    description: WRITERS,
    type: InventoryResponseDto,
    ifMatch: true,
    idempotent: true,
  })
  async receive(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: ReceiveInventoryRequestDto,
  ): Promise<InventoryView> {
    const expected = ifMatch;
    await this.commands.execute(new ReceiveInventoryCommand(actor, id, body.quantity, expected));
    return this.queries.execute(new GetInventoryQuery(actor, id));
  }

  @Route.Action({
    path: ':id/adjust',
    summary: 'Correct the units on hand, with a reason',
    description: `${WRITERS} Never below zero nor below the reserved units (409).`,
    type: InventoryResponseDto,
    ifMatch: true,
    idempotent: true,
  })
  async adjust(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: AdjustInventoryRequestDto,
  ): Promise<InventoryView> {
    const expected = ifMatch;
    await this.commands.execute(
      new AdjustInventoryCommand(actor, id, body.delta, body.reason, expected),
    );
    return this.queries.execute(new GetInventoryQuery(actor, id));
  }

  @Route.Action({
    path: ':id/deactivate',
    summary: 'Deactivate an item',
    description: `${WRITERS} No new stock or reservations; open reservations can still be consumed or released.`,
    type: InventoryResponseDto,
    ifMatch: true,
  })
  async deactivate(@Target() { actor, id, ifMatch }: Target): Promise<InventoryView> {
    const expected = ifMatch;
    await this.commands.execute(new SetInventoryActiveCommand(actor, id, false, expected));
    return this.queries.execute(new GetInventoryQuery(actor, id));
  }

  @Route.Action({
    path: ':id/reactivate',
    summary: 'Reactivate an item',
    description: WRITERS,
    type: InventoryResponseDto,
    ifMatch: true,
  })
  async reactivate(@Target() { actor, id, ifMatch }: Target): Promise<InventoryView> {
    const expected = ifMatch;
    await this.commands.execute(new SetInventoryActiveCommand(actor, id, true, expected));
    return this.queries.execute(new GetInventoryQuery(actor, id));
  }

  @Route.Delete({
    path: ':id',
    summary: 'Delete an item no work order ever used',
    description: `${WRITERS} An item with work-order parts is a 409: deactivate it instead.`,
    ifMatch: true,
  })
  async remove(@Target() { actor, id, ifMatch }: Target): Promise<void> {
    const expected = ifMatch;
    await this.commands.execute(new DeleteInventoryCommand(actor, id, expected));
  }

  /** The item as it is now, with its ETag. */
}
