import { createTestApp, TestApp } from '../support/test-app';
import {
  billingCounts,
  BillingTenant,
  createBillingTenant,
  expectProblem,
  expectStatus,
  superuserQuery,
  UNKNOWN_ID,
} from './billing.fixture';

const YEAR = new Date().getUTCFullYear();

describe('invoices (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let a: BillingTenant;
  let b: BillingTenant;

  const create = async (tenant: BillingTenant, body: Record<string, unknown> = {}) =>
    expectStatus(
      await t.call('POST', '/api/v1/invoices', tenant.dispatcher.token, {
        customerId: tenant.customerId,
        amount: '100.00',
        tax: '8.25',
        dueDate: '2030-01-31',
        ...body,
      }),
      201,
    );
  const act = async (
    tenant: BillingTenant,
    id: string,
    action: string,
    headers?: Record<string, string>,
  ) =>
    t.call('POST', `/api/v1/invoices/${id}/${action}`, tenant.dispatcher.token, undefined, headers);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    [a, b] = await Promise.all([createBillingTenant(t, admin), createBillingTenant(t, admin)]);
  });
  afterAll(() => t.close());

  describe('create and read', () => {
    it('a dispatcher writes a draft: numbered per tenant and year, exact money as strings, Location and ETag', async () => {
      const res = await t.call('POST', '/api/v1/invoices', a.dispatcher.token, {
        customerId: a.customerId,
        tax: '0.20',
        dueDate: '2030-01-31',
        lineItems: [
          { description: 'Ten cents', quantity: '1', unitPrice: '0.10' },
          { description: 'Twenty cents', quantity: '1', unitPrice: '0.20' },
          { description: 'Valves', quantity: '3', unitPrice: '19.99', kind: 'part' },
        ],
      });
      const invoice = expectStatus(res, 201);
      expect(invoice).toMatchObject({
        customerId: a.customerId,
        workOrderId: null,
        amount: '60.27',
        tax: '0.20',
        total: '60.47',
        status: 'draft',
        dueDate: '2030-01-31',
        paidAt: null,
        isActive: true,
        version: 1,
      });
      expect(invoice.invoiceNumber).toMatch(new RegExp(`^INV-${YEAR}-\\d{6}$`));
      expect(invoice.lineItems[2]).toEqual({
        kind: 'part',
        description: 'Valves',
        quantity: '3',
        unitPrice: '19.99',
        amount: '59.97',
      });
      expect(res.headers.location).toBe(`/api/v1/invoices/${invoice.id}`);
      expect(res.headers.etag).toBe('"v1"');
      const got = await t.call('GET', `/api/v1/invoices/${invoice.id}`, a.dispatcher.token);
      expect(expectStatus(got, 200)).toEqual(invoice);
      expect(got.headers.etag).toBe('"v1"');
      const [row] = await superuserQuery(
        t,
        `SELECT amount::text, tax::text, total::text, due_date::text FROM invoices WHERE id = $1`,
        [invoice.id],
      );
      expect(row).toEqual({ amount: '60.27', tax: '0.20', total: '60.47', due_date: '2030-01-31' });
    });

    it('numbers 10 parallel creations of a fresh tenant 1…10: distinct, consecutive, no gaps', async () => {
      const fresh = await createBillingTenant(t, admin, false);
      const results = await Promise.all(Array.from({ length: 10 }, () => create(fresh)));
      const numbers = results.map((r: { invoiceNumber: string }) => r.invoiceNumber).sort();
      expect(numbers).toEqual(
        Array.from({ length: 10 }, (_, i) => `INV-${YEAR}-${String(i + 1).padStart(6, '0')}`),
      );
      const [counter] = await superuserQuery(
        t,
        `SELECT year, last_value FROM invoice_number_counters WHERE tenant_id = $1`,
        [fresh.tenantId],
      );
      expect(counter).toEqual({ year: YEAR, last_value: 10 });
      // the next tenant starts its own sequence
      expect((await create(b)).invoiceNumber).toMatch(new RegExp(`^INV-${YEAR}-0000\\d\\d$`));
    });

    it('a retried POST with the same Idempotency-Key answers the first invoice and draws no second number', async () => {
      const fresh = await createBillingTenant(t, admin, false);
      const payload = { customerId: fresh.customerId, amount: '10.00', dueDate: '2030-01-31' };
      const headers = { 'idempotency-key': 'invoice-retry-0001' };
      const first = await t.call(
        'POST',
        '/api/v1/invoices',
        fresh.dispatcher.token,
        payload,
        headers,
      );
      const retry = await t.call(
        'POST',
        '/api/v1/invoices',
        fresh.dispatcher.token,
        payload,
        headers,
      );
      expect(expectStatus(retry, 201)).toEqual(expectStatus(first, 201));
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.location).toBe(first.headers.location);
      const rows = await superuserQuery(
        t,
        `SELECT invoice_number FROM invoices WHERE tenant_id = $1`,
        [fresh.tenantId],
      );
      expect(rows).toEqual([{ invoice_number: `INV-${YEAR}-000001` }]);
    });

    it('a refused creation gives its number back (the counter rolls back with it)', async () => {
      const fresh = await createBillingTenant(t, admin, false);
      expect((await create(fresh)).invoiceNumber).toBe(`INV-${YEAR}-000001`);
      expectProblem(
        await t.call('POST', '/api/v1/invoices', fresh.dispatcher.token, {
          customerId: fresh.customerId,
          amount: '9999999999.99',
          tax: '0.01',
          dueDate: '2030-01-31',
        }),
        422,
        'total',
      );
      expect((await create(fresh)).invoiceNumber).toBe(`INV-${YEAR}-000002`);
    });

    it('an amount that disagrees with its lines is a 422 naming amount; an unknown or foreign customer a 422 naming customerId', async () => {
      const before = await billingCounts(t);
      expectProblem(
        await t.call('POST', '/api/v1/invoices', a.dispatcher.token, {
          customerId: a.customerId,
          amount: '10.00',
          dueDate: '2030-01-31',
          lineItems: [{ description: 'x', quantity: '1', unitPrice: '9.99' }],
        }),
        422,
        'amount',
      );
      expectProblem(
        await t.call('POST', '/api/v1/invoices', a.dispatcher.token, {
          customerId: UNKNOWN_ID,
          amount: '1.00',
          dueDate: '2030-01-31',
        }),
        422,
        'customerId',
      );
      expectProblem(
        await t.call('POST', '/api/v1/invoices', a.dispatcher.token, {
          customerId: b.customerId,
          amount: '1.00',
          dueDate: '2030-01-31',
        }),
        422,
        'customerId',
      );
      expectProblem(
        await t.call('POST', '/api/v1/invoices', a.dispatcher.token, {
          customerId: a.customerId,
          dueDate: '2030-01-31',
        }),
        400,
        'amount',
      );
      expect(await billingCounts(t)).toEqual(before);
    });
  });

  describe('lifecycle', () => {
    it('draft → sent → paid sets paidAt; every step is in the ledger with the previous status', async () => {
      const invoice = await create(a);
      const sent = expectStatus(await act(a, invoice.id, 'send', { 'if-match': '"v1"' }), 200);
      expect(sent).toMatchObject({ status: 'sent', version: 2, paidAt: null });
      const paidRes = await act(a, invoice.id, 'pay');
      const paid = expectStatus(paidRes, 200);
      expect(paid).toMatchObject({ status: 'paid', version: 3 });
      expect(paidRes.headers.etag).toBe('"v3"');
      expect(Date.parse(paid.paidAt)).toBeGreaterThan(Date.now() - 60_000);
      const events = await superuserQuery(
        t,
        `SELECT event_type, payload, metadata->'previous' AS previous, metadata->>'actorId' AS actor, tenant_id
           FROM event_store WHERE stream_type = 'invoice' AND stream_id = $1 ORDER BY stream_version`,
        [invoice.id],
      );
      expect(events.map((e) => e.event_type)).toEqual([
        'field-service.invoice.created.v1',
        'field-service.invoice.sent.v1',
        'field-service.invoice.paid.v1',
      ]);
      expect(events[1]).toMatchObject({
        payload: { status: 'sent' },
        previous: { status: 'draft' },
        actor: a.dispatcher.id,
        tenant_id: a.tenantId,
      });
      expect(events[2]).toMatchObject({
        payload: { status: 'paid', paidAt: paid.paidAt },
        previous: { status: 'sent', paidAt: null },
      });
    });

    it('an illegal move is a 409 with allowedTransitions and writes nothing', async () => {
      const invoice = await create(a);
      const before = await billingCounts(t);
      const payDraft = await act(a, invoice.id, 'pay');
      expectProblem(payDraft, 409);
      expect(payDraft.json()).toMatchObject({
        code: 'INVOICE.INVALID_TRANSITION',
        allowedTransitions: ['send', 'void'],
      });
      expectStatus(await act(a, invoice.id, 'void'), 200);
      const sendVoid = await act(a, invoice.id, 'send');
      expectProblem(sendVoid, 409);
      expect(sendVoid.json().allowedTransitions).toEqual([]);
      expect(await billingCounts(t)).toEqual({
        ...before,
        invoiceEvents: before.invoiceEvents + 1,
        changedInvoices: before.changedInvoices + 1,
      });
    });

    it('sent → void; paid cannot be voided', async () => {
      const invoice = await create(a);
      expectStatus(await act(a, invoice.id, 'send'), 200);
      expect(expectStatus(await act(a, invoice.id, 'void'), 200).status).toBe('void');
      const other = await create(a);
      expectStatus(await act(a, other.id, 'send'), 200);
      expectStatus(await act(a, other.id, 'pay'), 200);
      const res = await act(a, other.id, 'void');
      expectProblem(res, 409);
      expect(res.json().allowedTransitions).toEqual([]);
    });

    it('PATCH revises a draft (If-Match), a stale If-Match is a 412 and a sent invoice a 409; nothing written when refused', async () => {
      const invoice = await create(a);
      const url = `/api/v1/invoices/${invoice.id}`;
      const revised = await t.call(
        'PATCH',
        url,
        a.dispatcher.token,
        {
          tax: '0.00',
          dueDate: '2030-02-28',
          lineItems: [{ description: 'x', quantity: '2.5', unitPrice: '85.50' }],
        },
        { 'if-match': '"v1"' },
      );
      expect(expectStatus(revised, 200)).toMatchObject({
        amount: '213.75',
        tax: '0.00',
        total: '213.75',
        dueDate: '2030-02-28',
        version: 2,
      });
      expect(revised.headers.etag).toBe('"v2"');
      const before = await billingCounts(t);
      expectProblem(
        await t.call('PATCH', url, a.dispatcher.token, { tax: '1.00' }, { 'if-match': '"v1"' }),
        412,
      );
      expectProblem(await act(a, invoice.id, 'send', { 'if-match': '"v1"' }), 412);
      expectProblem(
        await t.call('DELETE', url, a.dispatcher.token, undefined, { 'if-match': '"v1"' }),
        412,
      );
      expectProblem(
        await t.call('PATCH', url, a.dispatcher.token, { tax: '1.00' }, { 'if-match': 'v2' }),
        400,
        'If-Match',
      );
      expect(await billingCounts(t)).toEqual(before);
      expectStatus(await act(a, invoice.id, 'send'), 200);
      const afterSend = await billingCounts(t);
      const edit = await t.call('PATCH', url, a.dispatcher.token, { tax: '1.00' });
      expectProblem(edit, 409);
      expect(edit.json()).toMatchObject({
        code: 'INVOICE.INVALID_TRANSITION',
        allowedTransitions: ['pay', 'mark-overdue', 'void'],
      });
      expect(await billingCounts(t)).toEqual(afterSend);
      const [sealed] = await superuserQuery(
        t,
        `SELECT payload, metadata->'previous' AS previous FROM event_store WHERE stream_id = $1 AND event_type = 'field-service.invoice.revised.v1'`,
        [invoice.id],
      );
      // lines may name a technician: sealed under the invoice's key
      expect(sealed.previous.lineItems).toMatchObject({ $pd: 1, s: invoice.id, f: 'lineItems' });
      const event = await t.reveal(sealed);
      expect(event).toMatchObject({
        payload: { amount: '213.75', tax: '0.00', total: '213.75', dueDate: '2030-02-28' },
        previous: {
          amount: '100.00',
          tax: '8.25',
          total: '108.25',
          dueDate: '2030-01-31',
          lineItems: [],
        },
      });
    });

    it('deactivate/reactivate through isActive; an archived invoice refuses moves (409)', async () => {
      const invoice = await create(a);
      expect(expectStatus(await act(a, invoice.id, 'deactivate'), 200)).toMatchObject({
        isActive: false,
        version: 2,
      });
      expect(expectStatus(await act(a, invoice.id, 'deactivate'), 200).version).toBe(2);
      const refused = await act(a, invoice.id, 'send');
      expectProblem(refused, 409);
      expect(refused.json().code).toBe('INVOICE.INACTIVE');
      const archived = await t.call(
        'GET',
        `/api/v1/invoices?isActive=false&limit=100`,
        a.dispatcher.token,
      );
      expect(expectStatus(archived, 200).items.map((i: { id: string }) => i.id)).toContain(
        invoice.id,
      );
      expect(expectStatus(await act(a, invoice.id, 'reactivate'), 200)).toMatchObject({
        isActive: true,
        version: 3,
      });
      expect(expectStatus(await act(a, invoice.id, 'send'), 200).status).toBe('sent');
    });

    it('DELETE removes a draft for good (204, ledger keeps it); a sent invoice is a 409', async () => {
      const invoice = await create(a);
      expect(
        (await t.call('DELETE', `/api/v1/invoices/${invoice.id}`, a.dispatcher.token)).statusCode,
      ).toBe(204);
      expectProblem(await t.call('GET', `/api/v1/invoices/${invoice.id}`, a.dispatcher.token), 404);
      expect(
        await superuserQuery(t, `SELECT 1 FROM invoices WHERE id = $1`, [invoice.id]),
      ).toHaveLength(0);
      const [deleted] = await superuserQuery(
        t,
        `SELECT payload FROM event_store WHERE stream_id = $1 AND event_type = 'field-service.invoice.deleted.v1'`,
        [invoice.id],
      );
      expect(deleted.payload).toEqual({ invoiceNumber: invoice.invoiceNumber, deleted: true });
      expectProblem(
        await t.call('DELETE', `/api/v1/invoices/${invoice.id}`, a.dispatcher.token),
        404,
      );
      const sent = await create(a);
      expectStatus(await act(a, sent.id, 'send'), 200);
      const refused = await t.call('DELETE', `/api/v1/invoices/${sent.id}`, a.dispatcher.token);
      expectProblem(refused, 409);
      expect(refused.json()).toMatchObject({
        code: 'INVOICE.INVALID_TRANSITION',
        allowedTransitions: ['pay', 'mark-overdue', 'void'],
      });
    });
  });

  describe('lists', () => {
    it('filters by status, customer and due dates, sorts, and pages with a cursor', async () => {
      const tenant = await createBillingTenant(t, admin, false);
      const made = [];
      for (const [dueDate, customer, amount] of [
        ['2031-01-10', tenant.customerId, '30.00'],
        ['2031-01-20', tenant.otherCustomerId, '10.00'],
        ['2031-01-30', tenant.customerId, '20.00'],
        ['2031-02-10', tenant.customerId, '40.00'],
      ] as const) {
        made.push(await create(tenant, { dueDate, customerId: customer, amount, tax: '0' }));
      }
      expectStatus(await act(tenant, made[0].id, 'send'), 200);
      const list = async (query: string) =>
        expectStatus(
          await t.call('GET', `/api/v1/invoices?${query}`, tenant.dispatcher.token),
          200,
        );
      const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);

      expect(ids(await list('sort=dueDate'))).toEqual(made.map((m) => m.id));
      expect(ids(await list('sort=-dueDate'))).toEqual(made.map((m) => m.id).reverse());
      expect(ids(await list('sort=total'))).toEqual([
        made[1].id,
        made[2].id,
        made[0].id,
        made[3].id,
      ]);
      expect(ids(await list('status=sent'))).toEqual([made[0].id]);
      expect(ids(await list(`customerId=${tenant.otherCustomerId}`))).toEqual([made[1].id]);
      expect(ids(await list('dueAfter=2031-01-10&dueBefore=2031-02-10&sort=dueDate'))).toEqual([
        made[1].id,
        made[2].id,
      ]);

      const first = await list('sort=invoiceNumber&limit=3');
      expect(first.items).toHaveLength(3);
      const second = await list(`sort=invoiceNumber&limit=3&cursor=${first.nextCursor}`);
      expect(second.nextCursor).toBeNull();
      expect([...ids(first), ...ids(second)]).toEqual(made.map((m) => m.id));
      // a cursor belongs to its sort
      expectProblem(
        await t.call(
          'GET',
          `/api/v1/invoices?sort=total&cursor=${first.nextCursor}`,
          tenant.dispatcher.token,
        ),
        400,
        'cursor',
      );
      const byCreated = await list('limit=2');
      const rest = await list(`limit=2&cursor=${byCreated.nextCursor}`);
      expect([...ids(byCreated), ...ids(rest)].sort()).toEqual(made.map((m) => m.id).sort());
    });
  });

  describe('portal and isolation', () => {
    it('a customer sees only its own issued invoices: another customer’s or a draft is a 404, writes are a 403', async () => {
      const mine = await create(a);
      expectStatus(await act(a, mine.id, 'send'), 200);
      const myDraft = await create(a);
      const theirs = await create(a, { customerId: a.otherCustomerId });
      expectStatus(await act(a, theirs.id, 'send'), 200);

      const token = a.customerUser.token;
      expect(
        expectStatus(await t.call('GET', `/api/v1/invoices/${mine.id}`, token), 200).status,
      ).toBe('sent');
      expectProblem(await t.call('GET', `/api/v1/invoices/${theirs.id}`, token), 404);
      expectProblem(await t.call('GET', `/api/v1/invoices/${myDraft.id}`, token), 404);
      const listed = expectStatus(
        await t.call('GET', '/api/v1/invoices?limit=100', token),
        200,
      ).items;
      expect(listed.length).toBeGreaterThan(0);
      expect(
        listed.every(
          (i: { customerId: string; status: string }) =>
            i.customerId === a.customerId && i.status !== 'draft',
        ),
      ).toBe(true);
      expect(
        expectStatus(
          await t.call('GET', `/api/v1/invoices?customerId=${a.otherCustomerId}`, token),
          200,
        ).items,
      ).toEqual([]);
      expect(
        expectStatus(
          await t.call('GET', `/api/v1/invoices/${theirs.id}`, a.otherCustomerUser.token),
          200,
        ).id,
      ).toBe(theirs.id);

      const before = await billingCounts(t);
      expectProblem(await t.call('POST', `/api/v1/invoices/${mine.id}/pay`, token), 403);
      expectProblem(
        await t.call('POST', '/api/v1/invoices', token, {
          customerId: a.customerId,
          amount: '1.00',
          dueDate: '2030-01-31',
        }),
        403,
      );
      expectProblem(
        await t.call('PATCH', `/api/v1/invoices/${myDraft.id}`, token, { tax: '0' }),
        403,
      );
      expectProblem(await t.call('DELETE', `/api/v1/invoices/${myDraft.id}`, token), 403);
      expectProblem(await t.call('POST', '/api/v1/invoices/mark-overdue', token), 403);
      expect(await billingCounts(t)).toEqual(before);
    });

    it('technicians see no invoices (403); a token without a tenant is a 403, none a 401', async () => {
      const invoice = await create(a);
      expectProblem(await t.call('GET', '/api/v1/invoices', a.technicianUser.token), 403);
      expectProblem(
        await t.call('GET', `/api/v1/invoices/${invoice.id}`, a.technicianUser.token),
        403,
      );
      expectProblem(
        await t.call('POST', `/api/v1/invoices/${invoice.id}/send`, a.technicianUser.token),
        403,
      );
      expectProblem(await t.call('GET', '/api/v1/invoices', admin), 403);
      expectProblem(await t.call('GET', '/api/v1/invoices', null), 401);
    });

    it('another tenant’s invoice is a 404 for every request, and never listed; nothing is written', async () => {
      const invoice = await create(a);
      const url = `/api/v1/invoices/${invoice.id}`;
      const before = await billingCounts(t);
      const token = b.dispatcher.token;
      expectProblem(await t.call('GET', url, token), 404);
      expectProblem(await t.call('PATCH', url, token, { tax: '0' }), 404);
      for (const action of ['send', 'pay', 'void', 'deactivate', 'reactivate'])
        expectProblem(await t.call('POST', `${url}/${action}`, token), 404);
      expectProblem(await t.call('DELETE', url, token), 404);
      expect(
        expectStatus(await t.call('GET', '/api/v1/invoices?limit=100', token), 200).items.map(
          (i: { id: string }) => i.id,
        ),
      ).not.toContain(invoice.id);
      expect(await billingCounts(t)).toEqual(before);
    });
  });

  describe('bad input', () => {
    const valid = () => ({ customerId: a.customerId, amount: '10.00', dueDate: '2030-01-31' });

    it.each([
      ['malformed JSON', '{"customerId": ', undefined],
      ['unknown field', { total: '10.00' }, 'total'],
      [
        'unknown field in a line',
        { lineItems: [{ description: 'x', quantity: '1', unitPrice: '1.00', amount: '1.00' }] },
        'lineItems.0.amount',
      ],
      ['wrong type', { customerId: 42 }, 'customerId'],
      ['money as a JSON number', { amount: 12.5 }, 'amount'],
      ['money with three decimals', { amount: '12.345' }, 'amount'],
      ['negative money', { tax: '-1.00' }, 'tax'],
      [
        'money in a line as a number',
        { lineItems: [{ description: 'x', quantity: '1', unitPrice: 19.99 }] },
        'lineItems.0.unitPrice',
      ],
      [
        'quantity as a number',
        { lineItems: [{ description: 'x', quantity: 2, unitPrice: '1.00' }] },
        'lineItems.0.quantity',
      ],
      [
        'over-long line description',
        { lineItems: [{ description: 'x'.repeat(501), quantity: '1', unitPrice: '1.00' }] },
        'lineItems.0.description',
      ],
      ['lines not an array', { lineItems: 'x' }, 'lineItems'],
      ['invalid customer UUID', { customerId: 'not-a-uuid' }, 'customerId'],
      ['due date in a bad format', { dueDate: '31/01/2030' }, 'dueDate'],
      ['due date that does not exist', { dueDate: '2030-02-30' }, 'dueDate'],
      ['due date with a time', { dueDate: '2030-01-31T00:00:00Z' }, 'dueDate'],
      ['missing due date', { dueDate: undefined }, 'dueDate'],
    ])(
      'POST /invoices with %s is a 400 problem naming the field; nothing is written',
      async (_name, patch, field) => {
        const before = await billingCounts(t);
        const payload = typeof patch === 'string' ? patch : { ...valid(), ...patch };
        expectProblem(
          await t.call('POST', '/api/v1/invoices', a.dispatcher.token, payload),
          400,
          field,
        );
        expect(await billingCounts(t)).toEqual(before);
      },
    );

    it.each([
      ['malformed JSON', '{"tax": ', undefined],
      ['unknown field', { status: 'paid' }, 'status'],
      ['null amount', { amount: null }, 'amount'],
      ['money as a number', { tax: 1 }, 'tax'],
      ['bad date', { dueDate: '2030-13-01' }, 'dueDate'],
    ])(
      'PATCH /invoices/{id} with %s is a 400 naming the field; nothing is written',
      async (_name, payload, field) => {
        const invoice = await create(a);
        const before = await billingCounts(t);
        expectProblem(
          await t.call('PATCH', `/api/v1/invoices/${invoice.id}`, a.dispatcher.token, payload),
          400,
          field,
        );
        expect(await billingCounts(t)).toEqual(before);
      },
    );

    it('bad ids and list parameters are 400s naming them; unknown ids 404s', async () => {
      expectProblem(await t.call('GET', '/api/v1/invoices/nope', a.dispatcher.token), 400, 'id');
      expectProblem(
        await t.call('POST', '/api/v1/invoices/nope/send', a.dispatcher.token),
        400,
        'id',
      );
      expectProblem(await t.call('DELETE', '/api/v1/invoices/nope', a.dispatcher.token), 400, 'id');
      expectProblem(await t.call('GET', `/api/v1/invoices/${UNKNOWN_ID}`, a.dispatcher.token), 404);
      expectProblem(
        await t.call('POST', `/api/v1/invoices/${UNKNOWN_ID}/pay`, a.dispatcher.token),
        404,
      );
      for (const [query, field] of [
        ['status=late', 'status'],
        ['sort=amount', 'sort'],
        ['dueBefore=tomorrow', 'dueBefore'],
        ['customerId=x', 'customerId'],
        ['isActive=maybe', 'isActive'],
        ['limit=101', 'limit'],
        ['cursor=abc', 'cursor'],
        ['bogus=1', 'bogus'],
      ]) {
        expectProblem(
          await t.call('GET', `/api/v1/invoices?${query}`, a.dispatcher.token),
          400,
          field,
        );
      }
    });
  });

  it('documents every invoice endpoint in OpenAPI, money as patterned strings', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/docs-json' })).json();
    const expected: Array<[string, string]> = [
      ['/api/v1/invoices', 'post'],
      ['/api/v1/invoices', 'get'],
      ['/api/v1/invoices/from-work-order', 'post'],
      ['/api/v1/invoices/mark-overdue', 'post'],
      ['/api/v1/invoices/{id}', 'get'],
      ['/api/v1/invoices/{id}', 'patch'],
      ['/api/v1/invoices/{id}', 'delete'],
      ['/api/v1/invoices/{id}/send', 'post'],
      ['/api/v1/invoices/{id}/pay', 'post'],
      ['/api/v1/invoices/{id}/void', 'post'],
      ['/api/v1/invoices/{id}/deactivate', 'post'],
      ['/api/v1/invoices/{id}/reactivate', 'post'],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op).toBeDefined();
      expect(op.tags).toContain('field-service');
      expect(op.security).toEqual([{ bearer: [] }]);
      expect(op.responses['403'].content['application/problem+json']).toBeDefined();
    }
    const schema = doc.components.schemas.CreateInvoiceRequestDto;
    expect(schema.properties.amount).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(doc.components.schemas.InvoiceResponseDto.properties.total).toMatchObject({
      type: 'string',
    });
  });
});
