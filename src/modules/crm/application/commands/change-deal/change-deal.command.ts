import type { Actor } from '@opsledger/persistence';
import type { DealTermsInput } from '../../../domain/deal.aggregate';

export class ChangeDealCommand {
  constructor(
    readonly actor: Actor,
    readonly dealId: string,
    readonly changes: DealTermsInput & {
      stage?: string;
      nextAction?: string | null;
      nextActionDue?: Date | null;
    },
    readonly ifMatch: number | undefined,
  ) {}
}
