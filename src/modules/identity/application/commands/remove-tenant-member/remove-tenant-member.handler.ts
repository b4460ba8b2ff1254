import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { MembershipRepository } from '../../../domain/membership.repository';
import { OrganizationRepository } from '../../../domain/organization.repository';
import { assertMayTouchOwnership, TenantAccess } from '../../tenant-access';
import { RemoveTenantMemberCommand } from './remove-tenant-member.command';

/**
 * Ends a membership. Organization memberships require a tenant membership, so the person
 * leaves the tenant's organizations in the same transaction, each through its aggregate.
 */
@CommandHandler(RemoveTenantMemberCommand)
export class RemoveTenantMemberHandler implements ICommandHandler<RemoveTenantMemberCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly access: TenantAccess,
    private readonly memberships: MembershipRepository,
    private readonly organizations: OrganizationRepository,
  ) {}

  async execute(command: RemoveTenantMemberCommand): Promise<void> {
    await this.access.assertManages(command.actor, command.tenantId);
    await this.db.transaction(async () => {
      const membership = await this.memberships.findByUserAndTenant(
        command.userId,
        command.tenantId,
      );
      if (!membership) throw new NotFoundError('member', command.userId);
      assertMayTouchOwnership(command.actor, membership.role);
      membership.remove(
        await this.memberships.countOtherLiveOwners(command.tenantId, membership.id),
      );
      await this.memberships.save(membership);
      for (const organization of await this.organizations.findByMember(
        command.tenantId,
        command.userId,
      )) {
        organization.removeMember(command.userId, 'left-tenant');
        await this.organizations.save(organization);
      }
    });
  }
}
