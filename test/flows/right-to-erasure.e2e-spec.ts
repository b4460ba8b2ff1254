import { ERASED } from '@opsledger/ddd';
import { superuserClient } from '@opsledger/testing';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { ObjectStorage } from '@opsledger/object-storage';
import { LoginThrottle } from '../../src/modules/identity/application/login-throttle.port';
import { ErasureJob } from '../../src/modules/privacy/application/erasure.job';
import { sampleKey } from '../accounts/accounts-fixture';
import { createOAuthTestContext, obtainTokens, OAuthTestContext } from '../oauth/oauth-fixture';
import { multipart } from '../onboarding/onboarding-docs-fixture';
import { createTenantWithMembers, joinTenant, TenantMember } from '../support/tenant-fixture';
import { TestApp } from '../support/test-app';

type Res = { statusCode: number; body: string; json(): any };

const VERIFY_SCRIPT = resolve(__dirname, '../../scripts/verify-audit-export.mjs');
/** Redis when the run has one (TEST_REDIS_URL); the in-process throttle otherwise. */
const REDIS_URL = process.env.TEST_REDIS_URL;

/**
 * Issue 12's "done when": a user acts in every context there is (identity, OAuth consent,
 * field service as a customer's portal user and as a technician, the vault), is erased, and
 * then no trace of their personal data is left in any table, the document store, Redis or the
 * readable ledger, while the ledger and its offline export still verify and the certificate
 * lists every store. Onboarding (a contractor with a business profile and an uploaded
 * document) and the CRM (an investor's lead, property and document) put files in object
 * storage too: those objects are gone afterwards.
 */
