import { WorkOrder } from './work-order.aggregate';

/** Port: work orders of one tenant (state row + ledger events in one transaction). */
export abstract class WorkOrderRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<WorkOrder | null>;
  /** Saves; a booking that overlaps another of the technician's is a TechnicianDoubleBookedError. */
  abstract save(order: WorkOrder): Promise<void>;
  /**
   * How many work orders the user opened since `since`, in any tenant, deleted ones included
   * (the ledger's count). Serialises the user's openings until the transaction ends, so two
   * requests cannot both take the last one the plan allows.
   */
  abstract countOpenedBy(userId: string, since: Date): Promise<number>;
}
