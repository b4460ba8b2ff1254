import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { ApiProblems, etagOf, IfMatch, Page, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
import { ChangeCustomerStatusCommand } from '../application/commands/change-customer-status/change-customer-status.command';
import { ChangeCustomerCommand } from '../application/commands/change-customer/change-customer.command';
import { CreateCustomerCommand } from '../application/commands/create-customer/create-customer.command';
import { DeleteCustomerCommand } from '../application/commands/delete-customer/delete-customer.command';
import { LinkCustomerUserCommand } from '../application/commands/link-customer-user/link-customer-user.command';
import { UnlinkCustomerUserCommand } from '../application/commands/unlink-customer-user/unlink-customer-user.command';
import { CustomerView } from '../application/queries/customer.read-model';
import { GetCustomerQuery } from '../application/queries/get-customer/get-customer.query';
import { ListCustomersQuery } from '../application/queries/list-customers/list-customers.query';
import { CustomerAction } from '../domain/customer-lifecycle';
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
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag from GET; a stale one is a 412',
};
const WITH_ETAG = { type: CustomerResponseDto, headers: { ETag: { schema: { type: 'string' } } } };

@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a customer',
    description: `${DISPATCHERS} The email is unique in the tenant (409 naming email).`,
  })
  @ApiCreatedResponse({
    type: CustomerResponseDto,
    headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retry return the first response',
  })
  @ApiProblems(400, 401, 403, 409)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateCustomerRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
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
    void reply.header('location', `/api/v1/customers/${id}`);
    return this.view(actor, id, reply);
  }

  @Get()
  @ApiOperation({
    summary: 'List customers',
    description: `${DISPATCHERS} Filtered, sorted, cursor-paginated.`,
  })
  @ApiOkResponse({ type: CustomerPageResponseDto })
  @ApiProblems(400, 401, 403)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListCustomersQueryDto,
  ): Promise<Page<CustomerView>> {
    return this.queries.execute(
      new ListCustomersQuery(
        actor,
        { q: query.q, status: query.status, isActive: query.isActive },
        {
          sort: query.sort ?? 'createdAt',
          order: query.order ?? 'asc',
          limit: query.limit ?? 20,
          cursor: query.cursor,
        },
      ),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read one customer',
    description: `${SCOPE} Dispatchers, or the customer’s own portal user. Answers an ETag for If-Match.`,
  })
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404)
  get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerView> {
    return this.view(actor, id, reply);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a customer’s contact details or addresses',
    description: DISPATCHERS,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: UpdateCustomerRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
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
    return this.view(actor, id, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a customer for good',
    description: `${DISPATCHERS} Only a customer without work orders, invoices or contracts (409 otherwise: deactivate it).`,
  })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<void> {
    await this.commands.execute(new DeleteCustomerCommand(actor, id, ifMatch));
  }

  @Post(':id/portal-user')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Link a portal login to the customer',
    description: `${DISPATCHERS} The user must be a live member of the tenant (422) linked to no other profile (409).`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async linkUser(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: LinkPortalUserRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerView> {
    await this.commands.execute(new LinkCustomerUserCommand(actor, id, body.userId, ifMatch));
    return this.view(actor, id, reply);
  }

  @Delete(':id/portal-user')
  @ApiOperation({
    summary: 'Unlink the customer’s portal login',
    description: `${DISPATCHERS} 409 when none is linked.`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async unlinkUser(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerView> {
    await this.commands.execute(new UnlinkCustomerUserCommand(actor, id, ifMatch));
    return this.view(actor, id, reply);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suspend a customer (no new work orders)',
    description: `${DISPATCHERS} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  suspend(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerView> {
    return this.transition(actor, id, 'suspend', ifMatch, reply);
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reinstate a suspended customer',
    description: `${DISPATCHERS} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  reinstate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerView> {
    return this.transition(actor, id, 'reinstate', ifMatch, reply);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deactivate a customer (is_active false; its portal login stops working)',
    description: `${DISPATCHERS} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  deactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerView> {
    return this.transition(actor, id, 'deactivate', ifMatch, reply);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reactivate a deactivated customer',
    description: `${DISPATCHERS} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  reactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerView> {
    return this.transition(actor, id, 'reactivate', ifMatch, reply);
  }

  private async transition(
    actor: Actor,
    id: string,
    action: CustomerAction,
    ifMatch: number | undefined,
    reply: FastifyReply,
  ): Promise<CustomerView> {
    await this.commands.execute(new ChangeCustomerStatusCommand(actor, id, action, ifMatch));
    return this.view(actor, id, reply);
  }

  private async view(actor: Actor, id: string, reply: FastifyReply): Promise<CustomerView> {
    const customer = await this.queries.execute<GetCustomerQuery, CustomerView>(
      new GetCustomerQuery(actor, id),
    );
    void reply.header('etag', etagOf(customer.version));
    return customer;
  }
}
