import type { Actor } from '@opsledger/persistence';

export class GetBusinessProfileQuery {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
  ) {}
}
