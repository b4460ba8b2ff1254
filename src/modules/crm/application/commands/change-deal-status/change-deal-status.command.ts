import type { Actor } from '@opsledger/persistence';
import type { DealAction } from '../../../domain/deal.aggregate';

export class ChangeDealStatusCommand {
  constructor(
    readonly actor: Actor,
    readonly dealId: string,
    readonly action: DealAction,
    readonly reason: string | null | undefined,
    readonly ifMatch: number | undefined,
  ) {}
}
