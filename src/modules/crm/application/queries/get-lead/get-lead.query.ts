import type { Actor } from '@opsledger/persistence';

export class GetLeadQuery {
  constructor(
    readonly actor: Actor,
    readonly leadId: string,
  ) {}
}
