import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { OrganizationRepository } from '../../../domain/organization.repository';
import { assertManagesTenant, tenantOf } from '../../tenant-access';
import { DeactivateOrganizationCommand } from './deactivate-organization.command';

@CommandHandler(DeactivateOrganizationCommand)
export class DeactivateOrganizationHandler implements ICommandHandler<
  DeactivateOrganizationCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly organizations: OrganizationRepository,
  ) {}

  execute(command: DeactivateOrganizationCommand): Promise<void> {
    const tenantId = tenantOf(command.actor);
    assertManagesTenant(command.actor, tenantId);
    return this.db.transaction(async () => {
      const organization = await this.organizations.findById(tenantId, command.organizationId);
      if (!organization) throw new NotFoundError('organization', command.organizationId);
      organization.deactivate();
      await this.organizations.save(organization);
    });
  }
}
