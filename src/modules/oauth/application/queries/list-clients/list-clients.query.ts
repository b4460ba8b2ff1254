import type { Actor } from '@opsledger/persistence';

export class ListClientsQuery {
  constructor(
    readonly actor: Actor,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
