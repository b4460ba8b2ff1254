import type { Actor } from '@opsledger/persistence';

export class ListTenantsQuery {
  constructor(
    readonly actor: Actor,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
