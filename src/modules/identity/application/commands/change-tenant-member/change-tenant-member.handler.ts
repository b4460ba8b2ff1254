import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { MembershipRepository } from '../../../domain/membership.repository';
import { assertMayTouchOwnership, TenantAccess } from '../../tenant-access';
import { ChangeTenantMemberCommand } from './change-tenant-member.command';

@CommandHandler(ChangeTenantMemberCommand)
export class ChangeTenantMemberHandler implements ICommandHandler<ChangeTenantMemberCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly access: TenantAccess,
    private readonly memberships: MembershipRepository,
  ) {}

  async execute(command: ChangeTenantMemberCommand): Promise<void> {
    await this.access.assertManages(command.actor, command.tenantId);
    await this.db.transaction(async () => {
      const membership = await this.memberships.findByUserAndTenant(
        command.userId,
        command.tenantId,
      );
      if (!membership) throw new NotFoundError('member', command.userId);
      assertVersion(membership, command.expectedVersion);
      const { role, expiresAt } = command.changes;
      assertMayTouchOwnership(command.actor, membership.role, role);
      const otherOwners = await this.memberships.countOtherLiveOwners(
        command.tenantId,
        membership.id,
      );
      if (role !== undefined) membership.changeRole(role, otherOwners);
      if (expiresAt !== undefined) membership.changeExpiry(expiresAt, otherOwners);
      await this.memberships.save(membership);
    });
  }
}
