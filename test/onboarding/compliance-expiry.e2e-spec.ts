import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { OnboardingClock } from '../../src/modules/onboarding/application/onboarding-clock';
import { ComplianceExpiryJob } from '../../src/modules/onboarding/application/jobs/compliance-expiry.job';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The expiration job (issue 13) on a clock the test sets: a license past its date is marked
 * expired and its verified contractor goes back to review, both in the ledger with the system
 * actor, the tenant and old/new status; a policy expiring in 10 days is announced once; two
 * runs at once change each row once. The items are written straight into the tables.
 */
describe('onboarding: expiration job (e2e)', () => {
  let t: TestApp;
  let job: ComplianceExpiryJob;
  let clock: OnboardingClock;
  let a: Record<'reviewer' | 'dana' | 'eli', TenantMember>;
  let tenantA: string;
  let dana: string;
  let eli: string;

  const sql = async (text: string, params: unknown[] = []) => {
    const c = await superuserClient(t.db.url);
    try {
      return (await c.query(text, params)).rows;
    } finally {
      await c.end();
    }
  };
  const at = (iso: string) => jest.spyOn(clock, 'now').mockReturnValue(new Date(iso));
  const ledger = (streamId: string) =>
    sql(
      `SELECT event_type, payload, metadata, tenant_id FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
  const token = (contractorId: string) => (contractorId === dana ? a.dana : a.eli).token;
  const addLicense = async (contractorId: string, expirationDate: string) => {
    const res = await t.call(
      'POST',
      `/api/v1/contractors/${contractorId}/licenses`,
      token(contractorId),
      {
        state: 'TX',
        licenseNumber: `L-${randomUUID().slice(0, 8)}`,
        expirationDate,
      },
    );
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const addPolicy = async (contractorId: string, expirationDate: string) => {
    const res = await t.call(
      'POST',
      `/api/v1/contractors/${contractorId}/insurance-policies`,
      token(contractorId),
      {
        provider: 'manual',
        policyNumber: `P-${randomUUID().slice(0, 8)}`,
        coverageTypes: ['gl'],
        expirationDate,
      },
    );
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const changesOf = async (streamId: string) =>
    (await ledger(streamId)).filter((e) => !e.event_type.endsWith('.added.v1'));

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    const ta = await createTenantWithMembers(t, admin, {
      reviewer: 'reviewer',
      dana: 'member',
      eli: 'member',
    });
    a = ta.members;
    tenantA = ta.tenantId;
    dana = (await t.call('POST', '/api/v1/contractors', a.dana.token)).json().id;
    eli = (await t.call('POST', '/api/v1/contractors', a.eli.token)).json().id;
    await sql(`UPDATE contractor SET status = 'verified', verified_at = now() WHERE id = $1`, [
      dana,
    ]);
    await sql(
      `UPDATE onboarding_progress SET completed_steps = '{1,2,3,4,5,6}', current_step = 6 WHERE contractor_id = $1`,
      [dana],
    );
    job = t.app.get(ComplianceExpiryJob);
    clock = t.app.get(OnboardingClock);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  it('marks a lapsed license expired and sends its verified contractor back to review', async () => {
    const license = await addLicense(dana, '2030-05-31');
    at('2030-06-01T08:00:00Z');
    const changes = await job.run();
    expect(changes).toEqual([{ kind: 'license', id: license, outcome: 'expired' }]);

    const [row] = await sql(`SELECT status, expired_at, version FROM license WHERE id = $1`, [
      license,
    ]);
    expect(row).toMatchObject({ status: 'expired', version: 2 });
    expect(new Date(row.expired_at).toISOString()).toBe('2030-06-01T08:00:00.000Z');
    const [expired] = await changesOf(license);
    expect(expired).toMatchObject({
      event_type: 'onboarding.license.expired.v1',
      tenant_id: tenantA,
      payload: { status: 'expired', expirationDate: '2030-05-31' },
      metadata: { actorId: null, actorType: 'system', previous: { status: 'unverified' } },
    });

    const [contractor] = await sql(`SELECT status FROM contractor WHERE id = $1`, [dana]);
    expect(contractor.status).toBe('in_review');
    const events = await ledger(dana);
    const reopened = events.find((e) => e.event_type === 'onboarding.contractor.reopened.v1');
    expect(reopened).toMatchObject({
      tenant_id: tenantA,
      payload: { status: 'in_review', lapsedItems: [{ kind: 'license', id: license }] },
      metadata: { actorType: 'system', previous: { status: 'verified' } },
    });
    const [progress] = await sql(
      `SELECT completed_steps FROM onboarding_progress WHERE contractor_id = $1`,
      [dana],
    );
    expect(progress.completed_steps).toEqual([1, 3, 4, 5]);

    // nothing is left to do on the same day
    expect(await job.run()).toEqual([]);
    expect(await changesOf(license)).toHaveLength(1);
  });

  it('announces a policy expiring in 10 days once; a later run announces nothing', async () => {
    const policy = await addPolicy(eli, '2030-06-11');
    const far = await addPolicy(eli, '2030-08-01');
    at('2030-06-01T08:00:00Z');
    expect(await job.run()).toEqual([
      { kind: 'insurance_policy', id: policy, outcome: 'announced' },
    ]);
    at('2030-06-02T08:00:00Z');
    expect(await job.run()).toEqual([]);

    const events = await changesOf(policy);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event_type: 'onboarding.insurance-policy.expiring.v1',
      tenant_id: tenantA,
      payload: { expirationDate: '2030-06-11', daysLeft: 10 },
      metadata: { actorType: 'system' },
    });
    const [row] = await sql(
      `SELECT expired_at, expiry_notice_for::text AS notice FROM insurance_policy WHERE id = $1`,
      [policy],
    );
    expect(row).toEqual({ expired_at: null, notice: '2030-06-11' });
    expect(await changesOf(far)).toEqual([]);
    const [contractor] = await sql(`SELECT status FROM contractor WHERE id = $1`, [eli]);
    expect(contractor.status).toBe('pending');
  });

  it('two runs at once change each row once', async () => {
    const lapsed = await Promise.all(
      Array.from({ length: 6 }, (_, i) => addLicense(eli, `2030-06-0${(i % 3) + 1}`)),
    );
    const expiring = await Promise.all(
      Array.from({ length: 6 }, () => addPolicy(eli, '2030-06-20')),
    );
    at('2030-06-05T08:00:00Z');
    const [first, second] = await Promise.all([job.run(), job.run()]);
    const ids = [...first, ...second].map((c) => c.id).sort();
    expect(ids).toEqual([...lapsed, ...expiring].sort());
    const counts = await sql(
      `SELECT stream_id, count(*)::int AS n FROM event_store
        WHERE stream_id = ANY($1::text[]) AND event_type IN
          ('onboarding.license.expired.v1', 'onboarding.insurance-policy.expiring.v1')
        GROUP BY stream_id`,
      [[...lapsed, ...expiring]],
    );
    expect(counts).toHaveLength(12);
    expect(counts.every((c) => c.n === 1)).toBe(true);
    const [left] = await sql(
      `SELECT count(*)::int AS n FROM license WHERE id = ANY($1::uuid[]) AND status <> 'expired'`,
      [lapsed],
    );
    expect(left.n).toBe(0);
  });
});
