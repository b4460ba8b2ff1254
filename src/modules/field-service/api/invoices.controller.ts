import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
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

  @Route.Create({
    summary: 'Write an invoice by hand (dispatcher)',
    description:
      'Created as a draft numbered INV-<year>-<6 digits>, consecutive per tenant and year. Money is a decimal string; total = amount + tax exactly.',
    type: InvoiceResponseDto,
    problems: [422],
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateInvoiceRequestDto,
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
    return this.queries.execute(new GetInvoiceQuery(actor, id));
  }

  @Route.Create({
    path: 'from-work-order',
    location: (invoice: InvoiceView) => `/api/v1/invoices/${invoice.id}`,
    summary: 'Invoice a completed work order (dispatcher)',
    description:
      'Labour = the assigned technician’s hourly rate × the hours recorded on the work order; plus every consumed part at quantity × unit cost; ' +
      'tax = amount × taxRate, rounded half up. One invoice per work order unless the earlier one is void (409 naming workOrderId); ' +
      'a work order that is not completed is a 409.',
    type: InvoiceResponseDto,
    problems: [422],
  })
  async createFromWorkOrder(
    @CurrentActor() actor: Actor,
    @Body() body: CreateInvoiceFromWorkOrderRequestDto,
  ): Promise<InvoiceView> {
    const { id } = await this.commands.execute<CreateInvoiceFromWorkOrderCommand, { id: string }>(
      new CreateInvoiceFromWorkOrderCommand(
        actor,
        body.workOrderId,
        body.taxRate ?? '0',
        body.dueDate,
      ),
    );
    return this.queries.execute(new GetInvoiceQuery(actor, id));
  }

  @Route.Action({
    path: 'mark-overdue',
    summary: 'Run the overdue job now for your tenant (dispatcher)',
    description:
      'Marks every sent, active invoice whose due date has passed (UTC) overdue, as the system; the same job runs on a schedule.',
    type: InvoiceOverdueRunResponseDto,
    unitOfWork: false,
  })
  async markOverdue(@CurrentActor() actor: Actor): Promise<InvoiceOverdueRunResponseDto> {
    const invoiceIds = await this.commands.execute<SweepOverdueInvoicesCommand, string[]>(
      new SweepOverdueInvoicesCommand(actor),
    );
    return { transitioned: invoiceIds.length, invoiceIds };
  }

  @Route.List({
    summary: 'List invoices (a customer sees only its own issued invoices)',
    type: InvoicePageResponseDto,
  })
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

  @Route.Read({
    path: ':id',
    summary: 'Read one invoice',
    description: 'Answers an ETag to send back as If-Match when changing it.',
    type: InvoiceResponseDto,
  })
  async get(@Target() { actor, id }: Target): Promise<InvoiceView> {
    return this.queries.execute(new GetInvoiceQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary: 'Change a draft’s amount, tax, due date or lines (dispatcher)',
    description: 'Anything but a draft is a 409 listing the allowed transitions.',
    type: InvoiceResponseDto,
    ifMatch: true,
    problems: [422],
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateInvoiceRequestDto,
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
    return this.queries.execute(new GetInvoiceQuery(actor, id));
  }

  @Route.Action({
    path: ':id/send',
    summary: 'Send a draft (dispatcher): draft → sent',
    type: InvoiceResponseDto,
    ifMatch: true,
  })
  async send(@Target() { actor, id, ifMatch }: Target): Promise<InvoiceView> {
    await this.commands.execute(new SendInvoiceCommand(actor, id, ifMatch));
    return this.queries.execute(new GetInvoiceQuery(actor, id));
  }

  @Route.Action({
    path: ':id/pay',
    summary: 'Record payment (dispatcher): sent | overdue → paid, paidAt = now',
    type: InvoiceResponseDto,
    ifMatch: true,
  })
  async pay(@Target() { actor, id, ifMatch }: Target): Promise<InvoiceView> {
    await this.commands.execute(new PayInvoiceCommand(actor, id, ifMatch));
    return this.queries.execute(new GetInvoiceQuery(actor, id));
  }

  @Route.Action({
    path: ':id/void',
    summary: 'Void (dispatcher): draft | sent → void; frees its work order for a new invoice',
    type: InvoiceResponseDto,
    ifMatch: true,
  })
  async void(@Target() { actor, id, ifMatch }: Target): Promise<InvoiceView> {
    await this.commands.execute(new VoidInvoiceCommand(actor, id, ifMatch));
    return this.queries.execute(new GetInvoiceQuery(actor, id));
  }

  @Route.Action({
    path: ':id/deactivate',
    summary: 'Archive (dispatcher): isActive = false; an archived invoice does not change',
    type: InvoiceResponseDto,
    ifMatch: true,
  })
  async deactivate(@Target() { actor, id, ifMatch }: Target): Promise<InvoiceView> {
    await this.commands.execute(new SetInvoiceActiveCommand(actor, id, false, ifMatch));
    return this.queries.execute(new GetInvoiceQuery(actor, id));
  }

  @Route.Action({
    path: ':id/reactivate',
    summary: 'Restore an archived invoice (dispatcher): isActive = true',
    type: InvoiceResponseDto,
    ifMatch: true,
  })
  async reactivate(@Target() { actor, id, ifMatch }: Target): Promise<InvoiceView> {
    await this.commands.execute(new SetInvoiceActiveCommand(actor, id, true, ifMatch));
    return this.queries.execute(new GetInvoiceQuery(actor, id));
  }

  @Route.Delete({
    path: ':id',
    summary: 'Delete a draft for good (dispatcher); anything else is a 409',
    description: 'Its number is not reused; the ledger records the deletion.',
    ifMatch: true,
  })
  async remove(@Target() { actor, id, ifMatch }: Target): Promise<void> {
    await this.commands.execute(new DeleteInvoiceCommand(actor, id, ifMatch));
  }
}