describe('right to erasure across every store (e2e)', () => {
  let ctx: OAuthTestContext;
  let t: TestApp;
  let admin: string;
  let dir: string;
  const tag = randomBytes(4).toString('hex');
  const person = {
    email: `ingrid.quill.${tag}@example.org`,
    password: 'a-long-enough-password',
    fullName: 'Ingrid Erasmus-Quill',
    lastName: 'Erasmus-Quill',
    username: `iquill${tag}`,
    phone: '+1 555 0142 77',
    ip: '198.51.100.23',
    userAgent: `ErasureProbe/${tag}`,
    street: '42 Erasure Lane',
    company: `Quill Consulting ${tag}`,
    license: `LIC-ERASE-${tag}`,
    /** The attendance contact's phone (E.164) and a check-in position. */
    e164: `+1555${parseInt(tag, 16) % 10_000_000}`.padEnd(12, '7'),
    lat: 10.0001234,
    id: '',
  };
  /** Everything that must be gone; each proven present before the erasure. */
  const traces = () => [
    person.email,
    person.lastName,
    person.username,
    person.phone,
    person.ip,
    person.userAgent,
    person.street,
    person.company,
    person.license,
    person.e164,
  ];
  let dispatcherA: TenantMember;
  let dispatcherB: TenantMember;
  let tenantA: string;
  let tenantB: string;
  let customerId: string;
  let technicianId: string;
  let paidInvoices: string[] = [];
  let requestId: string;
  /** Object-storage keys of the files the person uploaded (onboarding, CRM). */
  const objectKeys: string[] = [];

  const ok = (res: Res, status = 200) => {
    if (res.statusCode !== status)
      throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
    return status === 204 ? undefined : res.json();
  };
  /** A request from the person's own device: their address and browser. */
  const asPerson = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    token: string | null,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.inject({
      method,
      url,
      remoteAddress: person.ip,
      headers: {
        'user-agent': person.userAgent,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload: payload === undefined ? undefined : JSON.stringify(payload),
    });
  const loginAsPerson = async (tenantId: string) =>
    ok(
      await asPerson('POST', '/api/v1/auth/login', null, {
        login: person.email,
        password: person.password,
        tenantId,
      }),
    ).accessToken as string;

  /** Every text-like column of every table that contains one of `needles` (case-insensitive). */
  const scanTables = async (needles: string[]) => {
    const c = await superuserClient(t.db.url);
    try {
      const columns = (
        await c.query<{ table_name: string; column_name: string }>(
          `SELECT c.table_name, c.column_name FROM information_schema.columns c
             JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'inet', 'cidr', 'ARRAY', 'bytea')
            ORDER BY 1, 2`,
        )
      ).rows;
      const found: string[] = [];
      for (const { table_name: table, column_name: column } of columns) {
        const text =
          column === 'wrapped_key' ? `encode("${column}", 'escape')` : `"${column}"::text`;
        const { rows } = await c.query<{ needle: string }>(
          `SELECT DISTINCT n.needle FROM "${table}", unnest($1::text[]) AS n(needle)
            WHERE ${text} ILIKE '%' || n.needle || '%'`,
          [needles],
        );
        for (const r of rows) found.push(`${table}.${column}: ${r.needle}`);
      }
      return found;
    } finally {
      await c.end();
    }
  };
  const redisTraces = async (needles: string[]) => {
    if (!REDIS_URL) return [];
    const redis = new Redis(REDIS_URL);
    try {
      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', 'opsledger:*', 'COUNT', 1000);
        cursor = next;
        for (const key of keys) {
          const value = (await redis.type(key)) === 'string' ? ((await redis.get(key)) ?? '') : '';
          for (const n of needles)
            if (`${key} ${value}`.toLowerCase().includes(n.toLowerCase()))
              found.push(`${key}: ${n}`);
        }
      } while (cursor !== '0');
      return found;
    } finally {
      redis.disconnect();
    }
  };
  /** The whole ledger as readers see it (revealed), as one text. */
  const readableLedger = async () => {
    const c = await superuserClient(t.db.url);
    try {
      const { rows } = await c.query(`SELECT payload, metadata FROM event_store ORDER BY position`);
      return JSON.stringify(await t.reveal(rows));
    } finally {
      await c.end();
    }
  };
  const auditTrail = async () => {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const page = ok(
        await t.call(
          'GET',
          `/api/v1/audit/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          admin,
        ),
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  const exportVerifies = async () => {
    ok(await t.call('POST', '/api/v1/audit/seals', admin), 201);
    const exported = await t.call('GET', '/api/v1/audit/export', admin);
    const file = join(dir, `ledger-${Date.now()}.ndjson`);
    await writeFile(file, exported.body);
    const jwks = join(dir, 'jwks.json');
    await writeFile(jwks, (await t.call('GET', '/.well-known/jwks.json', null)).body);
    return new Promise<{ code: number; stdout: string; body: string }>((done) =>
      execFile(process.execPath, [VERIFY_SCRIPT, file, jwks], (error, stdout) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, body: exported.body }),
      ),
    );
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsledger-erasure-'));
    ctx = await createOAuthTestContext({
      ERASURE_GRACE_PERIOD_HOURS: '0',
      ...(REDIS_URL ? { REDIS_URL } : {}),
    });
    t = ctx.t;
    admin = ctx.admin;

    // identity: an account made by an admin (replayable: Idempotency-Key), a profile change,
    // sign-ins from the person's own address and a failed one
    const created = ok(
      await t.call(
        'POST',
        '/api/v1/users',
        admin,
        { email: person.email, password: person.password, fullName: 'Ingrid Q', role: 'user' },
        { 'idempotency-key': `create-${tag}` },
      ),
      201,
    );
    person.id = created.id;
    // OAuth: consent to a third-party client, with a refresh token family and an SSO session
    // (before the person belongs to tenants, so the sign-in asks for no tenant)
    const client = await ctx.register({ name: 'Erasure RP' });
    await obtainTokens(ctx, await ctx.discover(client), person, {
      scope: 'openid email profile offline_access',
    });

    const a = await createTenantWithMembers(t, admin, {
      dispatcher: 'dispatcher',
      coordinator: 'coordinator',
    });
    const b = await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' });
    [tenantA, tenantB, dispatcherA, dispatcherB] = [
      a.tenantId,
      b.tenantId,
      a.members.dispatcher,
      b.members.dispatcher,
    ];
    await joinTenant(t, person, tenantA, 'member');
    await joinTenant(t, person, tenantB, 'member');
    const tokenA = await loginAsPerson(tenantA);
    ok(
      await asPerson('PATCH', `/api/v1/users/${person.id}`, tokenA, {
        fullName: person.fullName,
        username: person.username,
      }),
    );

    // attendance, tenant A: the person is a contact, consents, and checks in at a meeting
    const coordinatorA = a.members.coordinator.token;
    const contact = ok(
      await t.call('POST', '/api/v1/contacts', coordinatorA, {
        email: person.email,
        phone: person.e164,
        firstName: 'Ingrid',
        lastName: person.lastName,
        userId: person.id,
      }),
      201,
    );
    const meeting = ok(
      await t.call('POST', '/api/v1/meetings', coordinatorA, {
        name: 'Erasure drill',
        address: '1 Venue Road',
        lat: 10,
        lng: 20,
      }),
      201,
    );
    ok(await asPerson('POST', `/api/v1/contacts/${contact.id}/consent`, tokenA));
    const attendance = ok(
      await asPerson('POST', '/api/v1/sessions', tokenA, { meetingId: meeting.id }),
      201,
    );
    ok(
      await asPerson('POST', `/api/v1/sessions/${attendance.id}/check-in`, tokenA, {
        lat: person.lat,
        lng: 20,
        tsClient: new Date().toISOString(),
        qrCode: meeting.qrCode,
      }),
    );

    // field service, tenant A: the person is a customer's portal user and orders work
    customerId = ok(
      await t.call('POST', '/api/v1/customers', dispatcherA.token, {
        email: person.email,
        phone: person.phone,
        companyName: person.company,
        billingAddress: {
          street: person.street,
          city: 'Oblivion',
          postalCode: '99999',
          country: 'US',
        },
      }),
      201,
    ).id;
    ok(
      await t.call('POST', `/api/v1/customers/${customerId}/portal-user`, dispatcherA.token, {
        userId: person.id,
      }),
    );
    ok(
      await asPerson('POST', '/api/v1/work-orders', tokenA, {
        title: 'Leaking tap in the kitchen',
      }),
      201,
    );
    const invoiceA = ok(
      await t.call('POST', '/api/v1/invoices', dispatcherA.token, {
        customerId,
        dueDate: '2030-06-30',
        lineItems: [{ description: 'Call-out', quantity: '1', unitPrice: '80.00' }],
      }),
      201,
    ).id;

    // field service, tenant B: the person is a technician who does the work that is billed
    technicianId = ok(
      await t.call('POST', '/api/v1/technicians', dispatcherB.token, {
        licenseNumber: person.license,
        firstName: 'Ingrid',
        lastName: person.lastName,
        email: person.email,
        phone: person.phone,
        hourlyRate: '60.00',
      }),
      201,
    ).id;
    ok(
      await t.call('POST', `/api/v1/technicians/${technicianId}/portal-user`, dispatcherB.token, {
        userId: person.id,
      }),
    );
    const otherCustomer = ok(
      await t.call('POST', '/api/v1/customers', dispatcherB.token, {
        email: `someone.else.${tag}@example.org`,
      }),
      201,
    ).id;
    const order = ok(
      await t.call('POST', '/api/v1/work-orders', dispatcherB.token, {
        title: 'Replace boiler valve',
        customerId: otherCustomer,
      }),
      201,
    ).id;
    ok(
      await t.call('POST', `/api/v1/work-orders/${order}/assign`, dispatcherB.token, {
        assignedTechnicianId: technicianId,
        scheduledStart: '2030-05-01T09:00:00Z',
        scheduledEnd: '2030-05-01T11:00:00Z',
      }),
    );
    const tokenB = await loginAsPerson(tenantB);
    ok(await asPerson('POST', `/api/v1/work-orders/${order}/start`, tokenB));
    ok(
      await asPerson('POST', `/api/v1/work-orders/${order}/complete`, tokenB, {
        laborHours: '2.00',
      }),
    );
    const invoiceB = ok(
      await t.call('POST', '/api/v1/invoices/from-work-order', dispatcherB.token, {
        workOrderId: order,
        dueDate: '2030-06-30',
      }),
      201,
    );
    expect(invoiceB.lineItems[0].description).toContain('Ingrid Erasmus-Quill');
    for (const [invoice, token] of [
      [invoiceA, dispatcherA.token],
      [invoiceB.id, dispatcherB.token],
    ]) {
      ok(await t.call('POST', `/api/v1/invoices/${invoice}/send`, token));
      ok(await t.call('POST', `/api/v1/invoices/${invoice}/pay`, token));
    }
    paidInvoices = [invoiceA, invoiceB.id];

    // portfolio: a list named after them, an item with their email in its notes, shared by link
    const profileId = randomUUID();
    const su = await superuserClient(t.db.url);
    await su.query(
      `INSERT INTO contractor_profiles (id, uei, name) VALUES ($1, $2, 'Erasure Test Contractor LLC')`,
      [profileId, `ERS${tag}`.toUpperCase().padEnd(12, '0')],
    );
    await su.end();
    const list = ok(
      await asPerson('POST', '/api/v1/contractor-lists', tokenA, {
        name: `${person.lastName} favourites`,
      }),
      201,
    );
    ok(
      await asPerson('POST', `/api/v1/contractor-lists/${list.id}/items`, tokenA, {
        contractorProfileId: profileId,
        notes: `ask ${person.email}`,
      }),
      201,
    );
    ok(
      await asPerson('POST', `/api/v1/contractor-lists/${list.id}/shares`, tokenA, {
        email: person.email,
      }),
      201,
    );

    // onboarding, tenant A: the person is a contractor with a business profile and a document
    const contractor = ok(await asPerson('POST', '/api/v1/contractors', tokenA), 201);
    ok(
      await asPerson('PUT', `/api/v1/contractors/${contractor.id}/business-profile`, tokenA, {
        legalName: person.company,
        taxId: '12-3456789',
      }),
    );
    const w9 = multipart(
      { type: 'other' },
      {
        name: 'w9.pdf',
        type: 'application/pdf',
        bytes: Buffer.from(`%PDF-1.4\n% ${person.email}\n%%EOF\n`),
      },
    );
    const uploaded = await t.inject({
      method: 'POST',
      url: `/api/v1/contractors/${contractor.id}/documents`,
      headers: { authorization: `Bearer ${tokenA}`, ...w9.headers },
      payload: w9.payload,
    });
    expect(uploaded.statusCode).toBe(201);

    // crm, tenant A: the person is an investor with a lead, a property and a document
    ok(
      await asPerson('POST', '/api/v1/leads', tokenA, {
        name: `${person.lastName} referral`,
        email: `lead.${tag}@example.net`,
      }),
      201,
    );
    ok(
      // a building's address is a public record, not the investor's (docs/decisions.md)
      await asPerson('POST', '/api/v1/properties', tokenA, {
        addressLine1: '7 Comps Court',
        city: 'Austin',
        state: 'TX',
        zip: '78701',
      }),
      201,
    );
    const inspection = multipart(
      { title: 'Inspection', type: 'other' },
      {
        name: 'inspection.pdf',
        type: 'application/pdf',
        bytes: Buffer.from(`%PDF-1.4\n% inspection for ${person.email}\n%%EOF\n`),
      },
    );
    const crmDocument = ok(
      await t.inject({
        method: 'POST',
        url: '/api/v1/documents',
        remoteAddress: person.ip,
        headers: {
          'user-agent': person.userAgent,
          authorization: `Bearer ${tokenA}`,
          ...inspection.headers,
        },
        payload: inspection.payload,
      }),
      201,
    );
    const files = await superuserClient(t.db.url);
    objectKeys.push(
      ...(
        await files.query<{ key: string }>(
          `SELECT body->>'s3Key' AS key FROM documents WHERE collection = 'documents'
            UNION ALL SELECT file_url FROM re_documents WHERE id = $1`,
          [crmDocument.id],
        )
      ).rows.map((r) => r.key),
    );
    await files.end();
    expect(objectKeys).toHaveLength(2);

    // the vault and the plan
    ok(
      await asPerson(
        'POST',
        '/api/v1/me/api-keys',
        tokenA,
        { service: 'openai', key: sampleKey.openai() },
        { 'idempotency-key': `vault-${tag}` },
      ),
      201,
    );
    ok(await t.call('PUT', `/api/v1/users/${person.id}/plan`, admin, { planName: 'pro' }));
    // a mistyped password last: a successful sign-in would reset the throttle's counter
    expect(
      (
        await asPerson('POST', '/api/v1/auth/login', null, {
          login: person.email,
          password: 'not-the-password',
        })
      ).statusCode,
    ).toBe(401);
    await t.project();
  });
  afterAll(async () => {
    await ctx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the person everywhere before the erasure (the scans can see them)', async () => {
    const found = await scanTables(traces());
    for (const needle of traces()) expect(found.join('\n')).toContain(`: ${needle}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'users.email: ' + person.email,
        'user_sessions.ip_address: ' + person.ip,
        'customers.billing_address: ' + person.street,
        'technicians.license_number: ' + person.license,
        'invoices.line_items: ' + person.lastName,
        'technicians.last_name: ' + person.lastName,
        'idempotency_keys.response_body: ' + person.email,
        'contacts.phone: ' + person.e164,
        'business_profile.legal_name: ' + person.company,
        'leads.name: ' + person.lastName,
      ]),
    );
    const ledger = await readableLedger();
    for (const needle of [
      person.email,
      person.lastName,
      person.ip,
      person.userAgent,
      `"lat":${person.lat}`,
    ])
      expect(ledger).toContain(needle);
    expect(await t.app.get(LoginThrottle).blockedFor(`account:${person.email}`, 1)).toBeGreaterThan(
      0,
    );
    if (REDIS_URL) expect(await redisTraces([person.email])).not.toEqual([]);
    for (const key of objectKeys) expect(await t.app.get(ObjectStorage).head(key)).not.toBeNull();
  });

  it('erases them, certifies every store, and leaves no trace anywhere', async () => {
    const requested = ok(
      await t.call('POST', '/api/v1/erasure-requests', admin, { userId: person.id }),
      201,
    );
    requestId = requested.id;
    expect(await t.app.get(ErasureJob).runDue()).toEqual([requestId]);
    await t.project();
    const done = ok(await t.call('GET', `/api/v1/erasure-requests/${requestId}`, admin));
    expect(done.status).toBe('completed');

    const stores = new Set(done.certificate.stores.map((s: { store: string }) => s.store));
    expect([...stores].sort()).toEqual(
      [
        'document-store',
        'ledger',
        REDIS_URL ? 'redis' : 'memory',
        'object-storage',
        'postgresql',
      ].sort(),
    );
    const line = (location: string) =>
      done.certificate.stores.find((s: { location: string }) => s.location === location);
    expect(line('users')).toMatchObject({ action: 'deleted', count: 1 });
    expect(line('user_sessions').count).toBeGreaterThanOrEqual(3);
    expect(line('user_tenants')).toMatchObject({ action: 'deleted', count: 2 });
    expect(line('oauth_consents')).toMatchObject({ action: 'deleted', count: 1 });
    expect(line('oauth_sessions').count).toBeGreaterThanOrEqual(1);
    expect(line('oauth_token_families').count).toBeGreaterThanOrEqual(1);
    expect(line('api_keys')).toMatchObject({ action: 'deleted', count: 1 });
    expect(line('contractor_lists')).toMatchObject({ action: 'deleted', count: 1 });
    expect(line('user_plans')).toMatchObject({ action: 'deleted', count: 1 });
    expect(line('customers')).toMatchObject({ action: 'anonymised', count: 1 });
    expect(line('technicians')).toMatchObject({ action: 'anonymised', count: 1 });
    expect(line('invoices')).toMatchObject({ action: 'anonymised', count: 1 });
    expect(line('contacts')).toMatchObject({ action: 'deleted', count: 1 });
    expect(line('sessions')).toMatchObject({ action: 'deleted', count: 1 });
    expect(line('session_events')).toMatchObject({ action: 'deleted', count: 1 });
    expect(line('idempotency_keys').count).toBeGreaterThanOrEqual(2);
    expect(line('personal_data_keys')).toMatchObject({ action: 'shredded' });
    expect(line('login throttle counters').count).toBeGreaterThanOrEqual(2);
    expect(done.certificate.shreddedSubjects).toBeGreaterThanOrEqual(4);

    expect(await scanTables(traces())).toEqual([]);
    for (const key of objectKeys) expect(await t.app.get(ObjectStorage).head(key)).toBeNull();
    expect(await redisTraces(traces())).toEqual([]);
    expect(await t.app.get(LoginThrottle).blockedFor(`account:${person.email}`, 1)).toBe(0);
    const ledger = await readableLedger();
    for (const needle of traces()) expect(ledger).not.toContain(needle);
    expect(ledger).not.toContain(`"lat":${person.lat}`);
    expect(ledger).toContain(ERASED);
  });

  it('shows the erased values as erased in the audit trail, also after a rebuild', async () => {
    const history = ok(
      await t.call('GET', `/api/v1/audit/resources/user/${person.id}?limit=100`, admin),
    ).items;
    expect(history[0]).toMatchObject({
      action: 'registered',
      newValues: expect.objectContaining({ email: ERASED, fullName: ERASED }),
    });
    const trail = JSON.stringify(await auditTrail());
    for (const needle of traces()) expect(trail).not.toContain(needle);
    const fromPerson = (await auditTrail()).filter((e) => e.actor.id === person.id);
    expect(fromPerson.length).toBeGreaterThan(0);
    expect(fromPerson.every((e) => e.ip === ERASED && e.userAgent === ERASED)).toBe(true);

    const c = await superuserClient(t.db.url);
    await c.query(`DELETE FROM audit_trail`);
    await c.query(`DELETE FROM projection_checkpoints WHERE name = 'audit_trail'`);
    await c.end();
    await t.project();
    const rebuilt = JSON.stringify(await auditTrail());
    for (const needle of traces()) expect(rebuilt).not.toContain(needle);
    expect(rebuilt).toContain(ERASED);
  });

  it('keeps the records other law needs, without the person in them', async () => {
    const invoices = await Promise.all(
      [
        [paidInvoices[0], dispatcherA.token],
        [paidInvoices[1], dispatcherB.token],
      ].map(async ([id, token]) => ok(await t.call('GET', `/api/v1/invoices/${id}`, token))),
    );
    expect(invoices.map((i) => i.status)).toEqual(['paid', 'paid']);
    expect(invoices[1].lineItems[0]).toMatchObject({ kind: 'labor', amount: '120.00' });
    expect(invoices[1].total).toBe('120.00');
    const customer = ok(await t.call('GET', `/api/v1/customers/${customerId}`, dispatcherA.token));
    expect(customer).toMatchObject({ email: `erased-${customerId}@erased.invalid`, phone: null });
    const technician = ok(
      await t.call('GET', `/api/v1/technicians/${technicianId}`, dispatcherB.token),
    );
    expect(technician).toMatchObject({ firstName: '(erased)', email: null });
  });

  it('still verifies: /audit/verify and the offline export, which holds only ciphertext of the person', async () => {
    expect(ok(await t.call('GET', '/api/v1/audit/verify', admin))).toMatchObject({
      intact: true,
      firstBrokenPosition: null,
    });
    const result = await exportVerifies();
    expect(result.stdout).toMatch(/^OK: \d+ events and \d+ seals verified/);
    expect(result.code).toBe(0);
    for (const needle of traces()) expect(result.body).not.toContain(needle);
    expect(result.body).toContain(`privacy.erasure-request.completed.v1`);
  });
});
