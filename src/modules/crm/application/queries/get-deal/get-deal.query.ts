import type { Actor } from '@opsledger/persistence';

export class GetDealQuery {
  constructor(
    readonly actor: Actor,
    readonly dealId: string,
  ) {}
}
