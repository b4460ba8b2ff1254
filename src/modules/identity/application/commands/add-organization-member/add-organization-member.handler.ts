import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { MembershipRepository } from '../../../domain/membership.repository';
import { OrganizationRepository } from '../../../domain/organization.repository';
import { assertManagesTenant, tenantOf } from '../../tenant-access';
import { AddOrganizationMemberCommand } from './add-organization-member.command';

@CommandHandler(AddOrganizationMemberCommand)
export class AddOrganizationMemberHandler implements ICommandHandler<
  AddOrganizationMemberCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly organizations: OrganizationRepository,
    private readonly memberships: MembershipRepository,
  ) {}

  execute(command: AddOrganizationMemberCommand): Promise<void> {
    const tenantId = tenantOf(command.actor);
    assertManagesTenant(command.actor, tenantId);
    return this.db.transaction(async () => {
      const organization = await this.organizations.findById(tenantId, command.organizationId);
      if (!organization) throw new NotFoundError('organization', command.organizationId);
      // An unknown account and a stranger to the tenant get the same answer: no enumeration.
      const membership = await this.memberships.findByUserAndTenant(command.userId, tenantId);
      organization.addMember({
        memberId: randomUUID(),
        userId: command.userId,
        role: command.role,
        belongsToTenant: membership !== null && membership.isLive(),
      });
      await this.organizations.save(organization);
    });
  }
}
