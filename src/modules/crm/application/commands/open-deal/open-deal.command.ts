import type { Actor } from '@opsledger/persistence';
import type { DealTermsInput } from '../../../domain/deal.aggregate';

export class OpenDealCommand {
  constructor(
    readonly actor: Actor,
    readonly fields: DealTermsInput & {
      title: string;
      leadId?: string | null;
      propertyId?: string | null;
      stage?: string;
      nextAction?: string | null;
      nextActionDue?: Date | null;
    },
  ) {}
}
