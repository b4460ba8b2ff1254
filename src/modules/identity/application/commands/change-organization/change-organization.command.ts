import type { Actor } from '@opsledger/persistence';

export interface OrganizationChanges {
  name?: string;
  /** null clears the description; undefined leaves it. */
  description?: string | null;
}

export class ChangeOrganizationCommand {
  constructor(
    readonly actor: Actor,
    readonly organizationId: string,
    readonly changes: OrganizationChanges,
    /** From If-Match: the version the client edited; a mismatch is a 412. */
    readonly expectedVersion?: number,
  ) {}
}
