import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };

/**
 * The reviewers' queries: the contractor list (filters, keyset pages, tenant isolation,
 * contractors refused, bad query values) and the dashboard (counts by status, items expiring
 * within 30 days, mean time to verification). Profiles, licenses, policies and statuses are
 * written straight into the tables: their commands have their own suites.
 */
describe('onboarding: reviewer queries (e2e)', () => {
  let t: TestApp;
  let a: Record<'reviewer' | 'alice' | 'bob' | 'carl' | 'dora' | 'emil', TenantMember>;
  let b: Record<'reviewer' | 'fred', TenantMember>;
  let tenantA: string;
  let tenantB: string;
  const ids: Record<string, string> = {};

  const sql = async (text: string, params: unknown[] = []) => {
    const c = await superuserClient(t.db.url);
    try {
      return (await c.query(text, params)).rows;
    } finally {
      await c.end();
    }
  };
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const list = (token: string, query = '') =>
    t.call('GET', `/api/v1/contractors${query ? `?${query}` : ''}`, token) as Promise<Res>;
  const names = async (query: string) => {
    const res = await list(a.reviewer.token, query);
    expect(res.statusCode).toBe(200);
    return res
      .json()
      .items.map((c: { id: string }) => Object.keys(ids).find((k) => ids[k] === c.id))
      .sort();
  };
  const register = async (m: TenantMember) => {
    const res = await t.call('POST', '/api/v1/contractors', m.token);
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const profile = (tenant: string, id: string, legalName: string, state: string | null) =>
    sql(
      `INSERT INTO business_profile (contractor_id, tenant_id, legal_name, state) VALUES ($1, $2, $3, $4)`,
      [id, tenant, legalName, state],
    );
  const license = (
    tenant: string,
    id: string,
    state: string,
    expires: string,
    status = 'unverified',
  ) =>
    sql(
      `INSERT INTO license (id, tenant_id, contractor_id, state, license_number, expiration_date, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [randomUUID(), tenant, id, state, `L-${randomUUID().slice(0, 8)}`, expires, status],
    );
  const policy = (tenant: string, id: string, expires: string) =>
    sql(
      `INSERT INTO insurance_policy (id, tenant_id, contractor_id, provider, policy_number, coverage_types, expiration_date)
       VALUES ($1, $2, $3, 'manual', $4, '{gl}', $5)`,
      [randomUUID(), tenant, id, `P-${randomUUID().slice(0, 8)}`, expires],
    );

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    const ta = await createTenantWithMembers(t, admin, {
      reviewer: 'reviewer',
      alice: 'member',
      bob: 'member',
      carl: 'member',
      dora: 'member',
      emil: 'member',
    });
    a = ta.members;
    tenantA = ta.tenantId;
    const tb = await createTenantWithMembers(t, admin, { reviewer: 'reviewer', fred: 'member' });
    b = tb.members;
    tenantB = tb.tenantId;
    for (const name of ['alice', 'bob', 'carl', 'dora', 'emil'] as const)
      ids[name] = await register(a[name]);
    ids.fred = await register(b.fred);

    // Sign-up times: alice and bob share one (the id breaks the tie), the others one day apart.
    const base = Date.now() - 10 * 86_400_000;
    const at = (d: number, h = 0) => new Date(base + d * 86_400_000 + h * 3_600_000);
    const set = (id: string, status: string, created: Date, verified: Date | null = null) =>
      sql(`UPDATE contractor SET status = $2, created_at = $3, verified_at = $4 WHERE id = $1`, [
        id,
        status,
        created,
        verified,
      ]);
    await set(ids.alice, 'pending', at(1));
    await set(ids.bob, 'verified', at(1), at(1, 2));
    await set(ids.carl, 'verified', at(2), at(2, 4));
    await set(ids.dora, 'in_review', at(3));
    await set(ids.emil, 'rejected', at(4));

    await profile(tenantA, ids.alice, 'Acme 100% Roofing', 'TX');
    await license(tenantA, ids.alice, 'TX', day(10));
    await profile(tenantA, ids.bob, 'acme_plumbing', 'CA');
    await license(tenantA, ids.bob, 'NV', day(100));
    await policy(tenantA, ids.bob, day(20));
    await profile(tenantA, ids.carl, 'Bolt Electric', 'NV');
    await license(tenantA, ids.carl, 'TX', day(5), 'expired');
    await policy(tenantA, ids.dora, day(40));
    // A policy already marked expired does not count, whatever its date says.
    await policy(tenantA, ids.emil, day(15));
    await sql(`UPDATE insurance_policy SET expired_at = now() WHERE contractor_id = $1`, [
      ids.emil,
    ]);
    await profile(tenantB, ids.fred, 'Acme Other Tenant', 'TX');
    await license(tenantB, ids.fred, 'TX', day(3));
  });
  afterAll(() => t.close());

  it('lists every contractor of the tenant, newest first, with the legal name', async () => {
    const res = await list(a.reviewer.token);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((c: { id: string }) => c.id)).toEqual([
      ids.emil,
      ids.dora,
      ids.carl,
      ...[ids.alice, ids.bob].sort().reverse(),
    ]);
    expect(res.json().nextCursor).toBeNull();
    expect(res.json().items.find((c: { id: string }) => c.id === ids.alice)).toMatchObject({
      status: 'pending',
      legalName: 'Acme 100% Roofing',
      userId: a.alice.id,
    });
  });

  it('filters by status, state (profile or license), expiry window and legal name', async () => {
    expect(await names('status=verified')).toEqual(['bob', 'carl']);
    expect(await names('status=in_review')).toEqual(['dora']);
    expect(await names('state=TX')).toEqual(['alice', 'carl']);
    expect(await names('state=nv')).toEqual(['bob', 'carl']);
    expect(await names('state=CA')).toEqual(['bob']);
    expect(await names('expiringWithinDays=30')).toEqual(['alice', 'bob']);
    expect(await names('expiringWithinDays=60')).toEqual(['alice', 'bob', 'dora']);
    expect(await names('expiringWithinDays=0')).toEqual([]);
    expect(await names('q=ACME')).toEqual(['alice', 'bob']);
    expect(await names('q=bolt%20elec')).toEqual(['carl']);
    expect(await names('q=%25')).toEqual(['alice']);
    expect(await names('q=_')).toEqual(['bob']);
    expect(await names('q=acme_')).toEqual(['bob']);
    expect(await names('q=acme&status=verified')).toEqual(['bob']);
    expect(await names('state=TX&expiringWithinDays=30')).toEqual(['alice']);
  });

  it('pages without gaps or repeats, also across a shared sign-up time', async () => {
    const all = (await list(a.reviewer.token)).json().items.map((c: { id: string }) => c.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Res = await list(a.reviewer.token, `limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().items.length).toBeLessThanOrEqual(2);
      seen.push(...res.json().items.map((c: { id: string }) => c.id));
      cursor = res.json().nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
    const filtered = await list(a.reviewer.token, 'limit=1&q=acme');
    const next = await list(
      a.reviewer.token,
      `limit=1&q=acme&cursor=${filtered.json().nextCursor}`,
    );
    expect(
      [...filtered.json().items, ...next.json().items].map((c: { id: string }) => c.id).sort(),
    ).toEqual([ids.alice, ids.bob].sort());
    expect(next.json().nextCursor).toBeNull();
  });

  it('keeps tenants apart', async () => {
    const res = await list(b.reviewer.token);
    expect(res.json().items.map((c: { id: string }) => c.id)).toEqual([ids.fred]);
    expect(await names('q=other')).toEqual([]);
    expect((await list(b.reviewer.token, 'state=NV')).json().items).toEqual([]);
    const dash = await t.call('GET', '/api/v1/contractors/dashboard', b.reviewer.token);
    expect(dash.json()).toMatchObject({
      byStatus: { pending: 1, in_review: 0, verified: 0, rejected: 0 },
      expiring: { licenses: 1, insurancePolicies: 0 },
      averageTimeToVerificationSeconds: null,
    });
    expect(dash.json().expiring.items.map((i: { contractorId: string }) => i.contractorId)).toEqual(
      [ids.fred],
    );
  });

  it('refuses contractors (403) on the list and the dashboard', async () => {
    for (const url of ['/api/v1/contractors', '/api/v1/contractors/dashboard']) {
      const res = await t.call('GET', url, a.alice.token);
      expect(res.statusCode).toBe(403);
      expect(String(res.headers['content-type'])).toContain('application/problem+json');
    }
  });

  it.each([
    'status=bogus',
    'state=TEX',
    'state=T1',
    'expiringWithinDays=-1',
    'expiringWithinDays=366',
    'expiringWithinDays=1e2',
    'expiringWithinDays=abc',
    'q=',
    `q=${'x'.repeat(101)}`,
    'limit=0',
    'limit=101',
    'cursor=!!',
    'cursor=YWJj',
    `cursor=${Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url')}`,
  ])('answers 400 to the bad query %s', async (query) => {
    const res = await list(a.reviewer.token, query);
    expect(res.statusCode).toBe(400);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
  });

  it('the dashboard counts by status, the items expiring within 30 days and the mean time to verification', async () => {
    const res = await t.call('GET', '/api/v1/contractors/dashboard', a.reviewer.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      byStatus: { pending: 1, in_review: 1, verified: 2, rejected: 1 },
      expiringWithinDays: 30,
      expiring: {
        licenses: 1,
        insurancePolicies: 1,
        items: [
          {
            kind: 'license',
            id: expect.any(String),
            contractorId: ids.alice,
            expirationDate: day(10),
          },
          {
            kind: 'insurance_policy',
            id: expect.any(String),
            contractorId: ids.bob,
            expirationDate: day(20),
          },
        ],
      },
      // bob 2 h, carl 4 h
      averageTimeToVerificationSeconds: 3 * 3600,
    });
  });
});
