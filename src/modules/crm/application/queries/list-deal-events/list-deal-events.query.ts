import type { Actor } from '@opsledger/persistence';

export class ListDealEventsQuery {
  constructor(
    readonly actor: Actor,
    readonly dealId: string,
  ) {}
}
