import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, sortedPageOf, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ChangeCustomerStatusCommand } from '../application/commands/change-customer-status/change-customer-status.command';
import { ChangeCustomerCommand } from '../application/commands/change-customer/change-customer.command';
import { CreateCustomerCommand } from '../application/commands/create-customer/create-customer.command';
import { DeleteCustomerCommand } from '../application/commands/delete-customer/delete-customer.command';
import { LinkCustomerUserCommand } from '../application/commands/link-customer-user/link-customer-user.command';
import { UnlinkCustomerUserCommand } from '../application/commands/unlink-customer-user/unlink-customer-user.command';
import { CustomerView } from '../application/queries/customer.read-model';
import { GetCustomerQuery } from '../application/queries/get-customer/get-customer.query';
import { ListCustomersQuery } from '../application/queries/list-customers/list-customers.query';
import {
  CreateCustomerRequestDto,
  CustomerPageResponseDto,
  CustomerResponseDto,
  LinkPortalUserRequestDto,
  ListCustomersQueryDto,
  UpdateCustomerRequestDto,
} from './dto/customer.dto';

const SCOPE = 'Acts in the tenant of the access token; another tenant’s customer is a 404.';
const DISPATCHERS = `${SCOPE} Dispatchers only (tenant roles owner, admin, dispatcher, or platform admin).`;
const TRANSITION = 'A status that does not allow it is a 409 listing `allowedTransitions`.';

@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Create a customer',
    description: `${DISPATCHERS} The email is unique in the tenant (409 naming email).`,
    type: CustomerResponseDto,
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateCustomerRequestDto,
  ): Promise<CustomerView> {
    const { id } = await this.commands.execute<CreateCustomerCommand, { id: string }>(
      new CreateCustomerCommand(actor, {
        email: body.email,
        phone: body.phone,
        companyName: body.companyName,
        billingAddress: body.billingAddress,
        serviceAddress: body.serviceAddress,
      }),
    );
    return this.queries.execute(new GetCustomerQuery(actor, id));
  }

  @Route.List({
    summary: 'List customers',
    description: `${DISPATCHERS} Filtered, sorted, cursor-paginated.`,
    type: CustomerPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListCustomersQueryDto,
  ): Promise<Page<CustomerView>> {
    return this.queries.execute(
      new ListCustomersQuery(
        actor,
        { q: query.q, status: query.status, isActive: query.isActive },
        sortedPageOf(query, 'createdAt'),
      ),
    );
  }

  @Route.Read({
    path: ':id',
    summary: 'Read one customer',
    description: `${SCOPE} Dispatchers, or the customer’s own portal user. Answers an ETag for If-Match.`,
    type: CustomerResponseDto,
  })
  get(@Target() { actor, id }: Target): Promise<CustomerView> {
    return this.queries.execute(new GetCustomerQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary: 'Change a customer’s contact details or addresses',
    description: DISPATCHERS,
    type: CustomerResponseDto,
    ifMatch: true,
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateCustomerRequestDto,
  ): Promise<CustomerView> {
    await this.commands.execute(
      new ChangeCustomerCommand(
        actor,
        id,
        {
          email: body.email,
          phone: body.phone,
          companyName: body.companyName,
          billingAddress: body.billingAddress,
          serviceAddress: body.serviceAddress,
        },
        ifMatch,
      ),
    );
    return this.queries.execute(new GetCustomerQuery(actor, id));
  }

  @Route.Delete({
    path: ':id',
    summary: 'Delete a customer for good',
    description: `${DISPATCHERS} Only a customer without work orders, invoices or contracts (409 otherwise: deactivate it).`,
    ifMatch: true,
  })
  async remove(@Target() { actor, id, ifMatch }: Target): Promise<void> {
    await this.commands.execute(new DeleteCustomerCommand(actor, id, ifMatch));
  }

  @Route.Action({
    path: ':id/portal-user',
    summary: 'Link a portal login to the customer',
    description: `${DISPATCHERS} The user must be a live member of the tenant (422) linked to no other profile (409).`,
    type: CustomerResponseDto,
    ifMatch: true,
    problems: [422],
  })
  async linkUser(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: LinkPortalUserRequestDto,
  ): Promise<CustomerView> {
    await this.commands.execute(new LinkCustomerUserCommand(actor, id, body.userId, ifMatch));
    return this.queries.execute(new GetCustomerQuery(actor, id));
  }

  @Route.Delete({
    path: ':id/portal-user',
    summary: 'Unlink the customer’s portal login',
    description: `${DISPATCHERS} 409 when none is linked.`,
    type: CustomerResponseDto,
    ifMatch: true,
  })
  async unlinkUser(@Target() { actor, id, ifMatch }: Target): Promise<CustomerView> {
    await this.commands.execute(new UnlinkCustomerUserCommand(actor, id, ifMatch));
    return this.queries.execute(new GetCustomerQuery(actor, id));
  }

  @Route.Action({
    path: ':id/suspend',
    summary: 'Suspend a customer (no new work orders)',
    description: `${DISPATCHERS} ${TRANSITION}`,
    type: CustomerResponseDto,
    ifMatch: true,
  })
  async suspend(@Target() { actor, id, ifMatch }: Target): Promise<CustomerView> {
    await this.commands.execute(new ChangeCustomerStatusCommand(actor, id, 'suspend', ifMatch));
    return this.queries.execute(new GetCustomerQuery(actor, id));
  }

  @Route.Action({
    path: ':id/reinstate',
    summary: 'Reinstate a suspended customer',
    description: `${DISPATCHERS} ${TRANSITION}`,
    type: CustomerResponseDto,
    ifMatch: true,
  })
  async reinstate(@Target() { actor, id, ifMatch }: Target): Promise<CustomerView> {
    await this.commands.execute(new ChangeCustomerStatusCommand(actor, id, 'reinstate', ifMatch));
    return this.queries.execute(new GetCustomerQuery(actor, id));
  }

  @Route.Action({
    path: ':id/deactivate',
    summary: 'Deactivate a customer (is_active false; its portal login stops working)',
    description: `${DISPATCHERS} ${TRANSITION}`,
    type: CustomerResponseDto,
    ifMatch: true,
  })
  async deactivate(@Target() { actor, id, ifMatch }: Target): Promise<CustomerView> {
    await this.commands.execute(new ChangeCustomerStatusCommand(actor, id, 'deactivate', ifMatch));
    return this.queries.execute(new GetCustomerQuery(actor, id));
  }

  @Route.Action({
    path: ':id/reactivate',
    summary: 'Reactivate a deactivated customer',
    description: `${DISPATCHERS} ${TRANSITION}`,
    type: CustomerResponseDto,
    ifMatch: true,
  })
  async reactivate(@Target() { actor, id, ifMatch }: Target): Promise<CustomerView> {
    await this.commands.execute(new ChangeCustomerStatusCommand(actor, id, 'reactivate', ifMatch));
    return this.queries.execute(new GetCustomerQuery(actor, id));
  }
}
