import type { Actor } from '@opsledger/persistence';

export class ListSessionsQuery {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly includeEnded: boolean,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
