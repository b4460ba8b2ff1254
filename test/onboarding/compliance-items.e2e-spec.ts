import { superuserClient } from '@opsledger/testing';
import { ErasureJob } from '../../src/modules/privacy/application/erasure.job';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any; body: string };

/**
 * Licenses, insurance policies and bank accounts as commands: the contractor adds and removes
 * its own, reviewers verify them, bad input is a 4xx with nothing written, another contractor's
 * or another tenant's items do not exist, and a bank account never holds more than four digits.
 */
describe('onboarding: licenses, insurance policies, bank accounts (e2e)', () => {
  let t: TestApp;
  let a: Record<'reviewer' | 'dana' | 'eli', TenantMember>;
  let b: Record<'reviewer', TenantMember>;
  let dana: string;
  let license: string;
  let policy: string;

  const ledgerCount = async () => {
    const c = await superuserClient(t.db.url);
    try {
      const r = await c.query(
        `SELECT count(*)::int AS n FROM event_store WHERE stream_type LIKE 'onboarding-%'`,
      );
      return r.rows[0].n as number;
    } finally {
      await c.end();
    }
  };
  const post = (url: string, token: string, body?: unknown, headers?: Record<string, string>) =>
    t.call('POST', url, token, body, headers) as Promise<Res>;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    a = (
      await createTenantWithMembers(t, admin, {
        reviewer: 'reviewer',
        dana: 'member',
        eli: 'member',
      })
    ).members;
    b = (await createTenantWithMembers(t, admin, { reviewer: 'reviewer' })).members;
    dana = (await post('/api/v1/contractors', a.dana.token)).json().id;
    await post('/api/v1/contractors', a.eli.token);
  });
  afterAll(() => t.close());

  it('licenses: added by the contractor, unique per state and number', async () => {
    const res = await post(`/api/v1/contractors/${dana}/licenses`, a.dana.token, {
      state: 'tx',
      licenseNumber: 'TACLA1234',
      licenseType: 'HVAC',
      expirationDate: '2027-06-30',
    });
    expect(res.statusCode).toBe(201);
    license = res.json().id;
    expect(res.headers.location).toBe(`/api/v1/licenses/${license}`);
    expect(res.json()).toMatchObject({
      state: 'TX',
      status: 'unverified',
      expirationDate: '2027-06-30',
    });
    const dup = await post(`/api/v1/contractors/${dana}/licenses`, a.dana.token, {
      state: 'TX',
      licenseNumber: 'TACLA1234',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('licenseNumber');
  });

  it('bad input on every write is a 400 and writes nothing', async () => {
    const before = await ledgerCount();
    const cases: Array<[string, unknown]> = [
      [`/api/v1/contractors/${dana}/licenses`, { state: 'Texas', licenseNumber: 'x' }],
      [`/api/v1/contractors/${dana}/licenses`, { state: 'TX', licenseNumber: '  ' }],
      [
        `/api/v1/contractors/${dana}/licenses`,
        { state: 'TX', licenseNumber: 'x', expirationDate: '2027-02-30' },
      ],
      [
        `/api/v1/contractors/${dana}/insurance-policies`,
        {
          provider: 'acme',
          policyNumber: 'p',
          coverageTypes: ['gl'],
          expirationDate: '2027-01-01',
        },
      ],
      [
        `/api/v1/contractors/${dana}/insurance-policies`,
        {
          provider: 'manual',
          policyNumber: 'p',
          coverageTypes: ['flood'],
          expirationDate: '2027-01-01',
        },
      ],
      [
        `/api/v1/contractors/${dana}/insurance-policies`,
        { provider: 'manual', policyNumber: 'p', coverageTypes: [], expirationDate: '2027-01-01' },
      ],
      [
        `/api/v1/contractors/${dana}/bank-accounts`,
        { accountType: 'checking', verificationMethod: 'manual', last4: '000123456789' },
      ],
      [
        `/api/v1/contractors/${dana}/bank-accounts`,
        { accountType: 'checking', verificationMethod: 'manual', accountNumber: '000123456789' },
      ],
      [
        `/api/v1/contractors/${dana}/bank-accounts`,
        { accountType: 'brokerage', verificationMethod: 'manual', last4: '1234' },
      ],
      [
        `/api/v1/contractors/${dana}/bank-accounts`,
        { accountType: 'checking', verificationMethod: 'manual' },
      ],
    ];
    for (const [url, body] of cases) {
      const res = await post(url, a.dana.token, body);
      expect({ url, body, status: res.statusCode }).toEqual({ url, body, status: 400 });
      expect(String(res.headers['content-type'])).toContain('application/problem+json');
      expect(res.body).not.toContain('000123456789');
    }
    expect(await ledgerCount()).toBe(before);
  });

  it('only the contractor adds its items; others get 403 or 404', async () => {
    const body = { state: 'TX', licenseNumber: 'Z-1' };
    expect(
      (await post(`/api/v1/contractors/${dana}/licenses`, a.reviewer.token, body)).statusCode,
    ).toBe(403);
    expect((await post(`/api/v1/contractors/${dana}/licenses`, a.eli.token, body)).statusCode).toBe(
      404,
    );
    expect(
      (await post(`/api/v1/contractors/${dana}/licenses`, b.reviewer.token, body)).statusCode,
    ).toBe(403);
    expect((await t.call('GET', `/api/v1/licenses/${license}`, a.eli.token)).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/licenses/${license}`, b.reviewer.token)).statusCode).toBe(
      404,
    );
    expect((await t.call('GET', `/api/v1/licenses/${license}`, a.reviewer.token)).statusCode).toBe(
      200,
    );
    expect((await t.call('DELETE', `/api/v1/licenses/${license}`, a.eli.token)).statusCode).toBe(
      404,
    );
  });

  it('reviewers verify licenses and policies (manual), with reasons for a refusal', async () => {
    expect((await post(`/api/v1/licenses/${license}/verify`, a.dana.token)).statusCode).toBe(403);
    expect((await post(`/api/v1/licenses/${license}/verify`, b.reviewer.token)).statusCode).toBe(
      404,
    );
    const verified = await post(`/api/v1/licenses/${license}/verify`, a.reviewer.token);
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ status: 'verified' });

    const created = await post(`/api/v1/contractors/${dana}/insurance-policies`, a.dana.token, {
      provider: 'manual',
      policyNumber: 'GL-77',
      coverageTypes: ['gl', 'wc', 'gl'],
      expirationDate: '2027-12-31',
      additionalInsured: true,
    });
    expect(created.statusCode).toBe(201);
    policy = created.json().id;
    expect(created.json()).toMatchObject({
      coverageTypes: ['gl', 'wc'],
      verificationStatus: 'pending',
    });
    expect(
      (
        await post(`/api/v1/insurance-policies/${policy}/verify`, a.reviewer.token, {
          verified: false,
        })
      ).statusCode,
    ).toBe(400);
    let res = await post(`/api/v1/insurance-policies/${policy}/verify`, a.reviewer.token, {
      verified: false,
      reason: 'Certificate names another insured',
    });
    expect(res.json()).toMatchObject({ verificationStatus: 'failed' });
    res = await post(
      `/api/v1/insurance-policies/${policy}/verify`,
      a.reviewer.token,
      { verified: true },
      {
        'if-match': `"v${res.json().version}"`,
      },
    );
    expect(res.json()).toMatchObject({ verificationStatus: 'verified' });
    expect(res.json().lastCheckedAt).not.toBeNull();
  });

  it('bank accounts keep the last four digits; a reviewer may verify one by hand once', async () => {
    const res = await post(`/api/v1/contractors/${dana}/bank-accounts`, a.dana.token, {
      accountType: 'checking',
      verificationMethod: 'manual',
      last4: '6789',
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    expect(res.json()).toMatchObject({
      last4: '6789',
      verificationStatus: 'pending',
      microDepositAttempts: 0,
    });
    expect(
      (await post(`/api/v1/bank-accounts/${id}/verify`, a.reviewer.token)).json(),
    ).toMatchObject({
      verificationStatus: 'verified',
      verificationMethod: 'manual',
    });
    expect((await post(`/api/v1/bank-accounts/${id}/verify`, a.reviewer.token)).statusCode).toBe(
      409,
    );
  });

  it('the compliance view gathers everything; removals are recorded', async () => {
    const view = (
      await t.call('GET', `/api/v1/contractors/${dana}/compliance`, a.reviewer.token)
    ).json();
    expect(view.contractor.id).toBe(dana);
    expect(view.businessProfile).toBeNull();
    expect(view.licenses).toHaveLength(1);
    expect(view.insurancePolicies).toHaveLength(1);
    expect(view.bankAccounts).toHaveLength(1);
    expect(view.progress.currentStep).toBe(1);
    expect(
      (await t.call('GET', `/api/v1/contractors/${dana}/compliance`, a.eli.token)).statusCode,
    ).toBe(404);

    const del = await t.call('DELETE', `/api/v1/insurance-policies/${policy}`, a.dana.token);
    expect(del.statusCode).toBe(204);
    expect(
      (await t.call('GET', `/api/v1/insurance-policies/${policy}`, a.dana.token)).statusCode,
    ).toBe(404);
    const c = await superuserClient(t.db.url);
    const events = await c.query(
      `SELECT event_type FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
      [policy],
    );
    await c.end();
    expect(events.rows.map((r) => r.event_type)).toEqual([
      'onboarding.insurance-policy.added.v1',
      'onboarding.insurance-policy.verification-failed.v1',
      'onboarding.insurance-policy.verified.v1',
      'onboarding.insurance-policy.removed.v1',
    ]);
  });

  it('erasing the user deletes its contractor with every item and shreds the sealed values', async () => {
    const admin = await t.loginAsAdmin();
    const res = await t.call('POST', '/api/v1/erasure-requests', admin, { userId: a.dana.id });
    expect(res.statusCode).toBe(201);
    expect(await t.app.get(ErasureJob).runDue()).toEqual([res.json().id]);
    const done = (await t.call('GET', `/api/v1/erasure-requests/${res.json().id}`, admin)).json();
    expect(done.status).toBe('completed');
    const c = await superuserClient(t.db.url);
    try {
      for (const table of [
        'contractor',
        'license',
        'insurance_policy',
        'bank_account',
        'onboarding_progress',
      ]) {
        const column = table === 'contractor' ? 'id' : 'contractor_id';
        const left = await c.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [
          dana,
        ]);
        expect({ table, n: left.rows[0].n }).toEqual({ table, n: 0 });
      }
      const added = await c.query(
        `SELECT payload FROM event_store WHERE stream_type = 'onboarding-license' AND payload->>'contractorId' = $1`,
        [dana],
      );
      expect(added.rows.length).toBeGreaterThan(0);
      const revealed = await t.reveal(added.rows[0].payload);
      expect(revealed.licenseNumber).toBe('[erased]');
    } finally {
      await c.end();
    }
  });
});
