import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, type Actor } from '@opsledger/persistence';
import { assertWithinLimit, PlanLimits } from '../../../../accounts/plans.public';
import { randomUUID } from 'node:crypto';
import { CustomerRepository } from '../../../domain/customer.repository';
import { WorkOrder } from '../../../domain/work-order.aggregate';
import {
  InvalidWorkOrderFieldError,
  WorkOrderActionForbiddenError,
} from '../../../domain/work-order.errors';
import { WorkOrderRepository } from '../../../domain/work-order.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { OpenWorkOrderCommand } from './open-work-order.command';

/**
 * Opens a work order, always `pending`: a dispatcher for any active customer of the tenant,
 * a customer's user as a request for itself.
 */
@CommandHandler(OpenWorkOrderCommand)
export class OpenWorkOrderHandler implements ICommandHandler<OpenWorkOrderCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly orders: WorkOrderRepository,
    private readonly customers: CustomerRepository,
    private readonly plans: PlanLimits,
  ) {}

  async execute(command: OpenWorkOrderCommand): Promise<{ id: string }> {
    const viewer = await this.viewers.resolve(command.actor);
    const { request } = command;
    let customerId: string;
    switch (viewer.kind) {
      case 'technician':
        throw new WorkOrderActionForbiddenError('open');
      case 'customer':
        if (request.customerId !== undefined && request.customerId !== viewer.customerId) {
          throw new WorkOrderActionForbiddenError('open a work order for another customer');
        }
        customerId = viewer.customerId;
        break;
      case 'dispatcher':
        if (request.customerId === undefined)
          throw new InvalidWorkOrderFieldError('customerId', 'customerId is required');
        customerId = request.customerId;
        break;
    }
    return this.db.transaction(async () => {
      await this.assertWithinPlan(command.actor);
      const order = WorkOrder.open({
        id: randomUUID(),
        tenantId: viewer.tenantId,
        title: request.title,
        description: request.description,
        priority: request.priority,
        customerId,
        customerAcceptsOrders: await this.customers.acceptsWorkOrders(viewer.tenantId, customerId),
        scheduledStart: request.scheduledStart,
        scheduledEnd: request.scheduledEnd,
        via: viewer.kind === 'customer' ? 'customer-portal' : 'dispatch',
      });
      await this.orders.save(order);
      return { id: order.id };
    });
  }

  /**
   * The plan of the user who opens the order caps how many they open per calendar month (UTC),
   * in every tenant together (`maxWorkOrdersPerMonth`; a 409 naming the limit). A caller that
   * is no user (a system job) has no plan.
   */
  private async assertWithinPlan(actor: Actor, now = new Date()): Promise<void> {
    if (actor.type !== 'user' || !actor.id) return;
    const { planName, maxWorkOrdersPerMonth } = await this.plans.forUser(actor.id);
    if (maxWorkOrdersPerMonth === null) return;
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const opened = await this.orders.countOpenedBy(actor.id, monthStart);
    assertWithinLimit('maxWorkOrdersPerMonth', opened, planName);
  }
}
