/**
 * Port: finds and claims the work of the billing jobs. A claim locks one row with
 * `FOR UPDATE SKIP LOCKED` inside the caller's transaction: a row another worker holds is
 * skipped, never waited for, so any number of instances share the work and none processes a
 * row twice.
 */
export abstract class BillingJobClaims {
  /** Tenants with a sent, active invoice due before `today`; read across tenants (system scope). */
  abstract tenantsWithOverdueInvoices(today: string): Promise<string[]>;
  abstract claimOverdueInvoice(
    tenantId: string,
    today: string,
    skip: readonly string[],
  ): Promise<string | null>;
  /** Tenants with an active, non-archived contract that ended before `today`. */
  abstract tenantsWithEndedContracts(today: string): Promise<string[]>;
  abstract claimEndedContract(
    tenantId: string,
    today: string,
    skip: readonly string[],
  ): Promise<string | null>;
}
