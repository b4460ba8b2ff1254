import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { TenantRepository } from '../../../domain/tenant.repository';
import { TenantAccess } from '../../tenant-access';
import { ChangeTenantCommand } from './change-tenant.command';

/** Name, domain and settings: platform admins, or the tenant's own owners and admins. */
@CommandHandler(ChangeTenantCommand)
export class ChangeTenantHandler implements ICommandHandler<ChangeTenantCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly access: TenantAccess,
    private readonly tenants: TenantRepository,
  ) {}

  async execute(command: ChangeTenantCommand): Promise<void> {
    await this.access.assertManages(command.actor, command.tenantId);
    await this.db.transaction(async () => {
      const tenant = await this.tenants.findById(command.tenantId);
      if (!tenant) throw new NotFoundError('tenant', command.tenantId);
      assertVersion(tenant, command.expectedVersion);
      const { name, domain, settings } = command.changes;
      if (name !== undefined) tenant.rename(name);
      if (domain !== undefined) tenant.changeDomain(domain);
      if (settings !== undefined) tenant.changeSettings(settings);
      await this.tenants.save(tenant);
    });
  }
}
