import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { MembershipRepository } from '../../../domain/membership.repository';
import { AccountNotFoundError, TenantSlugTakenError } from '../../../domain/tenancy.errors';
import { Tenant } from '../../../domain/tenant.aggregate';
import { TenantRepository } from '../../../domain/tenant.repository';
import { UserRepository } from '../../../domain/user.repository';
import { CreateTenantCommand } from './create-tenant.command';

/** Platform admins create tenants; the creator does not join it unless named as its owner. */
@CommandHandler(CreateTenantCommand)
export class CreateTenantHandler implements ICommandHandler<CreateTenantCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly tenants: TenantRepository,
    private readonly memberships: MembershipRepository,
    private readonly users: UserRepository,
  ) {}

  execute(command: CreateTenantCommand): Promise<{ id: string }> {
    return this.db.transaction(async () => {
      const tenant = Tenant.create({
        id: randomUUID(),
        name: command.name,
        slug: command.slug,
        domain: command.domain,
        settings: command.settings,
      });
      if (await this.tenants.slugExists(tenant.snapshot.slug)) throw new TenantSlugTakenError();
      const owner = command.ownerUserId ? await this.users.findById(command.ownerUserId) : null;
      if (command.ownerUserId && !owner) throw new AccountNotFoundError('ownerUserId');
      await this.tenants.save(tenant);
      if (owner) {
        await this.memberships.save(
          tenant.admitMember({
            membershipId: randomUUID(),
            userId: owner.id,
            role: 'owner',
            expiresAt: null,
          }),
        );
      }
      return { id: tenant.id };
    });
  }
}
