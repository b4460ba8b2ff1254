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
import { CreateInvoiceCommand } from '../application/commands/create-invoice/create-invoice.command';
import { CreateInvoiceFromWorkOrderCommand } from '../application/commands/create-invoice-from-work-order/create-invoice-from-work-order.command';
import { DeleteInvoiceCommand } from '../application/commands/delete-invoice/delete-invoice.command';
import { PayInvoiceCommand } from '../application/commands/pay-invoice/pay-invoice.command';
import { ReviseInvoiceCommand } from '../application/commands/revise-invoice/revise-invoice.command';
import { SendInvoiceCommand } from '../application/commands/send-invoice/send-invoice.command';
import { SetInvoiceActiveCommand } from '../application/commands/set-invoice-active/set-invoice-active.command';
import { SweepOverdueInvoicesCommand } from '../application/commands/sweep-overdue-invoices/sweep-overdue-invoices.command';
import { VoidInvoiceCommand } from '../application/commands/void-invoice/void-invoice.command';
import { GetInvoiceQuery } from '../application/queries/get-invoice/get-invoice.query';
import { ListInvoicesQuery } from '../application/queries/list-invoices/list-invoices.query';
import { InvoiceView } from '../application/queries/invoice.read-model';
import {
  CreateInvoiceFromWorkOrderRequestDto,
  CreateInvoiceRequestDto,
  InvoiceOverdueRunResponseDto,
  InvoicePageResponseDto,
  InvoiceResponseDto,
  ListInvoicesQueryDto,
  UpdateInvoiceRequestDto,
} from './dto/invoice.dto';

const ETAG = { ETag: { schema: { type: 'string' } } };
const CREATED_HEADERS = { Location: { schema: { type: 'string' } }, ...ETAG };
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag from GET; a stale one is a 412',
};
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Makes a retry return the first response',
};

/**
 * Invoices (spec 003). Dispatchers do everything in the tenant; a customer's user reads its own
 * issued invoices (another customer's is a 404); technicians see none (403).
 */
