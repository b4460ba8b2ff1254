import type { Actor } from '@opsledger/persistence';
import type { ReviewReason } from '../../../domain/events/contractor.events';

/** A reviewer refuses a contractor in review, naming each item and why. */
export class RejectContractorCommand {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly reasons: ReviewReason[],
    readonly ifMatch?: number,
  ) {}
}
