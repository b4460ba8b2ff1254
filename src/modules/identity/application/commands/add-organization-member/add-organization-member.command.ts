import type { Actor } from '@opsledger/persistence';
import { OrganizationRole } from '../../../domain/organization-role';

export class AddOrganizationMemberCommand {
  constructor(
    readonly actor: Actor,
    readonly organizationId: string,
    readonly userId: string,
    readonly role: OrganizationRole,
  ) {}
}
