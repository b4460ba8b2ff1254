import type { Actor } from '@opsledger/persistence';

export class ListOrganizationsQuery {
  constructor(
    readonly actor: Actor,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
