import type { Actor } from '@opsledger/persistence';

export class ListUserGrantsQuery {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
