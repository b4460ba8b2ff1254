import type { Actor } from '@opsledger/persistence';

export class ReorderListQuery {
  constructor(
    readonly actor: Actor,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
