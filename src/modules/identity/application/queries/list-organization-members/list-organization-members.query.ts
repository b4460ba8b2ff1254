import type { Actor } from '@opsledger/persistence';

export class ListOrganizationMembersQuery {
  constructor(
    readonly actor: Actor,
    readonly organizationId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
