import { Money } from '@opsledger/ddd';
import { BillingFieldError, multiplyByQuantity, storableMoney } from './billing-values';

export const INVOICE_LINE_KINDS = ['labor', 'part', 'other'] as const;
export type InvoiceLineKind = (typeof INVOICE_LINE_KINDS)[number];

export const MAX_LINE_ITEMS = 200;
export const LINE_DESCRIPTION_MAX_LENGTH = 500;

/** One line of an invoice as stored in `invoices.line_items`; money travels as strings. */
export interface InvoiceLineItem {
  kind: InvoiceLineKind;
  description: string;
  quantity: string;
  unitPrice: string;
  /** unitPrice × quantity, rounded half up to the cent. */
  amount: string;
  /** The technician whose hours a labour line bills. */
  technicianId?: string;
  /** The stock item a part line bills. */
  inventoryId?: string;
}

/** A line as a client writes it: the amount is always computed, never taken from the client. */
export interface InvoiceLineInput {
  kind?: InvoiceLineKind;
  description: string;
  quantity: string;
  unitPrice: string;
}

export function lineItemOf(input: InvoiceLineInput, index: number): InvoiceLineItem {
  const field = (name: string) => `lineItems.${index}.${name}`;
  const description = typeof input.description === 'string' ? input.description.trim() : '';
  if (description.length === 0 || description.length > LINE_DESCRIPTION_MAX_LENGTH) {
    throw new BillingFieldError(
      'INVOICE.INVALID_LINE_DESCRIPTION',
      field('description'),
      `${field('description')} must be 1–${LINE_DESCRIPTION_MAX_LENGTH} characters`,
      'invalid_input',
    );
  }
  const kind = input.kind ?? 'other';
  if (!INVOICE_LINE_KINDS.includes(kind)) {
    throw new BillingFieldError(
      'INVOICE.INVALID_LINE_KIND',
      field('kind'),
      `${field('kind')} must be one of ${INVOICE_LINE_KINDS.join(', ')}`,
      'invalid_input',
    );
  }
  const unitPrice = storableMoney(input.unitPrice, field('unitPrice'));
  const amount = multiplyByQuantity(unitPrice, input.quantity, field('quantity'));
  return {
    kind,
    description,
    quantity: input.quantity,
    unitPrice: unitPrice.toString(),
    amount: amount.toString(),
  };
}

export function lineItemsOf(inputs: readonly InvoiceLineInput[]): InvoiceLineItem[] {
  if (inputs.length > MAX_LINE_ITEMS) {
    throw new BillingFieldError(
      'INVOICE.TOO_MANY_LINES',
      'lineItems',
      `lineItems must hold at most ${MAX_LINE_ITEMS} lines`,
      'invalid_input',
    );
  }
  return inputs.map((input, index) => lineItemOf(input, index));
}

export function sumOfLines(lines: readonly InvoiceLineItem[]): Money {
  return lines.reduce((sum, line) => sum.add(Money.parse(line.amount)), Money.ZERO);
}

/** What billing needs to know about a work order (read from the work-order tables as they are). */
export interface BillableWorkOrder {
  id: string;
  customerId: string;
  status: string;
  title: string;
  /** Hours recorded at completion, a decimal string ("2.50"); null when none were recorded. */
  laborHours: string | null;
  technician: { id: string; name: string; hourlyRate: string } | null;
  /** Parts the work order consumed, at the unit cost it recorded for them. */
  parts: ReadonlyArray<{
    inventoryId: string;
    description: string;
    quantity: number;
    unitCost: string;
  }>;
}

/**
 * The lines of a completed work order: labour at the assigned technician's hourly rate for the
 * recorded hours, then every consumed part at quantity × unit cost.
 */
export function lineItemsForWorkOrder(workOrder: BillableWorkOrder): InvoiceLineItem[] {
  const lines: InvoiceLineItem[] = [];
  const hours = workOrder.laborHours;
  if (hours !== null && Money.parse(hours).compare(Money.ZERO) > 0) {
    if (!workOrder.technician) {
      throw new BillingFieldError(
        'INVOICE.LABOUR_UNPRICED',
        'workOrderId',
        'The work order records hours but has no assigned technician whose hourly rate prices them',
      );
    }
    const rate = storableMoney(workOrder.technician.hourlyRate, 'hourlyRate');
    lines.push({
      kind: 'labor',
      description: `Labour: ${workOrder.technician.name}, ${hours} h (${workOrder.title})`.slice(
        0,
        LINE_DESCRIPTION_MAX_LENGTH,
      ),
      quantity: hours,
      unitPrice: rate.toString(),
      amount: multiplyByQuantity(rate, hours, 'laborHours').toString(),
      technicianId: workOrder.technician.id,
    });
  }
  for (const part of workOrder.parts) {
    const unitCost = storableMoney(part.unitCost, 'unitCost');
    lines.push({
      kind: 'part',
      description: part.description.slice(0, LINE_DESCRIPTION_MAX_LENGTH),
      quantity: String(part.quantity),
      unitPrice: unitCost.toString(),
      amount: unitCost.times(part.quantity).toString(),
      inventoryId: part.inventoryId,
    });
  }
  return lines;
}
