import type { Actor } from '@opsledger/persistence';

export class ListApiKeysQuery {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {}
}
