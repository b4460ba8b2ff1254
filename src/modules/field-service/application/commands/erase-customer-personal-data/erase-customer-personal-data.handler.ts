import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { CustomerRepository } from '../../../domain/customer.repository';
import { EraseCustomerPersonalDataCommand } from './erase-customer-personal-data.command';

/** True when this run erased something; a customer already erased or deleted is left alone. */
@CommandHandler(EraseCustomerPersonalDataCommand)
export class EraseCustomerPersonalDataHandler implements ICommandHandler<
  EraseCustomerPersonalDataCommand,
  boolean
> {
  constructor(
    private readonly db: Db,
    private readonly customers: CustomerRepository,
  ) {}

  execute(command: EraseCustomerPersonalDataCommand): Promise<boolean> {
    return this.db.transaction(async () => {
      const customer = await this.customers.findById(command.tenantId, command.customerId);
      if (!customer || !customer.erasePersonalData()) return false;
      await this.customers.save(customer);
      return true;
    });
  }
}
