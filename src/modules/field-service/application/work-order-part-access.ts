import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@opsledger/ddd';
import type { Actor } from '@opsledger/persistence';
import { FieldServiceViewer, FieldServiceViewers } from './field-service-viewer';
import { WorkOrderRef } from './queries/work-order-part.read-model';
import { WorkOrderPartReader } from './queries/work-order-part.reader';
import { WorkOrderPartsForbiddenError } from '../domain/field-service.errors';

/**
 * Who may handle a work order's parts: dispatchers, and the technician it is assigned to. To a
 * technician another technician's order does not exist (404), as to another tenant.
 */
@Injectable()
export class WorkOrderPartAccess {
  constructor(
    private readonly viewers: FieldServiceViewers,
    private readonly reader: WorkOrderPartReader,
  ) {}

  /** Call inside a transaction: with `lock`, the work order cannot close before it commits. */
  async workOrder(
    actor: Actor,
    workOrderId: string,
    lock = false,
  ): Promise<{ viewer: FieldServiceViewer; workOrder: WorkOrderRef }> {
    const viewer = await this.viewers.resolve(actor);
    if (viewer.kind === 'customer') throw new WorkOrderPartsForbiddenError();
    const workOrder = await this.reader.findWorkOrder(viewer.tenantId, workOrderId, lock);
    if (
      !workOrder ||
      (viewer.kind === 'technician' && workOrder.assignedTechnicianId !== viewer.technicianId)
    ) {
      throw new NotFoundError('work_order', workOrderId);
    }
    return { viewer, workOrder };
  }
}
