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
import { ApiProblems, etagOf, IfMatch, Page, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
import { AssignTechnicianCommand } from '../application/commands/assign-technician/assign-technician.command';
import { CancelWorkOrderCommand } from '../application/commands/cancel-work-order/cancel-work-order.command';
import { ChangeWorkOrderCommand } from '../application/commands/change-work-order/change-work-order.command';
import { CompleteWorkOrderCommand } from '../application/commands/complete-work-order/complete-work-order.command';
import { DeleteWorkOrderCommand } from '../application/commands/delete-work-order/delete-work-order.command';
import { OpenWorkOrderCommand } from '../application/commands/open-work-order/open-work-order.command';
import { ProgressWorkOrderCommand } from '../application/commands/progress-work-order/progress-work-order.command';
import { RescheduleWorkOrderCommand } from '../application/commands/reschedule-work-order/reschedule-work-order.command';
import { SetWorkOrderActiveCommand } from '../application/commands/set-work-order-active/set-work-order-active.command';
import { UnassignTechnicianCommand } from '../application/commands/unassign-technician/unassign-technician.command';
import { GetWorkOrderQuery } from '../application/queries/get-work-order/get-work-order.query';
import { ListWorkOrdersQuery } from '../application/queries/list-work-orders/list-work-orders.query';
import { WorkOrderView } from '../application/queries/work-order.read-model';
import {
  AssignTechnicianRequestDto,
  CompleteWorkOrderRequestDto,
  ListWorkOrdersQueryDto,
  OpenWorkOrderRequestDto,
  RescheduleWorkOrderRequestDto,
  UpdateWorkOrderRequestDto,
  WorkOrderPageResponseDto,
  WorkOrderResponseDto,
} from './dto/work-order.dto';

const SCOPE =
  'Acts in the tenant of the access token. Dispatchers see every order of the tenant, a customer’s user its own, a ' +
  'technician’s user those assigned to it; any other order is a 404.';
const DISPATCHERS = `${SCOPE} Dispatchers only (403 for customers and technicians).`;
const FIELD = `${SCOPE} Dispatchers, or the assigned technician.`;
const TRANSITION =
  'A status that does not allow it is a 409 listing `allowedTransitions`; a deactivated order is a 409.';
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag from GET; a stale one is a 412',
};
const WITH_ETAG = { type: WorkOrderResponseDto, headers: { ETag: { schema: { type: 'string' } } } };

