import { Injectable, OnModuleInit } from '@nestjs/common';
import { Projection, ProjectionRunner, StoredEvent } from '@opsledger/event-store';
import { Db, RequestContext } from '@opsledger/persistence';
import { IdentityDirectory } from '../../../identity/identity.public';
import { CustomerRepository } from '../../domain/customer.repository';
import { TechnicianRepository } from '../../domain/technician.repository';
import { billingSystemActor } from '../billing-access';

/** Identity's event when a membership ends (the row is gone; the event carries who and where). */
export const MEMBERSHIP_REMOVED_EVENT_TYPE = 'identity.membership.removed.v1';

/**
 * A portal link lives as long as the membership behind it: when someone leaves a tenant (or is
 * removed from it), the customer or technician profile they logged in as is unlinked, by the
 * system in that tenant, so the ledger shows the unlink next to the removal. Fed by the ledger
 * like a projection, so a removal is acted on exactly once and after a crash still is. A user
 * who is a live member again by the time the event is handled keeps the link (a replay of an
 * old removal leaves a new link alone).
 */
@Injectable()
export class PortalLinksProjection implements Projection, OnModuleInit {
  readonly name = 'field_service_portal_links';
  readonly eventTypes = [MEMBERSHIP_REMOVED_EVENT_TYPE];

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly directory: IdentityDirectory,
    private readonly customers: CustomerRepository,
    private readonly technicians: TechnicianRepository,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async handle(events: readonly StoredEvent[]): Promise<void> {
    for (const event of events) {
      const { userId, tenantId } = event.payload as { userId: string; tenantId: string };
      if (await this.directory.isLiveMember(tenantId, userId)) continue;
      await this.context.run(billingSystemActor(tenantId), () =>
        this.db.transaction(() => this.unlink(tenantId, userId)),
      );
    }
  }

  private async unlink(tenantId: string, userId: string): Promise<void> {
    const customerId = await this.customers.findIdByPortalUser(tenantId, userId);
    const customer = customerId ? await this.customers.findById(tenantId, customerId) : null;
    if (customer?.snapshot.userId === userId) {
      customer.unlinkPortalUser();
      await this.customers.save(customer);
    }
    const technicianId = await this.technicians.findIdByPortalUser(tenantId, userId);
    const technician = technicianId
      ? await this.technicians.findById(tenantId, technicianId)
      : null;
    if (technician?.snapshot.userId === userId) {
      technician.unlinkPortalUser();
      await this.technicians.save(technician);
    }
  }

  /** It writes no read model of its own: the unlinks are aggregate changes, kept. */
  async reset(): Promise<void> {}
}
