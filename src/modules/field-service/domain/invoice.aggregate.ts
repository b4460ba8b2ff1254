import { AggregateRoot, InvalidTransitionError, Money, StateMachine } from '@opsledger/ddd';
import { assertStorable, calendarDate, storableMoney, utcDate } from './billing-values';
import {
  InvoiceCreatedEvent,
  InvoiceDeactivatedEvent,
  InvoiceDeletedEvent,
  InvoiceMarkedOverdueEvent,
  InvoicePaidEvent,
  InvoicePersonalDataErasedEvent,
  InvoiceReactivatedEvent,
  InvoiceRevisedEvent,
  InvoiceSentEvent,
  InvoiceVoidedEvent,
} from './events/invoice.events';
import {
  InvoiceAmountMismatchError,
  InvoiceAmountRequiredError,
  InvoiceInactiveError,
  InvoiceNotYetDueError,
  WorkOrderNotCompletedError,
} from './invoice.errors';
import {
  BillableWorkOrder,
  InvoiceLineInput,
  InvoiceLineItem,
  lineItemsForWorkOrder,
  lineItemsOf,
  sumOfLines,
} from './invoice-line-item';

export const INVOICE_STATUSES = ['draft', 'sent', 'paid', 'overdue', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_ACTIONS = ['send', 'pay', 'mark-overdue', 'void'] as const;
export type InvoiceAction = (typeof INVOICE_ACTIONS)[number];

/** Issue 4's lifecycle: draft → sent → paid, sent → overdue → paid, draft/sent → void. */
export const INVOICE_LIFECYCLE = new StateMachine<InvoiceStatus, InvoiceAction>('invoice', {
  draft: { send: 'sent', void: 'void' },
  sent: { pay: 'paid', 'mark-overdue': 'overdue', void: 'void' },
  overdue: { pay: 'paid' },
  paid: {},
  void: {},
});

export interface InvoiceState {
  tenantId: string;
  invoiceNumber: string;
  customerId: string;
  workOrderId: string | null;
  amount: Money;
  tax: Money;
  lineItems: readonly InvoiceLineItem[];
  status: InvoiceStatus;
  /** `YYYY-MM-DD`; the overdue job compares it with the UTC date. */
  dueDate: string | null;
  paidAt: Date | null;
  isActive: boolean;
  createdAt: Date;
  /** Set once a draft is deleted; the repository then removes the row. */
  deleted: boolean;
}

export interface CreateInvoiceProps {
  id: string;
  tenantId: string;
  invoiceNumber: string;
  customerId: string;
  /** Optional when line items are given: then it is their sum, and when both are given they must agree. */
  amount?: string;
  tax?: string;
  dueDate: string;
  lineItems?: readonly InvoiceLineInput[];
}

export interface InvoiceRevision {
  amount?: string;
  tax?: string;
  dueDate?: string;
  lineItems?: readonly InvoiceLineInput[];
}

const lineItemsPayload = (lines: readonly InvoiceLineItem[]) => lines.map((line) => ({ ...line }));

/** What a labour line says once the technician it named is erased. */
const erasedLabourDescription = (hours: string) => `Labour: (erased), ${hours} h`;

/** Compares lines field by field: lines read back from jsonb come with their keys reordered. */
const sameLines = (a: readonly InvoiceLineItem[], b: readonly InvoiceLineItem[]) =>
  a.length === b.length &&
  a.every((line, i) =>
    (
      [
        'kind',
        'description',
        'quantity',
        'unitPrice',
        'amount',
        'technicianId',
        'inventoryId',
      ] as const
    ).every((key) => line[key] === b[i][key]),
  );

/**
 * An invoice (spec 003 `invoices`): `total = amount + tax` exactly, money held as integer cents,
 * a lifecycle enforced by INVOICE_LIFECYCLE, and `paidAt` set exactly when it is paid.
 */
export class Invoice extends AggregateRoot {
  readonly streamType = 'invoice';

  private constructor(
    id: string,
    version: number,
    private state: InvoiceState,
  ) {
    super(id, version);
  }

  /** By hand: a customer, an amount (or lines that give it), tax and a due date. */
  static create(props: CreateInvoiceProps, now = new Date()): Invoice {
    const lineItems = lineItemsOf(props.lineItems ?? []);
    const amount = amountOf(props.amount, lineItems);
    const tax = storableMoney(props.tax ?? '0', 'tax');
    return Invoice.open(
      props,
      {
        amount,
        tax,
        lineItems,
        workOrderId: null,
        dueDate: calendarDate(props.dueDate, 'dueDate'),
      },
      now,
    );
  }

  /**
   * From a completed work order: its lines (labour and parts) give the amount, `taxRate` (a
   * fraction, "0.0825") the tax, rounded half up to the cent.
   */
  static fromWorkOrder(
    props: {
      id: string;
      tenantId: string;
      invoiceNumber: string;
      workOrder: BillableWorkOrder;
      taxRate: string;
      dueDate: string;
    },
    now = new Date(),
  ): Invoice {
    const { workOrder } = props;
    if (workOrder.status !== 'completed') throw new WorkOrderNotCompletedError(workOrder.status);
    const lineItems = lineItemsForWorkOrder(workOrder);
    const amount = assertStorable(sumOfLines(lineItems), 'amount');
    const tax = assertStorable(amount.multiplyByDecimal(props.taxRate, 'taxRate'), 'tax');
    return Invoice.open(
      { ...props, customerId: workOrder.customerId },
      {
        amount,
        tax,
        lineItems,
        workOrderId: workOrder.id,
        dueDate: calendarDate(props.dueDate, 'dueDate'),
      },
      now,
    );
  }

  private static open(
    props: { id: string; tenantId: string; invoiceNumber: string; customerId: string },
    figures: {
      amount: Money;
      tax: Money;
      lineItems: InvoiceLineItem[];
      workOrderId: string | null;
      dueDate: string;
    },
    now: Date,
  ): Invoice {
    const state: InvoiceState = {
      tenantId: props.tenantId,
      invoiceNumber: props.invoiceNumber,
      customerId: props.customerId,
      workOrderId: figures.workOrderId,
      amount: figures.amount,
      tax: figures.tax,
      lineItems: figures.lineItems,
      status: 'draft',
      dueDate: figures.dueDate,
      paidAt: null,
      isActive: true,
      createdAt: now,
      deleted: false,
    };
    const total = assertStorable(state.amount.add(state.tax), 'total');
    const invoice = new Invoice(props.id, 0, state);
    invoice.record(
      new InvoiceCreatedEvent(props.id, {
        tenantId: state.tenantId,
        invoiceNumber: state.invoiceNumber,
        customerId: state.customerId,
        workOrderId: state.workOrderId,
        amount: state.amount.toString(),
        tax: state.tax.toString(),
        total: total.toString(),
        lineItems: lineItemsPayload(state.lineItems),
        status: 'draft',
        dueDate: state.dueDate,
        isActive: true,
      }),
    );
    return invoice;
  }

  static rehydrate(id: string, version: number, state: InvoiceState): Invoice {
    return new Invoice(id, version, { ...state, lineItems: lineItemsPayload(state.lineItems) });
  }

  get snapshot(): Readonly<InvoiceState> {
    return this.state;
  }

  get status(): InvoiceStatus {
    return this.state.status;
  }

  /** Always amount + tax, computed, so it can never disagree with them. */
  get total(): Money {
    return this.state.amount.add(this.state.tax);
  }

  /** Changes a draft's figures. Lines without an amount recompute it; lines and amount must agree. */
  revise(changes: InvoiceRevision): void {
    this.assertEditable('edit');
    const lineItems =
      changes.lineItems !== undefined ? lineItemsOf(changes.lineItems) : this.state.lineItems;
    let amount =
      changes.amount !== undefined ? storableMoney(changes.amount, 'amount') : this.state.amount;
    if (changes.lineItems !== undefined && changes.amount === undefined && lineItems.length > 0)
      amount = assertStorable(sumOfLines(lineItems), 'amount');
    if (lineItems.length > 0 && !sumOfLines(lineItems).equals(amount)) {
      throw new InvoiceAmountMismatchError(amount.toString(), sumOfLines(lineItems).toString());
    }
    const tax = changes.tax !== undefined ? storableMoney(changes.tax, 'tax') : this.state.tax;
    const dueDate =
      changes.dueDate !== undefined ? calendarDate(changes.dueDate, 'dueDate') : this.state.dueDate;
    const total = assertStorable(amount.add(tax), 'total');

    const payload: InvoiceRevisedEvent['payload'] = {};
    const previous: InvoiceRevisedEvent['previous'] = {};
    if (!amount.equals(this.state.amount)) {
      payload.amount = amount.toString();
      previous.amount = this.state.amount.toString();
    }
    if (!tax.equals(this.state.tax)) {
      payload.tax = tax.toString();
      previous.tax = this.state.tax.toString();
    }
    if (!total.equals(this.total)) {
      payload.total = total.toString();
      previous.total = this.total.toString();
    }
    if (dueDate !== this.state.dueDate) {
      payload.dueDate = dueDate;
      previous.dueDate = this.state.dueDate;
    }
    if (changes.lineItems !== undefined && !sameLines(lineItems, this.state.lineItems)) {
      payload.lineItems = lineItemsPayload(lineItems);
      previous.lineItems = lineItemsPayload(this.state.lineItems);
    }
    if (Object.keys(payload).length === 0) return;
    this.state = { ...this.state, amount, tax, dueDate, lineItems };
    this.record(new InvoiceRevisedEvent(this.id, payload, previous));
  }

  send(): void {
    const previous = this.state.status;
    this.state = { ...this.state, status: this.next('send') };
    this.record(new InvoiceSentEvent(this.id, { status: 'sent' }, { status: previous }));
  }

  pay(now = new Date()): void {
    const previous = this.state.status;
    this.state = { ...this.state, status: this.next('pay'), paidAt: now };
    this.record(
      new InvoicePaidEvent(
        this.id,
        { status: 'paid', paidAt: now.toISOString() },
        { status: previous, paidAt: null },
      ),
    );
  }

  /** `today` is the UTC calendar date; an invoice is overdue the day after its due date. */
  markOverdue(today = utcDate(new Date())): void {
    const previous = this.state.status;
    const status = this.next('mark-overdue');
    const dueDate = this.state.dueDate;
    if (dueDate === null || dueDate >= today) throw new InvoiceNotYetDueError(dueDate, today);
    this.state = { ...this.state, status };
    this.record(
      new InvoiceMarkedOverdueEvent(
        this.id,
        { status: 'overdue', dueDate, asOf: today },
        { status: previous },
      ),
    );
  }

  void(): void {
    const previous = this.state.status;
    this.state = { ...this.state, status: this.next('void') };
    this.record(new InvoiceVoidedEvent(this.id, { status: 'void' }, { status: previous }));
  }

  deactivate(): void {
    if (!this.state.isActive) return;
    this.state = { ...this.state, isActive: false };
    this.record(new InvoiceDeactivatedEvent(this.id, { isActive: false }, { isActive: true }));
  }

  reactivate(): void {
    if (this.state.isActive) return;
    this.state = { ...this.state, isActive: true };
    this.record(new InvoiceReactivatedEvent(this.id, { isActive: true }, { isActive: false }));
  }

  /**
   * Right to erasure of technicians named in the invoice: their labour lines no longer name
   * them; quantities, prices and every figure stay, whatever the status (a paid invoice is
   * kept, anonymised). False when no line names them.
   */
  eraseTechnicianNames(technicianIds: readonly string[]): boolean {
    const lines = this.state.lineItems.map((line) =>
      line.kind === 'labor' &&
      line.technicianId !== undefined &&
      technicianIds.includes(line.technicianId) &&
      line.description !== erasedLabourDescription(line.quantity)
        ? { ...line, description: erasedLabourDescription(line.quantity) }
        : line,
    );
    if (sameLines(lines, this.state.lineItems)) return false;
    const previous = lineItemsPayload(this.state.lineItems);
    this.state = { ...this.state, lineItems: lines };
    this.record(
      new InvoicePersonalDataErasedEvent(
        this.id,
        { lineItems: lineItemsPayload(lines) },
        { lineItems: previous },
      ),
    );
    return true;
  }

  /** Only a draft may disappear: anything sent has left the building and stays on record. */
  delete(): void {
    this.assertEditable('delete');
    this.state = { ...this.state, deleted: true };
    this.record(
      new InvoiceDeletedEvent(
        this.id,
        { invoiceNumber: this.state.invoiceNumber, deleted: true },
        { deleted: false },
      ),
    );
  }

  private next(action: InvoiceAction): InvoiceStatus {
    const to = INVOICE_LIFECYCLE.next(this.state.status, action);
    if (!this.state.isActive) throw new InvoiceInactiveError();
    return to;
  }

  /** Edits and deletion are not lifecycle moves, but refused the same way: a 409 listing what is allowed. */
  private assertEditable(action: 'edit' | 'delete'): void {
    if (this.state.status !== 'draft') {
      throw new InvalidTransitionError(
        'invoice',
        this.state.status,
        action,
        INVOICE_LIFECYCLE.allowedActions(this.state.status),
      );
    }
    if (!this.state.isActive) throw new InvoiceInactiveError();
  }
}

function amountOf(amount: string | undefined, lineItems: InvoiceLineItem[]): Money {
  if (amount === undefined) {
    if (lineItems.length === 0) throw new InvoiceAmountRequiredError();
    return assertStorable(sumOfLines(lineItems), 'amount');
  }
  const money = storableMoney(amount, 'amount');
  if (lineItems.length > 0 && !sumOfLines(lineItems).equals(money)) {
    throw new InvoiceAmountMismatchError(money.toString(), sumOfLines(lineItems).toString());
  }
  return money;
}
