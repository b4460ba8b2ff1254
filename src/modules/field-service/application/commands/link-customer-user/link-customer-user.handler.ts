import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { CustomerRepository } from '../../../domain/customer.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { LinkCustomerUserCommand } from './link-customer-user.command';

/** Makes a member of the tenant the customer's portal login (spec 003's user-profile pattern). */
@CommandHandler(LinkCustomerUserCommand)
export class LinkCustomerUserHandler implements ICommandHandler<LinkCustomerUserCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly customers: CustomerRepository,
  ) {}

  async execute(command: LinkCustomerUserCommand): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    await this.db.transaction(async () => {
      const customer = await this.customers.findById(tenantId, command.customerId);
      if (!customer) throw new NotFoundError('customer', command.customerId);
      assertVersion(customer, command.expectedVersion);
      // an unknown account and a stranger to the tenant get the same answer: no enumeration
      customer.linkPortalUser(
        command.userId,
        await this.customers.portalUserStanding(tenantId, command.userId, customer.id),
      );
      await this.customers.save(customer);
    });
  }
}
