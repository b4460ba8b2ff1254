import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, Money } from '@opsledger/ddd';
import { multiplyByQuantity } from './billing-values';
import {
  INVOICE_ACTIONS,
  INVOICE_LIFECYCLE,
  INVOICE_STATUSES,
  Invoice,
  InvoiceAction,
  InvoiceStatus,
} from './invoice.aggregate';
import { BillableWorkOrder } from './invoice-line-item';
import { formatInvoiceNumber } from './invoice-number';

const ID = '0d9a6a4e-3c1b-4d7e-9f10-000000000001';
const TENANT = '0d9a6a4e-3c1b-4d7e-9f10-0000000000aa';
const CUSTOMER = '0d9a6a4e-3c1b-4d7e-9f10-0000000000cc';
const TODAY = '2026-03-15';

const create = (over: Partial<Parameters<typeof Invoice.create>[0]> = {}) =>
  Invoice.create({
    id: ID,
    tenantId: TENANT,
    invoiceNumber: 'INV-2026-000001',
    customerId: CUSTOMER,
    amount: '100.00',
    dueDate: '2026-03-01',
    ...over,
  });

const inState = (status: InvoiceStatus, isActive = true) =>
  Invoice.rehydrate(ID, 3, {
    tenantId: TENANT,
    invoiceNumber: 'INV-2026-000001',
    customerId: CUSTOMER,
    workOrderId: null,
    amount: Money.parse('100.00'),
    tax: Money.parse('8.25'),
    lineItems: [],
    status,
    dueDate: '2026-03-01',
    paidAt: status === 'paid' ? new Date('2026-03-02T10:00:00Z') : null,
    isActive,
    createdAt: new Date('2026-02-01T10:00:00Z'),
    deleted: false,
  });

const act = (invoice: Invoice, action: InvoiceAction): void => {
  switch (action) {
    case 'send':
      return invoice.send();
    case 'pay':
      return invoice.pay(new Date('2026-03-16T09:00:00Z'));
    case 'mark-overdue':
      return invoice.markOverdue(TODAY);
    case 'void':
      return invoice.void();
  }
};

const errorOf = (fn: () => unknown): DomainError | undefined => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  return undefined;
};

const workOrder = (over: Partial<BillableWorkOrder> = {}): BillableWorkOrder => ({
  id: '0d9a6a4e-3c1b-4d7e-9f10-0000000000ee',
  customerId: CUSTOMER,
  status: 'completed',
  title: 'Boiler service',
  laborHours: '2.50',
  technician: { id: '0d9a6a4e-3c1b-4d7e-9f10-0000000000dd', name: 'Ada Tech', hourlyRate: '85.50' },
  parts: [
    {
      inventoryId: '0d9a6a4e-3c1b-4d7e-9f10-0000000000f1',
      description: 'Valve (VLV-1)',
      quantity: 3,
      unitCost: '19.99',
    },
    {
      inventoryId: '0d9a6a4e-3c1b-4d7e-9f10-0000000000f2',
      description: 'Seal (SEAL-2)',
      quantity: 1,
      unitCost: '0.10',
    },
  ],
  ...over,
});

