import type { Actor } from '@opsledger/persistence';

export class ListExternalIdentitiesQuery {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
