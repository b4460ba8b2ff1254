import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { CustomerEmailTakenError } from '../../../domain/customer.errors';
import { CustomerRepository } from '../../../domain/customer.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { ChangeCustomerCommand } from './change-customer.command';

@CommandHandler(ChangeCustomerCommand)
export class ChangeCustomerHandler implements ICommandHandler<ChangeCustomerCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly customers: CustomerRepository,
  ) {}

  async execute(command: ChangeCustomerCommand): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    await this.db.transaction(async () => {
      const customer = await this.customers.findById(tenantId, command.customerId);
      if (!customer) throw new NotFoundError('customer', command.customerId);
      assertVersion(customer, command.expectedVersion);
      const before = customer.snapshot.email;
      customer.changeDetails(command.changes);
      if (
        customer.snapshot.email !== before &&
        (await this.customers.emailTaken(tenantId, customer.snapshot.email, customer.id))
      ) {
        throw new CustomerEmailTakenError();
      }
      await this.customers.save(customer);
    });
  }
}