/** The rows of the table between `<!-- name:start -->` and `<!-- name:end -->` in docs/field-service.md. */
function documentedEdges(name: string): Array<{ from: string; action: string; to: string }> {
  const doc = readFileSync(join(__dirname, '../../../../docs/field-service.md'), 'utf8');
  const match = new RegExp(`<!-- ${name}:start -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(doc);
  if (!match) throw new Error(`docs/field-service.md has no ${name} table`);
  return match[1]
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) => line.startsWith('|') && !line.startsWith('|---') && !/^\|\s*From\s*\|/.test(line),
    )
    .map((line) => {
      const [from, action, to] = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      return { from, action, to };
    });
}

describe('Invoice lifecycle', () => {
  const edges = INVOICE_LIFECYCLE.edges();

  it('is exactly the table in docs/field-service.md', () => {
    expect(documentedEdges('invoice-transitions')).toEqual(edges);
  });

  it('has exactly the transitions of issue 4', () => {
    expect(edges.map((e) => `${e.from} -${e.action}-> ${e.to}`).sort()).toEqual(
      [
        'draft -send-> sent',
        'draft -void-> void',
        'overdue -pay-> paid',
        'sent -mark-overdue-> overdue',
        'sent -pay-> paid',
        'sent -void-> void',
      ].sort(),
    );
  });

  it.each(edges)(
    'allows $from -$action-> $to, recording one event with the previous status',
    ({ from, action, to }) => {
      const invoice = inState(from);
      act(invoice, action);
      expect(invoice.status).toBe(to);
      expect(invoice.uncommittedEvents).toHaveLength(1);
      expect(invoice.uncommittedEvents[0].payload).toMatchObject({ status: to });
      expect(invoice.uncommittedEvents[0].previous).toMatchObject({ status: from });
    },
  );

  const refused = INVOICE_STATUSES.flatMap((from) =>
    INVOICE_ACTIONS.filter((action) => !INVOICE_LIFECYCLE.can(from, action)).map((action) => ({
      from,
      action,
    })),
  );

  it('refuses every other (status, action) pair', () => {
    expect(refused.length + edges.length).toBe(INVOICE_STATUSES.length * INVOICE_ACTIONS.length);
  });

  it.each(refused)(
    'refuses $action from $from with a 409 naming the allowed transitions',
    ({ from, action }) => {
      const invoice = inState(from);
      const error = errorOf(() => act(invoice, action));
      expect(error?.code).toBe('INVOICE.INVALID_TRANSITION');
      expect(error?.kind).toBe('invalid_transition');
      expect(error?.details?.allowedTransitions).toEqual(INVOICE_LIFECYCLE.allowedActions(from));
      expect(invoice.status).toBe(from);
      expect(invoice.uncommittedEvents).toHaveLength(0);
    },
  );

  it('sets paidAt exactly when paid', () => {
    const invoice = inState('overdue');
    const at = new Date('2026-04-01T12:00:00Z');
    invoice.pay(at);
    expect(invoice.snapshot.paidAt).toEqual(at);
    expect(invoice.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.invoice.paid.v1',
      payload: { status: 'paid', paidAt: at.toISOString() },
      previous: { status: 'overdue', paidAt: null },
    });
  });

  it('is overdue only the day after its due date', () => {
    expect(errorOf(() => inState('sent').markOverdue('2026-03-01'))?.code).toBe(
      'INVOICE.NOT_YET_DUE',
    );
    expect(errorOf(() => inState('sent').markOverdue('2026-02-28'))?.code).toBe(
      'INVOICE.NOT_YET_DUE',
    );
    const invoice = inState('sent');
    invoice.markOverdue('2026-03-02');
    expect(invoice.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.invoice.marked-overdue.v1',
      payload: { status: 'overdue', dueDate: '2026-03-01', asOf: '2026-03-02' },
    });
  });

  it('refuses lifecycle moves, edits and deletion while deactivated; (de)activation records once', () => {
    const invoice = inState('draft');
    invoice.deactivate();
    invoice.deactivate();
    expect(errorOf(() => invoice.send())?.code).toBe('INVOICE.INACTIVE');
    expect(errorOf(() => invoice.revise({ tax: '1.00' }))?.code).toBe('INVOICE.INACTIVE');
    expect(errorOf(() => invoice.delete())?.code).toBe('INVOICE.INACTIVE');
    invoice.reactivate();
    invoice.reactivate();
    invoice.send();
    expect(invoice.uncommittedEvents.map((e) => e.type)).toEqual([
      'field-service.invoice.deactivated.v1',
      'field-service.invoice.reactivated.v1',
      'field-service.invoice.sent.v1',
    ]);
  });

  it.each(['sent', 'paid', 'overdue', 'void'] as const)(
    'refuses to edit or delete a %s invoice (409 with allowedTransitions)',
    (status) => {
      const edit = errorOf(() => inState(status).revise({ amount: '1.00' }));
      expect(edit?.code).toBe('INVOICE.INVALID_TRANSITION');
      expect(edit?.details).toMatchObject({
        from: status,
        action: 'edit',
        allowedTransitions: INVOICE_LIFECYCLE.allowedActions(status),
      });
      expect(errorOf(() => inState(status).delete())?.details).toMatchObject({ action: 'delete' });
    },
  );

  it('deletes a draft, recording the number it gives up', () => {
    const invoice = inState('draft');
    invoice.delete();
    expect(invoice.snapshot.deleted).toBe(true);
    expect(invoice.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.invoice.deleted.v1',
      payload: { invoiceNumber: 'INV-2026-000001', deleted: true },
    });
  });
});

describe('Invoice money', () => {
  it('keeps total = amount + tax exactly, with awkward values', () => {
    const invoice = create({
      amount: undefined,
      tax: '0.20',
      lineItems: [
        { description: 'Ten cents', quantity: '1', unitPrice: '0.10' },
        { description: 'Twenty cents', quantity: '1', unitPrice: '0.20' },
      ],
    });
    expect(invoice.snapshot.amount.toString()).toBe('0.30');
    expect(invoice.total.toString()).toBe('0.50');
    expect(invoice.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.invoice.created.v1',
      payload: {
        amount: '0.30',
        tax: '0.20',
        total: '0.50',
        status: 'draft',
        dueDate: '2026-03-01',
        invoiceNumber: 'INV-2026-000001',
      },
    });
  });

  it('prices lines exactly: 19.99 × 3 = 59.97, 0.1 + 0.2 = 0.30, hours round half up to the cent', () => {
    const invoice = create({
      amount: '60.78',
      lineItems: [
        { description: 'Valves', quantity: '3', unitPrice: '19.99' },
        { description: 'Labour', quantity: '0.01', unitPrice: '50.00', kind: 'labor' },
        { description: 'a', quantity: '1', unitPrice: '0.10' },
        { description: 'b', quantity: '1', unitPrice: '0.20' },
        { description: 'Half of a cent', quantity: '0.5', unitPrice: '0.01' },
        { description: 'Free', quantity: '2', unitPrice: '0' },
      ],
    });
    expect(invoice.snapshot.lineItems.map((l) => l.amount)).toEqual([
      '59.97',
      '0.50',
      '0.10',
      '0.20',
      '0.01',
      '0.00',
    ]);
    expect(invoice.snapshot.lineItems[0]).toEqual({
      kind: 'other',
      description: 'Valves',
      quantity: '3',
      unitPrice: '19.99',
      amount: '59.97',
    });
    expect(invoice.total.toString()).toBe('60.78');
  });

  it('multiplies quantities beyond three whole digits exactly', () => {
    expect(multiplyByQuantity(Money.parse('85.50'), '1234.75', 'q').toString()).toBe('105571.13');
    expect(multiplyByQuantity(Money.parse('0.01'), '999999.99', 'q').toString()).toBe('10000.00');
  });

  it('refuses an amount that disagrees with its lines, naming amount (422)', () => {
    const error = errorOf(() =>
      create({
        amount: '1.00',
        lineItems: [{ description: 'x', quantity: '1', unitPrice: '2.00' }],
      }),
    );
    expect(error).toMatchObject({
      code: 'INVOICE.AMOUNT_MISMATCH',
      kind: 'validation',
      details: { field: 'amount' },
    });
  });

  it.each([
    [{ amount: '12.345' }, 'amount'],
    [{ amount: '-1.00' }, 'amount'],
    [{ tax: 'abc' }, 'tax'],
    [{ amount: undefined }, 'amount'],
    [{ dueDate: '2026-02-30' }, 'dueDate'],
    [{ dueDate: '03/01/2026' }, 'dueDate'],
    [
      { lineItems: [{ description: ' ', quantity: '1', unitPrice: '1.00' }] },
      'lineItems.0.description',
    ],
    [
      {
        amount: undefined,
        lineItems: [{ description: 'x', quantity: '1.234', unitPrice: '1.00' }],
      },
      'lineItems.0.quantity',
    ],
  ])('refuses %p naming %s', (over, field) => {
    expect(errorOf(() => create(over))?.details?.field).toBe(field);
  });

  it('refuses totals a money column cannot hold, naming the field', () => {
    expect(errorOf(() => create({ amount: '10000000000.00' }))?.details?.field).toBe('amount');
    expect(errorOf(() => create({ amount: '9999999999.99', tax: '0.01' }))).toMatchObject({
      code: 'BILLING.AMOUNT_TOO_LARGE',
      details: { field: 'total' },
    });
  });

  it('revises a draft with previous values, recomputing the amount from new lines; no event for a no-op', () => {
    const invoice = create();
    invoice.revise({ amount: '100.00', dueDate: '2026-03-01' });
    expect(invoice.uncommittedEvents).toHaveLength(1);
    invoice.revise({
      lineItems: [{ description: 'x', quantity: '2', unitPrice: '19.99' }],
      tax: '3.20',
      dueDate: '2026-04-01',
    });
    expect(invoice.uncommittedEvents[1]).toMatchObject({
      type: 'field-service.invoice.revised.v1',
      payload: { amount: '39.98', tax: '3.20', total: '43.18', dueDate: '2026-04-01' },
      previous: {
        amount: '100.00',
        tax: '0.00',
        total: '100.00',
        dueDate: '2026-03-01',
        lineItems: [],
      },
    });
    expect(errorOf(() => invoice.revise({ amount: '40.00' }))?.code).toBe(
      'INVOICE.AMOUNT_MISMATCH',
    );
  });
});

describe('Invoice lines read back from the database', () => {
  it('revising with the same lines is a no-op even when jsonb reordered their keys', () => {
    const stored = Invoice.rehydrate(ID, 1, {
      ...inState('draft').snapshot,
      amount: Money.parse('39.98'),
      lineItems: [
        { amount: '39.98', kind: 'other', quantity: '2', unitPrice: '19.99', description: 'x' },
      ],
    });
    stored.revise({ lineItems: [{ description: 'x', quantity: '2', unitPrice: '19.99' }] });
    expect(stored.uncommittedEvents).toHaveLength(0);
  });
});

describe('Invoice from a work order', () => {
  it('bills labour at the technician’s rate for the recorded hours plus consumed parts, and tax rounded half up', () => {
    const invoice = Invoice.fromWorkOrder(
      {
        id: ID,
        tenantId: TENANT,
        invoiceNumber: 'INV-2026-000002',
        workOrder: workOrder(),
        taxRate: '0.0825',
        dueDate: '2026-04-14',
      },
      new Date('2026-03-15T08:00:00Z'),
    );
    const s = invoice.snapshot;
    // 85.50 × 2.50 = 213.75; 19.99 × 3 = 59.97; 0.10 × 1 = 0.10
    expect(s.lineItems.map((l) => [l.kind, l.quantity, l.unitPrice, l.amount])).toEqual([
      ['labor', '2.50', '85.50', '213.75'],
      ['part', '3', '19.99', '59.97'],
      ['part', '1', '0.10', '0.10'],
    ]);
    expect(s.amount.toString()).toBe('273.82');
    // 273.82 × 0.0825 = 22.59015 → 22.59
    expect(s.tax.toString()).toBe('22.59');
    expect(invoice.total.toString()).toBe('296.41');
    expect(s).toMatchObject({ customerId: CUSTOMER, workOrderId: workOrder().id, status: 'draft' });
  });

  it.each([
    ['10.05', '0.075', '0.75'], // 0.75375
    ['0.05', '0.5', '0.03'], // 0.025 rounds half up
    ['0.10', '0', '0.00'],
    ['99.99', '1', '99.99'],
  ])('rounds the tax on %s at rate %s to %s', (unitCost, taxRate, tax) => {
    const invoice = Invoice.fromWorkOrder({
      id: ID,
      tenantId: TENANT,
      invoiceNumber: 'INV-2026-000003',
      workOrder: workOrder({
        laborHours: null,
        parts: [{ inventoryId: 'p', description: 'Part', quantity: 1, unitCost }],
      }),
      taxRate,
      dueDate: '2026-04-14',
    });
    expect(invoice.snapshot.tax.toString()).toBe(tax);
  });

  it('refuses a work order that is not completed (409 naming workOrderId)', () => {
    const error = errorOf(() =>
      Invoice.fromWorkOrder({
        id: ID,
        tenantId: TENANT,
        invoiceNumber: 'x',
        workOrder: workOrder({ status: 'in_progress' }),
        taxRate: '0',
        dueDate: '2026-04-14',
      }),
    );
    expect(error).toMatchObject({
      code: 'INVOICE.WORK_ORDER_NOT_COMPLETED',
      kind: 'conflict',
      details: { field: 'workOrderId', workOrderStatus: 'in_progress' },
    });
  });

  it('refuses hours nobody can price, and bills no labour line when no hours were recorded', () => {
    expect(
      errorOf(() =>
        Invoice.fromWorkOrder({
          id: ID,
          tenantId: TENANT,
          invoiceNumber: 'x',
          workOrder: workOrder({ technician: null }),
          taxRate: '0',
          dueDate: '2026-04-14',
        }),
      )?.code,
    ).toBe('INVOICE.LABOUR_UNPRICED');
    const partsOnly = Invoice.fromWorkOrder({
      id: ID,
      tenantId: TENANT,
      invoiceNumber: 'x',
      workOrder: workOrder({ laborHours: '0.00', technician: null }),
      taxRate: '0',
      dueDate: '2026-04-14',
    });
    expect(partsOnly.snapshot.lineItems.map((l) => l.kind)).toEqual(['part', 'part']);
  });
});

describe('formatInvoiceNumber', () => {
  it('pads the sequence to six digits under the year', () => {
    expect(formatInvoiceNumber(2026, 123)).toBe('INV-2026-000123');
    expect(formatInvoiceNumber(2027, 1)).toBe('INV-2027-000001');
    expect(formatInvoiceNumber(2026, 1234567)).toBe('INV-2026-1234567');
  });

  it('stops naming an erased technician in its labour lines, whatever its status, figures unchanged', () => {
    const invoice = Invoice.fromWorkOrder({
      id: ID,
      tenantId: TENANT,
      invoiceNumber: 'INV-2026-000004',
      workOrder: workOrder(),
      taxRate: '0.0825',
      dueDate: '2026-04-14',
    });
    invoice.send();
    invoice.pay();
    invoice.markCommitted();
    const before = invoice.snapshot;
    const technicianId = before.lineItems[0].technicianId!;
    expect(invoice.eraseTechnicianNames(['someone-else'])).toBe(false);
    expect(invoice.eraseTechnicianNames([technicianId])).toBe(true);
    const after = invoice.snapshot;
    expect(after.lineItems[0]).toEqual({
      ...before.lineItems[0],
      description: 'Labour: (erased), 2.50 h',
    });
    expect(after.lineItems.slice(1)).toEqual(before.lineItems.slice(1));
    expect(after.status).toBe('paid');
    expect(invoice.total.toString()).toBe('296.41');
    expect(invoice.uncommittedEvents.map((e) => e.type)).toEqual([
      'field-service.invoice.personal-data-erased.v1',
    ]);
    invoice.markCommitted();
    expect(invoice.eraseTechnicianNames([technicianId])).toBe(false);
  });
});
