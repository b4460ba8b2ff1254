import type { Actor } from '@opsledger/persistence';

export class GetOrganizationMemberQuery {
  constructor(
    readonly actor: Actor,
    readonly organizationId: string,
    readonly userId: string,
  ) {}
}
