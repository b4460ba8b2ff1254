import type { LapsedItem } from '../../domain/events/contractor.events';

/**
 * Port: finds and claims the work of the expiration job: licenses and insurance policies not
 * yet expired whose expiration date is past (`< today`) or, not yet announced for that date,
 * within `withinDays` of `today`. A claim locks one row with `FOR UPDATE SKIP LOCKED` inside
 * the caller's transaction, so instances share the work and none changes a row twice.
 */
export abstract class ComplianceExpiryClaims {
  /** Tenants with such an item; read across tenants (system scope). */
  abstract tenantsWithDueItems(today: string, withinDays: number): Promise<string[]>;
  abstract claimDueItem(
    tenantId: string,
    today: string,
    withinDays: number,
    skip: readonly string[],
  ): Promise<LapsedItem | null>;
}
