import type { Actor } from '@opsledger/persistence';

export class ListPropertiesQuery {
  constructor(
    readonly actor: Actor,
    readonly page: { zip?: string; limit: number; cursor?: string },
  ) {}
}