@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('work-orders')
export class WorkOrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Open a work order (pending)',
    description:
      `${SCOPE} Dispatchers open orders for any active customer (customerId required); a customer’s user opens a ` +
      'request for itself. An inactive or unknown customer is a 422 naming customerId; scheduledEnd must follow scheduledStart (422). ' +
      'The opener’s plan caps the work orders they open per calendar month (UTC), deleted ones included: past it, a 409 ' +
      'ACCOUNTS.PLAN_LIMIT_REACHED naming maxWorkOrdersPerMonth.',
  })
  @ApiCreatedResponse({
    type: WorkOrderResponseDto,
    headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retry return the first response',
  })
  @ApiProblems(400, 401, 403, 409, 422)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: OpenWorkOrderRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    const { id } = await this.commands.execute<OpenWorkOrderCommand, { id: string }>(
      new OpenWorkOrderCommand(actor, {
        title: body.title,
        description: body.description,
        priority: body.priority,
        customerId: body.customerId,
        scheduledStart: body.scheduledStart,
        scheduledEnd: body.scheduledEnd,
      }),
    );
    void reply.header('location', `/api/v1/work-orders/${id}`);
    return this.view(actor, id, reply);
  }

  @Get()
  @ApiOperation({
    summary: 'List work orders',
    description: `${SCOPE} Filtered (status, priority, customer, technician, scheduled range, title words), sorted, cursor-paginated.`,
  })
  @ApiOkResponse({ type: WorkOrderPageResponseDto })
  @ApiProblems(400, 401, 403)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListWorkOrdersQueryDto,
  ): Promise<Page<WorkOrderView>> {
    return this.queries.execute(
      new ListWorkOrdersQuery(
        actor,
        {
          status: query.status,
          priority: query.priority,
          customerId: query.customerId,
          technicianId: query.technicianId,
          isActive: query.isActive,
          scheduledFrom: query.scheduledFrom,
          scheduledTo: query.scheduledTo,
          q: query.q,
        },
        {
          sort: query.sort ?? 'createdAt',
          order: query.order ?? 'asc',
          limit: query.limit ?? 20,
          cursor: query.cursor,
        },
      ),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read one work order',
    description: `${SCOPE} Answers an ETag for If-Match.`,
  })
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404)
  get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    return this.view(actor, id, reply);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change title, description or priority',
    description: `${DISPATCHERS} A completed or cancelled order is a 409 (WORK_ORDER.CLOSED).`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: UpdateWorkOrderRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    await this.commands.execute(
      new ChangeWorkOrderCommand(
        actor,
        id,
        { title: body.title, description: body.description, priority: body.priority },
        ifMatch,
      ),
    );
    return this.view(actor, id, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a draft work order',
    description: `${DISPATCHERS} Only a pending order that was never assigned and has no parts (409 otherwise: cancel or deactivate it).`,
  })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<void> {
    await this.commands.execute(new DeleteWorkOrderCommand(actor, id, ifMatch));
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Assign a technician and schedule (pending → assigned)',
    description:
      `${DISPATCHERS} ${TRANSITION} A technician who already has an active order overlapping the window is a 409 naming ` +
      'assignedTechnicianId (never double-booked, also under concurrent requests); an inactive, on-leave or unknown technician is a 422.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async assign(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: AssignTechnicianRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    await this.commands.execute(
      new AssignTechnicianCommand(
        actor,
        id,
        body.assignedTechnicianId,
        body.scheduledStart,
        body.scheduledEnd,
        ifMatch,
      ),
    );
    return this.view(actor, id, reply);
  }

  @Post(':id/unassign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take the technician off the order (assigned → pending)',
    description: `${DISPATCHERS} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async unassign(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    await this.commands.execute(new UnassignTechnicianCommand(actor, id, ifMatch));
    return this.view(actor, id, reply);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the scheduled window (pending or assigned)',
    description: `${DISPATCHERS} ${TRANSITION} An assigned order’s new window must be free for its technician (409).`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async reschedule(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: RescheduleWorkOrderRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    await this.commands.execute(
      new RescheduleWorkOrderCommand(actor, id, body.scheduledStart, body.scheduledEnd, ifMatch),
    );
    return this.view(actor, id, reply);
  }

  @Post(':id/start')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start the work (assigned → in_progress)',
    description: `${FIELD} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  start(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    return this.progress(actor, id, 'start', ifMatch, reply);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Put the work on hold (in_progress → on_hold)',
    description: `${FIELD} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  pause(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    return this.progress(actor, id, 'pause', ifMatch, reply);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resume the work (on_hold → in_progress)',
    description: `${FIELD} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  resume(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    return this.progress(actor, id, 'resume', ifMatch, reply);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete the work with the hours it took (in_progress → completed)',
    description: `${FIELD} ${TRANSITION} Sets completedAt.`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async complete(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: CompleteWorkOrderRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    await this.commands.execute(new CompleteWorkOrderCommand(actor, id, body.laborHours, ifMatch));
    return this.view(actor, id, reply);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel the order (pending or assigned → cancelled)',
    description: `${DISPATCHERS} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async cancel(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    await this.commands.execute(new CancelWorkOrderCommand(actor, id, ifMatch));
    return this.view(actor, id, reply);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deactivate (archive) the order; it no longer holds its technician’s time',
    description: DISPATCHERS,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 412)
  deactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    return this.setActive(actor, id, false, ifMatch, reply);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reactivate a deactivated order',
    description: `${DISPATCHERS} If its technician’s window was taken meanwhile, a 409 naming assignedTechnicianId.`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  reactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderView> {
    return this.setActive(actor, id, true, ifMatch, reply);
  }

  private async progress(
    actor: Actor,
    id: string,
    action: ProgressWorkOrderCommand['action'],
    ifMatch: number | undefined,
    reply: FastifyReply,
  ): Promise<WorkOrderView> {
    await this.commands.execute(new ProgressWorkOrderCommand(actor, id, action, ifMatch));
    return this.view(actor, id, reply);
  }

  private async setActive(
    actor: Actor,
    id: string,
    active: boolean,
    ifMatch: number | undefined,
    reply: FastifyReply,
  ): Promise<WorkOrderView> {
    await this.commands.execute(new SetWorkOrderActiveCommand(actor, id, active, ifMatch));
    return this.view(actor, id, reply);
  }

  private async view(actor: Actor, id: string, reply: FastifyReply): Promise<WorkOrderView> {
    const order = await this.queries.execute<GetWorkOrderQuery, WorkOrderView>(
      new GetWorkOrderQuery(actor, id),
    );
    void reply.header('etag', etagOf(order.version));
    return order;
  }
}
