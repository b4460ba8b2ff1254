import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { OrganizationRepository } from '../../../domain/organization.repository';
import { assertManagesTenant, tenantOf } from '../../tenant-access';
import { ChangeOrganizationCommand } from './change-organization.command';

@CommandHandler(ChangeOrganizationCommand)
export class ChangeOrganizationHandler implements ICommandHandler<ChangeOrganizationCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly organizations: OrganizationRepository,
  ) {}

  execute(command: ChangeOrganizationCommand): Promise<void> {
    const tenantId = tenantOf(command.actor);
    assertManagesTenant(command.actor, tenantId);
    return this.db.transaction(async () => {
      const organization = await this.organizations.findById(tenantId, command.organizationId);
      if (!organization) throw new NotFoundError('organization', command.organizationId);
      assertVersion(organization, command.expectedVersion);
      const { name, description } = command.changes;
      if (name !== undefined) organization.rename(name);
      if (description !== undefined) organization.changeDescription(description);
      await this.organizations.save(organization);
    });
  }
}
