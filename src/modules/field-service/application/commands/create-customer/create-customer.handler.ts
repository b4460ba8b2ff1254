import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { Customer } from '../../../domain/customer.aggregate';
import { CustomerEmailTakenError } from '../../../domain/customer.errors';
import { CustomerRepository } from '../../../domain/customer.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { CreateCustomerCommand } from './create-customer.command';

/** A dispatcher adds a customer to the tenant of its token. */
@CommandHandler(CreateCustomerCommand)
export class CreateCustomerHandler implements ICommandHandler<
  CreateCustomerCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly customers: CustomerRepository,
  ) {}

  async execute(command: CreateCustomerCommand): Promise<{ id: string }> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    return this.db.transaction(async () => {
      const customer = Customer.create({ id: randomUUID(), tenantId, ...command.fields });
      // the unique constraint answers a race the same way (409 naming email)
      if (await this.customers.emailTaken(tenantId, customer.snapshot.email))
        throw new CustomerEmailTakenError();
      await this.customers.save(customer);
      return { id: customer.id };
    });
  }
}
