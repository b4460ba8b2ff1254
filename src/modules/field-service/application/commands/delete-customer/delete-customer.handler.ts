import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { CustomerRepository } from '../../../domain/customer.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { DeleteCustomerCommand } from './delete-customer.command';

/** Removes a customer nothing refers to; the ledger keeps what it held. */
@CommandHandler(DeleteCustomerCommand)
export class DeleteCustomerHandler implements ICommandHandler<DeleteCustomerCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly customers: CustomerRepository,
  ) {}

  async execute(command: DeleteCustomerCommand): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    await this.db.transaction(async () => {
      const customer = await this.customers.findById(tenantId, command.customerId);
      if (!customer) throw new NotFoundError('customer', command.customerId);
      assertVersion(customer, command.expectedVersion);
      customer.delete(await this.customers.hasDependents(tenantId, customer.id));
      await this.customers.save(customer);
    });
  }
}
