import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { Customer } from '../../../domain/customer.aggregate';
import { CustomerAction } from '../../../domain/customer-lifecycle';
import { CustomerRepository } from '../../../domain/customer.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { ChangeCustomerStatusCommand } from './change-customer-status.command';

function apply(customer: Customer, action: CustomerAction): void {
  switch (action) {
    case 'suspend':
      return customer.suspend();
    case 'reinstate':
      return customer.reinstate();
    case 'deactivate':
      return customer.deactivate();
    case 'reactivate':
      return customer.reactivate();
  }
}

@CommandHandler(ChangeCustomerStatusCommand)
export class ChangeCustomerStatusHandler implements ICommandHandler<
  ChangeCustomerStatusCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly customers: CustomerRepository,
  ) {}

  async execute(command: ChangeCustomerStatusCommand): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    await this.db.transaction(async () => {
      const customer = await this.customers.findById(tenantId, command.customerId);
      if (!customer) throw new NotFoundError('customer', command.customerId);
      assertVersion(customer, command.expectedVersion);
      apply(customer, command.action);
      await this.customers.save(customer);
    });
  }
}
