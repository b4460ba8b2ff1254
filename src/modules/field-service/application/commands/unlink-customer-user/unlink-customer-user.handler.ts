import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { CustomerRepository } from '../../../domain/customer.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { UnlinkCustomerUserCommand } from './unlink-customer-user.command';

@CommandHandler(UnlinkCustomerUserCommand)
export class UnlinkCustomerUserHandler implements ICommandHandler<UnlinkCustomerUserCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly customers: CustomerRepository,
  ) {}

  async execute(command: UnlinkCustomerUserCommand): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    await this.db.transaction(async () => {
      const customer = await this.customers.findById(tenantId, command.customerId);
      if (!customer) throw new NotFoundError('customer', command.customerId);
      assertVersion(customer, command.expectedVersion);
      customer.unlinkPortalUser();
      await this.customers.save(customer);
    });
  }
}