@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('invoices')
export class InvoicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Write an invoice by hand (dispatcher)',
    description:
      'Created as a draft numbered INV-<year>-<6 digits>, consecutive per tenant and year. Money is a decimal string; total = amount + tax exactly.',
  })
  @ApiCreatedResponse({ type: InvoiceResponseDto, headers: CREATED_HEADERS })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiProblems(400, 401, 403, 409, 422)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateInvoiceRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvoiceView> {
    const { id } = await this.commands.execute<CreateInvoiceCommand, { id: string }>(
      new CreateInvoiceCommand(
        actor,
        body.customerId,
        body.amount,
        body.tax,
        body.dueDate,
        body.lineItems?.map((line) => ({
          kind: line.kind,
          description: line.description,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
        })),
      ),
    );
    return this.created(actor, id, reply);
  }

  @Post('from-work-order')
  @ApiOperation({
    summary: 'Invoice a completed work order (dispatcher)',
    description:
      'Labour = the assigned technician’s hourly rate × the hours recorded on the work order; plus every consumed part at quantity × unit cost; ' +
      'tax = amount × taxRate, rounded half up. One invoice per work order unless the earlier one is void (409 naming workOrderId); ' +
      'a work order that is not completed is a 409.',
  })
  @ApiCreatedResponse({ type: InvoiceResponseDto, headers: CREATED_HEADERS })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiProblems(400, 401, 403, 409, 422)
  async createFromWorkOrder(
    @CurrentActor() actor: Actor,
    @Body() body: CreateInvoiceFromWorkOrderRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvoiceView> {
    const { id } = await this.commands.execute<CreateInvoiceFromWorkOrderCommand, { id: string }>(
      new CreateInvoiceFromWorkOrderCommand(
        actor,
        body.workOrderId,
        body.taxRate ?? '0',
        body.dueDate,
      ),
    );
    return this.created(actor, id, reply);
  }

  @Post('mark-overdue')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run the overdue job now for your tenant (dispatcher)',
    description:
      'Marks every sent, active invoice whose due date has passed (UTC) overdue, as the system; the same job runs on a schedule.',
  })
  @ApiOkResponse({ type: InvoiceOverdueRunResponseDto })
  @ApiProblems(401, 403)
  async markOverdue(@CurrentActor() actor: Actor): Promise<InvoiceOverdueRunResponseDto> {
    const invoiceIds = await this.commands.execute<SweepOverdueInvoicesCommand, string[]>(
      new SweepOverdueInvoicesCommand(actor),
    );
    return { transitioned: invoiceIds.length, invoiceIds };
  }

  @Get()
  @ApiOperation({ summary: 'List invoices (a customer sees only its own issued invoices)' })
  @ApiOkResponse({ type: InvoicePageResponseDto })
  @ApiProblems(400, 401, 403)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListInvoicesQueryDto,
  ): Promise<Page<InvoiceView>> {
    const { status, customerId, workOrderId, dueBefore, dueAfter, isActive } = query;
    return this.queries.execute(
      new ListInvoicesQuery(
        actor,
        { status, customerId, workOrderId, dueBefore, dueAfter, isActive },
        query.sort ?? '-createdAt',
        query.limit ?? 20,
        query.cursor,
      ),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read one invoice',
    description: 'Answers an ETag to send back as If-Match when changing it.',
  })
  @ApiOkResponse({ type: InvoiceResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvoiceView> {
    return this.answer(actor, id, reply);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a draft’s amount, tax, due date or lines (dispatcher)',
    description: 'Anything but a draft is a 409 listing the allowed transitions.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InvoiceResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: UpdateInvoiceRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvoiceView> {
    const changes = {
      amount: body.amount,
      tax: body.tax,
      dueDate: body.dueDate,
      lineItems: body.lineItems?.map((line) => ({
        kind: line.kind,
        description: line.description,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
      })),
    };
    await this.commands.execute(new ReviseInvoiceCommand(actor, id, changes, ifMatch));
    return this.answer(actor, id, reply);
  }

  @Post(':id/send')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a draft (dispatcher): draft → sent' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InvoiceResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async send(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.commands.execute(new SendInvoiceCommand(actor, id, ifMatch));
    return this.answer(actor, id, reply);
  }

  @Post(':id/pay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record payment (dispatcher): sent | overdue → paid, paidAt = now' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InvoiceResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async pay(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.commands.execute(new PayInvoiceCommand(actor, id, ifMatch));
    return this.answer(actor, id, reply);
  }

  @Post(':id/void')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Void (dispatcher): draft | sent → void; frees its work order for a new invoice',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InvoiceResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async void(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.commands.execute(new VoidInvoiceCommand(actor, id, ifMatch));
    return this.answer(actor, id, reply);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Archive (dispatcher): isActive = false; an archived invoice does not change',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InvoiceResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412)
  async deactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.commands.execute(new SetInvoiceActiveCommand(actor, id, false, ifMatch));
    return this.answer(actor, id, reply);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore an archived invoice (dispatcher): isActive = true' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InvoiceResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412)
  async reactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.commands.execute(new SetInvoiceActiveCommand(actor, id, true, ifMatch));
    return this.answer(actor, id, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a draft for good (dispatcher); anything else is a 409',
    description: 'Its number is not reused; the ledger records the deletion.',
  })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<void> {
    await this.commands.execute(new DeleteInvoiceCommand(actor, id, ifMatch));
  }

  private async created(actor: Actor, id: string, reply: FastifyReply): Promise<InvoiceView> {
    const invoice = await this.answer(actor, id, reply);
    void reply.header('location', `/api/v1/invoices/${id}`);
    return invoice;
  }

  private async answer(actor: Actor, id: string, reply: FastifyReply): Promise<InvoiceView> {
    const invoice = await this.queries.execute<GetInvoiceQuery, InvoiceView>(
      new GetInvoiceQuery(actor, id),
    );
    void reply.header('etag', etagOf(invoice.version));
    return invoice;
  }
}
