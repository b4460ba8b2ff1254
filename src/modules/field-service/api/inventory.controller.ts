import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
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
import { CurrentActor } from '@opsledger/auth';
import { ApiProblems, etagOf, IfMatch, Page, PageQuery, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
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
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag from GET; a stale one is a 412 and nothing is written',
};
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Makes a retry return the first response',
};
const ETAG = { ETag: { schema: { type: 'string' } } };

@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('inventory')
export class InventoryController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Stock a new inventory item',
    description: `${WRITERS} The sku is unique in the tenant (409).`,
  })
  @ApiCreatedResponse({
    type: InventoryResponseDto,
    headers: { Location: { schema: { type: 'string' } }, ...ETAG },
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiProblems(400, 401, 403, 409)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateInventoryRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InventoryView> {
    const { id } = await this.commands.execute<CreateInventoryCommand, { id: string }>(
      new CreateInventoryCommand(actor, body),
    );
    void reply.header('location', `/api/v1/inventory/${id}`);
    return this.answer(actor, id, reply);
  }

  @Get()
  @ApiOperation({
    summary: 'List inventory items',
    description: `${READERS} Filters combine; \`sort\` takes a field with an optional leading "-"; cursor pagination.`,
  })
  @ApiOkResponse({ type: InventoryPageResponseDto })
  @ApiProblems(400, 401, 403)
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

  @Get('reorder')
  @ApiOperation({
    summary: 'Items to reorder',
    description: `${READERS} Active, not discontinued, quantity at or below the reorder level; the largest shortfall first.`,
  })
  @ApiOkResponse({ type: InventoryPageResponseDto })
  @ApiProblems(400, 401, 403)
  reorder(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<Page<InventoryView>> {
    return this.queries.execute(
      new ListInventoryToReorderQuery(actor, query.limit ?? 20, query.cursor),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read one inventory item',
    description: `${READERS} Answers an ETag for If-Match.`,
  })
  @ApiOkResponse({ type: InventoryResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404)
  get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InventoryView> {
    return this.answer(actor, id, reply);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change an item’s details',
    description: `${WRITERS} Quantities change only through receive, adjust and work-order parts.`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InventoryResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: UpdateInventoryRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InventoryView> {
    const expected = ifMatch;
    await this.commands.execute(new ChangeInventoryCommand(actor, id, { ...body }, expected));
    return this.answer(actor, id, reply);
  }

  @Post(':id/receive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Receive units into stock', description: WRITERS })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: InventoryResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async receive(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: ReceiveInventoryRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InventoryView> {
    const expected = ifMatch;
    await this.commands.execute(new ReceiveInventoryCommand(actor, id, body.quantity, expected));
    return this.answer(actor, id, reply);
  }

  @Post(':id/adjust')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Correct the units on hand, with a reason',
    description: `${WRITERS} Never below zero nor below the reserved units (409).`,
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: InventoryResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async adjust(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: AdjustInventoryRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InventoryView> {
    const expected = ifMatch;
    await this.commands.execute(
      new AdjustInventoryCommand(actor, id, body.delta, body.reason, expected),
    );
    return this.answer(actor, id, reply);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deactivate an item',
    description: `${WRITERS} No new stock or reservations; open reservations can still be consumed or released.`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InventoryResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412)
  async deactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InventoryView> {
    const expected = ifMatch;
    await this.commands.execute(new SetInventoryActiveCommand(actor, id, false, expected));
    return this.answer(actor, id, reply);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate an item', description: WRITERS })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InventoryResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412)
  async reactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InventoryView> {
    const expected = ifMatch;
    await this.commands.execute(new SetInventoryActiveCommand(actor, id, true, expected));
    return this.answer(actor, id, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an item no work order ever used',
    description: `${WRITERS} An item with work-order parts is a 409: deactivate it instead.`,
  })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<void> {
    const expected = ifMatch;
    await this.commands.execute(new DeleteInventoryCommand(actor, id, expected));
  }

  /** The item as it is now, with its ETag. */
  private async answer(actor: Actor, id: string, reply: FastifyReply): Promise<InventoryView> {
    const item = await this.queries.execute<GetInventoryQuery, InventoryView>(
      new GetInventoryQuery(actor, id),
    );
    void reply.header('etag', etagOf(item.version));
    return item;
  }
}
