import type { Actor } from '@opsledger/persistence';

export class GetOrganizationQuery {
  constructor(
    readonly actor: Actor,
    readonly organizationId: string,
  ) {}
}
