import type { Actor } from '@opsledger/persistence';
import type { LapsedItem } from '../../../domain/events/contractor.events';

/** What the expiration job did to one item. */
export type ExpiryOutcome = 'expired' | 'announced' | 'unchanged';

/**
 * The expiration job's change of one license or insurance policy: expired when past its
 * expiration date (a verified contractor goes back to review), else announced once when it
 * expires within `withinDays`.
 */
export class ExpireComplianceItemCommand {
  constructor(
    readonly actor: Actor,
    readonly item: LapsedItem,
    readonly withinDays: number,
  ) {}
}
