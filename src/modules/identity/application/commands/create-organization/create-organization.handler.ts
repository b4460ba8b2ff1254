import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { Organization } from '../../../domain/organization.aggregate';
import { OrganizationRepository } from '../../../domain/organization.repository';
import { OrganizationSlugTakenError } from '../../../domain/tenancy.errors';
import { assertManagesTenant, tenantOf } from '../../tenant-access';
import { CreateOrganizationCommand } from './create-organization.command';

/** Creates an organization in the tenant of the caller's token. */
@CommandHandler(CreateOrganizationCommand)
export class CreateOrganizationHandler implements ICommandHandler<
  CreateOrganizationCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly organizations: OrganizationRepository,
  ) {}

  execute(command: CreateOrganizationCommand): Promise<{ id: string }> {
    const tenantId = tenantOf(command.actor);
    assertManagesTenant(command.actor, tenantId);
    return this.db.transaction(async () => {
      const organization = Organization.create({
        id: randomUUID(),
        tenantId,
        name: command.name,
        slug: command.slug,
        description: command.description,
      });
      if (await this.organizations.slugExists(tenantId, organization.snapshot.slug))
        throw new OrganizationSlugTakenError();
      await this.organizations.save(organization);
      return { id: organization.id };
    });
  }
}
