import { JobWorker } from '@opsledger/jobs';
import { superuserClient } from '@opsledger/testing';
import { SystemLogWriter } from '../../src/modules/crm/application/system-log-writer.port';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

describe('crm: the AI job queue on ai_jobs (e2e)', () => {
  let t: TestApp;
  let a: Record<'ivy' | 'sam', TenantMember>;
  let adminToken: string;
  let subject: string;
  let lonely: string;
  let deal: string;

  const property = async (token: string, body: Record<string, unknown>) =>
    (
      await t.call('POST', '/api/v1/properties', token, {
        city: 'Austin',
        state: 'TX',
        zip: '78701',
        ...body,
      })
    ).json().id as string;
  const job = async (id: string, token = a.ivy.token) =>
    (await t.call('GET', `/api/v1/ai-jobs/${id}`, token)).json();
  const until = async (id: string, statuses: string[]) => {
    for (let i = 0; i < 200; i++) {
      const j = await job(id);
      if (statuses.includes(j.status)) return j;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} never reached ${statuses.join('/')}`);
  };
  const ledger = async (id: string) => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(
      `SELECT payload->>'kind' AS kind FROM event_store WHERE stream_type = 'crm-ai-job' AND stream_id = $1 ORDER BY stream_version`,
      [id],
    );
    await c.end();
    return r.rows.map((row: { kind: string }) => row.kind);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    adminToken = admin;
    a = (await createTenantWithMembers(t, admin, { ivy: 'member', sam: 'member' })).members;
    subject = await property(a.ivy.token, { addressLine1: 'Subject', squareFeet: 2000 });
    await property(a.ivy.token, {
      addressLine1: 'Comp A',
      squareFeet: 1900,
      purchasePrice: '190000',
    });
    await property(a.ivy.token, {
      addressLine1: 'Comp B',
      squareFeet: 2100,
      purchasePrice: '252000',
    });
    await property(a.ivy.token, {
      addressLine1: 'Comp C',
      squareFeet: 2000,
      purchasePrice: '300000',
    });
    lonely = await property(a.ivy.token, { addressLine1: 'Alone', zip: '99999', squareFeet: 800 });
    deal = (
      await t.call('POST', '/api/v1/deals', a.ivy.token, {
        title: 'Subject deal',
        propertyId: subject,
      })
    ).json().id;
  });
  afterAll(async () => {
    await t.app.get(JobWorker).stop();
    await t.close();
  });

  it('queues a valuation (queued, in the ledger) and a cancel ends a queued job at once', async () => {
    const res = await t.call('POST', '/api/v1/ai-jobs', a.ivy.token, {
      jobType: 'property_valuation',
      propertyId: lonely,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'queued',
      jobType: 'property_valuation',
      attempts: 0,
    });
    const cancelled = await t.call('POST', `/api/v1/ai-jobs/${res.json().id}/cancel`, a.ivy.token);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect(await ledger(res.json().id)).toEqual(['enqueued', 'cancelled']);
  });

  it('runs a valuation in the owner’s scope: ARV from the median comp price per square foot, comps in the output, the deal’s timeline shows it', async () => {
    await t.app.get(JobWorker).start();
    const res = await t.call('POST', '/api/v1/ai-jobs', a.ivy.token, {
      jobType: 'property_valuation',
      dealId: deal,
    });
    expect(res.statusCode).toBe(201);
    const done = await until(res.json().id, ['succeeded', 'failed']);
    expect(done).toMatchObject({
      status: 'succeeded',
      dealId: deal,
      attempts: 1,
      outputData: { propertyId: subject, arv: '240000.00', pricePerSqft: '120.00' },
    });
    expect(
      done.outputData.comps.map((c: { addressLine1: string }) => c.addressLine1).sort(),
    ).toEqual(['Comp A', 'Comp B', 'Comp C']);
    expect(await ledger(res.json().id)).toEqual(['enqueued', 'claimed', 'succeeded']);
    await t.project();
    const timeline = (await t.call('GET', `/api/v1/deals/${deal}/events`, a.ivy.token)).json()
      .items;
    expect(timeline.map((e: { eventType: string }) => e.eventType)).toContain('ai_job_succeeded');
    expect(timeline.map((e: { description: string }) => e.description)).toContain(
      'property_valuation finished: ARV 240000.00',
    );
  });

  it('fails a valuation without comps for good, with the reason', async () => {
    const res = await t.call('POST', '/api/v1/ai-jobs', a.ivy.token, {
      jobType: 'property_valuation',
      propertyId: lonely,
    });
    const done = await until(res.json().id, ['succeeded', 'failed']);
    expect(done.status).toBe('failed');
    expect(done.errorMessage).toContain('no comparable property');
    expect(await ledger(res.json().id)).toEqual(['enqueued', 'claimed', 'failed']);

    // the failure reaches system_logs (batched, off the job's transaction); admins read it
    await t.app.get(SystemLogWriter).flush();
    const logs = await t.call('GET', '/api/v1/system-logs?source=job&level=error', adminToken);
    expect(logs.statusCode).toBe(200);
    expect(logs.json().items).toContainEqual(
      expect.objectContaining({
        level: 'error',
        source: 'job',
        details: expect.objectContaining({ jobId: res.json().id, jobType: 'property_valuation' }),
      }),
    );
    expect((await t.call('GET', '/api/v1/system-logs', a.ivy.token)).statusCode).toBe(403);
    expect((await t.call('GET', '/api/v1/system-logs?level=loud', adminToken)).statusCode).toBe(
      400,
    );
  });

  it('keeps jobs to their owner and refuses other investors’ properties and deals (422), writing nothing', async () => {
    const mine = (
      await t.call('POST', '/api/v1/ai-jobs', a.ivy.token, {
        jobType: 'property_valuation',
        propertyId: lonely,
      })
    ).json().id;
    expect((await t.call('GET', `/api/v1/ai-jobs/${mine}`, a.sam.token)).statusCode).toBe(404);
    expect((await t.call('POST', `/api/v1/ai-jobs/${mine}/cancel`, a.sam.token)).statusCode).toBe(
      404,
    );
    const c = await superuserClient(t.db.url);
    const before = (await c.query(`SELECT count(*)::int AS n FROM ai_jobs`)).rows[0].n;
    for (const body of [
      { jobType: 'property_valuation', propertyId: subject },
      { jobType: 'property_valuation', dealId: deal },
    ]) {
      const res = await t.call('POST', '/api/v1/ai-jobs', a.sam.token, body);
      expect(res.statusCode).toBe(422);
    }
    for (const body of [
      {},
      { jobType: 'telepathy' },
      { jobType: 'property_valuation', propertyId: 'x' },
    ]) {
      expect((await t.call('POST', '/api/v1/ai-jobs', a.sam.token, body)).statusCode).toBe(400);
    }
    expect(
      (await t.call('POST', '/api/v1/ai-jobs', a.sam.token, { jobType: 'property_valuation' }))
        .statusCode,
    ).toBe(400);
    expect((await c.query(`SELECT count(*)::int AS n FROM ai_jobs`)).rows[0].n).toBe(before);
    await c.end();
  });

  it('enforces the plan’s maxAiJobsPerDay with a 409 naming it', async () => {
    const c = await superuserClient(t.db.url);
    const used = (
      await c.query(
        `SELECT count(*)::int AS n FROM ai_jobs WHERE user_id = $1 AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
        [a.ivy.id],
      )
    ).rows[0].n as number;
    await c.query(
      `INSERT INTO ai_jobs (tenant_id, user_id, job_type, status)
       SELECT j.tenant_id, j.user_id, 'property_valuation', 'cancelled'
         FROM (SELECT tenant_id, user_id FROM ai_jobs WHERE user_id = $1 LIMIT 1) j, generate_series(1, $2)`,
      [a.ivy.id, 20 - used - 1],
    );
    await c.end();
    const last = await t.call('POST', '/api/v1/ai-jobs', a.ivy.token, {
      jobType: 'property_valuation',
      propertyId: lonely,
    });
    expect(last.statusCode).toBe(201);
    const refused = await t.call('POST', '/api/v1/ai-jobs', a.ivy.token, {
      jobType: 'property_valuation',
      propertyId: lonely,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'ACCOUNTS.PLAN_LIMIT_REACHED',
      detail: 'The free plan allows at most 20 (maxAiJobsPerDay)',
    });
  });
});
