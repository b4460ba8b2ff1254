import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { TenantRepository } from '../../../domain/tenant.repository';
import { SetTenantActiveCommand } from './set-tenant-active.command';

/**
 * Platform admins only (the route says so). A deactivated tenant's memberships stop being
 * usable: nobody logs in, switches or refreshes into it.
 */
@CommandHandler(SetTenantActiveCommand)
export class SetTenantActiveHandler implements ICommandHandler<SetTenantActiveCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly tenants: TenantRepository,
  ) {}

  execute(command: SetTenantActiveCommand): Promise<void> {
    return this.db.transaction(async () => {
      const tenant = await this.tenants.findById(command.tenantId);
      if (!tenant) throw new NotFoundError('tenant', command.tenantId);
      if (command.active) tenant.reactivate();
      else tenant.deactivate();
      await this.tenants.save(tenant);
    });
  }
}
