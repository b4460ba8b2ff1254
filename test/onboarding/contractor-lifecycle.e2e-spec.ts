import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };

/**
 * The contractor lifecycle through HTTP: sign-up, the wizard's step rules and order, the
 * review hand-in, approval and rejection with reasons per item (then resubmission), every
 * transition in the ledger with actor and old/new status, roles and tenant isolation.
 * The items the steps look at are written straight into the tables here: their own commands
 * have their own suites.
 */
describe('onboarding: contractor lifecycle (e2e)', () => {
  let t: TestApp;
  let a: Record<'reviewer' | 'owner' | 'dana' | 'eli' | 'viewer', TenantMember>;
  let b: Record<'reviewer', TenantMember>;
  let tenantA: string;
  let dana: string;

  const expectProblem = (res: Res, status: number, fields?: string[]) => {
    expect({ status: res.statusCode, body: res.json() }).toMatchObject({ status });
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    if (fields) expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
  };
  const sql = async (text: string, params: unknown[] = []) => {
    const c = await superuserClient(t.db.url);
    try {
      return (await c.query(text, params)).rows;
    } finally {
      await c.end();
    }
  };
  const step = (token: string, id: string, name: string, headers?: Record<string, string>) =>
    t.call('POST', `/api/v1/contractors/${id}/progress/steps`, token, { step: name }, headers);

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    const ta = await createTenantWithMembers(t, admin, {
      reviewer: 'reviewer',
      owner: 'owner',
      dana: 'member',
      eli: 'member',
      viewer: 'viewer',
    });
    a = ta.members;
    tenantA = ta.tenantId;
    b = (await createTenantWithMembers(t, admin, { reviewer: 'reviewer' })).members;
  });
  afterAll(() => t.close());

  it('a user signs up as a contractor: pending, wizard at step 1; once only', async () => {
    const res = await t.call('POST', '/api/v1/contractors', a.dana.token);
    expect(res.statusCode).toBe(201);
    dana = res.json().id;
    expect(res.headers.location).toBe(`/api/v1/contractors/${dana}`);
    expect(res.json()).toMatchObject({ userId: a.dana.id, status: 'pending', legalName: null });
    expectProblem(await t.call('POST', '/api/v1/contractors', a.dana.token), 409, ['userId']);
    const progress = await t.call('GET', `/api/v1/contractors/${dana}/progress`, a.dana.token);
    expect(progress.json()).toMatchObject({
      currentStep: 1,
      currentStepName: 'business_profile',
      completedSteps: [],
      validationErrors: {},
    });
    expect(progress.json().steps.map((s: { name: string }) => s.name)).toEqual([
      'business_profile',
      'licenses',
      'insurance',
      'bank_account',
      'documents',
      'review',
    ]);
  });

  it('only the contractor itself and reviewers see it; other tenants do not', async () => {
    expect((await t.call('GET', `/api/v1/contractors/${dana}`, a.reviewer.token)).statusCode).toBe(
      200,
    );
    expect((await t.call('GET', `/api/v1/contractors/${dana}`, a.owner.token)).statusCode).toBe(
      200,
    );
    await t.call('POST', '/api/v1/contractors', a.eli.token);
    expectProblem(await t.call('GET', `/api/v1/contractors/${dana}`, a.eli.token), 404);
    expectProblem(await t.call('GET', `/api/v1/contractors/${dana}`, a.viewer.token), 403);
    expectProblem(await t.call('GET', `/api/v1/contractors/${dana}`, b.reviewer.token), 404);
    expectProblem(
      await t.call('GET', `/api/v1/contractors/${dana}/progress`, b.reviewer.token),
      404,
    );
  });

  it('a step with errors is stored with them and answers 422 naming each field', async () => {
    await sql(
      `INSERT INTO business_profile (contractor_id, tenant_id, legal_name, city) VALUES ($1, $2, 'Dana Roofing LLC', 'Austin')`,
      [dana, tenantA],
    );
    const res = await step(a.dana.token, dana, 'business_profile');
    expectProblem(res, 422, ['taxId', 'email', 'phone', 'addressLine1', 'state', 'postalCode']);
    expect(res.json().code).toBe('ONBOARDING.STEP_INVALID');
    const progress = (
      await t.call('GET', `/api/v1/contractors/${dana}/progress`, a.dana.token)
    ).json();
    expect(progress.currentStep).toBe(1);
    expect(
      progress.validationErrors.business_profile.map((e: { field: string }) => e.field),
    ).toEqual(['taxId', 'email', 'phone', 'addressLine1', 'state', 'postalCode']);
    const [row] = await sql(
      `SELECT validation_errors FROM onboarding_progress WHERE contractor_id = $1`,
      [dana],
    );
    expect(Object.keys(row.validation_errors)).toEqual(['business_profile']);
    const [failed] = await sql(
      `SELECT payload FROM event_store WHERE stream_id = $1 AND event_type = 'onboarding.progress.step-failed.v1'`,
      [dana],
    );
    expect(failed.payload.fields).toContain('taxId');
  });

  it('steps go in order; bad step names are a 400; only the contractor submits', async () => {
    expectProblem(await step(a.dana.token, dana, 'licenses'), 409);
    expectProblem(await step(a.dana.token, dana, 'review'), 409);
    expectProblem(await step(a.dana.token, dana, 'payment'), 400, ['step']);
    expectProblem(await step(a.reviewer.token, dana, 'business_profile'), 403);
    expectProblem(await step(a.eli.token, dana, 'business_profile'), 404);
  });

  it('complete steps advance; review hands the onboarding in', async () => {
    await sql(
      `UPDATE business_profile SET tax_id = 'v1.k.sealed', tax_id_last4 = '6789', email = 'd@r.test', phone = '+15125550100',
         address_line1 = '1 Main St', state = 'TX', postal_code = '78701' WHERE contractor_id = $1`,
      [dana],
    );
    let res = await step(a.dana.token, dana, 'business_profile');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ currentStep: 2, completedSteps: [1], validationErrors: {} });

    expectProblem(await step(a.dana.token, dana, 'licenses'), 422, ['licenses']);
    await sql(
      `INSERT INTO license (id, tenant_id, contractor_id, state, license_number, expiration_date) VALUES ($1, $2, $3, 'TX', 'R-1', '2099-01-01')`,
      [randomUUID(), tenantA, dana],
    );
    expect((await step(a.dana.token, dana, 'licenses')).statusCode).toBe(200);

    const policy = randomUUID();
    await sql(
      `INSERT INTO insurance_policy (id, tenant_id, contractor_id, provider, policy_number, coverage_types, expiration_date)
       VALUES ($1, $2, $3, 'manual', 'P-1', '{wc}', '2099-01-01')`,
      [policy, tenantA, dana],
    );
    expectProblem(await step(a.dana.token, dana, 'insurance'), 422, ['coverageTypes']);
    await sql(`UPDATE insurance_policy SET coverage_types = '{gl,wc}' WHERE id = $1`, [policy]);
    expect((await step(a.dana.token, dana, 'insurance')).statusCode).toBe(200);

    await sql(
      `INSERT INTO bank_account (id, tenant_id, contractor_id, account_type, last4, verification_method, verification_status)
       VALUES ($1, $2, $3, 'checking', '4321', 'manual', 'pending')`,
      [randomUUID(), tenantA, dana],
    );
    expect((await step(a.dana.token, dana, 'bank_account')).statusCode).toBe(200);
    expect((await step(a.dana.token, dana, 'documents')).statusCode).toBe(200);

    // a stale If-Match is a 412 and nothing is written
    expectProblem(await step(a.dana.token, dana, 'review', { 'if-match': '"v1"' }), 412);
    res = await step(a.dana.token, dana, 'review');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ completedSteps: [1, 2, 3, 4, 5, 6], currentStep: 6 });
    const contractor = await t.call('GET', `/api/v1/contractors/${dana}`, a.dana.token);
    expect(contractor.json()).toMatchObject({ status: 'in_review', legalName: 'Dana Roofing LLC' });
    expect(contractor.json().submittedAt).not.toBeNull();
  });

  it('a reviewer rejects with reasons per item; the contractor resubmits; approval verifies', async () => {
    expectProblem(await t.call('POST', `/api/v1/contractors/${dana}/approve`, a.dana.token), 403);
    expectProblem(
      await t.call('POST', `/api/v1/contractors/${dana}/reject`, a.reviewer.token, { reasons: [] }),
      400,
      ['reasons'],
    );
    expectProblem(
      await t.call('POST', `/api/v1/contractors/${dana}/reject`, a.reviewer.token, {
        reasons: [{ item: 'insurance', reason: '   ' }],
      }),
      400,
    );
    let res = await t.call('POST', `/api/v1/contractors/${dana}/reject`, a.reviewer.token, {
      reasons: [
        { item: 'insurance', reason: 'The certificate is unreadable' },
        { item: 'licenses', reason: 'License R-1 not found in the TX registry' },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('rejected');
    // a rejected contractor cannot be approved: 409 with what is allowed
    res = await t.call('POST', `/api/v1/contractors/${dana}/approve`, a.reviewer.token);
    expectProblem(res, 409);
    expect(res.json().allowedTransitions).toEqual(['submit']);

    expect((await step(a.dana.token, dana, 'review')).statusCode).toBe(200);
    expect((await t.call('GET', `/api/v1/contractors/${dana}`, a.dana.token)).json().status).toBe(
      'in_review',
    );
    expectProblem(
      await t.call('POST', `/api/v1/contractors/${dana}/approve`, b.reviewer.token),
      404,
    );
    res = await t.call('POST', `/api/v1/contractors/${dana}/approve`, a.owner.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'verified' });
    expect(res.json().verifiedAt).not.toBeNull();
    expectProblem(await t.call('POST', `/api/v1/contractors/${dana}/approve`, a.owner.token), 409);
  });

  it('every transition is in the ledger with its actor and old and new status', async () => {
    const rows = await sql(
      `SELECT event_type, payload, metadata FROM event_store WHERE stream_type = 'onboarding-contractor' AND stream_id = $1 ORDER BY stream_version`,
      [dana],
    );
    expect(
      rows.map((r) => ({
        type: r.event_type.split('.')[2],
        actor: r.metadata.actorId,
        from: r.metadata.previous?.status ?? null,
        to: r.payload.status,
      })),
    ).toEqual([
      { type: 'registered', actor: a.dana.id, from: null, to: 'pending' },
      { type: 'submitted', actor: a.dana.id, from: 'pending', to: 'in_review' },
      { type: 'rejected', actor: a.reviewer.id, from: 'in_review', to: 'rejected' },
      { type: 'submitted', actor: a.dana.id, from: 'rejected', to: 'in_review' },
      { type: 'approved', actor: a.owner.id, from: 'in_review', to: 'verified' },
    ]);
    expect(rows[2].payload.reasons).toHaveLength(2);
  });
});
