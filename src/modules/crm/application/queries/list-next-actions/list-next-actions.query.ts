import type { Actor } from '@opsledger/persistence';

export class ListNextActionsQuery {
  constructor(
    readonly actor: Actor,
    readonly before: Date,
    readonly limit: number,
  ) {}
}
