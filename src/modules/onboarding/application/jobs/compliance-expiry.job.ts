import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import type { LapsedItem } from '../../domain/events/contractor.events';
import { dayOf } from '../../domain/onboarding-text';
import {
  ExpireComplianceItemCommand,
  ExpiryOutcome,
} from '../commands/expire-compliance-item/expire-compliance-item.command';
import { OnboardingClock } from '../onboarding-clock';
import { onboardingSystemActor } from '../onboarding-access';
import { ComplianceExpiryClaims } from './compliance-expiry.claims';

/** Items expiring within this many days are announced (once per expiration date). */
export const EXPIRY_NOTICE_DAYS = 30;

export interface ExpiryChange extends LapsedItem {
  outcome: ExpiryOutcome;
}

/**
 * The expiration job (spec 000): tenant by tenant, as the system acting in that tenant with
 * row-level security bound to it, one item per transaction: claim (SKIP LOCKED), change it
 * through its aggregate (ExpireComplianceItemCommand), commit. An item whose change fails is
 * logged and skipped for the rest of the run. The day is the OnboardingClock's (UTC).
 */
@Injectable()
export class ComplianceExpiryJob {
  private readonly logger = new Logger(ComplianceExpiryJob.name);

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly claims: ComplianceExpiryClaims,
    private readonly commands: CommandBus,
    private readonly clock: OnboardingClock,
  ) {}

  /** Returns what this run changed. */
  async run(): Promise<ExpiryChange[]> {
    const today = dayOf(this.clock.now());
    const tenants = await this.context.run(SYSTEM_ACTOR, () =>
      this.db.transaction(() => this.claims.tenantsWithDueItems(today, EXPIRY_NOTICE_DAYS)),
    );
    const changes: ExpiryChange[] = [];
    for (const tenantId of tenants)
      await this.context.run(
        onboardingSystemActor(tenantId),
        () => this.sweepTenant(tenantId, today, changes),
        { systemScope: false },
      );
    return changes;
  }

  private async sweepTenant(tenantId: string, today: string, changes: ExpiryChange[]) {
    const actor = onboardingSystemActor(tenantId);
    const failed: string[] = [];
    for (;;) {
      const claim: { item: LapsedItem | null; outcome: ExpiryOutcome } = {
        item: null,
        outcome: 'unchanged',
      };
      try {
        await this.db.transaction(async () => {
          claim.item = await this.claims.claimDueItem(tenantId, today, EXPIRY_NOTICE_DAYS, failed);
          if (claim.item)
            claim.outcome = await this.commands.execute(
              new ExpireComplianceItemCommand(actor, claim.item, EXPIRY_NOTICE_DAYS),
            );
        });
      } catch (error) {
        if (!claim.item) throw error;
        failed.push(claim.item.id);
        this.logger.error(
          { err: error, tenantId, kind: claim.item.kind, id: claim.item.id },
          'expiration job could not change an item; skipped',
        );
        continue;
      }
      if (!claim.item) return;
      if (claim.outcome === 'unchanged') failed.push(claim.item.id);
      else changes.push({ ...claim.item, outcome: claim.outcome });
    }
  }
}
