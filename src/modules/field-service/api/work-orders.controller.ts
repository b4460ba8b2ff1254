import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, sortedPageOf, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
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

@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('work-orders')
export class WorkOrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Open a work order (pending)',
    description:
      `${SCOPE} Dispatchers open orders for any active customer (customerId required); a customer’s user opens a ` +
      'request for itself. An inactive or unknown customer is a 422 naming customerId; scheduledEnd must follow scheduledStart (422).',
    type: WorkOrderResponseDto,
    problems: [422],
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: OpenWorkOrderRequestDto,
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
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.List({
    summary: 'List work orders',
    description: `${SCOPE} Filtered (status, priority, customer, technician, scheduled range, title words), sorted, cursor-paginated.`,
    type: WorkOrderPageResponseDto,
  })
  async list(
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
        sortedPageOf(query, 'createdAt'),
      ),
    );
  }

  @Route.Read({
    path: ':id',
    summary: 'Read one work order',
    description: `${SCOPE} Answers an ETag for If-Match.`,
    type: WorkOrderResponseDto,
  })
  async get(@Target() { actor, id }: Target): Promise<WorkOrderView> {
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary: 'Change title, description or priority',
    description: `${DISPATCHERS} A completed or cancelled order is a 409 (WORK_ORDER.CLOSED).`,
    type: WorkOrderResponseDto,
    ifMatch: true,
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateWorkOrderRequestDto,
  ): Promise<WorkOrderView> {
    await this.commands.execute(
      new ChangeWorkOrderCommand(
        actor,
        id,
        { title: body.title, description: body.description, priority: body.priority },
        ifMatch,
      ),
    );
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.Delete({
    path: ':id',
    summary: 'Delete a draft work order',
    description: `${DISPATCHERS} Only a pending order that was never assigned and has no parts (409 otherwise: cancel or deactivate it).`,
    ifMatch: true,
  })
  async remove(@Target() { actor, id, ifMatch }: Target): Promise<void> {
    await this.commands.execute(new DeleteWorkOrderCommand(actor, id, ifMatch));
  }

  @Route.Action({
    path: ':id/assign',
    summary: 'Assign a technician and schedule (pending → assigned)',
    description:
      `${DISPATCHERS} ${TRANSITION} A technician who already has an active order overlapping the window is a 409 naming ` +
      'assignedTechnicianId (never double-booked, also under concurrent requests); an inactive, on-leave or unknown technician is a 422.',
    type: WorkOrderResponseDto,
    ifMatch: true,
    problems: [422],
  })
  async assign(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: AssignTechnicianRequestDto,
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
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.Action({
    path: ':id/unassign',
    summary: 'Take the technician off the order (assigned → pending)',
    description: `${DISPATCHERS} ${TRANSITION}`,
    type: WorkOrderResponseDto,
    ifMatch: true,
  })
  async unassign(@Target() { actor, id, ifMatch }: Target): Promise<WorkOrderView> {
    await this.commands.execute(new UnassignTechnicianCommand(actor, id, ifMatch));
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.Action({
    path: ':id/reschedule',
    summary: 'Move the scheduled window (pending or assigned)',
    description: `${DISPATCHERS} ${TRANSITION} An assigned order’s new window must be free for its technician (409).`,
    type: WorkOrderResponseDto,
    ifMatch: true,
    problems: [422],
  })
  async reschedule(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: RescheduleWorkOrderRequestDto,
  ): Promise<WorkOrderView> {
    await this.commands.execute(
      new RescheduleWorkOrderCommand(actor, id, body.scheduledStart, body.scheduledEnd, ifMatch),
    );
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.Action({
    path: ':id/start',
    summary: 'Start the work (assigned → in_progress)',
    description: `${FIELD} ${TRANSITION}`,
    type: WorkOrderResponseDto,
    ifMatch: true,
  })
  async start(@Target() { actor, id, ifMatch }: Target): Promise<WorkOrderView> {
    await this.commands.execute(new ProgressWorkOrderCommand(actor, id, 'start', ifMatch));
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.Action({
    path: ':id/pause',
    summary: 'Put the work on hold (in_progress → on_hold)',
    description: `${FIELD} ${TRANSITION}`,
    type: WorkOrderResponseDto,
    ifMatch: true,
  })
  async pause(@Target() { actor, id, ifMatch }: Target): Promise<WorkOrderView> {
    await this.commands.execute(new ProgressWorkOrderCommand(actor, id, 'pause', ifMatch));
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.Action({
    path: ':id/resume',
    summary: 'Resume the work (on_hold → in_progress)',
    description: `${FIELD} ${TRANSITION}`,
    type: WorkOrderResponseDto,
    ifMatch: true,
  })
  async resume(@Target() { actor, id, ifMatch }: Target): Promise<WorkOrderView> {
    await this.commands.execute(new ProgressWorkOrderCommand(actor, id, 'resume', ifMatch));
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.Action({
    path: ':id/complete',
    summary: 'Complete the work with the hours it took (in_progress → completed)',
    description: `${FIELD} ${TRANSITION} Sets completedAt.`,
    type: WorkOrderResponseDto,
    ifMatch: true,
  })
  async complete(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: CompleteWorkOrderRequestDto,
  ): Promise<WorkOrderView> {
    await this.commands.execute(new CompleteWorkOrderCommand(actor, id, body.laborHours, ifMatch));
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.Action({
    path: ':id/cancel',
    summary: 'Cancel the order (pending or assigned → cancelled)',
    description: `${DISPATCHERS} ${TRANSITION}`,
    type: WorkOrderResponseDto,
    ifMatch: true,
  })
  async cancel(@Target() { actor, id, ifMatch }: Target): Promise<WorkOrderView> {
    await this.commands.execute(new CancelWorkOrderCommand(actor, id, ifMatch));
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.Action({
    path: ':id/deactivate',
    summary: 'Deactivate (archive) the order; it no longer holds its technician’s time',
    description: DISPATCHERS,
    type: WorkOrderResponseDto,
    ifMatch: true,
  })
  async deactivate(@Target() { actor, id, ifMatch }: Target): Promise<WorkOrderView> {
    await this.commands.execute(new SetWorkOrderActiveCommand(actor, id, false, ifMatch));
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }

  @Route.Action({
    path: ':id/reactivate',
    summary: 'Reactivate a deactivated order',
    description: `${DISPATCHERS} If its technician’s window was taken meanwhile, a 409 naming assignedTechnicianId.`,
    type: WorkOrderResponseDto,
    ifMatch: true,
  })
  async reactivate(@Target() { actor, id, ifMatch }: Target): Promise<WorkOrderView> {
    await this.commands.execute(new SetWorkOrderActiveCommand(actor, id, true, ifMatch));
    return this.queries.execute(new GetWorkOrderQuery(actor, id));
  }
}
