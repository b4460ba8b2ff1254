import { Injectable, Logger } from '@nestjs/common';
import { Db, RequestContext, SYSTEM_ACTOR, type Actor } from '@opsledger/persistence';
import { billingSystemActor } from '../billing-access';

export interface BillingSweep {
  /** Names the job in logs. */
  name: string;
  /** Tenants that have work; runs in system scope, across tenants. */
  tenants(today: string): Promise<string[]>;
  /** Claims one row of the tenant in the current transaction, skipping rows that failed this run. */
  claim(tenantId: string, today: string, skip: readonly string[]): Promise<string | null>;
  /** Changes the claimed row through its aggregate (a command), in the same transaction. */
  process(actor: Actor, id: string, today: string): Promise<void>;
}

export interface SweepOptions {
  /** Only this tenant (a dispatcher running the job for the tenant); every tenant otherwise. */
  tenantId?: string;
  /** The UTC date to compare with (`YYYY-MM-DD`). */
  today: string;
}

/**
 * Runs a sweep tenant by tenant, as the system acting in that tenant with row-level security
 * bound to it, one row per transaction: claim (SKIP LOCKED), change through the aggregate,
 * commit. A row whose change fails is logged and skipped for the rest of the run, so one bad
 * row neither stops the sweep nor makes it spin.
 */
@Injectable()
export class BillingSweeper {
  private readonly logger = new Logger(BillingSweeper.name);

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
  ) {}

  async run(sweep: BillingSweep, options: SweepOptions): Promise<string[]> {
    const { today } = options;
    const tenants = options.tenantId
      ? [options.tenantId]
      : await this.context.run(SYSTEM_ACTOR, () => this.db.transaction(() => sweep.tenants(today)));
    const processed: string[] = [];
    for (const tenantId of tenants) {
      const actor = billingSystemActor(tenantId);
      await this.context.run(
        actor,
        () => this.sweepTenant(sweep, actor, tenantId, today, processed),
        { systemScope: false },
      );
    }
    return processed;
  }

  private async sweepTenant(
    sweep: BillingSweep,
    actor: Actor,
    tenantId: string,
    today: string,
    processed: string[],
  ): Promise<void> {
    const failed: string[] = [];
    for (;;) {
      const claim: { id: string | null } = { id: null };
      try {
        await this.db.transaction(async () => {
          claim.id = await sweep.claim(tenantId, today, failed);
          if (claim.id) await sweep.process(actor, claim.id, today);
        });
      } catch (error) {
        if (!claim.id) throw error;
        failed.push(claim.id);
        this.logger.error(
          { err: error, job: sweep.name, tenantId, id: claim.id },
          'billing job could not change a row; skipped',
        );
        continue;
      }
      if (!claim.id) return;
      processed.push(claim.id);
    }
  }
}
